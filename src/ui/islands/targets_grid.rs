//! The goal wizard's monthly targets: a 12-month grid of the four metrics,
//! each month beside the previous year's actual, with quarter and year totals,
//! and the growth-percentage preview.
//!
//! Without JavaScript it is part of the wizard's plain form: "Preview" and
//! "Apply to the targets" are submits that the server answers with the grid
//! re-rendered. Live, the totals follow every keystroke, choosing a percentage
//! previews it at once, applying fills the grid without a round trip, and ↑/↓
//! move between months. The numbers come from `model::goals` and
//! `model::metrics`, the server's own rules.

use super::dom::{self, IslandTexts, Part};
use crate::i18n::Key;
use crate::model::goals::{
    figure, parse_target, target_field, target_input, GrowthChange, GrowthPercent,
};
use crate::model::metrics::{Metric, YearMetrics};
use crate::model::Currency;
use crate::ui::i18n::use_i18n;
use crate::ui::table::TableScroll;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlInputElement, HtmlSelectElement, KeyboardEvent};

const ISLAND: &str = "targets";
const CELL_CLASS: &str = "w-28 rounded-md border border-slate-300 bg-white px-2 py-1 text-right text-sm tabular-nums shadow-sm focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600 aria-[invalid=true]:border-red-600";

/// The live layer over [`TargetsTable`] and [`GrowthPreview`], which the page
/// passes in as children.
#[island]
pub fn TargetsGrid(children: Children) -> impl IntoView {
    let root = NodeRef::<Div>::new();
    // Effects run only in the browser: the preview button gives way to the
    // live preview once the island is live.
    Effect::new(move |_| {
        if let Some(grid) = root.get().and_then(|r| Grid::of(&Part::new(r.into()))) {
            if let Some(button) = grid.part.find("button[value=preview]") {
                dom::set_hidden(&button, true);
            }
        }
    });
    view! {
        <div
            node_ref=root
            data-island=ISLAND
            on:input=with(Grid::typed)
            on:change=with(Grid::chose)
            on:click=with(Grid::clicked)
            on:keydown=with(Grid::key)
        >
            {children()}
        </div>
    }
}

/// An event handler that finds the grid the event happened in.
fn with<E: AsRef<Event>>(act: fn(&Grid, &Event)) -> impl Fn(E) + 'static {
    dom::on(ISLAND, Grid::of, act)
}

/// What a cell of the grid holds: the typed value and any error on it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cell {
    pub typed: String,
    pub error: Option<&'static str>,
}

/// The targets as typed; a value that is not a valid target counts as zero
/// until it is corrected (the server refuses it on save).
pub fn typed_targets(
    year: i32,
    currency: Currency,
    typed: impl Fn(Metric, u32) -> String,
) -> YearMetrics {
    let mut targets = YearMetrics::empty(year);
    for metric in Metric::ALL {
        for month in 1..=12 {
            let value = parse_target(&typed(metric, month), metric, currency).unwrap_or(0);
            targets.set(metric, month, value);
        }
    }
    targets
}

