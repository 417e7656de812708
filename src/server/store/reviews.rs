//! A partner's quarterly reviews: one per quarter, its frozen snapshot, its
//! notes and who completed it. Edits go over a version, as tasks do.

use crate::model::reviews::{Quarter, ReviewNotes, Snapshot};
use crate::model::{ReviewId, UserId};
use crate::server::db::{with_db, Exec, Tx};
use crate::server::store::scope::{PartnerOwned, PartnerScope};
use chrono::{DateTime, Utc};

impl PartnerOwned for ReviewId {
    const TABLE: &'static str = "reviews";
    fn raw(self) -> i64 {
        self.0
    }
}

/// A review as stored, with the names of who created, changed and completed it.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct ReviewRow {
    pub id: ReviewId,
    pub year: i32,
    pub quarter: i32,
    pub snapshot: String,
    pub snapshot_at: DateTime<Utc>,
    pub held_on: String,
    pub attendees: String,
    pub went_well: String,
    pub did_not_go_well: String,
    pub strategy: String,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_by: Option<String>,
    pub updated_at: DateTime<Utc>,
    pub completed_by: Option<String>,
    pub completed_at: Option<DateTime<Utc>>,
    pub version: i64,
}

impl ReviewRow {
    pub fn quarter(&self) -> Quarter {
        Quarter {
            year: self.year,
            quarter: self.quarter as u32,
        }
    }

    /// The stored snapshot; `None` if it cannot be read (never written so).
    pub fn snapshot(&self) -> Option<Snapshot> {
        serde_json::from_str(&self.snapshot).ok()
    }

    pub fn notes(&self) -> ReviewNotes {
        ReviewNotes {
            held_on: self.held_on.clone(),
            attendees: self.attendees.clone(),
            went_well: self.went_well.clone(),
            did_not_go_well: self.did_not_go_well.clone(),
            strategy: self.strategy.clone(),
        }
    }

    pub fn is_complete(&self) -> bool {
        self.completed_at.is_some()
    }
}

const SELECT: &str = "SELECT r.id, r.year, r.quarter, r.snapshot, r.snapshot_at, r.held_on, \
    r.attendees, r.went_well, r.did_not_go_well, r.strategy, \
    c.display_name AS created_by, r.created_at, u.display_name AS updated_by, r.updated_at, \
    d.display_name AS completed_by, r.completed_at, r.version \
    FROM reviews r LEFT JOIN users c ON c.id = r.created_by \
    LEFT JOIN users u ON u.id = r.updated_by LEFT JOIN users d ON d.id = r.completed_by";

/// The partner's reviews, newest quarter first.
pub async fn list<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
) -> Result<Vec<ReviewRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE r.partner_id = $1 ORDER BY r.year DESC, r.quarter DESC");
    with_db!(db, |e| sqlx::query_as::<_, ReviewRow>(&sql)
        .bind(scope.partner_id())
        .fetch_all(e)
        .await)
}

pub async fn get<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
    id: ReviewId,
) -> Result<Option<ReviewRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE r.partner_id = $1 AND r.id = $2");
    with_db!(db, |e| sqlx::query_as::<_, ReviewRow>(&sql)
        .bind(scope.partner_id())
        .bind(id)
        .fetch_optional(e)
        .await)
}

