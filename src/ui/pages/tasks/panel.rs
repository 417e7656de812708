//! The task panel on the right of the list (the whole screen on a phone):
//! every field of one task, to create it (blank or from a default task) or to
//! edit it. A plain form post to `/p/{partner}/tasks/save`, so it works
//! without JavaScript; live, `ui::islands::TaskPanel` shows the custom date
//! fields only when they apply and closes on Escape.
//!
//! A save over a newer version comes back with what was typed and, field by
//! field, the saved value beside it: the user keeps either, and saves again.

use super::list_url;
use crate::api::tasks::DeleteTask;
use crate::i18n::Key;
use crate::model::tasks::{
    fields, time_choices, DuePreset, Priority, ReminderPreset, TaskType, DEFAULT_DUE,
    DEFAULT_DUE_TIME,
};
use crate::model::Role;
use crate::ui::forms::{
    ConfirmDelete, Field, Form, FormState, SelectField, TextAreaField, BUTTON_CLASS,
};
use crate::ui::i18n::use_i18n;
use crate::ui::islands::TaskPanel;
use crate::views::{PanelView, TaskView, TasksView};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

pub use crate::model::tasks::panel::{CONFLICT_PREFIX, FORM as PANEL_FORM};

/// The form key of the panel's delete form.
pub const DELETE_FORM: &str = "task-delete";