/// The grid as the server renders it: months down, the four metrics across,
/// each as last year's actual and this year's target. With `cells`, the
/// targets are inputs (the wizard); without, figures (the goals page).
#[component]
pub fn TargetsTable(
    year: i32,
    currency: Currency,
    previous: YearMetrics,
    targets: YearMetrics,
    /// Per metric, then month: the inputs' contents, for the wizard.
    #[prop(optional)]
    cells: Option<Vec<Vec<Cell>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let editable = cells.is_some();
    let cells = cells.unwrap_or_default();
    let cells = &cells;
    let num = "px-2 py-1.5 text-right tabular-nums whitespace-nowrap";
    let month_row = move |month: u32| {
        let name = i18n.t(Key::month(month));
        let columns = Metric::ALL
            .into_iter()
            .enumerate()
            .map(|(i, metric)| {
                let target = match cells.get(i).and_then(|c| c.get(month as usize - 1)) {
                    Some(cell) => {
                        let field = target_field(metric, month);
                        let id = format!("field-{field}");
                        let error_id = format!("{id}-error");
                        let label = i18n.format(
                            Key::CellLabel,
                            &[("metric", i18n.t(metric.label())), ("month", name)],
                        );
                        view! {
                            <input
                                id=id
                                name=field
                                type="text"
                                inputmode=if metric.is_money() { "decimal" } else { "numeric" }
                                autocomplete="off"
                                aria-label=label
                                aria-invalid=cell.error.map(|_| "true")
                                aria-describedby=cell.error.map(|_| error_id.clone())
                                data-metric=metric.as_str()
                                data-month=month
                                data-previous=previous.month(metric, month)
                                value=cell.typed.clone()
                                class=CELL_CLASS
                            />
                            // Always there, hidden while the cell is fine: the
                            // island writes its live verdict into it as one types.
                            <p id=error_id hidden=cell.error.is_none() data-cell-error="" class="mt-1 max-w-40 whitespace-normal text-left text-xs text-red-700">{cell.error}</p>
                        }
                        .into_any()
                    }
                    None => figure(metric, targets.month(metric, month), currency).into_any(),
                };
                view! {
                    <td class=format!("{num} text-slate-600")>{figure(metric, previous.month(metric, month), currency)}</td>
                    <td class=num>{target}</td>
                }
            })
            .collect_view();
        view! { <tr class="border-t border-slate-100"><th scope="row" class="px-2 py-1.5 text-left font-normal">{name}</th>{columns}</tr> }
    };
    let total_row = move |label: String,
                          total: &'static str,
                          of: fn(&YearMetrics, Metric) -> i64| {
        let columns = Metric::ALL
            .into_iter()
            .map(|metric| {
                view! {
                    <td class=format!("{num} text-slate-600")>{figure(metric, of(&previous, metric), currency)}</td>
                    <td class=num data-total=format!("{}_{total}", metric.as_str())>
                        {figure(metric, of(&targets, metric), currency)}
                    </td>
                }
            })
            .collect_view();
        view! { <tr class="border-t border-slate-200 bg-slate-50 font-medium"><th scope="row" class="px-2 py-1.5 text-left">{label}</th>{columns}</tr> }
    };
    let body = (1..=4u32)
        .map(|quarter| {
            let months = (quarter * 3 - 2..=quarter * 3)
                .map(&month_row)
                .collect_view();
            let label = i18n.format(Key::QuarterLabel, &[("quarter", &quarter.to_string())]);
            let total: &'static str = ["q1", "q2", "q3", "q4"][quarter as usize - 1];
            let of: fn(&YearMetrics, Metric) -> i64 = match quarter {
                1 => |m, x| m.quarter(x, 1),
                2 => |m, x| m.quarter(x, 2),
                3 => |m, x| m.quarter(x, 3),
                _ => |m, x| m.quarter(x, 4),
            };
            view! { {months} {total_row(label, total, of)} }
        })
        .collect_view();
    let heads = Metric::ALL
        .into_iter()
        .map(|metric| view! { <th scope="colgroup" colspan="2" class="px-2 py-2 text-center">{i18n.t(metric.label())}</th> })
        .collect_view();
    let subheads = Metric::ALL
        .into_iter()
        .map(|_| {
            view! {
                <th scope="col" class="px-2 py-1 text-right text-xs font-medium text-slate-600">{i18n.t(Key::PreviousYearPerformance)}</th>
                <th scope="col" class="px-2 py-1 text-right text-xs font-medium">{i18n.t(Key::TargetLabel)}</th>
            }
        })
        .collect_view();
    view! {
        <TableScroll label=i18n.t(Key::MonthlyTargets) class="rounded-lg border border-slate-200 bg-white">
            <table class="min-w-full text-sm" data-currency=currency.code() data-year=year data-editable=editable.then_some("")>
                <caption class="sr-only">{i18n.t(Key::MonthlyTargets)}</caption>
                <thead class="bg-slate-50">
                    <tr><td></td>{heads}</tr>
                    <tr><th scope="col" class="px-2 py-1 text-left text-xs font-medium">{i18n.t(Key::MonthLabel)}</th>{subheads}</tr>
                </thead>
                <tbody>
                    {body}
                    {total_row(i18n.t(Key::FullYear).to_string(), "year", |m, x| m.total(x))}
                </tbody>
            </table>
        </TableScroll>
        <IslandTexts keys=PREVIEW_TEXTS />
    }
}

