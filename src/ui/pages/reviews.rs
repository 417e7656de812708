//! `/p/{partner}/reviews`: the quarterly reviews, newest first, and "Start
//! quarterly review"; `/p/{partner}/reviews/{review}`: one review (its
//! snapshot, notes, strategy changes, updated targets and task follow-up),
//! editable while a draft; `/p/{partner}/reviews/{review}/print`: the same
//! review laid out for paper (the print stylesheet drops the page's frame).

use super::deals::{partner_param, PartnerData, PartnerLine, LINK_CLASS, SECONDARY_BUTTON_CLASS};
use super::goals::History;
use crate::api::reviews::{open_review, open_reviews};
use crate::api::tasks::SetTaskDone;
use crate::error::AppError;
use crate::i18n::Key;
use crate::model::goals::{figure, goal_field, target_field, target_input, GoalCategory};
use crate::model::metrics::Metric;
use crate::model::reviews::{fields, forms, Quarter, Snapshot};
use crate::model::tasks::panel::CONFLICT_PREFIX;
use crate::model::{Currency, ReviewId};
use crate::ui::forms::{
    ErrorSummary, Field, Form, FormState, Notice, TextAreaField, BUTTON_CLASS, FORM_KEY,
    INPUT_CLASS,
};
use crate::ui::i18n::{use_i18n, I18n};
use crate::views::{ReviewView, ReviewsView, TaskView};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The form key of the open tasks' "Complete" buttons on a review.
const TASK_DONE_FORM: &str = "review-task-done";

/// A quarter as pages name it: "2026 Q3", "2026 年第 3 季".
pub fn quarter_name(i18n: I18n, q: Quarter) -> String {
    i18n.format(
        Key::QuarterName,
        &[
            ("year", &q.year.to_string()),
            ("quarter", &q.quarter.to_string()),
        ],
    )
}

fn who(i18n: I18n, by: &Option<String>) -> String {
    by.clone()
        .unwrap_or_else(|| i18n.t(Key::CommandLine).to_string())
}

