//! `/p/{partner}/reviews`: the quarterly reviews, newest first, and "Start
//! quarterly review"; `/p/{partner}/reviews/{review}`: one review (its
//! snapshot, notes, strategy changes, updated targets and task follow-up),
//! editable while a draft; `/p/{partner}/reviews/{review}/print`: the same
//! review laid out for paper (the print stylesheet drops the page's frame).
//!
//! `list` is the reviews page, `detail` a draft's forms and its task
//! follow-up, `print` the read-only record; this module holds the frame
//! they share: the review's header and its snapshot.

mod detail;
mod list;
mod print;

pub use detail::ReviewPage;
use detail::{ReviewForm, StatusForms, TaskFollowUp};
pub use list::ReviewsPage;
pub use print::ReviewPrintPage;
use print::{ReviewChanges, ReviewRecord};

use super::deals::{partner_param, PartnerData, PartnerLine, LINK_CLASS, SECONDARY_BUTTON_CLASS};
use crate::api::reviews::{open_review, open_reviews};
use crate::api::tasks::SetTaskDone;
use crate::error::AppError;
use crate::i18n::Key;
use crate::model::goals::{figure, goal_field, target_field, target_input, GoalCategory};
use crate::model::metrics::Metric;
use crate::model::reviews::{fields, forms, Snapshot};
use crate::model::tasks::panel::CONFLICT_PREFIX;
use crate::model::{Currency, ReviewId};
use crate::ui::forms::{
    ErrorSummary, Field, Form, FormState, Notice, Refusal, TextAreaField, BUTTON_CLASS, FORM_KEY,
    INPUT_CLASS,
};
use crate::ui::i18n::{use_i18n, I18n};
use crate::ui::pages::goals::History;
use crate::ui::table::TableScroll;
use crate::views::{FrozenTaskView, ReviewView, ReviewsView, TaskView};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The form key of the open tasks' "Complete" buttons on a review.
pub(super) const TASK_DONE_FORM: &str = "review-task-done";

pub(super) fn who(i18n: I18n, by: &Option<String>) -> String {
    by.clone()
        .unwrap_or_else(|| i18n.t(Key::CommandLine).to_string())
}

pub(super) fn review_param() -> impl Fn() -> Option<ReviewId> + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.with(|p| p.get("review").and_then(|s| s.parse::<ReviewId>().ok()))
}

pub(super) fn review_resource() -> Resource<Result<ReviewView, AppError>> {
    let partner_id = partner_param();
    let review_id = review_param();
    Resource::new(
        move || (partner_id(), review_id()),
        |(partner, review)| async move {
            match (partner, review) {
                (Some(p), Some(r)) => open_review(p, r).await,
                _ => Err(AppError::NotFound),
            }
        },
    )
}

#[component]
pub(super) fn Review(view: ReviewView, printable: bool) -> impl IntoView {
    let i18n = use_i18n();
    let currency = view.partner.currency;
    let quarter = i18n.quarter(view.quarter);
    let title = i18n.format(Key::ReviewTitle, &[("quarter", &quarter)]);
    let base = format!("/p/{}/reviews/{}", view.partner.id, view.id);
    let editable = view.completed.is_none() && !printable;
    let status = match &view.completed {
        Some((by, when)) => i18n.format(
            Key::CompletedBy,
            &[("name", &who(i18n, by)), ("when", when)],
        ),
        None => i18n.t(Key::ReviewDraft).to_string(),
    };
    let created = i18n.format(
        Key::CreatedBy,
        &[
            ("name", &who(i18n, &view.created.0)),
            ("when", &view.created.1),
        ],
    );
    let changed = i18n.format(
        Key::ChangedBy,
        &[
            ("name", &who(i18n, &view.changed.0)),
            ("when", &view.changed.1),
        ],
    );
    let links = if printable {
        view! {
            <p class="mt-2 text-sm text-slate-700 print:hidden">
                {i18n.t(Key::PrintHint)} " "
                <a href=base.clone() class=LINK_CLASS>{i18n.t(Key::BackToReview)}</a>
            </p>
        }
        .into_any()
    } else {
        view! {
            <p class="mt-2 flex flex-wrap gap-4 text-sm">
                <a href=format!("/p/{}/reviews", view.partner.id) class=LINK_CLASS>{i18n.t(Key::BackToReviews)}</a>
                <a href=format!("{base}/print") class=LINK_CLASS>{i18n.t(Key::PrintableView)}</a>
            </p>
        }
        .into_any()
    };
    // The review's own form shows its notice itself (`Form`).
    let notice = [forms::START, forms::STATUS, TASK_DONE_FORM]
        .into_iter()
        .map(str::to_string)
        .chain(view.tasks.iter().map(|t| forms::reschedule(t.id)))
        .find_map(|form| FormState::on_page(&form).notice());
    let status_state = FormState::on_page(forms::STATUS);
    let body = if editable {
        view! { <ReviewForm view=view.clone() currency /> }.into_any()
    } else {
        view! { <ReviewRecord view=view.clone() currency /> }.into_any()
    };
    view! {
        <Title text=format!("{title} · {}", view.partner.name) />
        <div class="print:text-black">
            <PartnerLine name=view.partner.name.clone() />
            <h1 class="mt-1 text-2xl font-semibold">{title}</h1>
            <p class="mt-1 text-sm text-slate-700">
                <span class="font-medium">{status}</span>
                " · " {created} " · " {changed}
            </p>
            {links}
            {view.completed.is_some().then(|| view! {
                <p class="mt-3 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-800 print:hidden">{i18n.t(Key::ReviewReadOnly)}</p>
            })}
            <div class="mt-2 print:hidden"><Notice notice /></div>
            {(!printable).then(|| view! { <StatusForms view=view.clone() state=status_state /> })}
            <SnapshotSection view=view.clone() currency />
            {body}
            {(!printable).then(|| view! { <TaskFollowUp view=view.clone() editable /> })}
        </div>
    }
}

