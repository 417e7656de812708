//! The metrics and the data summary of `model::metrics`, computed in the
//! database: one aggregate query each, whatever the number of deals, months
//! or partners. Tested against the pure functions in
//! `tests/integration/deals.rs`, for one partner and for every partner.

use crate::model::metrics::{DataSummary, Metric, Period, YearMetrics};
use crate::model::PartnerId;
use crate::server::db::{with_db, Exec};
use crate::server::store::scope::PartnerScope;
use std::collections::HashMap;

/// The four metrics of `year`, per month, for the scope's partner.
pub async fn year_metrics<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
    year: i32,
) -> Result<YearMetrics, sqlx::Error> {
    let partner = scope.partner_id();
    let mut metrics = year_metrics_by_partner(db, Some(partner), year).await?;
    Ok(metrics
        .remove(&partner)
        .unwrap_or_else(|| YearMetrics::empty(year)))
}

/// The four metrics of `year`, per month, of every partner in the
/// installation (partners without deals in the year are absent): what a
/// portfolio's rows are read from (`server::figures` keeps them in memory
/// while current).
pub async fn every_partners_year_metrics<'a>(
    db: impl Into<Exec<'a>>,
    year: i32,
) -> Result<HashMap<PartnerId, YearMetrics>, sqlx::Error> {
    year_metrics_by_partner(db, None, year).await
}

/// The four metrics of `year` of one partner, or of every partner, in one
/// text: the portfolio's figures and a partner's own page cannot drift apart.
async fn year_metrics_by_partner<'a>(
    db: impl Into<Exec<'a>>,
    partner: Option<PartnerId>,
    year: i32,
) -> Result<HashMap<PartnerId, YearMetrics>, sqlx::Error> {
    let period = Period::year(year);
    // Each metric counts by its own date: created by create month, the others
    // by close month. For one partner each half walks its own covering index
    // in order, already grouped; the two meet in one result.
    let of_partner = if partner.is_some() {
        "AND partner_id = $3"
    } else {
        ""
    };
    let sql = format!(
        "SELECT partner_id, 'created', create_month, kind, COUNT(*), CAST(0 AS BIGINT) \
           FROM deals WHERE kind = 'sourced' AND create_month BETWEEN $1 AND $2 {of_partner} \
           GROUP BY partner_id, create_month, kind \
         UNION ALL \
         SELECT partner_id, 'won', close_month, kind, COUNT(*), CAST(SUM(mrr) AS BIGINT) \
           FROM deals WHERE stage = 'closed_won' AND close_month BETWEEN $1 AND $2 {of_partner} \
           GROUP BY partner_id, close_month, kind"
    );
    let rows: Vec<(PartnerId, String, i32, String, i64, i64)> = with_db!(db, |e| {
        let query = sqlx::query_as(&sql).bind(period.first).bind(period.last);
        match partner {
            Some(partner) => query.bind(partner),
            None => query,
        }
        .fetch_all(e)
        .await
    })?;
    let mut all: HashMap<PartnerId, YearMetrics> = HashMap::new();
    for (partner, part, month, kind, count, mrr) in rows {
        let metrics = all
            .entry(partner)
            .or_insert_with(|| YearMetrics::empty(year));
        match (part.as_str(), kind.as_str()) {
            ("created", _) => metrics.add(Metric::SourcedDealsCreated, month, count),
            (_, "sourced") => {
                metrics.add(Metric::SourcedDealsClosedWon, month, count);
                metrics.add(Metric::SourcedDealMrr, month, mrr);
            }
            _ => metrics.add(Metric::AssistedDealMrr, month, mrr),
        }
    }
    Ok(all)
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
