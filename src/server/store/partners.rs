//! Partners and the PDMs assigned to them.

use crate::model::{Currency, PartnerId, UserId};
use crate::server::db::{contains_pattern, with_db, Exec, Tx};
use crate::server::store::membership;
use crate::server::store::scope::PartnerScope;
use chrono::{DateTime, Utc};

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct PartnerRow {
    pub id: PartnerId,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub currency: Currency,
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

/// The partner, unless it is archived.
pub async fn find_active<'a>(
    db: impl Into<Exec<'a>>,
    id: PartnerId,
) -> Result<Option<PartnerRow>, sqlx::Error> {
    with_db!(db, |e| sqlx::query_as::<_, PartnerRow>(
        "SELECT id, name, currency, time_zone FROM partners WHERE id = $1 AND archived_at IS NULL",
    )
    .bind(id)
    .fetch_optional(e)
    .await)
}

/// Locks these partners' rows for the rest of `tx`, in id order: the first
/// step of a transaction that will write site-wide rows before the partners'
/// own (see "Lock order" in `server::db`).
pub async fn lock_in_order(tx: &mut Tx, ids: &[PartnerId]) -> Result<(), sqlx::Error> {
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Ok(());
    }
    let marks = (1..=ids.len())
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT id FROM partners WHERE id IN ({marks}) ORDER BY id{}",
        tx.for_update()
    );
    with_db!(&mut *tx, |e| {
        let mut q = sqlx::query_scalar::<_, PartnerId>(&sql);
        for id in &ids {
            q = q.bind(*id);
        }
        q.fetch_all(e).await.map(|_| ())
    })
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
    with_db!(db, |e| {
        sqlx::query_as::<_, PartnerRow>(
        "SELECT id, name, currency, time_zone FROM partners WHERE archived_at IS NULL ORDER BY name, id",
    )
    .fetch_all(e)
    .await
    })
}

pub async fn assigned_to<'a>(
    db: impl Into<Exec<'a>>,
    pdm: UserId,
) -> Result<Vec<PartnerRow>, sqlx::Error> {
    with_db!(db, |e| sqlx::query_as::<_, PartnerRow>(
        "SELECT p.id, p.name, p.currency, p.time_zone FROM partners p \
         JOIN pdm_assignments a ON a.partner_id = p.id \
         WHERE a.pdm_user_id = $1 AND p.archived_at IS NULL ORDER BY p.name, p.id",
    )
    .bind(pdm)
    .fetch_all(e)
    .await)
}

/// The first `limit` active partners by name: every one (`pdm` None) or the
/// PDM's; and how many there are in all.
pub async fn first_of(
    db: &crate::server::db::Db,
    pdm: Option<UserId>,
    limit: i64,
) -> Result<(Vec<PartnerRow>, i64), sqlx::Error> {
    let mine = format!(
        "p.archived_at IS NULL AND ($1 IS NULL OR {})",
        membership::assigned("p.id", "$1")
    );
    let list = format!(
        "SELECT p.id, p.name, p.currency, p.time_zone FROM partners p WHERE {mine} \
         ORDER BY p.name, p.id LIMIT $2"
    );
    let count = format!("SELECT COUNT(*) FROM partners p WHERE {mine}");
    let rows = with_db!(db, |e| sqlx::query_as::<_, PartnerRow>(&list)
        .bind(pdm)
        .bind(limit)
        .fetch_all(e)
        .await)?;
    let total = with_db!(db, |e| sqlx::query_scalar::<_, i64>(&count)
        .bind(pdm)
        .fetch_one(e)
        .await)?;
    Ok((rows, total))
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

/// The partner's `deals_version`: bumped by every write to its deals
/// (`server::figures`). 0 for a partner that does not exist.
pub async fn deals_version<'a>(db: impl Into<Exec<'a>>, id: PartnerId) -> Result<i64, sqlx::Error> {
    with_db!(db, |e| sqlx::query_scalar::<_, i64>(
        "SELECT deals_version FROM partners WHERE id = $1"
    )
    .bind(id)
    .fetch_optional(e)
    .await)
    .map(Option::unwrap_or_default)
}

/// What a page shows has not changed while this reads the same
/// (`server::web::page_cache`, migration 0010): the site's version, and the
/// partner's deals and data versions when the page is a partner's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, sqlx::FromRow)]
pub struct PageStamp {
    pub site: i64,
    pub deals: i64,
    pub data: i64,
}

pub async fn page_stamp<'a>(
    db: impl Into<Exec<'a>>,
    partner: Option<PartnerId>,
) -> Result<PageStamp, sqlx::Error> {
    // A partner that does not exist reads -1: its page is an error page,
    // which is never kept.
    with_db!(db, |e| sqlx::query_as::<_, PageStamp>(
        "SELECT s.version AS site, COALESCE(p.deals_version, -1) AS deals, \
         COALESCE(p.data_version, -1) AS data \
         FROM site_version s LEFT JOIN partners p ON p.id = $1 WHERE s.id = 1"
    )
    .bind(partner)
    .fetch_one(e)
    .await)
}