#[component]
pub(super) fn SnapshotSection(view: ReviewView, currency: Currency) -> impl IntoView {
    let i18n = use_i18n();
    let Some(snapshot) = view.snapshot.clone() else {
        return ().into_any();
    };
    let Snapshot { planned, goals, .. } = snapshot;
    let th = "px-2 py-2 text-left text-sm font-semibold text-slate-800";
    // On paper the table must fit 190 mm: there its figures may wrap.
    let td = "px-2 py-1.5 text-sm text-slate-800 whitespace-nowrap print:whitespace-normal";
    let none = i18n.t(Key::NoPercent);
    let rows = goals
        .into_iter()
        .map(|g| {
            let m = g.metric;
            let pct = g
                .quarter_percent
                .map(|p| format!("{p}%"))
                .unwrap_or_else(|| none.to_string());
            let status = g
                .pacing
                .status
                .map(|s| i18n.t(s.label()).to_string())
                .unwrap_or_else(|| none.to_string());
            let projected = g
                .pacing
                .projected_year_end
                .map(|v| figure(m, v, currency))
                .unwrap_or_else(|| none.to_string());
            // "weighted (commit–best case)", as the progress page shows it.
            let forecast = match g.forecast {
                Some(lines) => crate::model::forecast::shown_range(m, lines, currency),
                None => none.to_string(),
            };
            view! {
                <tr class="border-t border-slate-100">
                    <th scope="row" class=format!("{td} text-left font-medium whitespace-normal")>{i18n.t(m.label())}</th>
                    <td class=td>{figure(m, g.quarter_actual, currency)}</td>
                    <td class=td>{figure(m, g.quarter_target, currency)}</td>
                    <td class=td>{pct}</td>
                    <td class=td>{figure(m, g.pacing.year_to_date_actual, currency)}</td>
                    <td class=td>{figure(m, g.pacing.year_to_date_target, currency)}</td>
                    <td class=td>{status}</td>
                    <td class=td>{projected}</td>
                    <td class=td>{forecast}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="snapshot-heading" class="mt-6 break-inside-avoid">
            <h2 id="snapshot-heading" class="text-lg font-medium">{i18n.t(Key::SnapshotHeading)}</h2>
            <p class="mt-1 text-sm text-slate-700">{i18n.format(Key::SnapshotTaken, &[("when", &view.snapshot_at)])}</p>
            {(!planned).then(|| view! { <p class="mt-1 text-sm text-slate-700">{i18n.t(Key::SnapshotNoPlan)}</p> })}
            <TableScroll label=i18n.t(Key::SnapshotHeading) class="mt-3 rounded-lg border border-slate-200 bg-white">
                <table class="min-w-full">
                    <caption class="sr-only">{i18n.t(Key::SnapshotHeading)}</caption>
                    <thead class="bg-slate-50">
                        <tr>
                            <th scope="col" class=th>{i18n.t(Key::ColGoal)}</th>
                            <th scope="col" class=th>{i18n.t(Key::ColQuarterActual)}</th>
                            <th scope="col" class=th>{i18n.t(Key::ColQuarterTarget)}</th>
                            <th scope="col" class=th>{i18n.t(Key::PercentAchieved)}</th>
                            <th scope="col" class=th>{i18n.t(Key::YearToDateActual)}</th>
                            <th scope="col" class=th>{i18n.t(Key::YearToDateTarget)}</th>
                            <th scope="col" class=th>{i18n.t(Key::PaceStatusLabel)}</th>
                            <th scope="col" class=th>{i18n.t(Key::ProjectedYearEnd)}</th>
                            <th scope="col" class=th>{i18n.t(Key::ForecastRange)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </TableScroll>
        </section>
    }
    .into_any()
}
