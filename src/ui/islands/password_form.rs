//! The change-password form. Without JavaScript it is a plain post; live, it
//! says as you type whether the new password is long enough and whether the
//! confirmation matches (by `model::NewPassword`, the server's own rule), and
//! submits through the server function, showing its field errors in place.

use super::call::{call, Refusal};
use super::dom::{self, IslandTexts, Part};
use crate::api::settings::ChangePassword;
use crate::error::AppError;
use crate::i18n::Key;
use crate::model::NewPassword;
use crate::ui::forms::{BUTTON_CLASS, FORM_KEY, INPUT_CLASS};
use crate::ui::i18n::use_i18n;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use web_sys::Event;

const ISLAND: &str = "password";
const FIELDS: [&str; 3] = ["current_password", "new_password", "confirm_password"];
const BAD: &str = "text-sm text-red-700";
const GOOD: &str = "text-sm text-green-800";

/// The live layer over [`PasswordFields`], which the page passes in as children.
#[island]
pub fn PasswordForm(children: Children) -> impl IntoView {
    view! {
        <div data-island=ISLAND on:input=edited on:submit=submit>
            {children()}
        </div>
    }
}

/// The form as the server renders it: complete without JavaScript.
#[component]
pub fn PasswordFields(
    /// The signed-in user's email, for password managers.
    email: String,
    /// The error of a plain post that failed, from the page's flash.
    error: Option<AppError>,
    /// Whether a plain post just changed the password.
    changed: bool,
    /// Where the browser goes once the password is changed (live), if anywhere.
    #[prop(optional)]
    then: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let form_error = error.as_ref().and_then(|e| match e {
        AppError::Invalid(_) => None,
        other => Some(other.message(i18n.locale())),
    });
    let field = |name: &'static str, label: Key, autocomplete: &'static str, hint: Option<Key>| {
        let message = error
            .as_ref()
            .and_then(|e| e.field_message(name))
            .map(|key| i18n.t(key));
        view! { <PasswordInput name label autocomplete hint message /> }
    };
    let quiet = form_error.is_none();
    view! {
        <form method="post" action=ChangePassword::PATH class="space-y-4" novalidate=true data-then=then>
            <input type="hidden" name=FORM_KEY value=ISLAND />
            <input type="text" name="username" autocomplete="username" value=email hidden=true readonly=true aria-hidden="true" tabindex="-1" />
            <p role="alert" hidden=quiet class="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
                {form_error}
            </p>
            {field(FIELDS[0], Key::CurrentPassword, "current-password", None)}
            {field(FIELDS[1], Key::NewPasswordLabel, "new-password", Some(Key::PasswordHint))}
            {field(FIELDS[2], Key::ConfirmPassword, "new-password", None)}
            <button type="submit" class=BUTTON_CLASS>{i18n.t(Key::ChangePassword)}</button>
            // A live region from the start, so that a change is announced; a
            // status only while it says something.
            <p aria-live="polite" role=changed.then_some("status") data-status="" class=GOOD>
                {changed.then(|| i18n.t(Key::PasswordChanged))}
            </p>
            <IslandTexts keys=&[
                Key::PasswordLongEnough,
                Key::PasswordsMatch,
                Key::PasswordChanged,
                Key::ErrPasswordTooShort,
                Key::ErrPasswordTooLong,
                Key::ErrPasswordMismatch,
                Key::ErrCurrentPasswordWrong,
            ] />
            <IslandTexts keys=Refusal::TEXTS />
        </form>
    }
}