/// The texts the island writes as one types: a cell's verdict, and the
/// preview as the percentage changes.
const PREVIEW_TEXTS: &[Key] = &[
    Key::ErrTargetNegative,
    Key::ErrTargetNotAmount,
    Key::ErrTargetNotCount,
    Key::ErrTargetTooLarge,
    Key::GrowthPreviewHeading,
    Key::GrowthLowersTargets,
    Key::GrowthRaisesTargets,
    Key::GrowthKeepsTargets,
    Key::NoPercent,
    Key::MetricSourcedDealsCreated,
    Key::MetricSourcedDealsClosedWon,
    Key::MetricSourcedDealMrr,
    Key::MetricAssistedDealMrr,
];

/// One goal's change as the preview says it, in `template` (the catalog's
/// text for the change's key): written by the server and by the island alike.
fn change_line(
    template: &str,
    metric_name: &str,
    metric: Metric,
    change: &GrowthChange,
    none: &str,
    currency: Currency,
) -> String {
    template
        .replace("{metric}", metric_name)
        .replace("{from}", &figure(metric, change.from, currency))
        .replace("{to}", &figure(metric, change.to, currency))
        .replace("{change}", &change.percent_shown(none))
        .replace("{previous}", &figure(metric, change.previous, currency))
        .replace("{percent}", &change.growth.get().to_string())
}

/// What the chosen growth percentage would make of the targets, where the eye
/// is: one sentence per goal (from today's annual target to the new one, and
/// why), the three totals, and the months folded away, so that the grid
/// below moves little. Rendered hidden (and filled live) until a percentage
/// is chosen; without JavaScript, filled by the server.
#[component]
pub fn GrowthPreview(
    currency: Currency,
    previous: YearMetrics,
    current: YearMetrics,
    growth: Option<GrowthPercent>,
) -> impl IntoView {
    let i18n = use_i18n();
    let year = current.year;
    let grown = growth.map(|g| g.targets_from(&previous, year, currency));
    let value = move |metric: Metric, of: &dyn Fn(&YearMetrics) -> i64| {
        grown
            .as_ref()
            .map(|g| figure(metric, of(g), currency))
            .unwrap_or_default()
    };
    let num = "px-2 py-1 text-right tabular-nums whitespace-nowrap";
    let heading = growth
        .map(|g| {
            i18n.format(
                Key::GrowthPreviewHeading,
                &[("percent", &g.get().to_string())],
            )
        })
        .unwrap_or_default();
    let lines = Metric::ALL
        .into_iter()
        .map(|metric| {
            let line = growth
                .zip(grown.as_ref())
                .map(|(g, grown)| {
                    let change = g.change(
                        previous.total(metric),
                        current.total(metric),
                        grown.total(metric),
                    );
                    change_line(
                        i18n.t(change.key()),
                        i18n.t(metric.label()),
                        metric,
                        &change,
                        i18n.t(Key::NoPercent),
                        currency,
                    )
                })
                .unwrap_or_default();
            view! { <li data-change=metric.as_str()>{line}</li> }
        })
        .collect_view();
    let months = (1..=12u32)
        .map(|month| {
            let cells = Metric::ALL
                .into_iter()
                .map(|metric| {
                    view! {
                        <td class=num data-new=target_field(metric, month)>
                            {value(metric, &|g| g.month(metric, month))}
                        </td>
                    }
                })
                .collect_view();
            view! { <tr class="border-t border-slate-100"><th scope="row" class="px-2 py-1 text-left font-normal">{i18n.t(Key::month(month))}</th>{cells}</tr> }
        })
        .collect_view();
    let sum_row = |label: Key, kind: &'static str, of: Option<&YearMetrics>| {
        let cells = Metric::ALL
            .into_iter()
            .map(|metric| {
                let shown = match of {
                    Some(m) => figure(metric, m.total(metric), currency),
                    None => value(metric, &|g| g.total(metric)),
                };
                view! { <td class=num data-sum=format!("{}_{kind}", metric.as_str())>{shown}</td> }
            })
            .collect_view();
        view! { <tr class="border-t border-slate-200 bg-slate-50 font-medium"><th scope="row" class="px-2 py-1 text-left">{i18n.t(label)}</th>{cells}</tr> }
    };
    let sums = view! {
        {sum_row(Key::LastYearTotal, "previous", Some(&previous))}
        {sum_row(Key::CurrentTargets, "current", Some(&current))}
        {sum_row(Key::NewTargets, "new", None)}
    };
    let heads = || {
        Metric::ALL
            .into_iter()
            .map(|metric| view! { <th scope="col" class="px-2 py-1 text-right">{i18n.t(metric.label())}</th> })
            .collect_view()
    };
    let (sum_heads, month_heads) = (heads(), heads());
    view! {
        <section data-preview="" hidden=growth.is_none() aria-labelledby="growth-preview-heading" class="mt-4 rounded-lg border border-indigo-200 bg-indigo-50/40 p-4">
            <h3 id="growth-preview-heading" class="font-medium" data-preview-heading="">{heading}</h3>
            <ul class="mt-1 space-y-1 text-sm text-slate-900" aria-live="polite">{lines}</ul>
            <p class="mt-1 text-sm text-slate-700">{i18n.t(Key::GrowthPreviewHint)}</p>
            <TableScroll label=i18n.t(Key::GrowthPreviewTotals) class="mt-2">
                <table class="min-w-full text-sm">
                    <thead><tr><td></td>{sum_heads}</tr></thead>
                    <tbody>{sums}</tbody>
                </table>
            </TableScroll>
            <details class="mt-2">
                <summary class="cursor-pointer text-sm font-medium text-indigo-800">{i18n.t(Key::MonthByMonth)}</summary>
                <TableScroll label=i18n.t(Key::MonthByMonth) class="mt-2">
                    <table class="min-w-full text-sm">
                        <caption class="sr-only">{i18n.t(Key::MonthByMonth)}</caption>
                        <thead><tr><th scope="col" class="px-2 py-1 text-left">{i18n.t(Key::MonthLabel)}</th>{month_heads}</tr></thead>
                        <tbody>{months}</tbody>
                    </table>
                </TableScroll>
            </details>
            <button type="submit" name="action" value="apply" class="mt-3 inline-flex items-center justify-center rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
                {i18n.t(Key::ApplyToTargets)}
            </button>
        </section>
    }
}

