//! A partner's deals: single deals with their version, and what the others
//! share (the row, the columns a deal is written to). The page's filtered
//! list is `list`, an import's batched writes `import`.

use crate::model::date::YEARS;
use crate::model::deal::{DealFields, DealKind, DealStage};
use crate::model::deal_query::{DealQuery, DealSort, PAGE_SIZE};
use crate::model::{DealId, UserId};
use crate::server::db::{with_db, Db, Exec, Tx};
use crate::server::store::scope::{PartnerOwned, PartnerScope};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use std::collections::HashMap;

impl PartnerOwned for DealId {
    const TABLE: &'static str = "deals";
    fn raw(self) -> i64 {
        self.0
    }
}

impl TryFrom<String> for DealKind {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        DealKind::parse(&s).ok_or_else(|| format!("unknown deal kind {s:?}"))
    }
}

impl TryFrom<String> for DealStage {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        DealStage::parse(&s).ok_or_else(|| format!("unknown deal stage {s:?}"))
    }
}

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct DealRow {
    pub id: DealId,
    pub external_id: Option<String>,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub kind: DealKind,
    #[sqlx(try_from = "String")]
    pub stage: DealStage,
    pub create_date: NaiveDate,
    pub close_date: Option<NaiveDate>,
    pub mrr: i64,
    pub owner: String,
    pub company: String,
    pub notes: String,
    pub pipeline_stage: Option<String>,
    /// 0 to 100 (a CHECK constraint).
    pub probability: Option<i32>,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
    /// When an import last wrote it; `None` when none has.
    pub imported_at: Option<DateTime<Utc>>,
}

impl DealRow {
    /// The stored fields, which passed the rules when they were written.
    pub fn fields(&self) -> DealFields {
        DealFields {
            external_id: self.external_id.clone(),
            name: self.name.clone(),
            kind: self.kind,
            stage: self.stage,
            create_date: self.create_date,
            close_date: self.close_date,
            mrr: self.mrr,
            owner: self.owner.clone(),
            company: self.company.clone(),
            notes: self.notes.clone(),
            pipeline_stage: self.pipeline_stage.clone(),
            probability: self.probability.and_then(|p| u8::try_from(p).ok()),
        }
    }

    /// The Record ID an export writes: HubSpot's, or `pm-{id}` for a deal
    /// typed by hand, so that the file imports back onto the same deals.
    pub fn record_id(&self) -> String {
        self.external_id
            .clone()
            .unwrap_or_else(|| format!("pm-{}", self.id))
    }
}

/// Who created and last changed a deal, and when.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct DealHistory {
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_by: Option<String>,
    pub updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, external_id, name, kind, stage, create_date, close_date, mrr, \
                       owner, company, notes, pipeline_stage, probability, version, updated_at, imported_at";

/// The columns a deal's fields are written to, in the order [`bind_fields!`] binds them.
const FIELD_COLUMNS: [&str; 15] = [
    "external_id",
    "name",
    "kind",
    "stage",
    "create_date",
    "close_date",
    "create_month",
    "close_month",
    "mrr",
    "owner",
    "company",
    "notes",
    "search_text",
    "pipeline_stage",
    "probability",
];

/// Binds a deal's fields, in the order of [`FIELD_COLUMNS`].
macro_rules! bind_fields {
    ($q:expr, $deal:expr) => {{
        let deal: &DealFields = $deal;
        $q.bind(deal.external_id.clone())
            .bind(deal.name.clone())
            .bind(deal.kind.as_str())
            .bind(deal.stage.as_str())
            .bind(deal.create_date)
            .bind(deal.close_date)
            .bind(deal.create_month())
            .bind(deal.close_month())
            .bind(deal.mrr)
            .bind(deal.owner.clone())
            .bind(deal.company.clone())
            .bind(deal.notes.clone())
            .bind(search_text(deal))
            .bind(deal.pipeline_stage.clone())
            .bind(deal.probability.map(i32::from))
    }};
}

/// `$from, $from+1, …` placeholders for one row of fields.
fn placeholders(from: usize) -> String {
    (from..from + FIELD_COLUMNS.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `external_id = $from, name = $from+1, …` for an UPDATE.
fn assignments(from: usize) -> String {
    FIELD_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ${}", from + i))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the text filter searches, in lower case (Unicode-aware, which SQL's
/// `lower` is not on SQLite).
fn search_text(d: &DealFields) -> String {
    let id = d.external_id.as_deref().unwrap_or("");
    format!("{}\n{}\n{}\n{}", d.name, d.company, d.owner, id).to_lowercase()
}

// Declared after the macros above, which they use.
mod import;
mod list;

pub use import::{after_bulk_write, insert_many, overwrite_many, Inserts};
pub use list::{after, matching, page};

pub async fn get<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
    id: DealId,
) -> Result<Option<DealRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM deals WHERE partner_id = $1 AND id = $2");
    with_db!(db, |e| sqlx::query_as::<_, DealRow>(&sql)
        .bind(scope.partner_id())
        .bind(id)
        .fetch_optional(e)
        .await)
}

pub async fn history<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
    id: DealId,
) -> Result<Option<DealHistory>, sqlx::Error> {
    with_db!(db, |e| {
        sqlx::query_as::<_, DealHistory>(
        "SELECT c.display_name AS created_by, d.created_at, u.display_name AS updated_by, d.updated_at \
         FROM deals d LEFT JOIN users c ON c.id = d.created_by LEFT JOIN users u ON u.id = d.updated_by \
         WHERE d.partner_id = $1 AND d.id = $2",
    )
    .bind(scope.partner_id())
    .bind(id)
    .fetch_optional(e)
    .await
    })
}