#[component]
pub fn ReviewsPage() -> impl IntoView {
    let partner_id = partner_param();
    let reviews = Resource::new(partner_id, |id| async move {
        match id {
            Some(id) => open_reviews(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! { <PartnerData resource=reviews render=|view: ReviewsView| view! { <ReviewList view /> } /> }
}

#[component]
fn ReviewList(view: ReviewsView) -> impl IntoView {
    let i18n = use_i18n();
    let title = i18n.t(Key::ReviewsHeading).to_string();
    let partner = view.partner.clone();
    let state = FormState::on_page(forms::START);
    let start = if view.startable.is_empty() {
        view! { <p class="mt-4 text-slate-700">{i18n.t(Key::NoQuarterToStart)}</p> }.into_any()
    } else {
        let selected = state
            .value("quarter")
            .unwrap_or_else(|| view.startable[0].code());
        let message = state.field_error("quarter").map(|k| i18n.t(k));
        let options = view
            .startable
            .iter()
            .map(|q| {
                let code = q.code();
                let is = code == selected;
                view! { <option value=code selected=is>{quarter_name(i18n, *q)}</option> }
            })
            .collect_view();
        view! {
            <form method="post" action=format!("/p/{}/reviews/start", partner.id) class="mt-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" novalidate=true>
                <input type="hidden" name=FORM_KEY value=forms::START />
                <div class="space-y-1">
                    <label for="field-quarter" class="block text-sm font-medium text-slate-800">{i18n.t(Key::ReviewQuarterLabel)}</label>
                    <select
                        id="field-quarter"
                        name="quarter"
                        aria-invalid=message.map(|_| "true")
                        aria-describedby=message.map(|_| "field-quarter-error")
                        class=format!("{INPUT_CLASS} sm:w-auto")
                    >
                        {options}
                    </select>
                </div>
                <button type="submit" class=BUTTON_CLASS>{i18n.t(Key::StartReview)}</button>
                {message.map(|m| view! { <p id="field-quarter-error" class="w-full text-sm text-red-700">{m}</p> })}
            </form>
        }
        .into_any()
    };
    let th = "px-3 py-2 text-left text-sm font-semibold text-slate-800";
    let td = "px-3 py-2 text-sm text-slate-800";
    let list = if view.reviews.is_empty() {
        view! { <p class="mt-6 rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-700">{i18n.t(Key::NoReviewsYet)}</p> }.into_any()
    } else {
        let rows = view
            .reviews
            .iter()
            .map(|r| {
                let status = match &r.completed {
                    Some((by, when)) => i18n.format(
                        Key::CompletedBy,
                        &[("name", &who(i18n, by)), ("when", when)],
                    ),
                    None => i18n.t(Key::ReviewDraft).to_string(),
                };
                let href = format!("/p/{}/reviews/{}", partner.id, r.id);
                view! {
                    <tr>
                        <th scope="row" class=format!("{td} text-left font-medium")>
                            <a href=href class=LINK_CLASS>{quarter_name(i18n, r.quarter)}</a>
                        </th>
                        <td class=td>{status}</td>
                        <td class=td>{r.held_on.clone()}</td>
                        <td class=td>{format!("{} · {}", who(i18n, &r.changed.0), r.changed.1)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="mt-6 overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
                <table class="min-w-full divide-y divide-slate-200">
                    <caption class="sr-only">{i18n.t(Key::ReviewsHeading)}</caption>
                    <thead class="bg-slate-50">
                        <tr>
                            <th scope="col" class=th>{i18n.t(Key::ColQuarter)}</th>
                            <th scope="col" class=th>{i18n.t(Key::ColReviewStatus)}</th>
                            <th scope="col" class=th>{i18n.t(Key::ColHeldOn)}</th>
                            <th scope="col" class=th>{i18n.t(Key::ColLastChange)}</th>
                        </tr>
                    </thead>
                    <tbody class="divide-y divide-slate-100">{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <Title text=format!("{title} · {}", partner.name) />
        <PartnerLine name=partner.name.clone() />
        <h1 class="mt-1 text-2xl font-semibold">{title}</h1>
        <p class="mt-1 text-slate-700">{i18n.t(Key::AreaReviewsAbout)}</p>
        <ErrorSummary error=state.error().filter(|e| !matches!(e, AppError::Invalid(_))) />
        {start}
        {list}
    }
}

fn review_param() -> impl Fn() -> Option<ReviewId> + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.with(|p| p.get("review").and_then(|s| s.parse::<ReviewId>().ok()))
}

fn review_resource() -> Resource<Result<ReviewView, AppError>> {
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
pub fn ReviewPage() -> impl IntoView {
    let review = review_resource();
    view! { <PartnerData resource=review render=|view: ReviewView| view! { <Review view printable=false /> } /> }
}

#[component]
pub fn ReviewPrintPage() -> impl IntoView {
    let review = review_resource();
    view! { <PartnerData resource=review render=|view: ReviewView| view! { <Review view printable=true /> } /> }
}

#[component]
fn Review(view: ReviewView, printable: bool) -> impl IntoView {
    let i18n = use_i18n();
    let currency = Currency::parse(&view.partner.currency).unwrap_or(Currency::ALL[0]);
    let quarter = quarter_name(i18n, view.quarter);
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

/// Refresh snapshot and Mark complete (a draft), or Reopen (an admin, a
/// completed review): each a one-button form over the review's version.
#[component]
fn StatusForms(view: ReviewView, state: FormState) -> impl IntoView {
    let i18n = use_i18n();
    let action = format!("/p/{}/reviews/{}/save", view.partner.id, view.id);
    let message = state.field_error("review").map(|k| i18n.t(k));
    let error = state.error().filter(|e| !matches!(e, AppError::Invalid(_)));
    let buttons: Vec<(&str, Key, bool)> = match view.completed {
        None => vec![
            ("refresh", Key::RefreshSnapshot, false),
            ("complete", Key::MarkReviewComplete, true),
        ],
        Some(_) if view.may_reopen => vec![("reopen", Key::ReopenReview, false)],
        Some(_) => Vec::new(),
    };
    view! {
        <div class="mt-4 flex flex-wrap items-center gap-3 print:hidden">
            {buttons
                .into_iter()
                .map(|(name, label, primary)| view! {
                    <form method="post" action=action.clone()>
                        <input type="hidden" name=FORM_KEY value=forms::STATUS />
                        <input type="hidden" name="action" value=name />
                        <input type="hidden" name="version" value=view.version.to_string() />
                        <button type="submit" class=if primary { BUTTON_CLASS } else { SECONDARY_BUTTON_CLASS }>{i18n.t(label)}</button>
                    </form>
                })
                .collect_view()}
            {message.map(|m| view! { <p role="alert" class="w-full text-sm text-red-700">{m}</p> })}
            <div class="w-full"><ErrorSummary error /></div>
        </div>
    }
}

#[component]
fn SnapshotSection(view: ReviewView, currency: Currency) -> impl IntoView {
    let i18n = use_i18n();
    let Some(snapshot) = view.snapshot.clone() else {
        return ().into_any();
    };
    let Snapshot { planned, goals, .. } = snapshot;
    let th = "px-2 py-2 text-left text-sm font-semibold text-slate-800";
    let td = "px-2 py-1.5 text-sm text-slate-800 whitespace-nowrap";
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
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="snapshot-heading" class="mt-6 break-inside-avoid">
            <h2 id="snapshot-heading" class="text-lg font-medium">{i18n.t(Key::SnapshotHeading)}</h2>
            <p class="mt-1 text-sm text-slate-700">{i18n.format(Key::SnapshotTaken, &[("when", &view.snapshot_at)])}</p>
            {(!planned).then(|| view! { <p class="mt-1 text-sm text-slate-700">{i18n.t(Key::SnapshotNoPlan)}</p> })}
            <div class="mt-3 overflow-x-auto rounded-lg border border-slate-200 bg-white print:overflow-visible">
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
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

/// A read-only review: a completed one, or the printable view.
#[component]
fn ReviewRecord(view: ReviewView, currency: Currency) -> impl IntoView {
    let i18n = use_i18n();
    let notes = view.notes.clone();
    let item = |label: Key, text: String| {
        let shown = if text.is_empty() {
            i18n.t(Key::NoPercent).to_string()
        } else {
            text
        };
        view! {
            <div class="break-inside-avoid">
                <dt class="text-sm font-medium text-slate-600">{i18n.t(label)}</dt>
                <dd class="whitespace-pre-line text-slate-900">{shown}</dd>
            </div>
        }
    };
    let goals = view.plan.as_ref().map(|p| p.content.goals.clone());
    view! {
        <section aria-labelledby="notes-heading" class="mt-8">
            <h2 id="notes-heading" class="text-lg font-medium">{i18n.t(Key::ReviewNotesHeading)}</h2>
            <dl class="mt-3 grid gap-4 md:grid-cols-2 print:grid-cols-2">
                {item(Key::HeldOnLabel, notes.held_on.clone())}
                {item(Key::AttendeesLabel, notes.attendees.clone())}
                {item(Key::WentWellLabel, notes.went_well.clone())}
                {item(Key::DidNotGoWellLabel, notes.did_not_go_well.clone())}
            </dl>
        </section>
        <section aria-labelledby="strategy-heading" class="mt-8 break-inside-avoid">
            <h2 id="strategy-heading" class="text-lg font-medium">{i18n.t(Key::StrategyHeading)}</h2>
            <dl class="mt-3">{item(Key::StrategyLabel, notes.strategy.clone())}</dl>
            {goals.map(|goals| view! { <super::goals::CompanyGoals goals /> })}
        </section>
        <ReviewChanges view=view.clone() currency />
    }
}

/// A draft: notes, strategy changes, company goals and the open months'
/// targets, saved together by one button.
#[component]
fn ReviewForm(view: ReviewView, currency: Currency) -> impl IntoView {
    let i18n = use_i18n();
    let state = FormState::on_page(forms::REVIEW);
    let action = format!("/p/{}/reviews/{}/save", view.partner.id, view.id);
    let notes = view.notes.clone();
    let conflict = matches!(state.error(), Some(AppError::Conflict))
        .then(|| view! { <Conflict view=view.clone() state=state.clone() /> });
    let plan = match &view.plan {
        None => view! {
            <p class="mt-3 text-slate-700">
                {i18n.format(Key::NoPlanForReview, &[("year", &view.plan_year.to_string())])} " "
                <a href=format!("/p/{}/goals/edit?year={}", view.partner.id, view.plan_year) class=LINK_CLASS>
                    {i18n.format(Key::SetUpPlan, &[("year", &view.plan_year.to_string())])}
                </a>
            </p>
        }
        .into_any(),
        Some(plan) => {
            let goals = GoalCategory::ALL
                .into_iter()
                .zip(plan.content.goals.clone())
                .map(|(c, text)| view! { <TextAreaField name=goal_field(c) label=c.label() value=text /> })
                .collect_view();
            view! {
                <input type="hidden" name="plan_version" value=plan.version.to_string() />
                <h3 class="mt-6 font-medium">{i18n.t(Key::CompanyGoals)}</h3>
                <p class="text-sm text-slate-600">{i18n.t(Key::CompanyGoalsHint)}</p>
                <div class="mt-2 grid gap-4 md:grid-cols-2">{goals}</div>
                <section aria-labelledby="targets-heading" class="mt-8">
                    <h2 id="targets-heading" class="text-lg font-medium">
                        {i18n.format(Key::UpdatedTargetsHeading, &[("year", &view.plan_year.to_string())])}
                    </h2>
                    <p class="text-sm text-slate-600">{i18n.t(Key::UpdatedTargetsHint)}</p>
                    <TargetsGrid view=view.clone() currency state=state.clone() />
                    <div class="mt-4 max-w-xl">
                        <Field name="reason" label=Key::ChangeReason hint=Key::ChangeReasonHint optional=true />
                    </div>
                </section>
            }
            .into_any()
        }
    };
    view! {
        <Form state=state.clone() action class="mt-6 space-y-4">
            <input type="hidden" name="action" value="save" />
            <input type="hidden" name="version" value=view.version.to_string() />
            {conflict}
            <section aria-labelledby="notes-heading" class="mt-4">
                <h2 id="notes-heading" class="text-lg font-medium">{i18n.t(Key::ReviewNotesHeading)}</h2>
                <div class="mt-3 grid gap-4 md:grid-cols-2">
                    <Field name=fields::HELD_ON label=Key::HeldOnLabel kind="date" value=notes.held_on.clone() optional=true />
                    <Field name=fields::ATTENDEES label=Key::AttendeesLabel value=notes.attendees.clone() optional=true />
                    <TextAreaField name=fields::WENT_WELL label=Key::WentWellLabel value=notes.went_well.clone() />
                    <TextAreaField name=fields::DID_NOT_GO_WELL label=Key::DidNotGoWellLabel value=notes.did_not_go_well.clone() />
                </div>
            </section>
            <section aria-labelledby="strategy-heading" class="mt-8">
                <h2 id="strategy-heading" class="text-lg font-medium">{i18n.t(Key::StrategyHeading)}</h2>
                <div class="mt-3">
                    <TextAreaField name=fields::STRATEGY label=Key::StrategyLabel value=notes.strategy.clone() />
                </div>
                {plan}
            </section>
            <button type="submit" class=BUTTON_CLASS>{i18n.t(Key::SaveReview)}</button>
        </Form>
        <ReviewChanges view=view.clone() currency />
    }
}

/// The plan's months: those up to the end of the reviewed quarter as text
/// (locked), the others as inputs.
#[component]
fn TargetsGrid(view: ReviewView, currency: Currency, state: FormState) -> impl IntoView {
    let i18n = use_i18n();
    let Some(plan) = view.plan.clone() else {
        return ().into_any();
    };
    let targets = plan.content.targets;
    let th = "px-2 py-2 text-left text-xs font-semibold text-slate-800 whitespace-nowrap";
    let rows = Metric::ALL
        .into_iter()
        .map(|metric| {
            let cells = (1..=12u32)
                .map(|month| {
                    let value = target_input(metric, targets.month(metric, month), currency);
                    if !view.open_months.contains(&month) {
                        return view! {
                            <td class="px-2 py-1 text-sm text-slate-600 whitespace-nowrap">
                                {figure(metric, targets.month(metric, month), currency)}
                                <span class="sr-only">" (" {i18n.t(Key::MonthLocked)} ")"</span>
                            </td>
                        }
                        .into_any();
                    }
                    let name = target_field(metric, month);
                    let message = state.field_error(&name).map(|k| i18n.t(k));
                    let error_id = format!("field-{name}-error");
                    let typed = state.value(&name).unwrap_or(value);
                    let label = i18n.format(
                        Key::CellLabel,
                        &[
                            ("metric", i18n.t(metric.label())),
                            ("month", i18n.t(Key::month(month))),
                        ],
                    );
                    view! {
                        <td class="px-1 py-1">
                            <input
                                id=format!("field-{name}")
                                name=name
                                value=typed
                                inputmode="decimal"
                                aria-label=label
                                aria-invalid=message.map(|_| "true")
                                aria-describedby=message.map(|_| error_id.clone())
                                class=format!("{INPUT_CLASS} w-28 text-right")
                            />
                            {message.map(|m| view! { <p id=error_id class="text-xs text-red-700">{m}</p> })}
                        </td>
                    }
                    .into_any()
                })
                .collect_view();
            view! {
                <tr class="border-t border-slate-100">
                    <th scope="row" class="px-2 py-1 text-left text-sm font-medium">{i18n.t(metric.label())}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    let heads = (1..=12u32)
        .map(|month| {
            let locked = !view.open_months.contains(&month);
            view! {
                <th scope="col" class=th>
                    {i18n.t(Key::month(month))}
                    {locked.then(|| view! { <span class="block font-normal text-slate-600">{i18n.t(Key::MonthLocked)}</span> })}
                </th>
            }
        })
        .collect_view();
    view! {
        <div class="mt-3 overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table class="min-w-full">
                <caption class="sr-only">{i18n.format(Key::UpdatedTargetsHeading, &[("year", &view.plan_year.to_string())])}</caption>
                <thead class="bg-slate-50">
                    <tr>
                        <th scope="col" class=th>{i18n.t(Key::ColGoal)}</th>
                        {heads}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// After a save over a newer version: for each note that differs, keep
/// yours or theirs (as the task panel does).
#[component]
fn Conflict(view: ReviewView, state: FormState) -> impl IntoView {
    let i18n = use_i18n();
    let label = |field: &str| match field {
        fields::HELD_ON => Key::HeldOnLabel,
        fields::ATTENDEES => Key::AttendeesLabel,
        fields::WENT_WELL => Key::WentWellLabel,
        fields::DID_NOT_GO_WELL => Key::DidNotGoWellLabel,
        _ => Key::StrategyLabel,
    };
    let changed = i18n.format(
        Key::ChangedBy,
        &[
            ("name", &who(i18n, &view.changed.0)),
            ("when", &view.changed.1),
        ],
    );
    let empty = |v: String| {
        if v.trim().is_empty() {
            "—".to_string()
        } else {
            v
        }
    };
    let rows = fields::COMPARED
        .into_iter()
        .filter(|f| state.has_value(&format!("{CONFLICT_PREFIX}{f}")))
        .map(|field| {
            let name = format!("keep_{field}");
            let (mine_id, theirs_id) = (format!("keep-{field}-mine"), format!("keep-{field}-theirs"));
            let mine = state.value(field).unwrap_or_default();
            let theirs = view.notes.get(field).to_string();
            view! {
                <fieldset class="rounded-md border border-amber-200 bg-white p-2">
                    <legend class="px-1 text-sm font-medium text-slate-900">{i18n.t(label(field))}</legend>
                    <div class="flex items-start gap-2 text-sm">
                        <input id=mine_id.clone() type="radio" name=name.clone() value="mine" checked=true class="mt-1" />
                        <label for=mine_id class="whitespace-pre-wrap"><span class="font-medium">{i18n.t(Key::KeepYours)} ": "</span>{empty(mine)}</label>
                    </div>
                    <div class="flex items-start gap-2 text-sm">
                        <input id=theirs_id.clone() type="radio" name=name value="theirs" class="mt-1" />
                        <label for=theirs_id class="whitespace-pre-wrap"><span class="font-medium">{i18n.t(Key::KeepTheirs)} ": "</span>{empty(theirs)}</label>
                    </div>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="conflict-heading" class="rounded-lg border border-amber-300 bg-amber-50 p-3">
            <h3 id="conflict-heading" class="font-medium">{i18n.t(Key::ReviewConflictTitle)}</h3>
            <p class="text-sm text-slate-800">{changed}</p>
            <p class="text-sm text-slate-800">{i18n.t(Key::TaskConflictHint)}</p>
            <div class="mt-2 space-y-3">{rows}</div>
        </section>
    }
}

/// The partner's open tasks: complete or reschedule each from here, or
/// create one in the task panel (open, or from a default task).
#[component]
fn TaskFollowUp(view: ReviewView, editable: bool) -> impl IntoView {
    let i18n = use_i18n();
    let tasks_page = format!("/p/{}/tasks", view.partner.id);
    let list = if view.tasks.is_empty() {
        view! { <p class="mt-2 text-slate-700">{i18n.t(Key::NoOpenTasks)}</p> }.into_any()
    } else {
        let rows = view
            .tasks
            .iter()
            .map(|t| view! { <FollowUpRow task=t.clone() view=view.clone() editable /> })
            .collect_view();
        view! { <ul class="mt-3 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">{rows}</ul> }.into_any()
    };
    let create = editable.then(|| {
        let item = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600";
        view! {
            <div class="mt-4">
                <p id="create-from-review" class="text-sm font-medium text-slate-800">{i18n.t(Key::CreateTask)}</p>
                <ul aria-labelledby="create-from-review" class="mt-2 flex flex-wrap gap-2">
                    <li><a href=format!("{tasks_page}?new=open") class=format!("{item} font-medium")>{i18n.t(Key::CreateOpenTask)}</a></li>
                    {view.templates.iter().map(|t| view! {
                        <li><a href=format!("{tasks_page}?new={}", t.id) class=item>{t.title.clone()}</a></li>
                    }).collect_view()}
                </ul>
            </div>
        }
    });
    view! {
        <section aria-labelledby="follow-up-heading" class="mt-8 print:hidden">
            <h2 id="follow-up-heading" class="text-lg font-medium">{i18n.t(Key::TaskFollowUpHeading)}</h2>
            {list}
            {create}
        </section>
    }
}

#[component]
fn FollowUpRow(task: TaskView, view: ReviewView, editable: bool) -> impl IntoView {
    let i18n = use_i18n();
    let key = forms::reschedule(task.id);
    let state = FormState::on_page(&key);
    let href = format!("/p/{}/tasks?task={}", view.partner.id, task.id);
    let due = format!("{} {}", task.due_date, task.due_time);
    let actions = editable.then(|| {
        let complete_name = i18n.format(Key::CompleteTaskNamed, &[("title", &task.title)]);
        let date_label = i18n.format(Key::NewDueDateLabel, &[("title", &task.title)]);
        let field_id = format!("due-{}", task.id);
        let message = state.field_error("due_date").map(|k| i18n.t(k));
        let error = state
            .error()
            .filter(|e| !matches!(e, AppError::Invalid(_)));
        let error_id = format!("{field_id}-error");
        let date = state.value("due_date").unwrap_or(task.due_date.clone());
        view! {
            <div class="flex flex-wrap items-end gap-3">
                <form method="post" action=SetTaskDone::PATH>
                    <input type="hidden" name=FORM_KEY value=TASK_DONE_FORM />
                    <input type="hidden" name="task_id" value=task.id.to_string() />
                    <input type="hidden" name="done" value="true" />
                    <button type="submit" aria-label=complete_name class=SECONDARY_BUTTON_CLASS>{i18n.t(Key::CompleteTask)}</button>
                </form>
                <form method="post" action=format!("/p/{}/reviews/{}/save", view.partner.id, view.id) class="flex flex-wrap items-end gap-2" novalidate=true>
                    <input type="hidden" name=FORM_KEY value=key.clone() />
                    <input type="hidden" name="action" value="reschedule" />
                    <input type="hidden" name="task_id" value=task.id.to_string() />
                    <input type="hidden" name="task_version" value=task.version.to_string() />
                    <div class="space-y-1">
                        <label for=field_id.clone() class="block text-xs font-medium text-slate-800">{date_label}</label>
                        <input
                            id=field_id
                            type="date"
                            name="due_date"
                            value=date
                            aria-invalid=message.map(|_| "true")
                            aria-describedby=message.map(|_| error_id.clone())
                            class=format!("{INPUT_CLASS} w-44")
                        />
                    </div>
                    <button type="submit" class=SECONDARY_BUTTON_CLASS>{i18n.t(Key::Reschedule)}</button>
                    {message.map(|m| view! { <p id=error_id class="w-full text-sm text-red-700">{m}</p> })}
                </form>
                <div class="w-full"><ErrorSummary error /></div>
            </div>
        }
    });
    view! {
        <li class="flex flex-wrap items-center gap-3 p-3" data-task=task.id.to_string()>
            <div class="mr-auto">
                <a href=href class=format!("{LINK_CLASS} font-medium")>{task.title.clone()}</a>
                <p class="text-sm text-slate-700">
                    {due}
                    {task.overdue.then(|| view! { <span class="ml-2 rounded bg-red-700 px-1.5 py-0.5 text-xs font-semibold text-white">{i18n.t(Key::Overdue)}</span> })}
                </p>
            </div>
            {actions}
        </li>
    }
}

/// The plan changes made from this review, if any.
#[component]
fn ReviewChanges(view: ReviewView, currency: Currency) -> impl IntoView {
    let i18n = use_i18n();
    (!view.history.is_empty()).then(|| {
        view! {
            <section aria-labelledby="changes-heading" class="mt-8 break-inside-avoid">
                <h2 id="changes-heading" class="mb-3 text-lg font-medium">{i18n.t(Key::ReviewChangesHeading)}</h2>
                <History revisions=view.history.clone() currency />
            </section>
        }
    })
}