/// Starts the review of `quarter` with its snapshot; `None` when the quarter
/// has one already.
pub async fn create(
    tx: &mut Tx,
    scope: &PartnerScope,
    quarter: Quarter,
    snapshot: &Snapshot,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<Option<ReviewId>, sqlx::Error> {
    let json = serde_json::to_string(snapshot).unwrap_or_default();
    with_db!(&mut *tx, |e| {
        sqlx::query_scalar::<_, ReviewId>(
        "INSERT INTO reviews (partner_id, year, quarter, snapshot, snapshot_at, held_on, attendees, \
         went_well, did_not_go_well, strategy, created_by, created_at, updated_by, updated_at, version) \
         VALUES ($1, $2, $3, $4, $5, '', '', '', '', '', $6, $5, $6, $5, 1) \
         ON CONFLICT (partner_id, year, quarter) DO NOTHING RETURNING id"
    )
    .bind(scope.partner_id())
    .bind(quarter.year)
    .bind(quarter.quarter as i32)
    .bind(json)
    .bind(now)
    .bind(by)
    .fetch_optional(e)
    .await
    })
}

/// What a write found.
#[derive(Debug, PartialEq, Eq)]
pub enum Saved {
    /// Written; the review's version now.
    Done(i64),
    /// Someone saved it after version `expected`, or it is complete.
    Stale,
    Missing,
}

/// Writes `set` (an SQL `SET` list of `values`, whose parameters start at
/// `$4`) over version `expected` of a draft.
#[allow(clippy::too_many_arguments)]
async fn write_draft(
    tx: &mut Tx,
    scope: &PartnerScope,
    id: ReviewId,
    expected: i64,
    set: &str,
    values: &[&str],
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<Saved, sqlx::Error> {
    let n = values.len();
    let sql = format!(
        "UPDATE reviews SET {set}, updated_by = ${}, updated_at = ${}, version = version + 1 \
         WHERE partner_id = $1 AND id = $2 AND version = $3 AND completed_at IS NULL",
        n + 4,
        n + 5
    );
    let written = with_db!(&mut *tx, |e| {
        let mut q = sqlx::query(&sql)
            .bind(scope.partner_id())
            .bind(id)
            .bind(expected);
        for v in values {
            q = q.bind(*v);
        }
        q.bind(by).bind(now).execute(e).await?.rows_affected()
    });
    written_or_why(tx, scope, id, expected, written).await
}

/// Saves the notes and strategy changes of a draft over version `expected`.
pub async fn save_notes(
    tx: &mut Tx,
    scope: &PartnerScope,
    id: ReviewId,
    expected: i64,
    notes: &ReviewNotes,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<Saved, sqlx::Error> {
    write_draft(
        tx,
        scope,
        id,
        expected,
        "held_on = $4, attendees = $5, went_well = $6, did_not_go_well = $7, strategy = $8",
        &[
            &notes.held_on,
            &notes.attendees,
            &notes.went_well,
            &notes.did_not_go_well,
            &notes.strategy,
        ],
        by,
        now,
    )
    .await
}

/// Replaces a draft's snapshot over version `expected`.
pub async fn refresh_snapshot(
    tx: &mut Tx,
    scope: &PartnerScope,
    id: ReviewId,
    expected: i64,
    snapshot: &Snapshot,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<Saved, sqlx::Error> {
    let json = serde_json::to_string(snapshot).unwrap_or_default();
    // $6 is the write's own time (`updated_at`): the snapshot's is the same.
    let set = "snapshot = $4, snapshot_at = $6";
    write_draft(tx, scope, id, expected, set, &[&json], by, now).await
}

/// Marks a draft complete over version `expected`, read-only from then on,
/// with `snapshot` (taken at that moment) as what it shows for good.
pub async fn complete(
    tx: &mut Tx,
    scope: &PartnerScope,
    id: ReviewId,
    expected: i64,
    snapshot: &Snapshot,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<Saved, sqlx::Error> {
    let json = serde_json::to_string(snapshot).unwrap_or_default();
    // $5 and $6 are the writer and the write's time.
    let set = "snapshot = $4, snapshot_at = $6, completed_by = $5, completed_at = $6";
    write_draft(tx, scope, id, expected, set, &[&json], by, now).await
}

/// Makes a completed review a draft again over version `expected` (an
/// admin's decision, checked by the caller).
pub async fn reopen(
    tx: &mut Tx,
    scope: &PartnerScope,
    id: ReviewId,
    expected: i64,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<Saved, sqlx::Error> {
    let written = with_db!(&mut *tx, |e| sqlx::query(
        "UPDATE reviews SET completed_by = NULL, completed_at = NULL, \
             updated_by = $4, updated_at = $5, version = version + 1 \
         WHERE partner_id = $1 AND id = $2 AND version = $3 AND completed_at IS NOT NULL"
    )
    .bind(scope.partner_id())
    .bind(id)
    .bind(expected)
    .bind(by)
    .bind(now)
    .execute(e)
    .await?
    .rows_affected());
    written_or_why(tx, scope, id, expected, written).await
}

/// The outcome of a write over version `expected` that wrote `written` rows.
async fn written_or_why(
    tx: &mut Tx,
    scope: &PartnerScope,
    id: ReviewId,
    expected: i64,
    written: u64,
) -> Result<Saved, sqlx::Error> {
    if written == 1 {
        return Ok(Saved::Done(expected + 1));
    }
    Ok(match get(&mut *tx, scope, id).await? {
        Some(_) => Saved::Stale,
        None => Saved::Missing,
    })
}