/// Adds one deal. A Record ID the partner already uses fails as a UNIQUE violation.
pub async fn create<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
    deal: &DealFields,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<DealId, sqlx::Error> {
    let sql = format!(
        "INSERT INTO deals (partner_id, {}, created_by, created_at, updated_by, updated_at, version) \
         VALUES ($1, {}, $17, $18, $17, $18, 1) RETURNING id",
        FIELD_COLUMNS.join(", "),
        placeholders(2)
    );
    with_db!(db, |e| bind_fields!(
        sqlx::query_scalar::<_, DealId>(&sql).bind(scope.partner_id()),
        deal
    )
    .bind(by)
    .bind(now)
    .fetch_one(e)
    .await)
}

/// What a save that names the version it started from found.
#[derive(Debug, PartialEq, Eq)]
pub enum Saved {
    /// Saved; the deal's new version.
    Done(i64),
    /// Someone saved a newer version first; nothing was written.
    Stale,
    Missing,
}

/// Saves over version `expected` only: never over someone else's newer save.
pub async fn update(
    tx: &mut Tx,
    scope: &PartnerScope,
    id: DealId,
    expected: i64,
    deal: &DealFields,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<Saved, sqlx::Error> {
    let sql = format!(
        "UPDATE deals SET {}, updated_by = $19, updated_at = $20, version = version + 1 \
         WHERE partner_id = $1 AND id = $2 AND version = $3",
        assignments(4)
    );
    let written = with_db!(&mut *tx, |e| bind_fields!(
        sqlx::query(&sql)
            .bind(scope.partner_id())
            .bind(id)
            .bind(expected),
        deal
    )
    .bind(by)
    .bind(now)
    .execute(e)
    .await?
    .rows_affected());
    if written == 1 {
        return Ok(Saved::Done(expected + 1));
    }
    Ok(match get(&mut *tx, scope, id).await? {
        Some(_) => Saved::Stale,
        None => Saved::Missing,
    })
}

/// Deletes version `expected` only.
pub async fn delete(
    tx: &mut Tx,
    scope: &PartnerScope,
    id: DealId,
    expected: i64,
) -> Result<Saved, sqlx::Error> {
    let deleted = with_db!(&mut *tx, |e| sqlx::query(
        "DELETE FROM deals WHERE partner_id = $1 AND id = $2 AND version = $3"
    )
    .bind(scope.partner_id())
    .bind(id)
    .bind(expected)
    .execute(e)
    .await?
    .rows_affected());
    if deleted == 1 {
        return Ok(Saved::Done(expected));
    }
    Ok(match get(&mut *tx, scope, id).await? {
        Some(_) => Saved::Stale,
        None => Saved::Missing,
    })
}

/// Every deal of the partner by its Record ID, or `pm-{id}` for a deal typed
/// by hand (as the export writes it): what an import compares its rows with.
pub async fn by_external_id<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
) -> Result<HashMap<String, DealRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM deals WHERE partner_id = $1");
    let rows = with_db!(db, |e| sqlx::query_as::<_, DealRow>(&sql)
        .bind(scope.partner_id())
        .fetch_all(e)
        .await)?;
    Ok(rows.into_iter().map(|r| (r.record_id(), r)).collect())
}

pub async fn count<'a>(db: impl Into<Exec<'a>>, scope: &PartnerScope) -> Result<i64, sqlx::Error> {
    with_db!(db, |e| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM deals WHERE partner_id = $1"
    )
    .bind(scope.partner_id())
    .fetch_one(e)
    .await)
}

/// The years of the year filter, newest first: from the partner's first deal
/// to this year or its newest deal, whichever is later, within the years of
/// `model::date` (a deal saved before dates were bounded may lie far outside
/// them, and would list thousands). Two index lookups.
pub async fn years<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
    today: NaiveDate,
) -> Result<Vec<i32>, sqlx::Error> {
    let (first, last): (Option<NaiveDate>, Option<NaiveDate>) = with_db!(db, |e| sqlx::query_as(
        "SELECT (SELECT MIN(create_date) FROM deals WHERE partner_id = $1), \
                (SELECT MAX(create_date) FROM deals WHERE partner_id = $1)"
    )
    .bind(scope.partner_id())
    .fetch_one(e)
    .await)?;
    Ok(match (first, last) {
        (Some(first), Some(last)) => {
            let within = |year: i32| year.clamp(*YEARS.start(), *YEARS.end());
            (within(first.year())..=within(last.year().max(today.year())))
                .rev()
                .collect()
        }
        _ => Vec::new(),
    })
}
