//! The task list: by due time, overdue ones marked in words as well as
//! colour, each completed or reopened in one click (a small form per row).

use super::list_url;
use crate::api::tasks::SetTaskDone;
use crate::i18n::Key;
use crate::ui::forms::FORM_KEY;
use crate::ui::i18n::use_i18n;
use crate::ui::table::TableScroll;
use crate::views::{TaskView, TasksView};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The form key of the rows' complete and reopen buttons.
pub const DONE_FORM: &str = "task-done";

#[component]
pub fn TaskList(view: TasksView) -> impl IntoView {
    let i18n = use_i18n();
    if view.tasks.is_empty() {
        let empty = if view.filter == Default::default() {
            Key::NoTasksYet
        } else {
            Key::NoTasksMatch
        };
        return view! {
            <p class="mt-6 rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-700">{i18n.t(empty)}</p>
        }
        .into_any();
    }
    let count = i18n.format(Key::TaskCount, &[("count", &view.tasks.len().to_string())]);
    let th = "px-3 py-2 text-left text-sm font-semibold text-slate-800";
    view! {
        <TableScroll label=count.clone() class="mt-4 rounded-lg border border-slate-200 bg-white shadow-sm">
            // On a phone each task is a card (`.cards-on-phone` in
            // style/tailwind.css): title, due and status first.
            <table class="cards-on-phone min-w-full divide-y divide-slate-200">
                <caption class="sr-only">{count}</caption>
                <thead class="bg-slate-50">
                    <tr>
                        <th scope="col" class=th>{i18n.t(Key::ColDone)}</th>
                        <th scope="col" class=th>{i18n.t(Key::ColTask)}</th>
                        <th scope="col" class=th>{i18n.t(Key::ColTaskType)}</th>
                        <th scope="col" class=th>{i18n.t(Key::ColPriority)}</th>
                        <th scope="col" class=th>{i18n.t(Key::ColAssignee)}</th>
                        <th scope="col" class=th>{i18n.t(Key::ColDue)}</th>
                    </tr>
                </thead>
                <tbody class="divide-y divide-slate-100">
                    {view.tasks.iter().map(|t| view! { <TaskRow task=t.clone() view=view.clone() /> }).collect_view()}
                </tbody>
            </table>
        </TableScroll>
    }
    .into_any()
}

#[component]
fn TaskRow(task: TaskView, view: TasksView) -> impl IntoView {
    let i18n = use_i18n();
    let open = list_url(
        view.partner.id,
        &view.filter,
        &[("task", task.id.to_string())],
    );
    let done = task.completed.is_some();
    let (label, named) = if done {
        (Key::ReopenTask, Key::ReopenTaskNamed)
    } else {
        (Key::CompleteTask, Key::CompleteTaskNamed)
    };
    // The visible word begins the name, so voice control finds it; the title
    // tells the rows' buttons apart for screen readers.
    let button_name = i18n.format(named, &[("title", &task.title)]);
    let who = |by: &Option<String>| {
        by.clone()
            .unwrap_or_else(|| i18n.t(Key::CommandLine).to_string())
    };
    let completed_line = task
        .completed
        .as_ref()
        .map(|(by, when)| i18n.format(Key::CompletedBy, &[("name", &who(by)), ("when", when)]));
    let td = "px-3 py-2 text-sm text-slate-800 align-top";
    view! {
        <tr data-task=task.id.to_string() class=if task.overdue { "bg-red-50" } else { "" }>
            <td class=td data-card="action">
                <form method="post" action=SetTaskDone::PATH>
                    <input type="hidden" name=FORM_KEY value=DONE_FORM />
                    <input type="hidden" name="task_id" value=task.id.to_string() />
                    <input type="hidden" name="done" value=if done { "false" } else { "true" } />
                    <button
                        type="submit"
                        aria-label=button_name
                        class="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-800 hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600"
                    >
                        {i18n.t(label)}
                    </button>
                </form>
            </td>
            <td class=td data-card="title">
                <a href=open id=format!("task-{}", task.id) class=format!("{} font-medium {}", super::LINK_CLASS, if done { "line-through" } else { "" })>{task.title.clone()}</a>
                {completed_line.map(|line| view! { <p class="text-xs text-slate-600">{line}</p> })}
            </td>
            <td class=td data-label=i18n.t(Key::ColTaskType)>{i18n.t(task.kind.label())}</td>
            <td class=td data-label=i18n.t(Key::ColPriority)>{i18n.t(task.priority.label())}</td>
            <td class=td data-label=i18n.t(Key::ColAssignee)>{task.assignee.clone().map(|(_, name)| name).unwrap_or_else(|| i18n.t(Key::Nobody).to_string())}</td>
            <td class=format!("{td} whitespace-nowrap") data-card="due" data-label=i18n.t(Key::ColDue)>
                {format!("{} {}", task.due_date, task.due_time)}
                {task.overdue.then(|| view! {
                    <span class="ml-2 rounded bg-red-700 px-1.5 py-0.5 text-xs font-semibold text-white">{i18n.t(Key::Overdue)}</span>
                })}
            </td>
        </tr>
    }
}
