//! `/p/{partner}/progress?year=Y&view=monthly|quarterly`: "Review progress".
//! For each of the four goals, the current performance, target and percent
//! achieved per month or quarter and for the year, with a chart drawn on the
//! server (SVG, so it shows without WASM) whose text alternative is the table
//! beside it; then pacing and the data summary.

use super::deals::{partner_param, PartnerData, PartnerLine, LINK_CLASS, SECONDARY_BUTTON_CLASS};
use super::goals::{year_param, YearChooser};
use crate::api::progress::open_progress;
use crate::i18n::Key;
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
        .map(|metric| view! { <GoalProgress metric view year currency actuals=progress.actuals targets in_progress_month=progress.in_progress_month /> })
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
) -> impl IntoView {
    let i18n = use_i18n();
    let name = i18n.t(metric.label());
    let id = metric.as_str();
    let period_name = move |p: u32| match view {
        View::Monthly => i18n.t(Key::month(p)).to_string(),
        View::Quarterly => i18n.format(Key::QuarterLabel, &[("quarter", &p.to_string())]),
    };
    let num = "px-2 py-1.5 text-right tabular-nums whitespace-nowrap";
    let row = move |label: String, actual: i64, target: i64, total: bool| {
        view! {
            <tr class=if total { "border-t border-slate-200 bg-slate-50 font-medium" } else { "border-t border-slate-100" }>
                <th scope="row" class="px-2 py-1.5 text-left font-normal">{label}</th>
                <td class=num>{figure(metric, actual, currency)}</td>
                <td class=num>{figure(metric, target, currency)}</td>
                <td class=num>{shown_percent(i18n, actual, target)}</td>
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
            )
        })
        .collect_view();
    let bars: Vec<(String, i64, i64)> = view
        .periods()
        .map(|p| {
            let short = match view {
                View::Monthly => p.to_string(),
                View::Quarterly => format!("Q{p}"),
            };
            (
                short,
                view.value(&actuals, metric, p),
                view.value(&targets, metric, p),
            )
        })
        .collect();
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
                            </tr>
                        </thead>
                        <tbody>
                            {rows}
                            {row(i18n.t(Key::FullYear).to_string(), actuals.total(metric), targets.total(metric), true)}
                        </tbody>
                    </table>
                </TableScroll>
                <Chart id=id.to_string() name=name.to_string() year bars />
            </div>
        </section>
    }
}

/// Actual (filled bars) against target (outlined bars) per period, and the
/// cumulative year (lines). An image for assistive technology, described by
/// the table beside it, which holds the same numbers.
#[component]
fn Chart(id: String, name: String, year: i32, bars: Vec<(String, i64, i64)>) -> impl IntoView {
    let i18n = use_i18n();
    let (width, height, top, bottom, left) = (320.0_f64, 180.0_f64, 10.0, 24.0, 8.0);
    let plot = height - top - bottom;
    let largest = bars
        .iter()
        .map(|(_, a, t)| (*a).max(*t))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let step = (width - left) / bars.len().max(1) as f64;
    let y = |v: i64| top + plot - (v as f64 / largest * plot);
    let columns = bars
        .iter()
        .enumerate()
        .map(|(i, (label, actual, target))| {
            let x = left + i as f64 * step;
            let w = step * 0.35;
            view! {
                <rect x=x + step * 0.1 y=y(*target) width=w height=top + plot - y(*target) class="fill-white stroke-slate-500" stroke-width="1" />
                <rect x=x + step * 0.1 + w y=y(*actual) width=w height=top + plot - y(*actual) class="fill-indigo-700" />
                <text x=x + step / 2.0 y=height - 8.0 text-anchor="middle" class="fill-slate-700 text-[10px]">{label.clone()}</text>
            }
        })
        .collect_view();
    // The cumulative year, scaled to its own total so its shape reads at a glance.
    let cumulative = |pick: fn(&(String, i64, i64)) -> i64| {
        let mut sum = 0;
        let sums: Vec<i64> = bars
            .iter()
            .map(|b| {
                sum += pick(b);
                sum
            })
            .collect();
        sums
    };
    let (actual_sums, target_sums) = (cumulative(|b| b.1), cumulative(|b| b.2));
    let cumulative_top = actual_sums
        .last()
        .copied()
        .unwrap_or(0)
        .max(target_sums.last().copied().unwrap_or(0))
        .max(1) as f64;
    let line = |sums: &[i64]| {
        sums.iter()
            .enumerate()
            .map(|(i, v)| {
                format!(
                    "{:.1},{:.1}",
                    left + (i as f64 + 0.5) * step,
                    top + plot - (*v as f64 / cumulative_top * plot)
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let title_id = format!("{id}-chart-title");
    let table_id = format!("{id}-table");
    let labelled_by = title_id.clone();
    view! {
        <figure class="min-w-0">
            <svg
                viewBox=format!("0 0 {width} {height}")
                role="img"
                aria-labelledby=labelled_by
                aria-describedby=table_id
                class="h-auto w-full"
            >
                <title id=title_id>{format!("{name}, {year}")}</title>
                <line x1=left y1=top + plot x2=width y2=top + plot class="stroke-slate-300" stroke-width="1" />
                {columns}
                <polyline points=line(&target_sums) fill="none" class="stroke-slate-500" stroke-width="1.5" stroke-dasharray="4 3" />
                <polyline points=line(&actual_sums) fill="none" class="stroke-emerald-700" stroke-width="2" />
            </svg>
            <figcaption class="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
                <span><span aria-hidden="true" class="mr-1 inline-block h-2.5 w-2.5 bg-indigo-700"></span>{i18n.t(Key::CurrentPerformance)}</span>
                <span><span aria-hidden="true" class="mr-1 inline-block h-2.5 w-2.5 border border-slate-500"></span>{i18n.t(Key::TargetLabel)}</span>
                <span><span aria-hidden="true" class="mr-1 inline-block h-0.5 w-4 bg-emerald-700 align-middle"></span>{i18n.t(Key::FullYear)}</span>
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
