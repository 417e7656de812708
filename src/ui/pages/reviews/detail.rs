//! `/p/{partner}/reviews/{review}`: one review, editable while a draft (its
//! notes, strategy changes, updated targets, a conflict's choices), with its
//! status buttons and the task follow-up.

use super::*;

#[component]
pub fn ReviewPage() -> impl IntoView {
    let review = review_resource();
    view! { <PartnerData resource=review render=|view: ReviewView| view! { <Review view printable=false /> } /> }
}

/// Refresh snapshot and Mark complete (a draft), or Reopen (an admin, a
/// completed review): each a one-button form over the review's version.
#[component]
pub(super) fn StatusForms(view: ReviewView, state: FormState) -> impl IntoView {
    let i18n = use_i18n();
    let action = format!("/p/{}/reviews/{}/save", view.partner.id, view.id);
    let message = state.field_error("review").map(|k| i18n.t(k).to_string());
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
            <Refusal message class="w-full" />
            <div class="w-full"><ErrorSummary error /></div>
        </div>
    }
}

/// A draft: notes, strategy changes, company goals and the open months'
/// targets, saved together by one button.
#[component]
pub(super) fn ReviewForm(view: ReviewView, currency: Currency) -> impl IntoView {
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

/// The plan's months: the ones still ahead as inputs, first, where the eye
/// and the keyboard start; then, compact, those up to the end of the
/// reviewed quarter as text (locked).
#[component]
pub(super) fn TargetsGrid(view: ReviewView, currency: Currency, state: FormState) -> impl IntoView {
    let i18n = use_i18n();
    let Some(plan) = view.plan.clone() else {
        return ().into_any();
    };
    let targets = plan.content.targets;
    let (open, locked): (Vec<u32>, Vec<u32>) =
        (1..=12u32).partition(|month| view.open_months.contains(month));
    let months: Vec<u32> = open.into_iter().chain(locked).collect();
    let caption = i18n.format(
        Key::UpdatedTargetsHeading,
        &[("year", &view.plan_year.to_string())],
    );
    let th = "px-2 py-2 text-left text-xs font-semibold text-slate-800 whitespace-nowrap";
    let rows = Metric::ALL
        .into_iter()
        .map(|metric| {
            let cells = months
                .iter()
                .map(|&month| {
                    let value = target_input(metric, targets.month(metric, month), currency);
                    if !view.open_months.contains(&month) {
                        return view! {
                            <td class="bg-slate-50 px-1.5 py-1 text-xs text-slate-700 whitespace-nowrap">
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
    let heads = months
        .iter()
        .map(|&month| {
            let locked = !view.open_months.contains(&month);
            view! {
                <th scope="col" class=if locked { "px-1.5 py-2 text-left text-xs font-medium text-slate-700 whitespace-nowrap" } else { th }>
                    {i18n.t(Key::month(month))}
                    {locked.then(|| view! { <span class="block font-normal text-slate-700">{i18n.t(Key::MonthLocked)}</span> })}
                </th>
            }
        })
        .collect_view();
    view! {
        <TableScroll label=caption.clone() class="mt-3 rounded-lg border border-slate-200 bg-white">
            <table class="min-w-full">
                <caption class="sr-only">{caption}</caption>
                <thead class="bg-slate-50">
                    <tr>
                        <th scope="col" class=th>{i18n.t(Key::ColGoal)}</th>
                        {heads}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </TableScroll>
    }
    .into_any()
}

/// After a save over a newer version: for each note that differs, keep
/// yours or theirs (as the task panel does).
#[component]
pub(super) fn Conflict(view: ReviewView, state: FormState) -> impl IntoView {
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
                        <label for=mine_id class="whitespace-pre-wrap"><span class="font-medium">{i18n.label(Key::KeepYours)}</span>{empty(mine)}</label>
                    </div>
                    <div class="flex items-start gap-2 text-sm">
                        <input id=theirs_id.clone() type="radio" name=name value="theirs" class="mt-1" />
                        <label for=theirs_id class="whitespace-pre-wrap"><span class="font-medium">{i18n.label(Key::KeepTheirs)}</span>{empty(theirs)}</label>
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
pub(super) fn TaskFollowUp(view: ReviewView, editable: bool) -> impl IntoView {
    let i18n = use_i18n();
    let tasks_page = format!("/p/{}/tasks", view.partner.id);
    if let Some(frozen) = view.frozen_tasks.clone() {
        return view! { <FrozenFollowUp tasks=frozen partner=view.partner.id /> }.into_any();
    }
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
    .into_any()
}

/// A completed review's follow-up: the open tasks as they stood when it was
/// completed, each linking to the task as it is now.
#[component]
fn FrozenFollowUp(tasks: Vec<FrozenTaskView>, partner: crate::model::PartnerId) -> impl IntoView {
    let i18n = use_i18n();
    let list = if tasks.is_empty() {
        view! { <p class="mt-2 text-slate-700">{i18n.t(Key::NoOpenTasksWhenCompleted)}</p> }
            .into_any()
    } else {
        let rows = tasks
            .into_iter()
            .map(|task| view! {
                <li class="p-3" data-task=task.id.to_string()>
                    <a href=format!("/p/{partner}/tasks?task={}", task.id) class=format!("{LINK_CLASS} font-medium")>{task.title}</a>
                    <p class="text-sm text-slate-700">
                        {format!("{} {}", task.due_date, task.due_time)}
                        {task.overdue.then(|| view! { <span class="ml-2 rounded bg-red-700 px-1.5 py-0.5 text-xs font-semibold text-white">{i18n.t(Key::Overdue)}</span> })}
                    </p>
                </li>
            })
            .collect_view();
        view! { <ul class="mt-3 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">{rows}</ul> }.into_any()
    };
    view! {
        <section aria-labelledby="follow-up-heading" class="mt-8 print:hidden">
            <h2 id="follow-up-heading" class="text-lg font-medium">{i18n.t(Key::TaskFollowUpHeading)}</h2>
            <p class="text-sm text-slate-600">{i18n.t(Key::TasksWhenCompletedHint)}</p>
            {list}
        </section>
    }
}

#[component]
pub(super) fn FollowUpRow(task: TaskView, view: ReviewView, editable: bool) -> impl IntoView {
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
