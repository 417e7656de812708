//! `/p/{partner}/progress?year=Y&view=monthly|quarterly`: "Review progress".
//! For each of the four goals, the current performance, target and percent
//! achieved per month or quarter and for the year, with a chart drawn on the
//! server (SVG, so it shows without WASM) whose text alternative is the table
//! beside it (the forecast goals' with the forecast's band); then pacing, the
//! forecast from the pipeline (`model::forecast`) and the data summary.

use super::deals::{partner_param, PartnerData, PartnerLine, LINK_CLASS, SECONDARY_BUTTON_CLASS};
use super::goals::{year_param, YearChooser};
use crate::api::progress::open_progress;
use crate::i18n::Key;
use crate::model::forecast::{self, Coverage, Forecast, Method, FORECAST_METRICS};
use crate::model::goals::figure;
use crate::model::metrics::{percent, DataSummary, Metric, YearMetrics};
use crate::model::progress::{Pacing, View};
use crate::model::{Currency, Money};
use crate::ui::i18n::{use_i18n, I18n};
use crate::ui::table::TableScroll;
use crate::views::ProgressView;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ProgressPage() -> impl IntoView {
    let partner_id = partner_param();
    let year = year_param();
    let query = use_query_map();
    let progress = Resource::new(
        move || (partner_id(), year(), query.with(|q| q.get("summary"))),
        |(id, year, summary)| async move {
            match id {
                Some(id) => open_progress(id, year, summary).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    let view = move || View::parse(query.with_untracked(|q| q.get("view")).as_deref());
    view! {
        <PartnerData resource=progress render=move |progress: ProgressView| view! { <Progress progress view=view() /> } />
    }
}

/// A percentage as shown: "83 %", or "—" without a target.
fn shown_percent(i18n: I18n, actual: i64, target: i64) -> String {
    match percent(actual, target) {
        Some(p) => format!("{p}%"),
        None => i18n.t(Key::NoPercent).to_string(),
    }
}

#[component]
fn Progress(progress: ProgressView, view: View) -> impl IntoView {
    let i18n = use_i18n();
    let currency = progress.partner.currency;
    let year = progress.year;
    let base = format!("/p/{}/progress", progress.partner.id);
    let title = i18n.format(
        Key::ProgressTitle,
        &[
            ("partner", &progress.partner.name),
            ("year", &year.to_string()),
        ],
    );
    let targets = progress.targets.unwrap_or_else(|| YearMetrics::empty(year));
    let switch = [(View::Monthly, Key::ViewMonthly), (View::Quarterly, Key::ViewQuarterly)]
        .into_iter()
        .map(|(v, label)| {
            let current = v == view;
            view! {
                <a
                    href=format!("{base}?year={year}&view={}", v.as_str())
                    aria-current=current.then_some("page")
                    class=if current { "rounded-md bg-indigo-700 px-3 py-1.5 text-sm font-medium text-white" } else { "rounded-md px-3 py-1.5 text-sm font-medium text-indigo-800 underline underline-offset-2 hover:bg-indigo-50" }
                >
                    {i18n.t(label)}
                </a>
            }
        })
        .collect_view();
    let summary_href = {
        let base = base.clone();
        move |q: Option<u32>| {
            let summary = q.map(|q| format!("&summary=q{q}")).unwrap_or_default();
            format!(
                "{base}?year={year}&view={}{summary}#summary-heading",
                view.as_str()
            )
        }
    };
    // A new year keeps the view and the summary's quarter.
    let keep: Vec<(&'static str, String)> = std::iter::once(("view", view.as_str().to_string()))
        .chain(
            progress
                .summary_quarter
                .map(|q| ("summary", format!("q{q}"))),
        )
        .collect();
    let goals = Metric::ALL
        .into_iter()
        .map(|metric| view! { <GoalProgress metric view year currency actuals=progress.actuals targets in_progress_month=progress.in_progress_month forecast=progress.forecast.forecast /> })
        .collect_view();
    view! {
        <Title text=title />
        <PartnerLine name=progress.partner.name.clone() />
        <div class="mt-1 flex flex-wrap items-center gap-3">
            <h1 class="mr-auto text-2xl font-semibold">{i18n.t(Key::ReviewProgress)}</h1>
            <a href=format!("/p/{}/progress.csv?year={year}&view={}", progress.partner.id, view.as_str()) class=SECONDARY_BUTTON_CLASS download="">
                {i18n.t(Key::ExportProgress)}
            </a>
        </div>
        <nav aria-label=i18n.t(Key::PeriodLabel) class="mt-4 flex gap-2">{switch}</nav>
        <YearChooser years=progress.years.clone() year refused=progress.year_refused keep=keep />
        {progress.targets.is_none().then(|| view! {
            <p class="mt-4 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700">
                {i18n.format(Key::NoTargetsYet, &[("year", &year.to_string())])} " "
                <a href=format!("/p/{}/goals?year={year}", progress.partner.id) class=LINK_CLASS>{i18n.t(Key::SetAnnualGoals)}</a>
            </p>
        })}
        <div class="mt-6 grid gap-8">{goals}</div>
        <PacingTable pacing=progress.pacing.clone() year_over=progress.year_over currency />
        {(!progress.year_over).then(|| view! {
            <ForecastSection forecast=progress.forecast.clone() pacing=progress.pacing.clone() targets currency partner=progress.partner.id />
        })}
        <SummaryTable
            summary=progress.summary
            previous=progress.previous_summary
            currency=progress.partner.currency
            year
            quarter=progress.summary_quarter
            href=summary_href
        />
    }
}

/// One goal: its table (the chart's text alternative) and its chart.
#[component]
fn GoalProgress(
    metric: Metric,
    view: View,
    year: i32,
    currency: Currency,
    actuals: YearMetrics,
    targets: YearMetrics,
    in_progress_month: Option<u32>,
    forecast: Forecast,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = i18n.t(metric.label());
    // A forecast metric's value of a period by one method, in hundredths.
    let forecast_at = move |method: Method, p: u32| match view {
        View::Monthly => forecast.month(method, metric, p),
        View::Quarterly => forecast.quarter(method, metric, p),
    };
    let has_forecast = FORECAST_METRICS.contains(&metric) && forecast.first_open_month <= 12;
    // "weighted (commit–best case)", or the actual alone once a period has ended.
    let forecast_cell = move |p: Option<u32>| {
        let at = |method| match p {
            Some(p) => forecast_at(method, p),
            None => forecast.year_end(method, metric),
        };
        forecast::shown_range(metric, Method::ALL.map(|m| at(m).unwrap_or(0)), currency)
    };
    let id = metric.as_str();
    let period_name = move |p: u32| match view {
        View::Monthly => i18n.t(Key::month(p)).to_string(),
        View::Quarterly => i18n.format(Key::QuarterLabel, &[("quarter", &p.to_string())]),
    };
    let num = "px-2 py-1.5 text-right tabular-nums whitespace-nowrap";
    let row = move |label: String, actual: i64, target: i64, total: bool, period: Option<u32>| {
        view! {
            <tr class=if total { "border-t border-slate-200 bg-slate-50 font-medium" } else { "border-t border-slate-100" }>
                <th scope="row" class="px-2 py-1.5 text-left font-normal">{label}</th>
                <td class=num>{figure(metric, actual, currency)}</td>
                <td class=num>{figure(metric, target, currency)}</td>
                <td class=num>{shown_percent(i18n, actual, target)}</td>
                {has_forecast.then(|| view! { <td class=num>{forecast_cell(period)}</td> })}
            </tr>
        }
    };
    // The period still running is marked: its figures are not final.
    let running = in_progress_month.map(|m| match view {
        View::Monthly => m,
        View::Quarterly => (m - 1) / 3 + 1,
    });
    let rows = view
        .periods()
        .map(|p| {
            let label = match running == Some(p) {
                true => i18n.format(Key::PeriodInProgress, &[("period", &period_name(p))]),
                false => period_name(p),
            };
            row(
                label,
                view.value(&actuals, metric, p),
                view.value(&targets, metric, p),
                false,
                Some(p),
            )
        })
        .collect_view();
    let bars: Vec<(String, i64, i64)> = view
        .periods()
        .map(|p| {
            let short = match view {
                View::Monthly => i18n.t(Key::month_short(p)).to_string(),
                View::Quarterly => i18n.format(Key::QuarterLabel, &[("quarter", &p.to_string())]),
            };
            (
                short,
                view.value(&actuals, metric, p),
                view.value(&targets, metric, p),
            )
        })
        .collect();
    // The forecast as the year-so-far chart draws it: running sums of each
    // method in whole units, from the last period that has ended.
    let band = has_forecast.then(|| {
        let running = |method: Method| {
            let mut sum = 0_i64;
            view.periods()
                .map(|p| {
                    sum += forecast_at(method, p).unwrap_or(0);
                    forecast::rounded_whole(sum)
                })
                .collect::<Vec<i64>>()
        };
        let first_open = match view {
            View::Monthly => forecast.first_open_month,
            View::Quarterly => forecast.first_open_month.div_ceil(3),
        } as usize;
        Band {
            from: first_open.saturating_sub(2),
            commit: running(Method::Commit),
            weighted: running(Method::Weighted),
            best: running(Method::BestCase),
        }
    });
    view! {
        <section aria-labelledby=format!("{id}-heading") class="rounded-lg border border-slate-200 bg-white p-4">
            <h2 id=format!("{id}-heading") class="mb-3 text-lg font-medium">{name}</h2>
            <div class="grid gap-4 lg:grid-cols-2">
                <TableScroll label=name.to_string()>
                    <table id=format!("{id}-table") class="min-w-full text-sm">
                        <caption class="sr-only">{name}</caption>
                        <thead class="bg-slate-50">
                            <tr>
                                <th scope="col" class="px-2 py-1.5 text-left">{i18n.t(Key::PeriodLabel)}</th>
                                <th scope="col" class="px-2 py-1.5 text-right">{i18n.t(Key::CurrentPerformance)}</th>
                                <th scope="col" class="px-2 py-1.5 text-right">{i18n.t(Key::TargetLabel)}</th>
                                <th scope="col" class="px-2 py-1.5 text-right">{i18n.t(Key::PercentAchieved)}</th>
                                {has_forecast.then(|| view! { <th scope="col" class="px-2 py-1.5 text-right">{i18n.t(Key::ForecastRange)}</th> })}
                            </tr>
                        </thead>
                        <tbody>
                            {rows}
                            {row(i18n.t(Key::FullYear).to_string(), actuals.total(metric), targets.total(metric), true, None)}
                        </tbody>
                    </table>
                </TableScroll>
                <Charts id=id.to_string() name=name.to_string() year metric currency bars band />
            </div>
        </section>
    }
}

/// Actual (filled bars) against target (outlined bars) per period, and the
/// year so far (lines) as a chart of its own with its own axis. Images for
/// assistive technology, described by the table beside them, which holds
/// the same numbers.
#[component]
fn Charts(
    id: String,
    name: String,
    year: i32,
    metric: Metric,
    currency: Currency,
    bars: Vec<(String, i64, i64)>,
    band: Option<Band>,
) -> impl IntoView {
    let i18n = use_i18n();
    let running = |pick: fn(&(String, i64, i64)) -> i64| {
        let mut sum = 0_i64;
        bars.iter()
            .map(|b| {
                sum = sum.saturating_add(pick(b));
                sum
            })
            .collect::<Vec<i64>>()
    };
    let (actual_sums, target_sums) = (running(|b| b.1), running(|b| b.2));
    let labels: Vec<String> = bars.iter().map(|b| b.0.clone()).collect();
    let per_period = i18n.format(
        Key::ChartPerPeriod,
        &[("metric", &name), ("year", &year.to_string())],
    );
    let so_far = i18n.format(
        Key::ChartSoFar,
        &[("metric", &name), ("year", &year.to_string())],
    );
    let table_id = format!("{id}-table");
    let bar_series = vec![
        Series::Bars(bars.iter().map(|b| b.2).collect(), SeriesLook::Target),
        Series::Bars(bars.iter().map(|b| b.1).collect(), SeriesLook::Actual),
    ];
    let mut line_series = vec![
        Series::Line(target_sums, SeriesLook::Target),
        Series::Line(actual_sums, SeriesLook::Actual),
    ];
    let mut line_legend = vec![
        (SeriesLook::Actual, Key::LegendActualSoFar, true),
        (SeriesLook::Target, Key::LegendTargetSoFar, true),
    ];
    if let Some(band) = band {
        // Under the lines, so that they stay visible over it.
        line_series.insert(0, Series::Band(band));
        line_legend.push((SeriesLook::Band, Key::LegendForecastBand, false));
        line_legend.push((SeriesLook::Forecast, Key::LegendForecastWeighted, true));
    }
    view! {
        <div class="min-w-0 space-y-4">
            <Chart id=format!("{id}-periods") title=per_period described_by=table_id.clone() metric currency labels=labels.clone() series=bar_series legend=vec![(SeriesLook::Actual, Key::CurrentPerformance, false), (SeriesLook::Target, Key::TargetLabel, false)] />
            <Chart id=format!("{id}-so-far") title=so_far described_by=table_id metric currency labels series=line_series legend=line_legend />
        </div>
    }
}

/// How a series is drawn: the actuals filled (bars) or solid (lines) in
/// indigo, the targets outlined or dashed in slate; both at least 3:1
/// against the white ground (WCAG's non-text contrast).
#[derive(Clone, Copy, PartialEq)]
enum SeriesLook {
    Actual,
    Target,
    /// The forecast's band, commit to best case, in sky blue with its edge
    /// drawn at 3:1.
    Band,
    /// The weighted forecast, dotted.
    Forecast,
}

/// The forecast on the year-so-far chart: running sums per period, drawn
/// from period index `from` (the last that has ended) on.
#[derive(Clone, PartialEq)]
struct Band {
    from: usize,
    commit: Vec<i64>,
    weighted: Vec<i64>,
    best: Vec<i64>,
}

enum Series {
    Bars(Vec<i64>, SeriesLook),
    Line(Vec<i64>, SeriesLook),
    Band(Band),
}

impl Series {
    fn values(&self) -> &[i64] {
        match self {
            Series::Bars(v, _) | Series::Line(v, _) => v,
            Series::Band(band) => &band.best,
        }
    }
}

/// One chart: a value axis with round ticks and gridlines in the partner's
/// figures, the periods named in the reader's language below, the series,
/// and a legend naming each. Text is 12 px in a 320-wide drawing, which the
/// page never shows narrower than that.
#[component]
fn Chart(
    id: String,
    title: String,
    described_by: String,
    metric: Metric,
    currency: Currency,
    labels: Vec<String>,
    series: Vec<Series>,
    legend: Vec<(SeriesLook, Key, bool)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let largest = series
        .iter()
        .flat_map(|s| s.values().iter().copied())
        .max()
        .unwrap_or(0);
    let unit = if metric.is_money() {
        10_i64.pow(currency.minor_digits())
    } else {
        1
    };
    let ticks = crate::model::progress::axis_ticks(largest, unit);
    let top_value = *ticks.last().unwrap_or(&1) as f64;
    let tick_labels: Vec<String> = ticks
        .iter()
        .map(|t| crate::model::progress::axis_label(*t, metric, currency))
        .collect();
    let widest = tick_labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(1) as f64;
    let (width, height, top, bottom) = (320.0_f64, 200.0_f64, 22.0_f64, 22.0_f64);
    let left = 10.0 + widest * 7.0;
    let plot = height - top - bottom;
    let y = move |v: i64| top + plot - (v as f64 / top_value * plot);
    let step = (width - left) / labels.len().max(1) as f64;
    // Month names need about 28 units each: a crowded axis names every other.
    let every = if step < 28.0 { 2 } else { 1 };
    let unit_label = if metric.is_money() {
        currency.code().to_string()
    } else {
        i18n.t(Key::AxisDeals).to_string()
    };
    let grid = ticks
        .iter()
        .zip(tick_labels)
        .map(|(t, label)| {
            let at = y(*t);
            view! {
                <line x1=left y1=at x2=width y2=at class=if *t == 0 { "stroke-slate-500" } else { "stroke-slate-200" } stroke-width="1" />
                <text x=left - 4.0 y=at + 4.0 text-anchor="end" class="fill-slate-700" font-size="12">{label}</text>
            }
        })
        .collect_view();
    let x_labels = labels
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0)
        .map(|(i, label)| view! {
            <text x=left + (i as f64 + 0.5) * step y=height - 6.0 text-anchor="middle" class="fill-slate-700" font-size="12">{label.clone()}</text>
        })
        .collect_view();
    let bar_sets = series
        .iter()
        .filter(|s| matches!(s, Series::Bars(..)))
        .count()
        .max(1) as f64;
    let mut bar_index = 0.0;
    let drawn = series
        .iter()
        .map(|s| match s {
            Series::Bars(values, look) => {
                let w = step * 0.8 / bar_sets;
                let offset = step * 0.1 + bar_index * w;
                bar_index += 1.0;
                let class = match look {
                    SeriesLook::Actual => "fill-indigo-700",
                    _ => "fill-white stroke-slate-600",
                };
                values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| view! {
                        <rect x=left + i as f64 * step + offset y=y(*v) width=w height=top + plot - y(*v) class=class stroke-width="1" />
                    })
                    .collect_view()
                    .into_any()
            }
            Series::Line(values, look) => {
                let points = values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| format!("{:.1},{:.1}", left + (i as f64 + 0.5) * step, y(*v)))
                    .collect::<Vec<_>>()
                    .join(" ");
                match look {
                    SeriesLook::Target => view! { <polyline points=points fill="none" class="stroke-slate-600" stroke-width="2" stroke-dasharray="5 4" /> }.into_any(),
                    _ => view! { <polyline points=points fill="none" class="stroke-indigo-700" stroke-width="2.5" /> }.into_any(),
                }
            }
            Series::Band(band) => {
                let x = |i: usize| left + (i as f64 + 0.5) * step;
                let at = |values: &[i64], i: usize| format!("{:.1},{:.1}", x(i), y(values[i]));
                let n = band.best.len();
                let upper = (band.from..n).map(|i| at(&band.best, i));
                let lower = (band.from..n).rev().map(|i| at(&band.commit, i));
                let outline = upper.chain(lower).collect::<Vec<_>>().join(" ");
                let weighted = (band.from..n).map(|i| at(&band.weighted, i)).collect::<Vec<_>>().join(" ");
                view! {
                    <polygon points=outline class="fill-sky-100 stroke-sky-700" stroke-width="1" />
                    <polyline points=weighted fill="none" class="stroke-sky-800" stroke-width="2" stroke-dasharray="2 3" />
                }
                .into_any()
            }
        })
        .collect_view();
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    let swatches = legend
        .into_iter()
        .map(|(look, key, line)| {
            let swatch = match (look, line) {
                (SeriesLook::Actual, false) => "inline-block h-3 w-3 bg-indigo-700",
                (SeriesLook::Target, false) => "inline-block h-3 w-3 border border-slate-600 bg-white",
                (SeriesLook::Actual, true) => "inline-block h-0.5 w-5 bg-indigo-700 align-middle",
                (SeriesLook::Target, true) => "inline-block w-5 border-t-2 border-dashed border-slate-600 align-middle",
                (SeriesLook::Band, _) => "inline-block h-3 w-5 border border-sky-700 bg-sky-100",
                (SeriesLook::Forecast, _) => "inline-block w-5 border-t-2 border-dotted border-sky-800 align-middle",
            };
            view! { <li class="flex items-center gap-1.5"><span aria-hidden="true" class=swatch></span>{i18n.t(key)}</li> }
        })
        .collect_view();
    view! {
        <figure class="min-w-0">
            <svg
                viewBox=format!("0 0 {width} {height}")
                role="img"
                aria-labelledby=labelled_by
                aria-describedby=described_by
                class="h-auto w-full min-w-0"
            >
                <title id=title_id>{title.clone()}</title>
                <text x=2.0 y=12.0 class="fill-slate-700" font-size="12">{unit_label}</text>
                {grid}
                {drawn}
                {x_labels}
            </svg>
            <figcaption class="mt-1 text-xs text-slate-700">
                <span class="sr-only">{title}</span>
                <ul class="flex flex-wrap gap-x-4 gap-y-1 text-sm">{swatches}</ul>
            </figcaption>
        </figure>
    }
}

#[component]
fn PacingTable(pacing: Vec<Pacing>, year_over: bool, currency: Currency) -> impl IntoView {
    let i18n = use_i18n();
    let num = "px-2 py-1.5 text-right tabular-nums whitespace-nowrap";
    let dash = || i18n.t(Key::NoPercent).to_string();
    let rows = Metric::ALL
        .into_iter()
        .zip(pacing)
        .map(|(metric, p)| {
            let status = p.status.map(|s| i18n.t(s.label()).to_string()).unwrap_or_else(dash);
            let ratio = p.ratio_percent.map(|r| format!("{r}%")).unwrap_or_else(dash);
            let shown = move |v: Option<i64>| v.map(|v| figure(metric, v, currency)).unwrap_or_else(dash);
            view! {
                <tr class="border-t border-slate-100">
                    <th scope="row" class="px-2 py-1.5 text-left font-normal">{i18n.t(metric.label())}</th>
                    <td class=num>{figure(metric, p.year_to_date_actual, currency)}</td>
                    <td class=num>{figure(metric, p.year_to_date_target, currency)}</td>
                    <td class=num>{ratio}</td>
                    <td class="px-2 py-1.5">{status}</td>
                    {(!year_over).then(|| view! {
                        <td class=num>{shown(p.projected_year_end)}</td>
                        <td class=num>{shown(p.needed_per_month)}</td>
                    })}
                </tr>
            }
        })
        .collect_view();
    let head = view! {
        <th scope="col" class="px-2 py-1.5 text-right">{i18n.t(Key::YearToDateActual)}</th>
        <th scope="col" class="px-2 py-1.5 text-right">{i18n.t(Key::YearToDateTarget)}</th>
        <th scope="col" class="px-2 py-1.5 text-right">{i18n.t(if year_over { Key::FinalAttainment } else { Key::PercentAchieved })}</th>
        <th scope="col" class="px-2 py-1.5 text-left">{i18n.t(Key::PaceStatusLabel)}</th>
        {(!year_over).then(|| view! {
            <th scope="col" class="px-2 py-1.5 text-right">{i18n.t(Key::ProjectedYearEnd)}</th>
            <th scope="col" class="px-2 py-1.5 text-right">{i18n.t(Key::NeededPerMonth)}</th>
        })}
    };
    view! {
        <Report id="pacing" title=Key::Pacing head=head.into_any() rows=rows.into_any() />
        {(!year_over).then(|| view! { <p class="mt-2 max-w-3xl text-sm text-slate-700">{i18n.t(Key::PacingRule)}</p> })}
    }
}

/// The data summary of the year or of one of its quarters (chosen by links,
/// so it works without JavaScript), beside the same period a year before.
#[component]
fn SummaryTable(
    summary: DataSummary,
    previous: DataSummary,
    currency: Currency,
    year: i32,
    quarter: Option<u32>,
    href: impl Fn(Option<u32>) -> String + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let period_name = move |year: i32| match quarter {
        Some(q) => i18n.format(
            Key::QuarterOfYear,
            &[("quarter", &q.to_string()), ("year", &year.to_string())],
        ),
        None => year.to_string(),
    };
    let choices = [None, Some(1), Some(2), Some(3), Some(4)]
        .into_iter()
        .map(|q| {
            let current = q == quarter;
            let label = match q {
                Some(q) => i18n.format(Key::QuarterLabel, &[("quarter", &q.to_string())]),
                None => i18n.t(Key::FullYear).to_string(),
            };
            view! {
                <a
                    href=href(q)
                    aria-current=current.then_some("true")
                    class=if current { "rounded-md bg-indigo-700 px-2.5 py-1 text-sm font-medium text-white" } else { "rounded-md px-2.5 py-1 text-sm font-medium text-indigo-800 underline underline-offset-2 hover:bg-indigo-50" }
                >
                    {label}
                </a>
            }
        })
        .collect_view();
    let num = "px-2 py-1.5 text-right tabular-nums whitespace-nowrap";
    let dash = || i18n.t(Key::NoPercent).to_string();
    let cells = move |s: DataSummary| {
        [
            s.average_selling_price()
                .map(|v| Money::new(v, currency).display())
                .unwrap_or_else(dash),
            i18n.format(
                Key::DealsInFlightValue,
                &[
                    ("count", &s.in_flight_count.to_string()),
                    ("mrr", &Money::new(s.in_flight_mrr, currency).display()),
                ],
            ),
            s.win_rate_percent()
                .map(|r| format!("{r}%"))
                .unwrap_or_else(dash),
            s.largest_won
                .map(|v| Money::new(v, currency).display())
                .unwrap_or_else(dash),
        ]
    };
    let (now, mut before) = (cells(summary), cells(previous));
    // Deals in flight are the open deals of today: a year ago's cannot be
    // told from today's deals, so that cell says so rather than repeat it.
    before[1] = i18n.t(Key::InFlightTodayOnly).to_string();
    let rows = [
        Key::AverageSellingPrice,
        Key::DealsInFlight,
        Key::WinRate,
        Key::LargestDealWon,
    ]
    .into_iter()
    .zip(now.into_iter().zip(before))
    .map(|(label, (now, before))| {
        view! {
            <tr class="border-t border-slate-100">
                <th scope="row" class="px-2 py-1.5 text-left font-normal">{i18n.t(label)}</th>
                <td class=num>{now}</td>
                <td class=num>{before}</td>
            </tr>
        }
    })
    .collect_view();
    let head = view! {
        <th scope="col" class="px-2 py-1.5 text-right">{period_name(year)}</th>
        <th scope="col" class="px-2 py-1.5 text-right">
            {period_name(year - 1)} <span class="sr-only">" (" {i18n.t(Key::SamePeriodLastYear)} ")"</span>
        </th>
    };
    view! {
        <nav aria-label=i18n.t(Key::SummaryPeriod) class="mt-8 -mb-5 flex flex-wrap gap-2">{choices}</nav>
        <Report id="summary" title=Key::DataSummary head=head.into_any() rows=rows.into_any() />
    }
}

/// A titled table whose rows are headed by their first cell.
#[component]
fn Report(id: &'static str, title: Key, head: AnyView, rows: AnyView) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby=format!("{id}-heading") class="mt-8">
            <h2 id=format!("{id}-heading") class="mb-3 text-lg font-medium">{i18n.t(title)}</h2>
            <TableScroll label=i18n.t(title) class="rounded-lg border border-slate-200 bg-white">
                <table class="min-w-full text-sm">
                    <caption class="sr-only">{i18n.t(title)}</caption>
                    <thead class="bg-slate-50"><tr><td></td>{head}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </TableScroll>
        </section>
    }
}

