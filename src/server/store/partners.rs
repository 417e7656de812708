//! Partners and the PDMs assigned to them.

use crate::server::db::{with_db, Db};
use chrono::{DateTime, Utc};

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct PartnerRow {
    pub id: i64,
    pub name: String,
    pub currency: String,
    pub time_zone: String,
}

pub async fn create(
    db: &Db,
    name: &str,
    currency: &str,
    time_zone: &str,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    with_db!(db, |pool| {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO partners (name, currency, time_zone, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(name)
        .bind(currency)
        .bind(time_zone)
        .bind(now)
        .fetch_one(pool)
        .await
    })
}

pub async fn find(db: &Db, id: i64) -> Result<Option<PartnerRow>, sqlx::Error> {
    with_db!(db, |pool| {
        sqlx::query_as::<_, PartnerRow>(
            "SELECT id, name, currency, time_zone FROM partners WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(pool)
        .await
    })
}

pub async fn all(db: &Db) -> Result<Vec<PartnerRow>, sqlx::Error> {
    with_db!(db, |pool| {
        sqlx::query_as::<_, PartnerRow>(
            "SELECT id, name, currency, time_zone FROM partners ORDER BY name, id",
        )
        .fetch_all(pool)
        .await
    })
}

pub async fn assigned_to(db: &Db, pdm_user_id: i64) -> Result<Vec<PartnerRow>, sqlx::Error> {
    with_db!(db, |pool| {
        sqlx::query_as::<_, PartnerRow>(
            "SELECT p.id, p.name, p.currency, p.time_zone FROM partners p \
             JOIN pdm_assignments a ON a.partner_id = p.id \
             WHERE a.pdm_user_id = $1 ORDER BY p.name, p.id",
        )
        .bind(pdm_user_id)
        .fetch_all(pool)
        .await
    })
}

pub async fn is_assigned(db: &Db, pdm_user_id: i64, partner_id: i64) -> Result<bool, sqlx::Error> {
    with_db!(db, |pool| {
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM pdm_assignments WHERE pdm_user_id = $1 AND partner_id = $2",
        )
        .bind(pdm_user_id)
        .bind(partner_id)
        .fetch_one(pool)
        .await
        .map(|n| n > 0)
    })
}

/// Assigns a PDM to a partner; assigning twice is not an error.
pub async fn assign_pdm(db: &Db, pdm_user_id: i64, partner_id: i64) -> Result<(), sqlx::Error> {
    with_db!(db, |pool| {
        sqlx::query(
            "INSERT INTO pdm_assignments (pdm_user_id, partner_id) VALUES ($1, $2) \
             ON CONFLICT (pdm_user_id, partner_id) DO NOTHING",
        )
        .bind(pdm_user_id)
        .bind(partner_id)
        .execute(pool)
        .await
        .map(|_| ())
    })
}

pub async fn count(db: &Db) -> Result<i64, sqlx::Error> {
    with_db!(db, |pool| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM partners"
    )
    .fetch_one(pool)
    .await)
}
