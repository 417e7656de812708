//! The login page.

use super::{form_error, ErrorMessage, Field, BUTTON_CLASS};
use crate::api::session::safe_next;
use crate::api::session::Login;
use crate::i18n::Key;
use crate::ui::i18n::use_i18n;
use crate::ui::session::use_session;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let next = move || safe_next(query.with(|q| q.get("next")).as_deref());
    let error = form_error(Login::PATH);
    let signed_in = move || {
        session
            .info
            .get()
            .and_then(|r| r.ok())
            .is_some_and(|i| i.user.is_some())
    };
    view! {
        <Title text=i18n.t(Key::LogIn).to_string() />
        <Show when=signed_in fallback=move || ()>
            <Redirect path="/" />
        </Show>
        <div class="mx-auto mt-8 max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <h1 class="mb-1 text-2xl font-semibold">{i18n.t(Key::LogInTitle)}</h1>
            <p class="mb-6 text-slate-600">{i18n.t(Key::MutualActionPlan)}</p>
            // A plain form post: logging in loads the next page afresh anyway.
            <form method="post" action=Login::PATH class="space-y-4" novalidate=true>
                <input type="hidden" name="next" value=next />
                <ErrorMessage error />
                <Field name="email" label=Key::Email kind="email" autocomplete="username" error />
                <Field name="password" label=Key::Password kind="password" autocomplete="current-password" error />
                <button type="submit" class=BUTTON_CLASS>
                    {i18n.t(Key::LogIn)}
                </button>
            </form>
        </div>
    }
}
