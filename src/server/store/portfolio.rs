//! A PDM's (or an admin's) portfolio in three set-based queries, whatever the
//! number of partners: the partners, every partner's actuals of the year per
//! month (the same aggregates as `deal_metrics::year_metrics`, grouped by
//! partner too), and the portfolio's targets.

use crate::model::metrics::{Metric, Period, YearMetrics};
use crate::model::PartnerId;
use crate::server::authz::PortfolioScope;
use crate::server::db::{with_db, Exec};
use crate::server::store::deal_metrics::add_row;
use crate::server::store::membership;
use crate::server::store::partners::PartnerRow;
use std::collections::HashMap;

/// The partners in the portfolio, by name.
pub async fn partners<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PortfolioScope,
) -> Result<Vec<PartnerRow>, sqlx::Error> {
    let sql = format!(
        "SELECT id, name, currency, time_zone FROM partners p WHERE archived_at IS NULL AND {} ORDER BY name, id",
        visible("p.id")
    );
    with_db!(db, |e| sqlx::query_as::<_, PartnerRow>(&sql)
        .bind(scope.pdm())
        .fetch_all(e)
        .await)
}

/// The condition that keeps the scope's partners, with the PDM as `$1`.
fn visible(partner_column: &str) -> String {
    format!(
        "($1 IS NULL OR {})",
        membership::assigned(partner_column, "$1")
    )
}

/// The four metrics of `year`, per month, of every partner in the
/// installation: what a portfolio's rows are read from
/// (`server::figures` keeps them in memory while current).
pub async fn actuals<'a>(
    db: impl Into<Exec<'a>>,
    year: i32,
) -> Result<HashMap<PartnerId, YearMetrics>, sqlx::Error> {
    let period = Period::year(year);
    let rows: Vec<(PartnerId, String, i32, String, i64, i64)> = with_db!(db, |e| {
        sqlx::query_as(
            "SELECT partner_id, 'created', create_month, kind, COUNT(*), CAST(0 AS BIGINT) \
               FROM deals WHERE kind = 'sourced' AND create_month BETWEEN $1 AND $2 \
               GROUP BY partner_id, create_month, kind \
             UNION ALL \
             SELECT partner_id, 'won', close_month, kind, COUNT(*), CAST(SUM(mrr) AS BIGINT) \
               FROM deals WHERE stage = 'closed_won' AND close_month BETWEEN $1 AND $2 \
               GROUP BY partner_id, close_month, kind",
        )
        .bind(period.first)
        .bind(period.last)
        .fetch_all(e)
        .await
    })?;
    let mut all: HashMap<PartnerId, YearMetrics> = HashMap::new();
    for (partner, part, month, kind, count, mrr) in rows {
        let metrics = all
            .entry(partner)
            .or_insert_with(|| YearMetrics::empty(year));
        add_row(metrics, &part, month, &kind, count, mrr);
    }
    Ok(all)
}

/// Every partner's targets of `year` (partners without a plan are absent).
pub async fn targets<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PortfolioScope,
    year: i32,
) -> Result<HashMap<PartnerId, YearMetrics>, sqlx::Error> {
    let sql = format!(
        "SELECT p.partner_id, t.metric, CAST(t.month AS BIGINT), t.value \
         FROM goal_plans p JOIN goal_targets t ON t.plan_id = p.id \
         WHERE {} AND p.year = $2",
        visible("p.partner_id")
    );
    let rows: Vec<(PartnerId, String, i64, i64)> = with_db!(db, |e| {
        sqlx::query_as(&sql)
            .bind(scope.pdm())
            .bind(year)
            .fetch_all(e)
            .await
    })?;
    let mut all: HashMap<PartnerId, YearMetrics> = HashMap::new();
    for (partner, metric, month, value) in rows {
        if let Some(metric) = Metric::ALL.into_iter().find(|m| m.as_str() == metric) {
            all.entry(partner)
                .or_insert_with(|| YearMetrics::empty(year))
                .set(metric, month as u32, value);
        }
    }
    Ok(all)
}
