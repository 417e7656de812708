//! A PDM's (or an admin's) portfolio in set-based queries, whatever the
//! number of partners: the partners and the portfolio's targets. Every
//! partner's actuals come from `deal_metrics::every_partners_year_metrics`.

use crate::model::metrics::{Metric, YearMetrics};
use crate::model::PartnerId;
use crate::server::db::{with_db, Exec};
use crate::server::store::membership;
use crate::server::store::partners::PartnerRow;
use crate::server::store::scope::PortfolioScope;
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
