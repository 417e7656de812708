//! The goals area: `/p/{partner}/goals?year=Y`, the plan of one year (its
//! company goals, its targets beside last year's actuals, and the history of
//! every change), and the wizard that sets it (`wizard`).

pub mod wizard;

use super::deals::{partner_param, PartnerData, PartnerLine, LINK_CLASS, SECONDARY_BUTTON_CLASS};
use crate::api::goals::open_goals;
use crate::i18n::Key;
use crate::model::goals::{figure, GoalCategory, Subject};
use crate::model::Currency;
use crate::ui::forms::{FormState, Notice, BUTTON_CLASS, INPUT_CLASS};
use crate::ui::i18n::use_i18n;
use crate::ui::islands::TargetsTable;
use crate::ui::table::TableScroll;
use crate::views::{GoalsView, SaveView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The URL's `year`, as typed.
pub fn year_param() -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
    let query = use_query_map();
    move || query.with(|q| q.get("year"))
}

#[component]
pub fn GoalsPage() -> impl IntoView {
    let partner_id = partner_param();
    let year = year_param();
    let query = use_query_map();
    let history = move || query.with(|q| q.get("history").and_then(|p| p.parse::<u32>().ok()));
    let goals = Resource::new(
        move || (partner_id(), year(), history()),
        |(id, year, history)| async move {
            match id {
                Some(id) => open_goals(id, year, None, history).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! { <PartnerData resource=goals render=|goals: GoalsView| view! { <GoalsOverview goals /> } /> }
}

#[component]
fn GoalsOverview(goals: GoalsView) -> impl IntoView {
    let i18n = use_i18n();
    let notice = FormState::on_page("goals").notice();
    let currency = goals.partner.currency;
    let base = format!("/p/{}/goals", goals.partner.id);
    let year = goals.year;
    let title = i18n.format(
        Key::GoalsTitle,
        &[
            ("partner", &goals.partner.name),
            ("year", &year.to_string()),
        ],
    );
    let (action, action_label) = match goals.plan {
        Some(_) => (format!("{base}/edit?year={year}"), Key::EditGoals),
        None => (format!("{base}/edit?year={year}"), Key::SetAnnualGoals),
    };
    let targets = goals
        .plan
        .as_ref()
        .map(|p| p.content.targets)
        .unwrap_or_else(|| crate::model::metrics::YearMetrics::empty(year));
    view! {
        <Title text=title />
        <PartnerLine name=goals.partner.name.clone() />
        <div class="mt-1 flex flex-wrap items-center gap-3">
            <h1 class="mr-auto text-2xl font-semibold">{i18n.t(if goals.plan.is_some() { Key::GoalsHeadingSet } else { Key::GoalsHeading })}</h1>
            <a href=action class=BUTTON_CLASS>{i18n.t(action_label)}</a>
            <a href=format!("/p/{}/goals.csv?year={year}", goals.partner.id) class=SECONDARY_BUTTON_CLASS download="">
                {i18n.t(Key::ExportTargets)}
            </a>
        </div>
        <div class="mt-2"><Notice notice /></div>
        <YearChooser years=goals.years.clone() year refused=goals.year_refused />
        {match &goals.plan {
            None => view! {
                <p class="mt-6 text-slate-700">{i18n.format(Key::NoPlanYet, &[("year", &year.to_string())])}</p>
            }.into_any(),
            Some(plan) => view! {
                <p class="mt-4 text-sm text-slate-600">
                    {i18n.format(Key::ChangedBy, &[
                        ("name", plan.updated.0.as_deref().unwrap_or(i18n.t(Key::CommandLine))),
                        ("when", &plan.updated.1),
                    ])}
                </p>
                <CompanyGoals goals=plan.content.goals.clone() />
            }.into_any(),
        }}
        <section aria-labelledby="targets-heading" class="mt-8">
            <h2 id="targets-heading" class="mb-3 text-lg font-medium">{i18n.t(Key::MonthlyTargets)}</h2>
            <TargetsTable year currency previous=goals.previous targets />
        </section>
        {goals.plan.is_some().then(|| view! {
            <section aria-labelledby="history-heading" class="mt-8">
                <h2 id="history-heading" class="mb-3 text-lg font-medium">{i18n.t(Key::History)}</h2>
                <History saves=goals.history.clone() currency />
                <HistoryPages base=base.clone() year page=goals.history_page pages=goals.history_pages />
            </section>
        })}
    }
}

/// The year in the URL, chosen by a plain GET form; `keep` carries the page's
/// other parameters along.
#[component]
pub fn YearChooser(
    years: Vec<i32>,
    year: i32,
    refused: bool,
    #[prop(optional)] keep: Vec<(&'static str, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let message = refused.then(|| i18n.t(Key::ErrPlanYear));
    view! {
        <form method="get" class="mt-4 flex flex-wrap items-end gap-2">
            {keep
                .into_iter()
                .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
                .collect_view()}
            <div class="space-y-1">
                <label for="field-year" class="block text-sm font-medium text-slate-800">{i18n.t(Key::FilterYear)}</label>
                <select
                    id="field-year"
                    name="year"
                    aria-invalid=refused.then_some("true")
                    aria-describedby=refused.then_some("field-year-error")
                    class=INPUT_CLASS
                >
                    {years
                        .into_iter()
                        .map(|y| view! { <option value=y selected=y == year>{y}</option> })
                        .collect_view()}
                </select>
            </div>
            <button type="submit" class=SECONDARY_BUTTON_CLASS>{i18n.t(Key::ShowYear)}</button>
            {message.map(|m| view! { <p id="field-year-error" class="w-full text-sm text-red-700">{m}</p> })}
        </form>
    }
}

/// The five company goals, in the article's order.
#[component]
pub fn CompanyGoals(goals: [String; 5]) -> impl IntoView {
    let i18n = use_i18n();
    let items = GoalCategory::ALL
        .into_iter()
        .zip(goals)
        .map(|(category, text)| {
            let shown = if text.is_empty() {
                view! { <dd class="text-slate-500 italic">{i18n.t(Key::GoalNotSet)}</dd> }
                    .into_any()
            } else {
                view! { <dd class="whitespace-pre-line">{text}</dd> }.into_any()
            };
            view! {
                <div class="rounded-lg border border-slate-200 bg-white p-4">
                    <dt class="text-sm font-medium text-slate-600">{i18n.t(category.label())}</dt>
                    {shown}
                </div>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="company-goals-heading" class="mt-6">
            <h2 id="company-goals-heading" class="mb-3 text-lg font-medium">{i18n.t(Key::CompanyGoals)}</h2>
            <dl class="grid gap-3 md:grid-cols-2">{items}</dl>
        </section>
    }
}

/// A goal's or a target's name, as the history shows it.
pub fn subject_label(subject: Subject, i18n: crate::ui::i18n::I18n) -> String {
    match subject {
        Subject::Goal(category) => i18n.t(category.label()).to_string(),
        Subject::Target(metric, month) => i18n.format(
            Key::CellLabel,
            &[
                ("metric", i18n.t(metric.label())),
                ("month", i18n.t(Key::month(month))),
            ],
        ),
    }
}

/// A stored value as the history shows it.
fn shown_value(subject: Subject, value: &str, currency: Currency) -> String {
    match subject {
        Subject::Goal(_) => value.to_string(),
        Subject::Target(metric, _) => value
            .parse::<i64>()
            .map(|v| figure(metric, v, currency))
            .unwrap_or_else(|_| value.to_string()),
    }
}

/// Why a save was made: the quarterly review it came from, then the
/// reason as typed.
fn reason_text(save: &SaveView, i18n: crate::ui::i18n::I18n) -> String {
    let review = save
        .review
        .map(|(_, quarter)| i18n.format(Key::FromReview, &[("quarter", &i18n.quarter(quarter))]));
    match (review, save.reason.is_empty()) {
        (Some(review), true) => review,
        (Some(review), false) => format!("{review}: {}", save.reason),
        (None, _) => save.reason.clone(),
    }
}

/// A plan's saves, newest first: who, when and why on each, and what it
/// changed folded inside (`open`: unfolded, as a printed review wants it).
#[component]
pub fn History(
    saves: Vec<SaveView>,
    currency: Currency,
    #[prop(optional)] open: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    if saves.is_empty() {
        return view! { <p class="text-slate-700">{i18n.t(Key::HistoryEmpty)}</p> }.into_any();
    }
    let entries = saves
        .into_iter()
        .map(|save| {
            let who = save
                .by
                .clone()
                .unwrap_or_else(|| i18n.t(Key::CommandLine).to_string());
            let reason = reason_text(&save, i18n);
            let count = match save.changes.len() {
                1 => i18n.t(Key::HistoryOneChange).to_string(),
                n => i18n.format(Key::HistoryChanges, &[("count", &n.to_string())]),
            };
            let caption = i18n.format(Key::HistorySaveCaption, &[("name", &who), ("when", &save.at)]);
            let rows = save
                .changes
                .iter()
                .map(|c| view! {
                    <tr class="border-t border-slate-100 align-top">
                        <th scope="row" class="px-2 py-1.5 text-left font-normal">{subject_label(c.subject, i18n)}</th>
                        <td class="px-2 py-1.5 whitespace-pre-line">{shown_value(c.subject, &c.old, currency)}</td>
                        <td class="px-2 py-1.5 whitespace-pre-line">{shown_value(c.subject, &c.new, currency)}</td>
                    </tr>
                })
                .collect_view();
            view! {
                <li class="rounded-lg border border-slate-200 bg-white p-3 break-inside-avoid">
                    <p class="text-sm">
                        <span class="font-medium">{who}</span>
                        <span class="text-slate-700">" · "{save.at.clone()}</span>
                    </p>
                    {(!reason.is_empty()).then(|| view! { <p class="mt-1 text-sm text-slate-800">{i18n.t(Key::HistoryReason)}{i18n.t(Key::LabelColon)}{reason}</p> })}
                    <details class="mt-2" open=open>
                        <summary class="cursor-pointer text-sm text-blue-800 underline">{count}</summary>
                        <TableScroll label=caption.clone() class="mt-2">
                            <table class="min-w-full text-sm">
                                <caption class="sr-only">{caption}</caption>
                                <thead class="bg-slate-50 text-left">
                                    <tr>
                                        <th scope="col" class="px-2 py-2">{i18n.t(Key::HistoryWhat)}</th>
                                        <th scope="col" class="px-2 py-2">{i18n.t(Key::HistoryOld)}</th>
                                        <th scope="col" class="px-2 py-2">{i18n.t(Key::HistoryNew)}</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </TableScroll>
                    </details>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="space-y-2">{entries}</ol> }.into_any()
}

/// The history's pages, as links that keep the year.
#[component]
fn HistoryPages(base: String, year: i32, page: u32, pages: u32) -> impl IntoView {
    let i18n = use_i18n();
    let link = move |p: u32| format!("{base}?year={year}&history={p}#history-heading");
    (pages > 1).then(|| view! {
        <nav aria-label=i18n.t(Key::HistoryPages) class="mt-3 flex items-center gap-4 text-sm">
            {(page > 1).then(|| view! { <a href=link(page - 1) rel="prev" class=LINK_CLASS>{i18n.t(Key::HistoryNewer)}</a> })}
            <span>{i18n.format(Key::PageOf, &[("page", &page.to_string()), ("pages", &pages.to_string())])}</span>
            {(page < pages).then(|| view! { <a href=link(page + 1) rel="next" class=LINK_CLASS>{i18n.t(Key::HistoryOlder)}</a> })}
        </nav>
    })
}
