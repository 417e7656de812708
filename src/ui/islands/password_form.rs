//! The change-password form. Without JavaScript it is a plain post; live, it
//! says as you type whether the new password is long enough and whether the
//! confirmation matches (by `model::NewPassword`, the server's own rule), and
//! submits through the server function, showing its field errors in place.

use super::call::call;
use crate::api::settings::ChangePassword;
use crate::error::AppError;
use crate::i18n::Key;
use crate::model::{Locale, NewPassword};
use crate::ui::forms::{BUTTON_CLASS, FORM_KEY, INPUT_CLASS};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use serde::{Deserialize, Serialize};

/// A field's message and whether it reports a problem.
type Message = Option<(String, bool)>;

/// The form's texts in the page's language, so the catalog stays on the server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PasswordTexts {
    current: String,
    new: String,
    confirm: String,
    hint: String,
    submit: String,
    long_enough: String,
    matching: String,
    changed: String,
    /// Each message the rules or the server may give about a field.
    messages: Vec<(Key, String)>,
    /// With `{minutes}`.
    too_many: String,
    signed_out: String,
    busy: String,
    /// With `{reference}`.
    failed: String,
}

impl PasswordTexts {
    pub fn new(locale: Locale) -> PasswordTexts {
        let t = |key: Key| key.text(locale).to_string();
        PasswordTexts {
            current: t(Key::CurrentPassword),
            new: t(Key::NewPasswordLabel),
            confirm: t(Key::ConfirmPassword),
            hint: t(Key::PasswordHint),
            submit: t(Key::ChangePassword),
            long_enough: t(Key::PasswordLongEnough),
            matching: t(Key::PasswordsMatch),
            changed: t(Key::PasswordChanged),
            messages: [
                Key::ErrPasswordTooShort,
                Key::ErrPasswordTooLong,
                Key::ErrPasswordMismatch,
                Key::ErrCurrentPasswordWrong,
            ]
            .into_iter()
            .map(|k| (k, t(k)))
            .collect(),
            too_many: t(Key::TooManyAttempts),
            signed_out: t(Key::ErrNotSignedIn),
            busy: t(Key::ErrBusy),
            failed: t(Key::ErrInternal),
        }
    }

    fn message(&self, key: Key) -> String {
        self.messages
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, text)| text.clone())
            .unwrap_or_else(|| self.failed.replace("{reference}", "-"))
    }

    /// What the form as a whole says about an error that belongs to no field.
    fn form_message(&self, error: &AppError) -> Option<String> {
        Some(match error {
            AppError::Invalid(_) => return None,
            AppError::TooManyAttempts {
                retry_after_minutes,
            } => self
                .too_many
                .replace("{minutes}", &retry_after_minutes.to_string()),
            AppError::NotSignedIn => self.signed_out.clone(),
            AppError::Busy => self.busy.clone(),
            AppError::Internal { reference } => self.failed.replace("{reference}", reference),
            _ => self.failed.replace("{reference}", "-"),
        })
    }
}

