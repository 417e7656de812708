//! The progress page's forecast: `model::forecast`'s figures with the open
//! deals a reader looks at first, as the page shows them.

use crate::model::deal::DealKind;
use crate::model::forecast::{is_overdue, rounded, weighted, Forecast, FORECAST_METRICS};
use crate::model::metrics::{Metric, YearMetrics};
use crate::server::store::forecast::{OpenDealRow, Outlook};
use crate::views::{ForecastView, OpenDealView};
use chrono::{Datelike, NaiveDate};

pub fn view(
    forecast: &Forecast,
    outlook: &Outlook,
    actuals: &YearMetrics,
    targets: &YearMetrics,
    today: NaiveDate,
) -> ForecastView {
    let deal = |d: &OpenDealRow| OpenDealView {
        id: d.id,
        name: d.name.clone(),
        kind: DealKind::parse(&d.kind).unwrap_or(DealKind::Sourced),
        pipeline_stage: d.pipeline_stage.clone(),
        own_probability: d.own.is_some(),
        probability: d.probability,
        close_date: d.close_date,
        overdue: d.close_date.is_some_and(|c| is_overdue(c, today)),
        mrr: d.mrr,
        weighted_mrr: rounded(
            Metric::SourcedDealMrr,
            weighted(d.mrr, u8::try_from(d.probability).unwrap_or(0)),
        ),
    };
    ForecastView {
        forecast: *forecast,
        coverage: FORECAST_METRICS
            .iter()
            .map(|m| forecast.coverage(*m, actuals, targets))
            .collect(),
        // The lists are of today's deals: shown with this year's forecast.
        this_year: today.year() == forecast.year,
        largest: outlook.largest.iter().map(deal).collect(),
        undated: outlook.undated.iter().map(deal).collect(),
    }
}
