//! Uploaded deals files between preview and commit, and the mapping each
//! partner's last import used.

use crate::model::import_mapping::Mapping;
use crate::model::import_report::{Outcome, REJECTIONS_KEPT};
use crate::model::{ImportId, UserId};
use crate::server::db::{with_db, Exec};
use crate::server::store::scope::{PartnerOwned, PartnerScope};
use chrono::{DateTime, Utc};

impl PartnerOwned for ImportId {
    const TABLE: &'static str = "deal_imports";
    fn raw(self) -> i64 {
        self.0
    }
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ImportRow {
    pub id: ImportId,
    pub file_name: String,
    pub content: Vec<u8>,
    pub created_at: DateTime<Utc>,
    pub committed_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
}

impl ImportRow {
    /// What the commit did, once it has.
    pub fn outcome(&self) -> Option<Outcome> {
        self.outcome
            .as_deref()
            .and_then(|o| serde_json::from_str(o).ok())
    }
}

pub async fn create<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
    by: Option<UserId>,
    file_name: &str,
    content: &[u8],
    now: DateTime<Utc>,
) -> Result<ImportId, sqlx::Error> {
    with_db!(db, |e| sqlx::query_scalar::<_, ImportId>(
        "INSERT INTO deal_imports (partner_id, user_id, file_name, content, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(scope.partner_id())
    .bind(by)
    .bind(file_name)
    .bind(content)
    .bind(now)
    .fetch_one(e)
    .await)
}

pub async fn get<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
    id: ImportId,
) -> Result<Option<ImportRow>, sqlx::Error> {
    with_db!(db, |e| sqlx::query_as::<_, ImportRow>(
        "SELECT id, file_name, content, created_at, committed_at, outcome FROM deal_imports \
         WHERE partner_id = $1 AND id = $2",
    )
    .bind(scope.partner_id())
    .bind(id)
    .fetch_optional(e)
    .await)
}

/// Marks an upload imported, once: false when it already was.
pub async fn mark_committed<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
    id: ImportId,
    outcome: &Outcome,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    // The counts count every row; the page lists the first rejected ones and
    // the first deals changed in the app.
    let kept = Outcome {
        counts: outcome.counts,
        rejected: outcome
            .rejected
            .iter()
            .take(REJECTIONS_KEPT)
            .cloned()
            .collect(),
        newer_in_app: outcome
            .newer_in_app
            .iter()
            .take(REJECTIONS_KEPT)
            .cloned()
            .collect(),
    };
    let outcome = serde_json::to_string(&kept).unwrap_or_default();
    with_db!(db, |e| sqlx::query(
        "UPDATE deal_imports SET committed_at = $3, outcome = $4 \
         WHERE partner_id = $1 AND id = $2 AND committed_at IS NULL",
    )
    .bind(scope.partner_id())
    .bind(id)
    .bind(now)
    .bind(outcome)
    .execute(e)
    .await
    .map(|r| r.rows_affected() == 1))
}

/// Forgets uploads older than `before` (a periodic job): files are kept only
/// as long as someone might still commit them or look at what was imported.
pub async fn purge<'a>(db: impl Into<Exec<'a>>, before: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "DELETE FROM deal_imports WHERE created_at < $1"
    )
    .bind(before)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))
}

pub async fn remembered_mapping<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
) -> Result<Option<Mapping>, sqlx::Error> {
    let json: Option<String> = with_db!(db, |e| sqlx::query_scalar(
        "SELECT mapping FROM deal_import_mappings WHERE partner_id = $1"
    )
    .bind(scope.partner_id())
    .fetch_optional(e)
    .await)?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}

pub async fn remember_mapping<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
    mapping: &Mapping,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let json = serde_json::to_string(mapping).unwrap_or_default();
    with_db!(db, |e| {
        sqlx::query(
        "INSERT INTO deal_import_mappings (partner_id, mapping, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (partner_id) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at",
    )
    .bind(scope.partner_id())
    .bind(json)
    .bind(now)
    .execute(e)
    .await
    .map(|_| ())
    })
}