/// The forecast from the pipeline beside straight-line pacing: each
/// method's year end and the pipeline coverage per forecast metric, how it is
/// read, the open deals that matter most this quarter and those left out.
#[component]
fn ForecastSection(
    forecast: crate::views::ForecastView,
    pacing: Vec<Pacing>,
    targets: YearMetrics,
    currency: Currency,
    partner: crate::model::PartnerId,
) -> impl IntoView {
    let i18n = use_i18n();
    let num = "px-2 py-1.5 text-right tabular-nums whitespace-nowrap";
    let dash = move || i18n.t(Key::NoPercent).to_string();
    let f = forecast.forecast;
    let rows = FORECAST_METRICS
        .into_iter()
        .zip(forecast.coverage.clone())
        .map(|(metric, coverage)| {
            let straight = Metric::ALL
                .iter()
                .position(|m| *m == metric)
                .and_then(|i| pacing.get(i))
                .and_then(|p| p.projected_year_end)
                .map(|v| figure(metric, v, currency))
                .unwrap_or_else(dash);
            let methods = Method::ALL
                .map(|m| forecast::shown(metric, f.year_end(m, metric).unwrap_or(0), currency))
                .map(|v| view! { <td class=num>{v}</td> });
            let coverage = match coverage {
                Coverage::NoTarget => dash(),
                Coverage::Met => i18n.t(Key::CoverageMet).to_string(),
                Coverage::Times(t) => i18n.format(Key::CoverageTimes, &[("times", &format!("{}.{}", t / 10, t % 10))]),
            };
            view! {
                <tr class="border-t border-slate-100">
                    <th scope="row" class="px-2 py-1.5 text-left font-normal">{i18n.t(metric.label())}</th>
                    <td class=num>{figure(metric, targets.total(metric), currency)}</td>
                    <td class=num>{straight}</td>
                    {methods}
                    <td class=num>{coverage}</td>
                </tr>
            }
        })
        .collect_view();
    let head = view! {
        <th scope="col" class="px-2 py-1.5 text-right">{i18n.t(Key::TargetLabel)}</th>
        <th scope="col" class="px-2 py-1.5 text-right">{i18n.t(Key::ForecastStraightLine)}</th>
        {Method::ALL.map(|m| view! { <th scope="col" class="px-2 py-1.5 text-right">{i18n.t(m.label())}</th> })}
        <th scope="col" class="px-2 py-1.5 text-right">{i18n.t(Key::PipelineCoverage)}</th>
    };
    let deal_row = move |d: &crate::views::OpenDealView| {
        let probability = if d.own_probability {
            i18n.format(
                Key::ProbabilityOwn,
                &[("percent", &d.probability.to_string())],
            )
        } else {
            format!("{}%", d.probability)
        };
        view! {
            <tr class="border-t border-slate-100">
                <th scope="row" class="px-2 py-1.5 text-left font-normal">
                    <a href=format!("/p/{partner}/deals/{}", d.id) class=LINK_CLASS>{d.name.clone()}</a>
                </th>
                <td class="px-2 py-1.5">{i18n.t(d.kind.label())}</td>
                <td class="px-2 py-1.5">{d.pipeline_stage.clone().unwrap_or_else(|| i18n.t(Key::NoPipelineStage).to_string())}</td>
                <td class=num>{probability}</td>
                <td class="px-2 py-1.5 whitespace-nowrap">
                    {d.close_date.map(|c| c.to_string()).unwrap_or_else(dash)}
                    {d.overdue.then(|| view! { " " <span class="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">{i18n.t(Key::OverdueDeal)}</span> })}
                </td>
                <td class=num>{Money::new(d.mrr, currency).display()}</td>
                <td class=num>{Money::new(d.weighted_mrr, currency).display()}</td>
            </tr>
        }
    };
    let deal_head = move || {
        view! {
            <th scope="col" class="px-2 py-1.5 text-left">{i18n.t(Key::ColKind)}</th>
            <th scope="col" class="px-2 py-1.5 text-left">{i18n.t(Key::ColPipelineStage)}</th>
            <th scope="col" class="px-2 py-1.5 text-right">{i18n.t(Key::ColProbability)}</th>
            <th scope="col" class="px-2 py-1.5 text-left">{i18n.t(Key::ColCloseDate)}</th>
            <th scope="col" class="px-2 py-1.5 text-right">{i18n.t(Key::ColMrr)}</th>
            <th scope="col" class="px-2 py-1.5 text-right">{i18n.t(Key::ColWeightedMrr)}</th>
        }
    };
    let largest = forecast.largest.iter().map(deal_row).collect_view();
    let undated = forecast.undated.iter().map(deal_row).collect_view();
    let undated_total = f.undated;
    let listed = forecast.undated.len() as i64;
    view! {
        <Report id="forecast" title=Key::Forecast head=head.into_any() rows=rows.into_any() />
        <p class="mt-2 max-w-3xl text-sm text-slate-700">{i18n.t(Key::ForecastRule)}</p>
        {forecast.this_year.then(|| if forecast.largest.is_empty() {
            view! {
                <section aria-labelledby="top-deals-heading" class="mt-8">
                    <h2 id="top-deals-heading" class="mb-3 text-lg font-medium">{i18n.t(Key::TopDeals)}</h2>
                    <p class="text-sm text-slate-700">{i18n.t(Key::TopDealsNone)}</p>
                </section>
            }.into_any()
        } else {
            view! { <Report id="top-deals" title=Key::TopDeals head=deal_head().into_any() rows=largest.into_any() /> }.into_any()
        })}
        {(undated_total > 0).then(|| view! {
            <Report id="undated-deals" title=Key::UndatedDeals head=deal_head().into_any() rows=undated.into_any() />
            <p class="mt-2 text-sm text-slate-700">
                {i18n.format(Key::UndatedDealsNote, &[("count", &undated_total.to_string())])}
                {(undated_total > listed).then(|| format!(" ({})", i18n.format(Key::UndatedDealsMore, &[("count", &(undated_total - listed).to_string())])))}
            </p>
        })}
    }
}
