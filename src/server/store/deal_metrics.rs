//! The metrics and the data summary of `model::metrics`, computed in the
//! database: one aggregate query each, whatever the number of deals or months.
//! Tested against the pure functions in `tests/integration/deals.rs`.

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
    // by close month. Each half walks its own covering index in order, already
    // grouped; the two meet in one result.
    let rows: Vec<(String, i32, String, i64, i64)> = with_db!(db, |e| {
        sqlx::query_as(
        "SELECT 'created', create_month, kind, COUNT(*), CAST(0 AS BIGINT) \
           FROM deals WHERE partner_id = $1 AND kind = 'sourced' AND create_month BETWEEN $2 AND $3 \
           GROUP BY create_month, kind \
         UNION ALL \
         SELECT 'won', close_month, kind, COUNT(*), CAST(SUM(mrr) AS BIGINT) \
           FROM deals WHERE partner_id = $1 AND stage = 'closed_won' AND close_month BETWEEN $2 AND $3 \
           GROUP BY close_month, kind",
    )
    .bind(scope.partner_id())
    .bind(period.first)
    .bind(period.last)
    .fetch_all(e)
    .await
    })?;
    let mut metrics = YearMetrics::empty(year);
    for (part, month, kind, count, mrr) in rows {
        add_row(&mut metrics, &part, month, &kind, count, mrr);
    }
    Ok(metrics)
}

/// Adds one row of the metrics query (its half, month, kind, count and MRR)
/// to the metrics it counts for. Shared with the portfolio's query.
pub fn add_row(
    metrics: &mut YearMetrics,
    part: &str,
    month: i32,
    kind: &str,
    count: i64,
    mrr: i64,
) {
    match (part, kind) {
        ("created", _) => metrics.add(Metric::SourcedDealsCreated, month, count),
        (_, "sourced") => {
            metrics.add(Metric::SourcedDealsClosedWon, month, count);
            metrics.add(Metric::SourcedDealMrr, month, mrr);
        }
        _ => metrics.add(Metric::AssistedDealMrr, month, mrr),
    }
}

/// The data summary of `period`, for the scope's partner.
pub async fn data_summary<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
    period: Period,
) -> Result<DataSummary, sqlx::Error> {
    // Open deals (now, of any kind) and deals closed in the period by stage
    // and kind, each walking the covering index on stage; summed here.
    let rows: Vec<(String, String, i64, i64, i64)> = with_db!(db, |e| {
        sqlx::query_as(
        "SELECT 'open', '', COUNT(*), CAST(COALESCE(SUM(mrr), 0) AS BIGINT), COALESCE(MAX(mrr), 0) \
           FROM deals WHERE partner_id = $1 AND stage = 'open' \
         UNION ALL \
         SELECT stage, kind, COUNT(*), CAST(SUM(mrr) AS BIGINT), MAX(mrr) \
           FROM deals WHERE partner_id = $1 AND stage IN ('closed_won', 'closed_lost') \
           AND close_month BETWEEN $2 AND $3 GROUP BY stage, kind",
    )
    .bind(scope.partner_id())
    .bind(period.first)
    .bind(period.last)
    .fetch_all(e)
    .await
    })?;
    let mut summary = DataSummary::default();
    for (stage, kind, count, mrr, largest) in rows {
        match stage.as_str() {
            "open" => {
                summary.in_flight_count += count;
                summary.in_flight_mrr += mrr;
            }
            "closed_won" => {
                summary.won_count += count;
                summary.largest_won = Some(summary.largest_won.map_or(largest, |l| l.max(largest)));
                if kind == "sourced" {
                    summary.sourced_won_count += count;
                    summary.sourced_won_mrr += mrr;
                }
            }
            _ => summary.lost_count += count,
        }
    }
    Ok(summary)
}