#[component]
pub fn TaskPanelView(view: TasksView, panel: PanelView) -> impl IntoView {
    let i18n = use_i18n();
    let state = FormState::on_page(PANEL_FORM);
    let partner = view.partner.id;
    // Close goes back to what opened the panel: the task's line, or the
    // "Create task" menu (the list page focuses the element the URL names).
    let opener = match &panel {
        PanelView::Edit(task) => format!("task-{}", task.id),
        PanelView::New(_) => super::CREATE_MENU_ID.to_string(),
    };
    let close = format!("{}#{opener}", list_url(partner, &view.filter, &[]));
    let (heading, task, template) = match &panel {
        PanelView::New(template) => (Key::NewTask, None, template.clone()),
        PanelView::Edit(task) => (Key::EditTask, Some(task.clone()), None),
    };
    let options = |items: Vec<(String, Key)>| {
        items
            .into_iter()
            .map(|(value, key)| (value, i18n.t(key).to_string()))
            .collect::<Vec<_>>()
    };
    let kinds = options(
        TaskType::ALL
            .iter()
            .map(|k| (k.as_str().to_string(), k.label()))
            .collect(),
    );
    let priorities = options(
        Priority::ALL
            .iter()
            .map(|p| (p.as_str().to_string(), p.label()))
            .collect(),
    );
    let due_presets = options(
        DuePreset::ALL
            .iter()
            .map(|p| (p.as_str().to_string(), p.label()))
            .collect(),
    );
    let reminders = options(
        ReminderPreset::ALL
            .iter()
            .map(|r| (r.as_str().to_string(), r.label()))
            .collect(),
    );
    // Whoever holds the task stays among the choices even when they could
    // not be given it anew (a deactivated account): a save leaves them be.
    let holder = task
        .as_ref()
        .and_then(|t| t.assignee.clone())
        .filter(|(id, _)| !view.people.iter().any(|p| p.id == *id))
        .map(|(id, name)| (id.to_string(), name));
    let people = std::iter::once((String::new(), i18n.t(Key::Nobody).to_string()))
        .chain(holder)
        .chain(view.people.iter().map(|p| {
            let name = match p.role {
                Role::Member => p.name.clone(),
                role => format!("{} ({})", p.name, i18n.t(role_short(role))),
            };
            (p.id.to_string(), name)
        }))
        .collect::<Vec<_>>();
    let default_time = DEFAULT_DUE_TIME.format("%H:%M").to_string();
    let times = |current: &str| {
        let mut times: Vec<(String, String)> = time_choices()
            .map(|t| t.format("%H:%M").to_string())
            .map(|t| (t.clone(), t))
            .collect();
        // A time set elsewhere (09:15 from another device) stays selectable.
        if !current.is_empty() && !times.iter().any(|(t, _)| t == current) {
            times.push((current.to_string(), current.to_string()));
            times.sort();
        }
        times
    };
    let t = task.clone();
    let field = move |f: fn(&TaskView) -> String| t.as_ref().map(f);
    let due_time = field(|t| t.due_time.clone()).unwrap_or(default_time.clone());
    let remind_time = field(|t| t.remind_time.clone())
        .filter(|t| !t.is_empty())
        .unwrap_or(due_time.clone());
    let due_preset = match (&task, &template) {
        (Some(_), _) => DuePreset::Custom,
        (None, Some(t)) => t.due_preset,
        (None, None) => DEFAULT_DUE,
    };
    let typed_due_time = state.value(fields::DUE_TIME).unwrap_or(due_time.clone());
    let typed_remind_time = state
        .value(fields::REMIND_TIME)
        .unwrap_or(remind_time.clone());
    let save_path = format!("/p/{partner}/tasks/save");
    // After a conflict, a save goes over the version now saved: the user has seen it.
    let hidden = match &task {
        Some(t) => view! {
            <input type="hidden" name="task_id" value=t.id.to_string() />
            <input type="hidden" name="version" value=t.version.to_string() />
        }
        .into_any(),
        None => view! {
            <input type="hidden" name="template" value=template.as_ref().map(|t| t.id.to_string()).unwrap_or_default() />
        }
        .into_any(),
    };
    let conflict = match (&task, state.error()) {
        (Some(saved), Some(crate::error::AppError::Conflict)) => {
            Some(view! { <Conflict saved=saved.clone() view=view.clone() state=state.clone() /> })
        }
        _ => None,
    };
    let completed = state
        .value("completed")
        .map(|v| !v.is_empty())
        .unwrap_or_else(|| task.as_ref().is_some_and(|t| t.completed.is_some()));
    let who = |by: &Option<String>| {
        by.clone()
            .unwrap_or_else(|| i18n.t(Key::CommandLine).to_string())
    };
    let history = task.as_ref().map(|t| {
        [
            i18n.format(
                Key::CreatedBy,
                &[("name", &who(&t.created.0)), ("when", &t.created.1)],
            ),
            i18n.format(
                Key::ChangedBy,
                &[("name", &who(&t.changed.0)), ("when", &t.changed.1)],
            ),
        ]
    });
    let delete = task
        .as_ref()
        .map(|t| view! { <DeleteTaskForm task=t.clone() /> });
    view! {
        <aside
            aria-labelledby="panel-heading"
            class="fixed inset-0 z-30 overflow-y-auto bg-white p-4 lg:static lg:z-auto lg:self-start lg:rounded-lg lg:border lg:border-slate-200 lg:p-5 lg:shadow-sm"
        >
            <TaskPanel>
                <div class="flex items-start gap-3">
                    <h2 id="panel-heading" class="mr-auto text-xl font-semibold">{i18n.t(heading)}</h2>
                    <a href=close data-close="" class=format!("{} text-sm", super::LINK_CLASS)>{i18n.t(Key::ClosePanel)}</a>
                </div>
                <Form state=state.clone() action=save_path class="mt-3 space-y-4">
                    {hidden}
                    {conflict}
                    <Field name="title" label=Key::TaskTitleLabel autofocus=state.error().is_none() value=field(|t| t.title.clone()).or(template.as_ref().map(|t| t.title.clone())).unwrap_or_default() />
                    // A task is completed once it exists: a new one has no such box.
                    {task.is_some().then(|| view! {
                        <div class="flex items-center gap-2">
                            <input
                                id="field-completed"
                                type="checkbox"
                                name="completed"
                                value="on"
                                checked=completed
                                class="h-5 w-5 rounded border-slate-400 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600"
                            />
                            <label for="field-completed" class="text-sm font-medium text-slate-800">{i18n.t(Key::MarkCompletedLabel)}</label>
                        </div>
                    })}
                    <div class="grid gap-4 sm:grid-cols-2">
                        <SelectField name="kind" label=Key::TaskTypeLabel options=kinds selected=task.as_ref().map(|t| t.kind).or(template.as_ref().map(|t| t.kind)).unwrap_or(TaskType::Todo).as_str() />
                        <SelectField name="priority" label=Key::PriorityLabel options=priorities selected=task.as_ref().map(|t| t.priority).or(template.as_ref().map(|t| t.priority)).unwrap_or(Priority::None).as_str() />
                    </div>
                    <SelectField name="assignee" label=Key::AssignedTo options=people selected=task.as_ref().and_then(|t| t.assignee.as_ref().map(|(id, _)| id.to_string())).unwrap_or_else(|| view.me.to_string()) />
                    <div class="grid gap-4 rounded-md border border-slate-200 p-3 sm:grid-cols-2" data-preset-group=fields::DUE_PRESET>
                        <div class="sm:col-span-2">
                            <SelectField name=fields::DUE_PRESET label=Key::DueDate options=due_presets selected=due_preset.as_str() />
                        </div>
                        <div data-custom-for=fields::DUE_PRESET>
                            <Field name=fields::DUE_DATE label=Key::CustomDate kind="date" optional=true hint=Key::CustomDateHint value=field(|t| t.due_date.clone()).unwrap_or_default() />
                        </div>
                        <SelectField name=fields::DUE_TIME label=Key::DueTime options=times(&typed_due_time) selected=due_time />
                    </div>
                    <div class="grid gap-4 rounded-md border border-slate-200 p-3 sm:grid-cols-2" data-preset-group=fields::REMINDER>
                        <div class="sm:col-span-2">
                            <SelectField name=fields::REMINDER label=Key::ReminderLabel options=reminders selected=task.as_ref().map_or("none", |t| t.reminder.as_str()) />
                        </div>
                        <div data-custom-for=fields::REMINDER>
                            <Field name=fields::REMIND_DATE label=Key::ReminderDate kind="date" optional=true hint=Key::ReminderCustomHint value=field(|t| t.remind_date.clone()).unwrap_or_default() />
                        </div>
                        <div data-custom-for=fields::REMINDER>
                            <SelectField name=fields::REMIND_TIME label=Key::ReminderTime options=times(&typed_remind_time) selected=remind_time />
                        </div>
                    </div>
                    <TextAreaField name="notes" label=Key::TaskNotesLabel value=field(|t| t.notes.clone()).or(template.as_ref().map(|t| t.notes.clone())).unwrap_or_default() />
                    // On a phone the panel is the whole screen: its action stays in
                    // view at the bottom while the fields scroll.
                    <div class="sticky bottom-0 -mx-4 border-t border-slate-200 bg-white px-4 py-3 lg:static lg:mx-0 lg:border-0 lg:p-0">
                        <button type="submit" class=BUTTON_CLASS>{i18n.t(if task.is_some() { Key::Save } else { Key::CreateButton })}</button>
                    </div>
                </Form>
                {history.map(|lines| view! {
                    <ul class="mt-4 space-y-1 text-sm text-slate-600">
                        {lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                    </ul>
                })}
                {delete}
            </TaskPanel>
        </aside>
    }
}

fn role_short(role: Role) -> Key {
    match role {
        Role::Pdm => Key::RolePdmShort,
        _ => role.label(),
    }
}

/// After a save over a newer version: each field where the saved task now
/// differs from what was typed, both values, and the choice which to keep.
#[component]
fn Conflict(saved: TaskView, view: TasksView, state: FormState) -> impl IntoView {
    let i18n = use_i18n();
    let typed = |name: &str| state.value(name).unwrap_or_default();
    let yes_no = |b: bool| {
        i18n.t(if b { Key::YesWord } else { Key::NoWord })
            .to_string()
    };
    let person = |id: &str| {
        view.people
            .iter()
            .find(|p| p.id.to_string() == id)
            .map(|p| p.name.clone())
            .unwrap_or_else(|| i18n.t(Key::Nobody).to_string())
    };
    let label = |key: Option<Key>| key.map(|k| i18n.t(k).to_string()).unwrap_or_default();
    let today = view.today.parse::<chrono::NaiveDate>().ok();
    let typed_due = {
        let preset = DuePreset::parse(&typed(fields::DUE_PRESET));
        let day = match (preset, today) {
            (Some(p), Some(today)) if p != DuePreset::Custom => {
                p.date(today).map(|d| d.to_string())
            }
            _ => None,
        };
        format!(
            "{} {}",
            day.unwrap_or_else(|| typed(fields::DUE_DATE)),
            typed(fields::DUE_TIME)
        )
    };
    let reminder_text = |preset: Option<ReminderPreset>, date: String, time: String| match preset {
        Some(ReminderPreset::Custom) => format!("{date} {time}"),
        other => label(other.map(|p| p.label())),
    };
    let rows: Vec<(&str, Key, String, String)> = vec![
        (
            "title",
            Key::TaskTitleLabel,
            typed("title"),
            saved.title.clone(),
        ),
        (
            "completed",
            Key::MarkCompletedLabel,
            yes_no(!typed("completed").is_empty()),
            yes_no(saved.completed.is_some()),
        ),
        (
            "kind",
            Key::TaskTypeLabel,
            label(TaskType::parse(&typed("kind")).map(|k| k.label())),
            i18n.t(saved.kind.label()).to_string(),
        ),
        (
            "priority",
            Key::PriorityLabel,
            label(Priority::parse(&typed("priority")).map(|p| p.label())),
            i18n.t(saved.priority.label()).to_string(),
        ),
        (
            "assignee",
            Key::AssignedTo,
            person(&typed("assignee")),
            saved
                .assignee
                .clone()
                .map(|(_, n)| n)
                .unwrap_or_else(|| i18n.t(Key::Nobody).to_string()),
        ),
        (
            "due",
            Key::DueDate,
            typed_due,
            format!("{} {}", saved.due_date, saved.due_time),
        ),
        (
            "reminder",
            Key::ReminderLabel,
            reminder_text(
                ReminderPreset::parse(&typed(fields::REMINDER)),
                typed(fields::REMIND_DATE),
                typed(fields::REMIND_TIME),
            ),
            reminder_text(
                Some(saved.reminder),
                saved.remind_date.clone(),
                saved.remind_time.clone(),
            ),
        ),
        (
            "notes",
            Key::TaskNotesLabel,
            typed("notes"),
            saved.notes.clone(),
        ),
    ];
    let differing = rows
        .into_iter()
        // The server names each field it found different in the flash.
        .filter(|(field, ..)| state.has_value(&format!("{CONFLICT_PREFIX}{field}")));
    let changed = i18n.format(
        Key::ChangedBy,
        &[
            ("name", &saved.changed.0.clone().unwrap_or_default()),
            ("when", &saved.changed.1),
        ],
    );
    view! {
        <section aria-labelledby="conflict-heading" class="rounded-lg border border-amber-300 bg-amber-50 p-3">
            <h3 id="conflict-heading" class="font-medium">{i18n.t(Key::TaskConflictTitle)}</h3>
            <p class="text-sm text-slate-800">{changed}</p>
            <p class="text-sm text-slate-800">{i18n.t(Key::TaskConflictHint)}</p>
            <div class="mt-2 space-y-3">
                {differing
                    .map(|(field, key, mine, theirs)| {
                        let name = format!("keep_{field}");
                        let (mine_id, theirs_id) = (format!("keep-{field}-mine"), format!("keep-{field}-theirs"));
                        let empty = |v: String| if v.trim().is_empty() { "—".to_string() } else { v };
                        view! {
                            <fieldset class="rounded-md border border-amber-200 bg-white p-2">
                                <legend class="px-1 text-sm font-medium text-slate-900">{i18n.t(key)}</legend>
                                <div class="flex items-start gap-2 text-sm">
                                    <input id=mine_id.clone() type="radio" name=name.clone() value="mine" checked=true class="mt-1" />
                                    <label for=mine_id class="whitespace-pre-wrap">
                                        <span class="font-medium">{i18n.label(Key::KeepYours)}</span>{empty(mine)}
                                    </label>
                                </div>
                                <div class="flex items-start gap-2 text-sm">
                                    <input id=theirs_id.clone() type="radio" name=name value="theirs" class="mt-1" />
                                    <label for=theirs_id class="whitespace-pre-wrap">
                                        <span class="font-medium">{i18n.label(Key::KeepTheirs)}</span>{empty(theirs)}
                                    </label>
                                </div>
                            </fieldset>
                        }
                    })
                    .collect_view()}
            </div>
        </section>
    }
}

#[component]
fn DeleteTaskForm(task: TaskView) -> impl IntoView {
    let i18n = use_i18n();
    let state = FormState::on_page(DELETE_FORM);
    let hidden = vec![
        ("task_id", task.id.to_string()),
        ("version", task.version.to_string()),
    ];
    view! {
        <section aria-labelledby="delete-task-heading" class="mt-6 rounded-lg border border-red-200 p-4">
            <h3 id="delete-task-heading" class="font-medium">{i18n.t(Key::DeleteTask)}</h3>
            <ConfirmDelete state action=DeleteTask::PATH hidden confirm=Key::ConfirmDeleteTask button=Key::DeleteTask />
        </section>
    }
}