/// A stamp of every partner's deals: it changes whenever any deal is written
/// (a version goes up) or a partner is added or removed.
pub async fn deals_stamp<'a>(db: impl Into<Exec<'a>>) -> Result<(i64, i64, i64), sqlx::Error> {
    with_db!(db, |e| sqlx::query_as::<_, (i64, i64, i64)>(
        "SELECT COUNT(*), CAST(COALESCE(SUM(deals_version), 0) AS BIGINT), \
         CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM partners"
    )
    .fetch_one(e)
    .await)
}

/// The time zones of the active partners: a quarter ends at the same instant
/// for every partner in one.
pub async fn active_time_zones<'a>(db: impl Into<Exec<'a>>) -> Result<Vec<String>, sqlx::Error> {
    with_db!(db, |e| sqlx::query_scalar::<_, String>(
        "SELECT DISTINCT time_zone FROM partners WHERE archived_at IS NULL ORDER BY time_zone"
    )
    .fetch_all(e)
    .await)
}

/// A partner as the admin area lists it, archived ones too.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct AdminPartnerRow {
    pub id: PartnerId,
    pub name: String,
    pub currency: String,
    pub time_zone: String,
    pub archived_at: Option<DateTime<Utc>>,
    pub members: i64,
}

const ADMIN_SELECT: &str = "SELECT p.id, p.name, p.currency, p.time_zone, p.archived_at, \
     (SELECT COUNT(*) FROM users u WHERE u.partner_id = p.id) AS members FROM partners p";

/// Every partner whose name contains `search` (any case), by name.
pub async fn admin_list<'a>(
    db: impl Into<Exec<'a>>,
    search: &str,
) -> Result<Vec<AdminPartnerRow>, sqlx::Error> {
    let sql =
        format!("{ADMIN_SELECT} WHERE LOWER(p.name) LIKE $1 ESCAPE '\\' ORDER BY p.name, p.id");
    let pattern = contains_pattern(search, crate::model::PartnerName::MAX_CHARS);
    with_db!(db, |e| sqlx::query_as::<_, AdminPartnerRow>(&sql)
        .bind(&pattern)
        .fetch_all(e)
        .await)
}

pub async fn admin_find<'a>(
    db: impl Into<Exec<'a>>,
    id: PartnerId,
) -> Result<Option<AdminPartnerRow>, sqlx::Error> {
    let sql = format!("{ADMIN_SELECT} WHERE p.id = $1");
    with_db!(db, |e| sqlx::query_as::<_, AdminPartnerRow>(&sql)
        .bind(id)
        .fetch_optional(e)
        .await)
}

pub async fn update<'a>(
    db: impl Into<Exec<'a>>,
    id: PartnerId,
    name: &str,
    time_zone: &str,
) -> Result<(), sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "UPDATE partners SET name = $1, time_zone = $2 WHERE id = $3"
    )
    .bind(name)
    .bind(time_zone)
    .bind(id)
    .execute(e)
    .await
    .map(|_| ()))
}

/// Archives (`Some(when)`) or restores (`None`) a partner.
pub async fn set_archived<'a>(
    db: impl Into<Exec<'a>>,
    id: PartnerId,
    at: Option<DateTime<Utc>>,
) -> Result<(), sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "UPDATE partners SET archived_at = $1 WHERE id = $2"
    )
    .bind(at)
    .bind(id)
    .execute(e)
    .await
    .map(|_| ()))
}

/// Whether the assignment was there to remove.
pub async fn unassign_pdm<'a>(
    db: impl Into<Exec<'a>>,
    pdm: UserId,
    partner: PartnerId,
) -> Result<bool, sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "DELETE FROM pdm_assignments WHERE pdm_user_id = $1 AND partner_id = $2"
    )
    .bind(pdm)
    .bind(partner)
    .execute(e)
    .await
    .map(|r| r.rows_affected() > 0))
}

pub async fn unassign_all_of<'a>(db: impl Into<Exec<'a>>, pdm: UserId) -> Result<(), sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "DELETE FROM pdm_assignments WHERE pdm_user_id = $1"
    )
    .bind(pdm)
    .execute(e)
    .await
    .map(|_| ()))
}

/// One PDM assignment as the admin area lists it.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct AssignmentRow {
    pub pdm_id: UserId,
    pub pdm_email: String,
    pub pdm_name: String,
    pub partner_id: PartnerId,
    pub partner_name: String,
    pub archived_at: Option<DateTime<Utc>>,
}

/// Every assignment, by PDM and partner.
pub async fn assignments<'a>(db: impl Into<Exec<'a>>) -> Result<Vec<AssignmentRow>, sqlx::Error> {
    with_db!(db, |e| sqlx::query_as::<_, AssignmentRow>(
        "SELECT u.id AS pdm_id, u.email AS pdm_email, u.display_name AS pdm_name, \
         p.id AS partner_id, p.name AS partner_name, p.archived_at \
         FROM pdm_assignments a JOIN users u ON u.id = a.pdm_user_id \
         JOIN partners p ON p.id = a.partner_id ORDER BY u.email, p.name, p.id"
    )
    .fetch_all(e)
    .await)
}
