//! A partner's progress against its plan: the progress page's data and its
//! CSV export. Actuals come from `deal_metrics` (the SQL checked against
//! `model::metrics`), kept in memory while current by `server::figures`; targets
//! from the saved plan; every percentage and pacing figure from
//! `model::progress`.

pub mod forecast;
pub mod portfolio;

use crate::error::AppError;
use crate::model::forecast::{plain, Forecast, Method};
use crate::model::goals::target_input;
use crate::model::metrics::{percent, Metric, Period, YearMetrics};
use crate::model::progress::{pacing, summary_quarter, Elapsed, View};
use crate::model::{Currency, PartnerId};
use crate::server::authz::Access;
use crate::server::clock::partner_today;
use crate::server::figures::DealFigures;
use crate::server::goals::{read_year, year_choices};
use crate::server::store::forecast::Outlook;
use crate::server::store::goals;
use crate::server::web::respond::{param, partner_csv};
use crate::server::web::views::partner_view;
use crate::views::ProgressView;
use axum::extract::{Path, RawQuery};
use axum::response::Response;
use chrono::{Datelike, Utc};

/// What every progress figure of a year is computed from, read once: the
/// progress page and a quarterly review's snapshot both start here.
pub struct Figures {
    pub actuals: YearMetrics,
    /// `None` until the year's plan is saved.
    pub targets: Option<YearMetrics>,
    /// How far the year is on the partner's today.
    pub elapsed: Elapsed,
    /// What the open deals add to the actuals, on the partner's today.
    pub forecast: Forecast,
    /// The open deals the forecast was made from, as of today's quarter.
    pub outlook: std::sync::Arc<Outlook>,
    pub today: chrono::NaiveDate,
}

pub async fn figures(
    deals: &DealFigures<'_>,
    db: &crate::server::db::Db,
    scope: &crate::server::authz::PartnerScope,
    partner: &crate::server::store::partners::PartnerRow,
    year: i32,
) -> Result<Figures, sqlx::Error> {
    let actuals = deals.year_metrics(year).await?;
    let targets = goals::load(db, scope, year)
        .await?
        .map(|p| p.content.targets);
    let today = partner_today(partner);
    let quarter = crate::model::reviews::Quarter::of(today);
    let quarter_last_month = quarter.year * 100 + quarter.last_month() as i32;
    let outlook = deals.outlook(quarter_last_month).await?;
    Ok(Figures {
        forecast: Forecast::of(&actuals, &outlook.groups, today),
        actuals,
        targets,
        elapsed: Elapsed::of(year, today),
        outlook,
        today,
    })
}

pub async fn view(
    access: &Access,
    year: Option<String>,
    summary: Option<&str>,
) -> Result<ProgressView, AppError> {
    let (scope, partner, _) = access.partner().await?;
    let (year, year_refused) = match read_year(year.as_deref()) {
        Ok(year) => (year, false),
        Err(_) => (Utc::now().year(), true),
    };
    let db = &access.state.db;
    let deals = DealFigures::open(&access.state.db, &access.state.figures, &scope).await?;
    let Figures {
        actuals,
        targets,
        elapsed,
        forecast,
        outlook,
        today,
    } = figures(&deals, db, &scope, &partner, year).await?;
    let planned = targets.unwrap_or_else(|| YearMetrics::empty(year));
    let forecast = forecast::view(&forecast, &outlook, &actuals, &planned, today);
    let summary_quarter = summary_quarter(summary);
    let period = match summary_quarter {
        Some(quarter) => Period::quarter(year, quarter),
        None => Period::year(year),
    };
    Ok(ProgressView {
        partner: partner_view(&partner),
        year,
        year_refused,
        years: year_choices(db, &scope, year).await?,
        actuals,
        targets,
        pacing: Metric::ALL
            .into_iter()
            .map(|m| pacing(&actuals, &planned, m, elapsed))
            .collect(),
        year_over: elapsed.is_over(),
        in_progress_month: {
            let today = partner_today(&partner);
            (today.year() == year).then(|| today.month())
        },
        summary_quarter,
        summary: deals.data_summary(period).await?,
        previous_summary: deals.data_summary(period.previous_year()).await?,
        forecast,
    })
}