#[island]
pub fn PasswordForm(
    texts: PasswordTexts,
    /// The signed-in user's email, for password managers.
    email: String,
    /// The error of a plain post that failed, from the page's flash.
    error: Option<AppError>,
    /// Whether a plain post just changed the password.
    changed: bool,
) -> impl IntoView {
    let texts = StoredValue::new(texts);
    let t = move |pick: fn(&PasswordTexts) -> &String| texts.with_value(|x| pick(x).clone());
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let server_error = RwSignal::new(error);
    let done = RwSignal::new(changed);
    let pending = RwSignal::new(false);

    let server_message = move |field: &str| -> Message {
        let key = server_error.get()?.field_message(field)?;
        Some((texts.with_value(|x| x.message(key)), true))
    };
    let new_message = Signal::derive(move || -> Message {
        let typed = new.get();
        if typed.is_empty() {
            return server_message("new_password");
        }
        Some(match NewPassword::parse(&typed) {
            Ok(_) => (t(|x| &x.long_enough), false),
            Err(problem) => (texts.with_value(|x| x.message(problem)), true),
        })
    });
    let confirm_message = Signal::derive(move || -> Message {
        let (typed, wanted) = (confirm.get(), new.get());
        if typed.is_empty() {
            server_message("confirm_password")
        } else if typed != wanted {
            Some((
                texts.with_value(|x| x.message(Key::ErrPasswordMismatch)),
                true,
            ))
        } else if NewPassword::parse(&wanted).is_ok() {
            Some((t(|x| &x.matching), false))
        } else {
            None
        }
    });
    let current_message = Signal::derive(move || server_message("current_password"));
    // An error that belongs to no field (too many attempts, a lost session).
    let form_message = move || {
        server_error
            .get()
            .and_then(|e| texts.with_value(|x| x.form_message(&e)))
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        done.set(false);
        let (c, n, f) = (
            current.get_untracked(),
            new.get_untracked(),
            confirm.get_untracked(),
        );
        leptos::task::spawn_local(async move {
            let fields = [
                ("current_password", c.as_str()),
                ("new_password", n.as_str()),
                ("confirm_password", f.as_str()),
            ];
            match call(ChangePassword::PATH, &fields).await {
                Ok(()) => {
                    server_error.set(None);
                    current.set(String::new());
                    new.set(String::new());
                    confirm.set(String::new());
                    done.set(true);
                }
                Err(e) => server_error.set(Some(e)),
            }
            pending.set(false);
        });
    };
    // Editing a field takes its stale server error away.
    let edited = move |field: &'static str| {
        server_error.update(|e| {
            if let Some(AppError::Invalid(fields)) = e {
                fields.retain(|f| f.field != field);
            }
        })
    };

    view! {
        <form method="post" action=ChangePassword::PATH class="space-y-4" novalidate=true on:submit=submit>
            <input type="hidden" name=FORM_KEY value="password" />
            <input type="text" name="username" autocomplete="username" value=email hidden=true readonly=true aria-hidden="true" tabindex="-1" />
            {move || form_message().map(|m| view! {
                <p role="alert" class="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">{m}</p>
            })}
            <PasswordInput name="current_password" label=t(|x| &x.current) autocomplete="current-password"
                value=current message=current_message on_edit=move || edited("current_password") />
            <PasswordInput name="new_password" label=t(|x| &x.new) autocomplete="new-password"
                value=new message=new_message hint=t(|x| &x.hint) on_edit=move || edited("new_password") />
            <PasswordInput name="confirm_password" label=t(|x| &x.confirm) autocomplete="new-password"
                value=confirm message=confirm_message on_edit=move || edited("confirm_password") />
            <button type="submit" class=BUTTON_CLASS disabled=move || pending.get()>{t(|x| &x.submit)}</button>
            {move || done.get().then(|| view! {
                <p role="status" class="text-sm text-green-800">{t(|x| &x.changed)}</p>
            })}
        </form>
    }
}

/// One password input with its hint and its live or server message.
#[component]
fn PasswordInput(
    name: &'static str,
    label: String,
    autocomplete: &'static str,
    value: RwSignal<String>,
    message: Signal<Message>,
    #[prop(optional)] hint: Option<String>,
    on_edit: impl Fn() + 'static,
) -> impl IntoView {
    let id = format!("field-{name}");
    let hint_id = format!("{id}-hint");
    let message_id = format!("{id}-message");
    let has_hint = hint.is_some();
    let described_by = {
        let (hint_id, message_id) = (hint_id.clone(), message_id.clone());
        move || {
            let ids: Vec<&str> = [
                has_hint.then_some(hint_id.as_str()),
                message.get().map(|_| message_id.as_str()),
            ]
            .into_iter()
            .flatten()
            .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="space-y-1">
            <label for=id.clone() class="block text-sm font-medium text-slate-800">{label}</label>
            <input
                id=id
                name=name
                type="password"
                required=true
                autocomplete=autocomplete
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    on_edit();
                }
                aria-invalid=move || message.get().filter(|(_, bad)| *bad).map(|_| "true")
                aria-describedby=described_by
                class=INPUT_CLASS
            />
            {hint.map(|h| view! { <p id=hint_id class="text-sm text-slate-600">{h}</p> })}
            // Polite: announced as the person types, without interrupting.
            <p
                id=message_id
                aria-live="polite"
                class=move || match message.get() {
                    Some((_, true)) => "text-sm text-red-700",
                    _ => "text-sm text-green-800",
                }
            >
                {move || message.get().map(|(text, _)| text)}
            </p>
        </div>
    }
}