/// One password input with its hint and its message, which the island rewrites
/// as the person types.
#[component]
fn PasswordInput(
    name: &'static str,
    label: Key,
    autocomplete: &'static str,
    hint: Option<Key>,
    message: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("field-{name}");
    let described_by = [
        hint.map(|_| format!("{id}-hint")),
        message.map(|_| format!("{id}-message")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    view! {
        <div class="space-y-1">
            <label for=id.clone() class="block text-sm font-medium text-slate-800">{i18n.t(label)}</label>
            <input
                id=id.clone()
                name=name
                type="password"
                required=true
                autocomplete=autocomplete
                aria-invalid=message.map(|_| "true")
                aria-describedby=(!described_by.is_empty()).then_some(described_by)
                class=INPUT_CLASS
            />
            {hint.map(|h| view! { <p id=format!("{id}-hint") class="text-sm text-slate-600">{i18n.t(h)}</p> })}
            // Polite: announced as the person types, without interrupting.
            <p id=format!("{id}-message") aria-live="polite" class=BAD>{message}</p>
        </div>
    }
}

/// A field's message: its text and whether it reports a problem.
type Message = Option<(String, bool)>;

/// Editing a field takes its stale server message away, and the live checks
/// say what they make of the new password and its confirmation.
fn edited(event: Event) {
    let (Some(part), Some(input)) = (Part::around(&event, ISLAND), dom::target_input(&event))
    else {
        return;
    };
    let name = input.name();
    if !FIELDS.contains(&name.as_str()) {
        return;
    }
    show(&part, &name, None);
    let (new, confirm) = (part.value(FIELDS[1]), part.value(FIELDS[2]));
    if !new.is_empty() {
        let verdict = match NewPassword::parse(&new) {
            Ok(_) => (part.text(Key::PasswordLongEnough), false),
            Err(problem) => (part.text(problem), true),
        };
        show(&part, FIELDS[1], Some(verdict));
    }
    if !confirm.is_empty() {
        let verdict = if confirm != new {
            Some((part.text(Key::ErrPasswordMismatch), true))
        } else {
            NewPassword::parse(&new)
                .is_ok()
                .then(|| (part.text(Key::PasswordsMatch), false))
        };
        show(&part, FIELDS[2], verdict);
    }
}

/// Puts a message on a field, wired for assistive technology, or takes it away.
fn show(part: &Part, field: &str, message: Message) {
    let id = format!("field-{field}");
    let (Some(input), Some(line)) = (
        part.find(&format!("#{id}")),
        part.find(&format!("#{id}-message")),
    ) else {
        return;
    };
    let (text, bad) = message.unwrap_or_default();
    dom::set_text(&line, &text);
    line.set_class_name(if bad { BAD } else { GOOD });
    dom::set_attr(&input, "aria-invalid", bad.then_some("true"));
    let hint = part
        .find(&format!("#{id}-hint"))
        .map(|_| format!("{id}-hint"));
    let message = (!text.is_empty()).then(|| format!("{id}-message"));
    let described_by = [hint, message]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    dom::set_attr(
        &input,
        "aria-describedby",
        (!described_by.is_empty()).then_some(&described_by),
    );
}

/// Sends the form through the server function and shows its answer in place.
fn submit(event: web_sys::SubmitEvent) {
    event.prevent_default();
    let Some(part) = Part::around(&event, ISLAND) else {
        return;
    };
    let Some(button) = part.find("button[type=submit]") else {
        return;
    };
    if button.has_attribute("disabled") {
        return;
    }
    dom::set_attr(&button, "disabled", Some(""));
    let values = FIELDS.map(|name| part.value(name));
    leptos::task::spawn_local(async move {
        let fields: Vec<(&str, &str)> = FIELDS
            .iter()
            .copied()
            .zip(values.iter().map(String::as_str))
            .collect();
        let answer = call(ChangePassword::PATH, &fields).await;
        let (alert, status) = (part.find("[role=alert]"), part.find("[data-status]"));
        let form_message = answer.as_ref().err().and_then(|r| r.form_message(&part));
        if let Some(alert) = &alert {
            dom::set_text(alert, form_message.as_deref().unwrap_or_default());
            dom::set_hidden(alert, form_message.is_none());
        }
        match answer {
            Ok(()) => {
                for name in FIELDS {
                    if let Some(input) = part.input(name) {
                        input.set_value("");
                    }
                    show(&part, name, None);
                }
                if let Some(status) = &status {
                    dom::set_text(status, &part.text(Key::PasswordChanged));
                    dom::set_attr(status, "role", Some("status"));
                }
                if let Some(next) = part.find("form").and_then(|f| f.get_attribute("data-then")) {
                    if let Some(window) = web_sys::window() {
                        let _ = window.location().set_href(&next);
                    }
                }
            }
            Err(refusal) => {
                if let Some(status) = &status {
                    dom::set_text(status, "");
                    dom::set_attr(status, "role", None);
                }
                if let Refusal::Invalid(fields) = refusal {
                    for (field, message) in fields {
                        let text = part.text_by_id(message).unwrap_or_default();
                        show(&part, &field, Some((text, true)));
                    }
                }
            }
        }
        dom::set_attr(&button, "disabled", None);
    });
}
