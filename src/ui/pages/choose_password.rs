//! `/choose-password`: a user signed in with a one-time password chooses their
//! own before anything else (`server::accounts::first_password` sends every page here).
//! The same form as in the settings, then on to the start page.

use crate::i18n::Key;
use crate::ui::forms::FormState;
use crate::ui::i18n::use_i18n;
use crate::ui::islands::{PasswordFields, PasswordForm};
use crate::ui::session::use_session;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

#[component]
pub fn ChoosePasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <Title text=i18n.t(Key::ChooseYourPassword).to_string() />
        <h1 class="text-2xl font-semibold">{i18n.t(Key::ChooseYourPassword)}</h1>
        <Suspense>
            {move || Suspend::new(async move {
                let info = session.info.await.unwrap_or_default();
                let Some(user) = info.user.clone() else {
                    return view! { <Redirect path="/login" /> }.into_any();
                };
                let password = FormState::of(&info, "password");
                view! {
                    <p class="mt-2 max-w-xl text-slate-700">{i18n.t(Key::ChooseYourPasswordIntro)}</p>
                    <section aria-label=i18n.t(Key::ChangePassword) class="mt-4 max-w-xl rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
                        <PasswordForm>
                            <PasswordFields email=user.email.clone() error=password.error() changed=password.notice().is_some() then="/" />
                        </PasswordForm>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
