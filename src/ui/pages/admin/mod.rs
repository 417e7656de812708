//! `/admin`: the admin area, for admins only. Its overview, and the navigation
//! between its sections: partners, users, PDM assignments, default tasks,
//! the audit log and mail. Every change is a plain form post (`ui::forms`), so the whole
//! area works without JavaScript.

pub mod assignments;
pub mod audit;
pub mod mail;
pub mod partners;
pub mod users;

use super::deals::LINK_CLASS;
use super::ErrorPage;
use crate::api::admin::load_admin_overview;
use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::forms::{Notice, Refusal};
use crate::ui::i18n::use_i18n;
use crate::views::{FlashView, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

/// The sections of the admin area: path, name, what it is for.
pub const SECTIONS: [(&str, Key, Key); 7] = [
    (
        "/admin/partners",
        Key::AdminPartners,
        Key::AdminPartnersAbout,
    ),
    ("/admin/users", Key::AdminUsers, Key::AdminUsersAbout),
    (
        "/admin/assignments",
        Key::AdminAssignments,
        Key::AdminAssignmentsAbout,
    ),
    (
        "/admin/default-tasks",
        Key::DefaultTasksTitle,
        Key::AdminDefaultTasksAbout,
    ),
    ("/admin/audit", Key::AuditLog, Key::AuditLogAbout),
    ("/admin/mail", Key::AdminMail, Key::AdminMailAbout),
    (
        "/admin/api-tokens",
        Key::ApiTokens,
        Key::AdminApiTokensAbout,
    ),
];

/// The admin area's own navigation, above each of its pages.
#[component]
pub fn AdminNav() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let here = move |path: &'static str| {
        let current = location.pathname.get();
        (current == path || current.starts_with(&format!("{path}/"))).then_some("page")
    };
    view! {
        <nav aria-label=i18n.t(Key::AdminNavigation) class="mb-4 overflow-x-auto border-b border-slate-200">
            <ul class="flex gap-1">
                <li>
                    <a href="/admin" aria-current=move || (location.pathname.get() == "/admin").then_some("page") class=TAB_CLASS>
                        {i18n.t(Key::AdminOverview)}
                    </a>
                </li>
                {SECTIONS
                    .into_iter()
                    .map(|(path, name, _)| view! {
                        <li><a href=path aria-current=move || here(path) class=TAB_CLASS>{i18n.t(name)}</a></li>
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

const TAB_CLASS: &str = "inline-block whitespace-nowrap border-b-2 border-transparent px-3 py-2 text-sm text-slate-700 hover:text-slate-900 aria-[current=page]:border-indigo-600 aria-[current=page]:font-medium aria-[current=page]:text-indigo-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600";

/// Loads an admin page's data, then renders it (or the error page: 403 for
/// everyone but admins).
#[component]
pub fn AdminData<T, F, V>(resource: Resource<Result<T, AppError>>, render: F) -> impl IntoView
where
    T: Clone + Send + Sync + 'static + serde::Serialize + serde::de::DeserializeOwned,
    F: Fn(T) -> V + Send + Sync + Clone + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(data) => view! { <AdminNav /> {render(data)} }.into_any(),
                        Err(error) => view! { <ErrorPage error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The flash the page was loaded with, if a post left one.
pub fn page_flash() -> Option<FlashView> {
    crate::ui::session::use_session()
        .info
        .get_untracked()
        .and_then(|r: Result<SessionInfo, AppError>| r.ok())
        .and_then(|info| info.flash)
}

#[component]
pub fn AdminPage() -> impl IntoView {
    let overview = Resource::new(|| (), |_| load_admin_overview());
    view! {
        <AdminData resource=overview render=|o: crate::views::AdminOverview| {
            let i18n = use_i18n();
            let title = i18n.t(Key::Administration).to_string();
            let counts = [
                i18n.format(Key::AdminPartnerCount, &[("count", &o.partners.to_string()), ("archived", &o.archived_partners.to_string())]),
                i18n.format(Key::AdminUserCount, &[("count", &o.users.to_string()), ("deactivated", &o.deactivated_users.to_string())]),
                i18n.format(Key::AdminAssignmentCount, &[("count", &o.assignments.to_string())]),
                i18n.format(Key::AdminDefaultTaskCount, &[("count", &o.default_tasks.to_string())]),
                i18n.format(Key::AdminAuditCount, &[("count", &o.audit_entries.to_string())]),
                i18n.format(Key::AdminMailCount, &[("waiting", &o.mail_waiting.to_string()), ("failed", &o.mail_failed.to_string())]),
                i18n.format(Key::AdminApiTokenCount, &[("count", &o.api_tokens.to_string())]),
            ];
            view! {
                <Title text=title.clone() />
                <h1 class="text-2xl font-semibold">{title}</h1>
                <p class="mt-1 max-w-3xl text-sm text-slate-700">{i18n.t(Key::AdminIntro)}</p>
                <ul class="mt-4 grid gap-4 sm:grid-cols-2">
                    {SECTIONS
                        .into_iter()
                        .zip(counts)
                        .map(|((path, name, about), count)| view! {
                            <li class="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                                <h2 class="text-lg font-medium"><a href=path class=LINK_CLASS>{i18n.t(name)}</a></h2>
                                <p class="mt-1 text-sm text-slate-700">{i18n.t(about)}</p>
                                <p class="mt-1 text-sm text-slate-600">{count}</p>
                            </li>
                        })
                        .collect_view()}
                </ul>
            }
        } />
    }
}

/// A small form with hidden fields and one button: archive, restore,
/// deactivate, unassign…
#[component]
pub fn ButtonForm(
    #[prop(into)] form_key: String,
    #[prop(into)] action: String,
    hidden: Vec<(&'static str, String)>,
    label: Key,
    /// The field whose error this form shows (such as the last admin's).
    #[prop(optional)]
    error_field: Option<&'static str>,
    #[prop(optional)] danger: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = crate::ui::forms::FormState::on_page(&form_key);
    let message = error_field
        .and_then(|f| state.field_error(f))
        .map(|k| i18n.t(k).to_string());
    let notice = state.notice();
    let class = if danger {
        "inline-flex items-center justify-center rounded-md bg-red-700 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-red-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700"
    } else {
        super::deals::SECONDARY_BUTTON_CLASS
    };
    view! {
        <form method="post" action=action class="inline">
            <input type="hidden" name=crate::ui::forms::FORM_KEY value=form_key />
            {hidden.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value /> }).collect_view()}
            <button type="submit" class=class>{i18n.t(label)}</button>
            <Refusal message class="mt-1" />
            <Notice notice class="mt-1" />
        </form>
    }
}
