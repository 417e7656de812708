//! `/admin/default-tasks`: the default tasks every partner's "Create task"
//! menu offers, edited by admins in both languages: a list, each default
//! task's form folded inside its line, and one form to add another.

use super::deals::LINK_CLASS;
use super::ErrorPage;
use crate::api::default_tasks::{
    open_default_tasks, DeleteDefaultTask, MoveDefaultTask, RestoreDefaultTask, RetireDefaultTask,
    SaveDefaultTask,
};
use crate::i18n::Key;
use crate::model::tasks::{DuePreset, Priority, TaskType};
use crate::model::Locale;
use crate::ui::forms::{
    ConfirmDelete, Field, Form, FormState, Notice, SelectField, TextAreaField, BUTTON_CLASS,
};
use crate::ui::i18n::use_i18n;
use crate::ui::pages::admin::{AdminNav, ButtonForm};
use crate::views::DefaultTaskView;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

/// The delete forms' keys: this, then the default task's id.
const DELETE_FORM: &str = "default-task-delete-";

#[component]
pub fn DefaultTasksPage() -> impl IntoView {
    let templates = Resource::new(|| (), |_| open_default_tasks());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match templates.await {
                    Ok(list) => view! { <AdminNav /> <DefaultTasks list /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DefaultTasks(list: Vec<DefaultTaskView>) -> impl IntoView {
    let i18n = use_i18n();
    let title = i18n.t(Key::DefaultTasksTitle).to_string();
    let next_position = list.iter().map(|t| t.position).max().unwrap_or(0) + 1;
    // A deleted default task's form is gone: its notice shows at the top.
    let notice = crate::ui::session::use_session()
        .info
        .get_untracked()
        .and_then(|r| r.ok())
        .and_then(|info| info.flash)
        .filter(|flash| flash.form.starts_with(DELETE_FORM))
        .and_then(|flash| flash.notice);
    view! {
        <Title text=title.clone() />
        <h1 class="text-2xl font-semibold">{title}</h1>
        <p class="mt-1 max-w-3xl text-sm text-slate-700">{i18n.t(Key::DefaultTasksIntro)}</p>
        <div class="mt-2"><Notice notice /></div>
        <ol class="mt-4 space-y-2">
            {list.into_iter().map(|t| view! { <li><TemplateItem template=t /></li> }).collect_view()}
        </ol>
        <section aria-label=i18n.t(Key::AddDefaultTask) class="mt-8 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <h2 class="mb-3 text-xl font-semibold">{i18n.t(Key::AddDefaultTask)}</h2>
            <TemplateForm template=None next_position />
        </section>
    }
}

/// One default task as a line of the list: what the menu offers, its place
/// and state, and its form folded away until someone edits it (or a save of
/// it has just come back, with its message or its errors).
#[component]
fn TemplateItem(template: DefaultTaskView) -> impl IntoView {
    let i18n = use_i18n();
    let id = template.id.to_string();
    // The reader's language first, the other beneath it (marked as such).
    let (title, other_title, other_lang) = match i18n.locale() {
        Locale::ZhTw => (
            template.title_zh_tw.clone(),
            template.title_en.clone(),
            "en",
        ),
        Locale::En => (
            template.title_en.clone(),
            template.title_zh_tw.clone(),
            "zh-TW",
        ),
    };
    let edit_state = FormState::on_page(&format!("default-task-{id}"));
    let delete_state = FormState::on_page(&format!("{DELETE_FORM}{id}"));
    let open = edit_state.error().is_some()
        || edit_state.notice().is_some()
        || delete_state.error().is_some();
    let hidden = vec![("template_id", id.clone())];
    let facts = [
        template.kind.label(),
        template.priority.label(),
        template.due_preset.label(),
    ]
    .map(|k| i18n.t(k))
    .join(" · ");
    view! {
        <section aria-label=title.clone() class="rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
            <div class="flex flex-wrap items-start justify-between gap-2">
                <div class="min-w-0">
                    <p class="font-medium">
                        <span class="mr-2 tabular-nums text-slate-600">{template.position}"."</span>
                        {title.clone()}
                    </p>
                    <p class="text-sm text-slate-700" lang=other_lang>{other_title}</p>
                    <p class="text-sm text-slate-700">{facts}</p>
                    {template.retired.then(|| view! { <p class="mt-1"><span class="rounded bg-amber-100 px-2 py-0.5 text-sm text-amber-900">{i18n.t(Key::DefaultTaskIsRetired)}</span></p> })}
                </div>
                <div class="flex flex-wrap items-center gap-2">
                    <ButtonForm form_key=format!("default-task-up-{id}") action=MoveDefaultTask::PATH hidden=vec![("template_id", id.clone()), ("direction", "up".to_string())] label=Key::MoveUp />
                    <ButtonForm form_key=format!("default-task-down-{id}") action=MoveDefaultTask::PATH hidden=vec![("template_id", id.clone()), ("direction", "down".to_string())] label=Key::MoveDown />
                    {if template.retired {
                        view! { <ButtonForm form_key=format!("default-task-restore-{id}") action=RestoreDefaultTask::PATH hidden=hidden.clone() label=Key::RestoreDefaultTask /> }.into_any()
                    } else {
                        view! { <ButtonForm form_key=format!("default-task-retire-{id}") action=RetireDefaultTask::PATH hidden=hidden.clone() label=Key::RetireDefaultTask /> }.into_any()
                    }}
                </div>
            </div>
            <details class="mt-2" open=open>
                <summary class=format!("{LINK_CLASS} cursor-pointer text-sm")>
                    {i18n.format(Key::EditDefaultTask, &[("title", &title)])}
                </summary>
                <div class="mt-3 border-t border-slate-200 pt-3">
                    <TemplateForm template=Some(template.clone()) next_position=template.position />
                    <details class="mt-3">
                        <summary class=format!("{LINK_CLASS} cursor-pointer text-sm")>{i18n.t(Key::DeleteDefaultTask)}</summary>
                        <ConfirmDelete
                            state=delete_state
                            action=DeleteDefaultTask::PATH
                            hidden=vec![("template_id", id.clone())]
                            confirm=Key::ConfirmDeleteDefaultTask
                            button=Key::DeleteDefaultTask
                            id_prefix=id.clone()
                        />
                    </details>
                </div>
            </details>
        </section>
    }
}

/// One default task's form (or the form for a new one). Field ids carry the
/// task's id, so the page's many forms keep their labels apart.
#[component]
fn TemplateForm(template: Option<DefaultTaskView>, next_position: i64) -> impl IntoView {
    let i18n = use_i18n();
    let key = template
        .as_ref()
        .map_or("default-task-new".to_string(), |t| {
            format!("default-task-{}", t.id)
        });
    let state = FormState::on_page(&key);
    let prefix = template
        .as_ref()
        .map_or("new".to_string(), |t| t.id.to_string());
    let options = |items: Vec<(&'static str, Key)>| {
        items
            .into_iter()
            .map(|(v, k)| (v.to_string(), i18n.t(k).to_string()))
            .collect::<Vec<_>>()
    };
    let kinds = options(
        TaskType::ALL
            .iter()
            .map(|k| (k.as_str(), k.label()))
            .collect(),
    );
    let priorities = options(
        Priority::ALL
            .iter()
            .map(|p| (p.as_str(), p.label()))
            .collect(),
    );
    let presets = options(
        DuePreset::ALL
            .iter()
            .filter(|p| **p != DuePreset::Custom)
            .map(|p| (p.as_str(), p.label()))
            .collect(),
    );
    let t = template.clone();
    let value = move |f: fn(&DefaultTaskView) -> String| t.as_ref().map(f).unwrap_or_default();
    view! {
        <Form state action=SaveDefaultTask::PATH class="grid gap-3 sm:grid-cols-2">
            {template.as_ref().map(|t| view! { <input type="hidden" name="template_id" value=t.id.to_string() /> })}
            <Field name="title_en" id_prefix=prefix.clone() label=Key::TitleInEnglish value=value(|t| t.title_en.clone()) />
            <Field name="title_zh_tw" id_prefix=prefix.clone() label=Key::TitleInChinese value=value(|t| t.title_zh_tw.clone()) />
            <SelectField name="kind" id_prefix=prefix.clone() label=Key::TaskTypeLabel options=kinds selected=template.as_ref().map_or("todo", |t| t.kind.as_str()) />
            <SelectField name="priority" id_prefix=prefix.clone() label=Key::PriorityLabel options=priorities selected=template.as_ref().map_or("none", |t| t.priority.as_str()) />
            <SelectField name="due_preset" id_prefix=prefix.clone() label=Key::DueDate options=presets selected=template.as_ref().map_or("in_3_business_days", |t| t.due_preset.as_str()) />
            <Field name="position" id_prefix=prefix.clone() label=Key::PositionLabel inputmode="numeric" value=template.as_ref().map_or(next_position, |t| t.position).to_string() />
            <TextAreaField name="notes_en" id_prefix=prefix.clone() label=Key::NotesInEnglish value=value(|t| t.notes_en.clone()) />
            <TextAreaField name="notes_zh_tw" id_prefix=prefix.clone() label=Key::NotesInChinese value=value(|t| t.notes_zh_tw.clone()) />
            <div class="sm:col-span-2">
                <button type="submit" class=BUTTON_CLASS>{i18n.t(if template.is_some() { Key::Save } else { Key::AddDefaultTask })}</button>
            </div>
        </Form>
    }
}