/// The grid's elements and figures, read from its part of the page.
struct Grid {
    part: Part,
    currency: Currency,
    year: i32,
}

impl Grid {
    fn of(part: &Part) -> Option<Grid> {
        let table = part.find("table[data-currency]")?;
        Some(Grid {
            currency: Currency::parse(&table.get_attribute("data-currency")?)?,
            year: table.get_attribute("data-year")?.parse().ok()?,
            part: part.clone(),
        })
    }

    fn cell(&self, metric: Metric, month: u32) -> Option<HtmlInputElement> {
        self.part.input(&target_field(metric, month))
    }

    fn targets(&self) -> YearMetrics {
        typed_targets(self.year, self.currency, |metric, month| {
            self.cell(metric, month)
                .map(|c| c.value())
                .unwrap_or_default()
        })
    }

    fn previous(&self) -> YearMetrics {
        let mut previous = YearMetrics::empty(self.year - 1);
        for metric in Metric::ALL {
            for month in 1..=12 {
                let value = self
                    .cell(metric, month)
                    .and_then(|c| c.get_attribute("data-previous"))
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                previous.set(metric, month, value);
            }
        }
        previous
    }

    fn growth(&self) -> Option<GrowthPercent> {
        let select: HtmlSelectElement = self.part.find("select[name=growth]")?.dyn_into().ok()?;
        GrowthPercent::parse(select.value().parse().ok()?)
    }

    fn put(&self, selector: &str, text: &str) {
        if let Some(element) = self.part.find(selector) {
            dom::set_text(&element, text);
        }
    }

    /// The quarter and year totals of the targets, and the preview's
    /// "current targets" line.
    fn refresh_totals(&self) {
        let targets = self.targets();
        for metric in Metric::ALL {
            let name = metric.as_str();
            for quarter in 1..=4 {
                let total = figure(metric, targets.quarter(metric, quarter), self.currency);
                self.put(&format!("[data-total={name}_q{quarter}]"), &total);
            }
            let year = figure(metric, targets.total(metric), self.currency);
            self.put(&format!("[data-total={name}_year]"), &year);
            self.put(&format!("[data-sum={name}_current]"), &year);
        }
    }

