//! The user's own settings: language and time zone, and the password.

use super::{form_error, ErrorMessage, Field, BUTTON_CLASS};
use crate::api::settings::{time_zones, ChangePassword, UpdatePreferences};
use crate::i18n::Key;
use crate::model::Locale;
use crate::ui::i18n::use_i18n;
use crate::ui::session::use_session;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let zones = Resource::new(|| (), |_| time_zones());
    let query = use_query_map();
    let saved = move |what: &str| query.with(|q| q.get("saved").as_deref() == Some(what));
    let preferences_error = form_error(UpdatePreferences::PATH);
    let password_error = form_error(ChangePassword::PATH);
    let select_class = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600";
    view! {
        <Title text=i18n.t(Key::Settings).to_string() />
        <h1 class="text-2xl font-semibold">{i18n.t(Key::Settings)}</h1>
        <Transition fallback=move || view! { <p>{i18n.t(Key::Loading)}</p> }>
            {move || {
                let info = session.info.get().and_then(|r| r.ok());
                let zones = zones.get();
                let (Some(info), Some(zones)) = (info, zones) else {
                    return None;
                };
                let Some(user) = info.user else {
                    return Some(view! { <Redirect path="/login?next=/settings" /> }.into_any());
                };
                let zones = zones.unwrap_or_default();
                let current_zone = user.time_zone.clone();
                Some(
                    view! {
                        <div class="mt-6 grid gap-6 lg:grid-cols-2">
                            <section aria-labelledby="preferences-heading" class="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
                                <h2 id="preferences-heading" class="mb-4 text-lg font-medium">{i18n.t(Key::Preferences)}</h2>
                                // A plain form post: a new language or time zone changes the whole page.
                                <form method="post" action=UpdatePreferences::PATH class="space-y-4">
                                    <ErrorMessage error=preferences_error />
                                    <div class="space-y-1">
                                        <label for="field-locale" class="block text-sm font-medium">{i18n.t(Key::Language)}</label>
                                        <select id="field-locale" name="locale" class=select_class>
                                            {Locale::ALL
                                                .into_iter()
                                                .map(|l| view! { <option value=l.tag() selected=l == info.locale>{l.native_name()}</option> })
                                                .collect_view()}
                                        </select>
                                    </div>
                                    <div class="space-y-1">
                                        <label for="field-time_zone" class="block text-sm font-medium">{i18n.t(Key::TimeZone)}</label>
                                        <select id="field-time_zone" name="time_zone" class=select_class>
                                            {zones
                                                .into_iter()
                                                .map(|z| {
                                                    let selected = z == current_zone;
                                                    view! { <option value=z.clone() selected=selected>{z.clone()}</option> }
                                                })
                                                .collect_view()}
                                        </select>
                                    </div>
                                    <button type="submit" class=BUTTON_CLASS>{i18n.t(Key::Save)}</button>
                                    {move || {
                                        saved("preferences")
                                            .then(|| view! { <p role="status" class="text-sm text-green-800">{i18n.t(Key::Saved)}</p> })
                                    }}
                                </form>
                            </section>
                            <section aria-labelledby="password-heading" class="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
                                <h2 id="password-heading" class="mb-4 text-lg font-medium">{i18n.t(Key::ChangePassword)}</h2>
                                <form method="post" action=ChangePassword::PATH class="space-y-4" novalidate=true>
                                    <input type="text" autocomplete="username" value=user.email.clone() hidden=true readonly=true aria-hidden="true" tabindex="-1" />
                                    <Field name="current_password" label=Key::CurrentPassword kind="password" autocomplete="current-password" error=password_error />
                                    <Field name="new_password" label=Key::NewPasswordLabel kind="password" autocomplete="new-password" hint=Key::PasswordHint error=password_error />
                                    <Field name="confirm_password" label=Key::ConfirmPassword kind="password" autocomplete="new-password" error=password_error />
                                    <button type="submit" class=BUTTON_CLASS>{i18n.t(Key::ChangePassword)}</button>
                                    {move || {
                                        saved("password").then(|| view! { <p role="status" class="text-sm text-green-800">{i18n.t(Key::PasswordChanged)}</p> })
                                    }}
                                </form>
                            </section>
                        </div>
                    }
                        .into_any(),
                )
            }}
        </Transition>
    }
}
