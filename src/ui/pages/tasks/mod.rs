//! `/p/{partner}/tasks`, "Go to market": the partner's action tasks with
//! their filters in the URL, the "Create task" menu (an open task or a default
//! one) and the panel on the right that creates or edits one task (`panel`).
//! Live, the list follows everyone's changes (`ui::islands::TaskBoard`).

mod list;
mod panel;

use super::deals::{partner_param, PartnerData, PartnerLine, LINK_CLASS};
use crate::api::tasks::open_tasks;
use crate::i18n::Key;
use crate::model::deal_query::encode;
use crate::model::tasks::{Priority, TaskFilter, TaskStatus, TaskType};
use crate::ui::forms::{FormState, Notice, BUTTON_CLASS, INPUT_CLASS};
use crate::ui::i18n::use_i18n;
use crate::ui::islands::dom::IslandTexts;
use crate::ui::islands::{MenuKeys, TaskBoard};
use crate::views::{TasksView, TemplateView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

#[component]
pub fn TasksPage() -> impl IntoView {
    let location = use_location();
    let partner_id = partner_param();
    let tasks = Resource::new(
        move || (partner_id(), location.search.get()),
        |(id, query)| async move {
            match id {
                Some(id) => open_tasks(id, query).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! { <PartnerData resource=tasks render=|view: TasksView| view! { <TasksLayout view /> } /> }
}

/// The list's URL with `filter`, plus `extra` parameters (which panel is open).
pub fn list_url(
    partner: crate::model::PartnerId,
    filter: &TaskFilter,
    extra: &[(&'static str, String)],
) -> String {
    let mut params = filter.to_params();
    params.extend(extra.iter().cloned());
    format!("/p/{partner}/tasks{}", encode(&params))
}

#[component]
fn TasksLayout(view: TasksView) -> impl IntoView {
    let i18n = use_i18n();
    // What the last post did: a save from the panel, a click in the list, a deletion.
    let notice = [panel::PANEL_FORM, list::DONE_FORM, panel::DELETE_FORM]
        .into_iter()
        .find_map(|form| FormState::on_page(form).notice());
    let title = i18n.t(Key::AreaTasks).to_string();
    let partner = view.partner.clone();
    let has_panel = view.panel.is_some();
    let panel = view
        .panel
        .clone()
        .map(|p| view! { <panel::TaskPanelView view=view.clone() panel=p /> });
    view! {
        <Title text=format!("{title} · {}", partner.name) />
        <div class=if has_panel { "lg:grid lg:grid-cols-[minmax(0,1fr)_26rem] lg:gap-6" } else { "" }>
            <div>
                <PartnerLine name=partner.name.clone() />
                <div class="mt-1 flex flex-wrap items-center gap-3">
                    <h1 class="mr-auto text-2xl font-semibold">{title}</h1>
                    <CreateMenu view=view.clone() />
                </div>
                <p class="mt-1 text-sm text-slate-600">{i18n.format(Key::TimesInZone, &[("zone", &view.time_zone)])}</p>
                <div class="mt-2"><Notice notice /></div>
                <Filters view=view.clone() />
                <TaskBoard>
                    <div data-task-list="" data-events=format!("/p/{}/tasks/events", partner.id)>
                        <list::TaskList view=view.clone() />
                    </div>
                    <p role="status" data-live-status="" class="sr-only"></p>
                    <IslandTexts keys=&[Key::TasksUpdated] />
                </TaskBoard>
            </div>
            {panel}
        </div>
    }
}

/// The "Create task" menu's button: where a closed new-task panel returns focus.
pub const CREATE_MENU_ID: &str = "create-task";

/// "Create task": an open task, or one of the default tasks.
#[component]
fn CreateMenu(view: TasksView) -> impl IntoView {
    let i18n = use_i18n();
    let open = list_url(view.partner.id, &view.filter, &[("new", "open".into())]);
    let item = "block px-3 py-2 text-sm hover:bg-indigo-50 focus-visible:bg-indigo-50 focus-visible:outline-none";
    // Rendered here, before the menu's island takes its children.
    let templates = view
        .templates
        .iter()
        .map(|t: &TemplateView| {
            let href = list_url(view.partner.id, &view.filter, &[("new", t.id.to_string())]);
            view! { <li><a href=href class=item>{t.title.clone()}</a></li> }
        })
        .collect_view();
    view! {
        <MenuKeys>
            <details class="relative">
                <summary id=CREATE_MENU_ID class=format!("{BUTTON_CLASS} cursor-pointer list-none")>{i18n.t(Key::CreateTask)}</summary>
                <div class="absolute right-0 z-20 mt-1 w-80 rounded-md border border-slate-200 bg-white py-1 shadow-lg">
                    <a href=open class=format!("{item} font-medium")>{i18n.t(Key::CreateOpenTask)}</a>
                    <p id="default-tasks-heading" class="border-t border-slate-200 px-3 pb-1 pt-2 text-xs font-semibold uppercase tracking-wide text-slate-600">
                        {i18n.t(Key::DefaultTasks)}
                    </p>
                    <ul aria-labelledby="default-tasks-heading">
                        {templates}
                    </ul>
                </div>
            </details>
        </MenuKeys>
    }
}

#[component]
fn Filters(view: TasksView) -> impl IntoView {
    let i18n = use_i18n();
    let f = view.filter.clone();
    let base = format!("/p/{}/tasks", view.partner.id);
    let option = |value: String, text: String, selected: bool| {
        view! { <option value=value selected=selected>{text}</option> }
    };
    let select_class = format!("{INPUT_CLASS} sm:w-auto");
    let label_class = "block text-sm font-medium text-slate-800";
    let check_class = "h-4 w-4 rounded border-slate-400 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600";
    let assignee = f.assignee.clone().unwrap_or_default();
    let filtered = f != TaskFilter::default();
    view! {
        <form method="get" action=base.clone() role="search" aria-label=i18n.t(Key::Filters) class="mt-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <div class="space-y-1">
                <label for="filter-status" class=label_class>{i18n.t(Key::StatusFilter)}</label>
                <select id="filter-status" name="status" class=select_class.clone()>
                    {TaskStatus::ALL.into_iter().map(|s| option(s.as_str().into(), i18n.t(s.label()).into(), f.status == s)).collect_view()}
                </select>
            </div>
            <div class="space-y-1">
                <label for="filter-assignee" class=label_class>{i18n.t(Key::AssignedTo)}</label>
                <select id="filter-assignee" name="assignee" class=select_class.clone()>
                    {option(String::new(), i18n.t(Key::Anyone).into(), assignee.is_empty())}
                    {option("me".into(), i18n.t(Key::Me).into(), assignee == "me")}
                    {view.people.iter().map(|p| option(p.id.to_string(), p.name.clone(), assignee == p.id.to_string())).collect_view()}
                </select>
            </div>
            <div class="space-y-1">
                <label for="filter-type" class=label_class>{i18n.t(Key::ColTaskType)}</label>
                <select id="filter-type" name="type" class=select_class.clone()>
                    {option(String::new(), i18n.t(Key::AnyType).into(), f.kind.is_none())}
                    {TaskType::ALL.iter().map(|k| option(k.as_str().into(), i18n.t(k.label()).into(), f.kind == Some(*k))).collect_view()}
                </select>
            </div>
            <div class="space-y-1">
                <label for="filter-priority" class=label_class>{i18n.t(Key::ColPriority)}</label>
                <select id="filter-priority" name="priority" class=select_class>
                    {option(String::new(), i18n.t(Key::AnyPriority).into(), f.priority.is_none())}
                    {Priority::ALL.iter().map(|p| option(p.as_str().into(), i18n.t(p.label()).into(), f.priority == Some(*p))).collect_view()}
                </select>
            </div>
            <div class="flex items-center gap-2 py-2">
                <input id="filter-overdue" type="checkbox" name="overdue" value="1" checked=f.overdue class=check_class />
                <label for="filter-overdue" class="text-sm text-slate-800">{i18n.t(Key::Overdue)}</label>
            </div>
            <div class="flex items-center gap-2 py-2">
                <input id="filter-week" type="checkbox" name="week" value="1" checked=f.due_this_week class=check_class />
                <label for="filter-week" class="text-sm text-slate-800">{i18n.t(Key::DueThisWeek)}</label>
            </div>
            <button type="submit" class=BUTTON_CLASS>{i18n.t(Key::ApplyFilters)}</button>
            {filtered.then(|| view! { <a href=base.clone() class=format!("{LINK_CLASS} py-2 text-sm")>{i18n.t(Key::ClearFilters)}</a> })}
        </form>
    }
}