    /// Fills and shows the preview for the chosen percentage, or hides it.
    fn refresh_preview(&self) {
        let Some(section) = self.part.find("[data-preview]") else {
            return;
        };
        let Some(growth) = self.growth() else {
            dom::set_hidden(&section, true);
            return;
        };
        let grown = growth.targets_from(&self.previous(), self.year, self.currency);
        for metric in Metric::ALL {
            for month in 1..=12 {
                let value = figure(metric, grown.month(metric, month), self.currency);
                self.put(
                    &format!("[data-new={}]", target_field(metric, month)),
                    &value,
                );
            }
            let total = figure(metric, grown.total(metric), self.currency);
            self.put(&format!("[data-sum={}_new]", metric.as_str()), &total);
            let change = growth.change(
                self.previous().total(metric),
                self.targets().total(metric),
                grown.total(metric),
            );
            let line = change_line(
                &self.part.text(change.key()),
                &self.part.text(metric.label()),
                metric,
                &change,
                &self.part.text(Key::NoPercent),
                self.currency,
            );
            self.put(&format!("[data-change={}]", metric.as_str()), &line);
        }
        let heading = self
            .part
            .text(Key::GrowthPreviewHeading)
            .replace("{percent}", &growth.get().to_string());
        self.put("[data-preview-heading]", &heading);
        self.refresh_totals();
        dom::set_hidden(&section, false);
    }

    /// Writes the previewed targets into the grid; every cell stays editable.
    fn apply(&self) {
        let Some(growth) = self.growth() else {
            return;
        };
        let grown = growth.targets_from(&self.previous(), self.year, self.currency);
        for metric in Metric::ALL {
            for month in 1..=12 {
                if let Some(cell) = self.cell(metric, month) {
                    cell.set_value(&target_input(
                        metric,
                        grown.month(metric, month),
                        self.currency,
                    ));
                    self.check(&cell);
                }
            }
        }
        self.refresh_totals();
        if let Some(section) = self.part.find("[data-preview]") {
            dom::set_hidden(&section, true);
        }
        if let Some(first) = self.cell(Metric::ALL[0], 1) {
            let _ = first.focus();
        }
    }

    fn typed(&self, event: &Event) {
        let Some(cell) = dom::target_input(event).filter(|t| t.has_attribute("data-metric")) else {
            return;
        };
        self.check(&cell);
        self.refresh_totals();
    }

    /// Flags a cell that is not a target at once, on the cell and in words,
    /// with the rule the server applies when the grid is saved.
    fn check(&self, cell: &HtmlInputElement) {
        let Some(metric) = cell
            .get_attribute("data-metric")
            .and_then(|m| Metric::ALL.into_iter().find(|x| x.as_str() == m))
        else {
            return;
        };
        let error_id = format!("{}-error", cell.id());
        let Some(message) = self.part.find(&format!("[id=\"{error_id}\"]")) else {
            return;
        };
        match parse_target(&cell.value(), metric, self.currency) {
            Ok(_) => {
                dom::set_attr(cell, "aria-invalid", None);
                dom::set_attr(cell, "aria-describedby", None);
                dom::set_hidden(&message, true);
            }
            Err(key) => {
                dom::set_text(&message, &self.part.text(key));
                dom::set_hidden(&message, false);
                dom::set_attr(cell, "aria-invalid", Some("true"));
                dom::set_attr(cell, "aria-describedby", Some(&error_id));
            }
        }
    }

    fn chose(&self, event: &Event) {
        if dom::target(event).is_some_and(|t| t.get_attribute("name").as_deref() == Some("growth"))
        {
            self.refresh_preview();
        }
    }

    fn clicked(&self, event: &Event) {
        let apply = dom::target(event)
            .and_then(|t| t.closest("button[value=apply]").ok().flatten())
            .is_some();
        if apply {
            event.prevent_default();
            self.apply();
        }
    }

    /// ↑ and ↓ move to the same metric's previous or next month.
    fn key(&self, event: &Event) {
        let Some(key) = event.dyn_ref::<KeyboardEvent>().map(|k| k.key()) else {
            return;
        };
        let step: i32 = match key.as_str() {
            "ArrowUp" => -1,
            "ArrowDown" => 1,
            _ => return,
        };
        let Some(cell) = dom::target(event) else {
            return;
        };
        let metric = cell
            .get_attribute("data-metric")
            .and_then(|m| Metric::ALL.into_iter().find(|x| x.as_str() == m));
        let month = cell
            .get_attribute("data-month")
            .and_then(|m| m.parse::<i32>().ok());
        if let (Some(metric), Some(month)) = (metric, month) {
            let next = month + step;
            if (1..=12).contains(&next) {
                if let Some(next) = self.cell(metric, next as u32) {
                    event.prevent_default();
                    let _ = next.focus();
                    next.select();
                }
            }
        }
    }
}
