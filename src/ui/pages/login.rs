//! The login page.

use crate::api::session::Login;
use crate::i18n::Key;
use crate::model::navigation::safe_next;
use crate::ui::forms::{Field, Form, FormState, BUTTON_CLASS};
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
    view! {
        <Title text=i18n.t(Key::LogIn).to_string() />
        <Suspense>
            {move || {
                session.info.get().map(|r| {
                    let info = r.unwrap_or_default();
                    if info.user.is_some() {
                        return view! { <Redirect path="/" /> }.into_any();
                    }
                    let state = FormState::of(&info, "login");
                    let next = state
                        .value("next")
                        .unwrap_or_else(|| safe_next(query.with(|q| q.get("next")).as_deref()));
                    view! {
                        <div class="mx-auto mt-8 max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
                            <h1 class="mb-1 text-2xl font-semibold">{i18n.t(Key::LogInTitle)}</h1>
                            <p class="mb-6 text-slate-600">{i18n.t(Key::MutualActionPlan)}</p>
                            <Form state action=Login::PATH class="space-y-4">
                                <input type="hidden" name="next" value=next />
                                <Field name="email" label=Key::Email kind="email" autocomplete="username" />
                                <Field name="password" label=Key::Password kind="password" autocomplete="current-password" />
                                <button type="submit" class=BUTTON_CLASS>{i18n.t(Key::LogIn)}</button>
                            </Form>
                        </div>
                    }
                    .into_any()
                })
            }}
        </Suspense>
    }
}
