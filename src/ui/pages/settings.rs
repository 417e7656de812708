//! The user's own settings: name, language and time zone, the password, and
//! the private calendar feed.

use crate::api::calendar::calendar_feed;
use crate::api::settings::{my_mail_choices, time_zones, UpdatePreferences};
use crate::i18n::Key;
use crate::model::Locale;
use crate::ui::forms::{Field, Form, FormState, SelectField, BUTTON_CLASS};
use crate::ui::i18n::use_i18n;
use crate::ui::islands::{PasswordFields, PasswordForm, TimeZoneField, TimeZonePicker};
use crate::ui::pages::calendar_feed::CalendarFeedSection;
use crate::ui::pages::mail_choices::MailChoicesSection;
use crate::ui::session::use_session;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::components::Redirect;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let zones = Resource::new(|| (), |_| time_zones());
    let feed = Resource::new(|| (), |_| calendar_feed());
    let mail = Resource::new(|| (), |_| my_mail_choices());
    view! {
        <Title text=i18n.t(Key::Settings).to_string() />
        <h1 class="text-2xl font-semibold">{i18n.t(Key::Settings)}</h1>
        <Suspense>
            {move || {
                let info = session.info.get().and_then(|r| r.ok());
                let zones = zones.get();
                let feed = feed.get();
                let mail = mail.get();
                let (Some(info), Some(zones), Some(feed), Some(mail)) = (info, zones, feed, mail) else {
                    return None;
                };
                let Some(user) = info.user.clone() else {
                    return Some(view! { <Redirect path="/login?next=/settings" /> }.into_any());
                };
                let preferences = FormState::of(&info, "preferences");
                let password = FormState::of(&info, "password");
                let zone = preferences.value("time_zone").unwrap_or(user.time_zone.clone());
                let zone_error = preferences.field_error("time_zone").map(|k| i18n.t(k));
                let languages = Locale::ALL
                    .into_iter()
                    .map(|l| (l.tag().to_string(), l.native_name().to_string()))
                    .collect::<Vec<_>>();
                Some(
                    view! {
                        <div class="mt-6 grid gap-6 lg:grid-cols-2">
                            <section aria-labelledby="preferences-heading" class="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
                                <h2 id="preferences-heading" class="mb-4 text-lg font-medium">{i18n.t(Key::Preferences)}</h2>
                                // A plain post: a new language or time zone changes the whole page.
                                <Form state=preferences action=UpdatePreferences::PATH class="space-y-4">
                                    <Field name="display_name" label=Key::DisplayNameLabel autocomplete="name" value=user.display_name.clone() />
                                    <SelectField name="locale" label=Key::Language options=languages selected=info.locale.tag() />
                                    <TimeZonePicker>
                                        <TimeZoneField name="time_zone" zones=zones.unwrap_or_default() selected=zone error=zone_error />
                                    </TimeZonePicker>
                                    <button type="submit" class=BUTTON_CLASS>{i18n.t(Key::Save)}</button>
                                </Form>
                            </section>
                            <section aria-labelledby="password-heading" class="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
                                <h2 id="password-heading" class="mb-4 text-lg font-medium">{i18n.t(Key::ChangePassword)}</h2>
                                <PasswordForm>
                                    <PasswordFields email=user.email.clone() error=password.error() changed=password.notice().is_some() />
                                </PasswordForm>
                            </section>
                            <CalendarFeedSection info=info.clone() active_since=feed.unwrap_or_default() />
                            <MailChoicesSection info=info.clone() choices=mail.unwrap_or_default() />
                        </div>
                    }
                    .into_any(),
                )
            }}
        </Suspense>
    }
}
