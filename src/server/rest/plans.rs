//! `goals/{year}` and `progress/{year}`: a partner's plan for a year and how
//! far along it is, read only. Progress has the rows, names and figures of
//! `progress.csv` (`server::progress::rows` makes both).

use super::reply::{ApiError, Reply};
use super::PartnerPath;
use crate::error::AppError;
use crate::i18n::Key;
use crate::model::api_token::Scope;
use crate::model::goals::{target_input, GoalCategory};
use crate::model::metrics::Metric;
use crate::model::progress::View;
use crate::model::PartnerId;
use crate::server::authz::{Access, Touches};
use crate::server::goals::read_year;
use crate::server::store::goals;
use axum::extract::{Path, RawQuery};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// A year's plan: the five company goals and the 48 monthly targets.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Plan {
    pub year: i32,
    pub version: i64,
    /// The partner's currency, which money targets are in.
    #[schema(example = "TWD")]
    pub currency: String,
    /// By category: `organizational`, `revenue`, `people`, `market`, `partnership`.
    pub goals: BTreeMap<String, String>,
    /// Every metric's target for every month, 48 in all.
    pub targets: Vec<Target>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Target {
    /// `sourced_deals_created`, `sourced_deals_closed_won`, `sourced_deal_mrr` or `assisted_deal_mrr`.
    pub metric: String,
    /// 1 to 12.
    pub month: u32,
    /// A count, or a decimal amount in the partner's currency.
    #[schema(example = "150000.00")]
    pub target: String,
}

/// Progress against the plan, as `progress.csv` has it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Progress {
    pub rows: Vec<ProgressRow>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ProgressRow {
    #[schema(example = "sourced_deal_mrr")]
    pub metric: String,
    /// `2026-03`, `2026-Q1`, or the year for the year's total.
    #[schema(example = "2026-Q1")]
    pub period: String,
    #[schema(example = "42000.00")]
    pub actual: String,
    #[schema(example = "60000.00")]
    pub target: String,
    /// Of the target, rounded half up; `null` without a target.
    #[schema(example = 70)]
    pub percent_achieved: Option<i64>,
    /// For money metrics; `null` for counts.
    #[schema(example = "TWD")]
    pub currency: Option<String>,
    /// What has closed won plus the open deals at 90 % and above, whole
    /// (see the README's forecast); `null` for a metric without a forecast.
    #[schema(example = "51000.00")]
    pub forecast_commit: Option<String>,
    /// Closed won plus every open deal times its probability.
    #[schema(example = "55400.00")]
    pub forecast_weighted: Option<String>,
    /// Closed won plus every open deal, whole.
    #[schema(example = "71000.00")]
    pub forecast_best_case: Option<String>,
}

/// The company goals and monthly targets of a year's plan.
#[utoipa::path(get, operation_id = "get_goals", path = "/api/v1/partners/{partner}/goals/{year}", tag = "plans",
    params(PartnerPath, ("year" = i32, Path, description = "The plan's year")),
    responses((status = 200, description = "OK", body = Plan), (status = "4XX", description = "Refused: the error says why, with a code", body = super::reply::ErrorBody)),
    security(("token" = ["goals:read"])))]
pub async fn goals(
    access: Access,
    Path((partner, year)): Path<(PartnerId, String)>,
) -> Result<Reply, ApiError> {
    let access = access
        .allow_scoped(Scope::GoalsRead, Touches::Partner(partner))
        .await?;
    let year = read_year(Some(&year))?;
    let (scope, _, currency) = access.partner().await?;
    let plan = goals::load(&access.state.db, &scope, year)
        .await?
        .ok_or(AppError::NotFound)?;
    let content = &plan.content;
    let mut targets = Vec::with_capacity(48);
    for metric in Metric::ALL {
        for month in 1..=12 {
            targets.push(Target {
                metric: metric.as_str().to_string(),
                month,
                target: target_input(metric, content.targets.month(metric, month), currency),
            });
        }
    }
    Ok(Reply::ok(Plan {
        year,
        version: plan.version,
        currency: currency.code().to_string(),
        goals: GoalCategory::ALL
            .iter()
            .zip(&content.goals)
            .map(|(c, text)| (c.as_str().to_string(), text.clone()))
            .collect(),
        targets,
    }))
}

/// Actuals against targets, by month or quarter, then the year.
#[utoipa::path(get, operation_id = "get_progress", path = "/api/v1/partners/{partner}/progress/{year}", tag = "plans",
    params(PartnerPath, ("year" = i32, Path, description = "The year"),
        ("view" = Option<String>, Query, description = "`monthly` (the default) or `quarterly`")),
    responses((status = 200, description = "OK", body = Progress), (status = "4XX", description = "Refused: the error says why, with a code", body = super::reply::ErrorBody)),
    security(("token" = ["progress:read"])))]
pub async fn progress(
    access: Access,
    Path((partner, year)): Path<(PartnerId, String)>,
    RawQuery(query): RawQuery,
) -> Result<Reply, ApiError> {
    let access = access
        .allow_scoped(Scope::ProgressRead, Touches::Partner(partner))
        .await?;
    let year = read_year(Some(&year))?;
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.as_deref().unwrap_or("")).unwrap_or_default();
    let view = match pairs
        .iter()
        .find(|(k, _)| k == "view")
        .map(|(_, v)| v.as_str())
    {
        None | Some("") | Some("monthly") => View::Monthly,
        Some("quarterly") => View::Quarterly,
        Some(_) => return Err(AppError::invalid("view", Key::ErrChooseOption).into()),
    };
    let rows = crate::server::progress::rows(&access, year, view).await?;
    Ok(Reply::ok(Progress {
        rows: rows
            .into_iter()
            .map(|r| ProgressRow {
                metric: r.metric.as_str().to_string(),
                period: r.period,
                actual: r.actual,
                target: r.target,
                percent_achieved: r.percent_achieved,
                currency: r.currency.map(|c| c.code().to_string()),
                forecast_commit: r.forecast.as_ref().map(|f| f[0].clone()),
                forecast_weighted: r.forecast.as_ref().map(|f| f[1].clone()),
                forecast_best_case: r.forecast.as_ref().map(|f| f[2].clone()),
            })
            .collect(),
    }))
}
