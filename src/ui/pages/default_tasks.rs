//! `/admin/default-tasks`: the default tasks every partner's "Create task"
//! menu offers, edited by admins in both languages. One plain form per
//! default task, one to add another.

use super::deals::LINK_CLASS;
use super::ErrorPage;
use crate::api::default_tasks::{
    open_default_tasks, DeleteDefaultTask, MoveDefaultTask, RestoreDefaultTask, RetireDefaultTask,
    SaveDefaultTask,
};
use crate::i18n::Key;
use crate::model::tasks::{DuePreset, Priority, TaskType};
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
        <ol class="mt-4 space-y-4">
            {list.into_iter().map(|t| view! { <li><TemplateEditor template=Some(t) next_position /></li> }).collect_view()}
        </ol>
        <h2 class="mt-8 text-xl font-semibold">{i18n.t(Key::AddDefaultTask)}</h2>
        <TemplateEditor template=None next_position />
    }
}

/// One default task's form (or the form for a new one). Field ids carry the
/// task's id, so the page's many forms keep their labels apart.
#[component]
fn TemplateEditor(template: Option<DefaultTaskView>, next_position: i64) -> impl IntoView {
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
    let heading = template
        .as_ref()
        .map_or(i18n.t(Key::AddDefaultTask).to_string(), |t| {
            match i18n.locale() {
                crate::model::Locale::ZhTw => t.title_zh_tw.clone(),
                crate::model::Locale::En => t.title_en.clone(),
            }
        });
    let manage = template.as_ref().map(|t| {
        let id = t.id.to_string();
        let hidden = vec![("template_id", id.clone())];
        view! {
            <div class="mb-3 flex flex-wrap items-center gap-2">
                {t.retired.then(|| view! { <span class="rounded bg-amber-100 px-2 py-0.5 text-sm text-amber-900">{i18n.t(Key::DefaultTaskIsRetired)}</span> })}
                <ButtonForm form_key=format!("default-task-up-{id}") action=MoveDefaultTask::PATH hidden=vec![("template_id", id.clone()), ("direction", "up".to_string())] label=Key::MoveUp />
                <ButtonForm form_key=format!("default-task-down-{id}") action=MoveDefaultTask::PATH hidden=vec![("template_id", id.clone()), ("direction", "down".to_string())] label=Key::MoveDown />
                {if t.retired {
                    view! { <ButtonForm form_key=format!("default-task-restore-{id}") action=RestoreDefaultTask::PATH hidden=hidden.clone() label=Key::RestoreDefaultTask /> }.into_any()
                } else {
                    view! { <ButtonForm form_key=format!("default-task-retire-{id}") action=RetireDefaultTask::PATH hidden=hidden.clone() label=Key::RetireDefaultTask /> }.into_any()
                }}
            </div>
        }
    });
    let delete = template.as_ref().map(|t| {
        view! {
            <details class="mt-3">
                <summary class=format!("{LINK_CLASS} cursor-pointer text-sm")>{i18n.t(Key::DeleteDefaultTask)}</summary>
                <ConfirmDelete
                    state=FormState::on_page(&format!("{DELETE_FORM}{}", t.id))
                    action=DeleteDefaultTask::PATH
                    hidden=vec![("template_id", t.id.to_string())]
                    confirm=Key::ConfirmDeleteDefaultTask
                    button=Key::DeleteDefaultTask
                    id_prefix=t.id.to_string()
                />
            </details>
        }
    });
    view! {
        <section aria-label=heading class="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            {manage}
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
            {delete}
        </section>
    }
}
