//! The metrics and the data summary of `model::metrics`, computed in the
//! database: one aggregate query each, whatever the number of deals or months.
//! Tested against the pure functions in `tests/deals.rs`.

use crate::model::metrics::{DataSummary, Metric, Period, YearMetrics};
use crate::server::authz::PartnerScope;
use crate::server::db::{with_db, Exec};

/// The four metrics of `year`, per month, for the scope's partner.
pub async fn year_metrics<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
    year: i32,
) -> Result<YearMetrics, sqlx::Error> {
    let period = Period::year(year);
    // Each metric counts by its own date: created by create month, the others
    // by close month; the two halves meet in one grouped result.
    let rows: Vec<(i32, i64, i64, i64, i64)> = with_db!(db, |e| {
        sqlx::query_as(
        "SELECT month, \
           CAST(COALESCE(SUM(created), 0) AS BIGINT), CAST(COALESCE(SUM(won), 0) AS BIGINT), \
           CAST(COALESCE(SUM(sourced_mrr), 0) AS BIGINT), CAST(COALESCE(SUM(assisted_mrr), 0) AS BIGINT) \
         FROM ( \
           SELECT create_month AS month, 1 AS created, 0 AS won, 0 AS sourced_mrr, 0 AS assisted_mrr \
             FROM deals WHERE partner_id = $1 AND kind = 'sourced' AND create_month BETWEEN $2 AND $3 \
           UNION ALL \
           SELECT close_month, 0, CASE WHEN kind = 'sourced' THEN 1 ELSE 0 END, \
                  CASE WHEN kind = 'sourced' THEN mrr ELSE 0 END, \
                  CASE WHEN kind = 'assisted' THEN mrr ELSE 0 END \
             FROM deals WHERE partner_id = $1 AND stage = 'closed_won' AND close_month BETWEEN $2 AND $3 \
         ) AS t GROUP BY month",
    )
    .bind(scope.partner_id())
    .bind(period.first)
    .bind(period.last)
    .fetch_all(e)
    .await
    })?;
    let mut metrics = YearMetrics::empty(year);
    for (month, created, won, sourced_mrr, assisted_mrr) in rows {
        metrics.add(Metric::SourcedDealsCreated, month, created);
        metrics.add(Metric::SourcedDealsClosedWon, month, won);
        metrics.add(Metric::SourcedDealMrr, month, sourced_mrr);
        metrics.add(Metric::AssistedDealMrr, month, assisted_mrr);
    }
    Ok(metrics)
}

/// The data summary of `period`, for the scope's partner.
pub async fn data_summary<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
    period: Period,
) -> Result<DataSummary, sqlx::Error> {
    let in_period = "close_month BETWEEN $2 AND $3";
    let sql = format!(
        "SELECT \
           CAST(COALESCE(SUM(CASE WHEN stage = 'closed_won' AND kind = 'sourced' AND {in_period} THEN 1 ELSE 0 END), 0) AS BIGINT), \
           CAST(COALESCE(SUM(CASE WHEN stage = 'closed_won' AND kind = 'sourced' AND {in_period} THEN mrr ELSE 0 END), 0) AS BIGINT), \
           CAST(COALESCE(SUM(CASE WHEN stage = 'closed_won' AND {in_period} THEN 1 ELSE 0 END), 0) AS BIGINT), \
           CAST(COALESCE(SUM(CASE WHEN stage = 'closed_lost' AND {in_period} THEN 1 ELSE 0 END), 0) AS BIGINT), \
           MAX(CASE WHEN stage = 'closed_won' AND {in_period} THEN mrr END), \
           CAST(COALESCE(SUM(CASE WHEN stage = 'open' THEN 1 ELSE 0 END), 0) AS BIGINT), \
           CAST(COALESCE(SUM(CASE WHEN stage = 'open' THEN mrr ELSE 0 END), 0) AS BIGINT) \
         FROM deals WHERE partner_id = $1 AND (stage = 'open' OR {in_period})"
    );
    let row: (i64, i64, i64, i64, Option<i64>, i64, i64) = with_db!(db, |e| sqlx::query_as(&sql)
        .bind(scope.partner_id())
        .bind(period.first)
        .bind(period.last)
        .fetch_one(e)
        .await)?;
    Ok(DataSummary {
        sourced_won_count: row.0,
        sourced_won_mrr: row.1,
        won_count: row.2,
        lost_count: row.3,
        largest_won: row.4,
        in_flight_count: row.5,
        in_flight_mrr: row.6,
    })
}
