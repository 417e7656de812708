//! Partners and the PDMs assigned to them.

use crate::model::{PartnerId, UserId};
use crate::server::authz::PartnerScope;
use crate::server::db::{with_db, Exec};
use chrono::{DateTime, Utc};

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct PartnerRow {
    pub id: PartnerId,
    pub name: String,
    pub currency: String,
    pub time_zone: String,
}

pub async fn create<'a>(
    db: impl Into<Exec<'a>>,
    name: &str,
    currency: &str,
    time_zone: &str,
    now: DateTime<Utc>,
) -> Result<PartnerId, sqlx::Error> {
    with_db!(db, |e| {
        sqlx::query_scalar::<_, PartnerId>(
        "INSERT INTO partners (name, currency, time_zone, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(name)
    .bind(currency)
    .bind(time_zone)
    .bind(now)
    .fetch_one(e)
    .await
    })
}

/// The partner a scope was granted for.
pub async fn get<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
) -> Result<Option<PartnerRow>, sqlx::Error> {
    find(db, scope.partner_id()).await
}

/// Any partner, for the installation's own work (administration, access checks).
pub async fn find<'a>(
    db: impl Into<Exec<'a>>,
    id: PartnerId,
) -> Result<Option<PartnerRow>, sqlx::Error> {
    with_db!(db, |e| sqlx::query_as::<_, PartnerRow>(
        "SELECT id, name, currency, time_zone FROM partners WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(e)
    .await)
}

pub async fn exists<'a>(db: impl Into<Exec<'a>>, id: PartnerId) -> Result<bool, sqlx::Error> {
    with_db!(db, |e| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM partners WHERE id = $1"
    )
    .bind(id)
    .fetch_one(e)
    .await
    .map(|n| n > 0))
}

pub async fn all<'a>(db: impl Into<Exec<'a>>) -> Result<Vec<PartnerRow>, sqlx::Error> {
    with_db!(db, |e| sqlx::query_as::<_, PartnerRow>(
        "SELECT id, name, currency, time_zone FROM partners ORDER BY name, id",
    )
    .fetch_all(e)
    .await)
}

pub async fn assigned_to<'a>(
    db: impl Into<Exec<'a>>,
    pdm: UserId,
) -> Result<Vec<PartnerRow>, sqlx::Error> {
    with_db!(db, |e| sqlx::query_as::<_, PartnerRow>(
        "SELECT p.id, p.name, p.currency, p.time_zone FROM partners p \
         JOIN pdm_assignments a ON a.partner_id = p.id \
         WHERE a.pdm_user_id = $1 ORDER BY p.name, p.id",
    )
    .bind(pdm)
    .fetch_all(e)
    .await)
}

pub async fn is_assigned<'a>(
    db: impl Into<Exec<'a>>,
    pdm: UserId,
    partner: PartnerId,
) -> Result<bool, sqlx::Error> {
    with_db!(db, |e| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM pdm_assignments WHERE pdm_user_id = $1 AND partner_id = $2",
    )
    .bind(pdm)
    .bind(partner)
    .fetch_one(e)
    .await
    .map(|n| n > 0))
}

/// Assigns a PDM to a partner; assigning twice is not an error.
pub async fn assign_pdm<'a>(
    db: impl Into<Exec<'a>>,
    pdm: UserId,
    partner: PartnerId,
) -> Result<(), sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "INSERT INTO pdm_assignments (pdm_user_id, partner_id) VALUES ($1, $2) \
         ON CONFLICT (pdm_user_id, partner_id) DO NOTHING",
    )
    .bind(pdm)
    .bind(partner)
    .execute(e)
    .await
    .map(|_| ()))
}

pub async fn count<'a>(db: impl Into<Exec<'a>>) -> Result<i64, sqlx::Error> {
    with_db!(db, |e| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM partners"
    )
    .fetch_one(e)
    .await)
}
