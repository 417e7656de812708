//! The last pacing status seen of each goal (migration 0015), so that an
//! off-track alert goes out when a status turns, not while it stays.

use crate::model::metrics::Metric;
use crate::model::progress::PaceStatus;
use crate::model::PartnerId;
use crate::server::db::{with_db, Exec, Tx};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// (partner, metric, year) → status.
pub type Known = HashMap<(PartnerId, String, i32), PaceStatus>;

pub async fn all<'a>(db: impl Into<Exec<'a>>) -> Result<Known, sqlx::Error> {
    let rows = with_db!(db, |e| {
        sqlx::query_as::<_, (PartnerId, String, i32, String)>(
            "SELECT partner_id, metric, year, status FROM goal_pacing",
        )
        .fetch_all(e)
        .await
    })?;
    Ok(rows
        .into_iter()
        .filter_map(|(partner, metric, year, status)| {
            let status = PaceStatus::ALL.into_iter().find(|s| s.as_str() == status)?;
            Some(((partner, metric, year), status))
        })
        .collect())
}

pub async fn set(
    tx: &mut Tx,
    partner: PartnerId,
    metric: Metric,
    year: i32,
    status: PaceStatus,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    with_db!(&mut *tx, |e| {
        sqlx::query(
        "INSERT INTO goal_pacing (partner_id, metric, year, status, seen_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (partner_id, metric, year) DO UPDATE SET status = excluded.status, seen_at = excluded.seen_at"
    )
    .bind(partner)
    .bind(metric.as_str())
    .bind(year)
    .bind(status.as_str())
    .bind(now)
    .execute(e)
    .await
    .map(|_| ())
    })
}
