//! The PDM portfolio: every partner the caller looks after, each goal's annual
//! attainment and pacing status, from three set-based queries
//! (`store::portfolio`, the actuals kept in memory while current by
//! `server::figures`) and the rules of `model::progress`.

use crate::error::AppError;
use crate::model::forecast::{rounded, Forecast, Method};
use crate::model::goals::PLAN_YEARS;
use crate::model::metrics::percent;
use crate::model::metrics::{Metric, YearMetrics};
use crate::model::progress::{pacing, Elapsed, PortfolioOrder, Standing};
use crate::server::authz::Access;
use crate::server::figures::{portfolio_actuals, portfolio_open};
use crate::server::goals::read_year;
use crate::server::store::portfolio;
use crate::server::web::views::partner_view;
use crate::views::{PortfolioRow, PortfolioView};
use chrono::{Datelike, Utc};

/// The metric whose weighted forecast the portfolio's column shows.
pub const FORECAST_COLUMN: Metric = Metric::SourcedDealMrr;

/// The portfolio of `year`, sorted and filtered as `query` (the page URL's
/// query string) says.
pub async fn view(access: &Access, query: &str) -> Result<PortfolioView, AppError> {
    let scope = access.portfolio()?;
    let params: Vec<(String, String)> =
        serde_urlencoded::from_str(query.trim_start_matches('?')).unwrap_or_default();
    let param = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let (year, year_refused) = match read_year(param("year")) {
        Ok(year) => (year, false),
        Err(_) => (Utc::now().year(), true),
    };
    let order = PortfolioOrder::from_params(param);
    let db = &access.state.db;
    let partners = portfolio::partners(db, &scope).await?;
    let actuals = portfolio_actuals(&access.state.db, &access.state.figures, year).await?;
    let open = portfolio_open(&access.state.db, &access.state.figures).await?;
    let targets = portfolio::targets(db, &scope, year).await?;
    let now = Utc::now();
    let empty = YearMetrics::empty(year);
    let mut rows: Vec<PortfolioRow> = partners
        .iter()
        .map(|p| {
            let zone = p
                .time_zone
                .parse::<chrono_tz::Tz>()
                .unwrap_or(chrono_tz::UTC);
            let elapsed = Elapsed::of(year, now.with_timezone(&zone).date_naive());
            let actual = actuals.get(&p.id).unwrap_or(&empty);
            let target = targets.get(&p.id).unwrap_or(&empty);
            let forecast = Forecast::of(
                actual,
                open.get(&p.id).map(Vec::as_slice).unwrap_or_default(),
                now.with_timezone(&zone).date_naive(),
            );
            // The partner's revenue goal: what a PDM weighs first.
            let weighted = forecast
                .year_end(Method::Weighted, FORECAST_COLUMN)
                .map(|v| rounded(FORECAST_COLUMN, v))
                .unwrap_or(0);
            PortfolioRow {
                partner: partner_view(p),
                standings: Metric::ALL
                    .into_iter()
                    .map(|m| Standing::of(&pacing(actual, target, m, elapsed), actual.total(m)))
                    .collect(),
                weighted_forecast: (weighted, percent(weighted, target.total(FORECAST_COLUMN))),
            }
        })
        .collect();
    let partner_count = rows.len();
    order.apply(&mut rows, |r| r.partner.name.as_str(), |r| &r.standings);
    let this = now.year();
    let mut years: Vec<i32> = (this - 2..=this + 1)
        .chain([year])
        .filter(|y| PLAN_YEARS.contains(y))
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    Ok(PortfolioView {
        year,
        year_refused,
        years,
        order,
        rows,
        partner_count,
    })
}