/// `GET /p/{partner}/progress.csv?year=Y&view=monthly|quarterly`.
pub async fn export(
    access: Access,
    Path(partner_id): Path<PartnerId>,
    RawQuery(query): RawQuery,
) -> Response {
    partner_csv(access, partner_id, query, export_csv).await
}

/// One line of `progress.csv` and of the API's progress: a metric in a
/// month or quarter, or the year (`period` is the year itself).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgressRow {
    pub metric: Metric,
    pub period: String,
    /// As the targets are typed: a count, or a decimal amount.
    pub actual: String,
    pub target: String,
    /// `None` without a target.
    pub percent_achieved: Option<i64>,
    /// The partner's currency for money metrics.
    pub currency: Option<Currency>,
    /// Commit, weighted and best case (`model::forecast::Method::ALL`
    /// order), as targets are typed; `None` for a metric without a forecast.
    pub forecast: Option<[String; 3]>,
}

/// The year's progress rows, by month or quarter, then the year's total.
pub async fn rows(access: &Access, year: i32, view: View) -> Result<Vec<ProgressRow>, AppError> {
    let (scope, partner, currency) = access.partner().await?;
    let Figures {
        actuals,
        targets,
        forecast,
        ..
    } = figures(
        &DealFigures::open(&access.state.db, &access.state.figures, &scope).await?,
        &access.state.db,
        &scope,
        &partner,
        year,
    )
    .await?;
    let targets = targets.unwrap_or_else(|| YearMetrics::empty(year));
    let mut rows = Vec::new();
    for metric in Metric::ALL {
        let forecast_of = |p: Option<u32>| {
            let at = |method| match (p, view) {
                (None, _) => forecast.year_end(method, metric),
                (Some(p), View::Monthly) => forecast.month(method, metric, p),
                (Some(p), View::Quarterly) => forecast.quarter(method, metric, p),
            };
            let [commit, weighted, best] = Method::ALL.map(at);
            Some([commit?, weighted?, best?].map(|v| plain(metric, v, currency)))
        };
        let periods = view
            .periods()
            .map(|p| {
                (
                    view.code(year, p),
                    view.value(&actuals, metric, p),
                    view.value(&targets, metric, p),
                    forecast_of(Some(p)),
                )
            })
            .chain([(
                year.to_string(),
                actuals.total(metric),
                targets.total(metric),
                forecast_of(None),
            )]);
        for (period, actual, target, forecast) in periods {
            rows.push(ProgressRow {
                metric,
                period,
                actual: target_input(metric, actual, currency),
                target: target_input(metric, target, currency),
                percent_achieved: percent(actual, target),
                currency: metric.is_money().then_some(currency),
                forecast,
            });
        }
    }
    Ok(rows)
}

async fn export_csv(
    access: Access,
    params: Vec<(String, String)>,
) -> Result<(String, Vec<u8>), AppError> {
    let year = read_year(param(&params, "year"))?;
    let view = View::parse(param(&params, "view"));
    let scope = access.scope()?;
    // Every cell is a number or a code the app defines, never text a person
    // typed, so none can begin a formula (see `model::csv_cell`).
    let mut body = String::from(
        "metric,period,actual,target,percent_achieved,currency,\
         forecast_commit,forecast_weighted,forecast_best_case\r\n",
    );
    for row in rows(&access, year, view).await? {
        let forecast = row.forecast.clone().unwrap_or_default();
        body.push_str(&format!(
            "{},{},{},{},{},{},{}\r\n",
            row.metric.as_str(),
            row.period,
            row.actual,
            row.target,
            row.percent_achieved
                .map(|p| p.to_string())
                .unwrap_or_default(),
            row.currency.map(|c| c.code()).unwrap_or_default(),
            forecast.join(","),
        ));
    }
    let name = format!(
        "progress-{}-{year}-{}.csv",
        scope.partner_id(),
        view.as_str()
    );
    Ok((name, body.into_bytes()))
}
