//! The one form pattern for forms outside islands (see `server::web::forms` for the
//! server side). A [`Form`] is a plain post that works with and without
//! JavaScript; after a failed post the page comes back with every value still
//! in its field and each error on its field, and after a successful one with
//! what was done ("Saved."), all from the one-time flash of that form alone.
//!
//! ```ignore
//! let state = FormState::of(&info, "preferences");
//! view! {
//!     <Form state action=UpdatePreferences::PATH>
//!         <Field name="display_name" label=Key::DisplayNameLabel value=user.display_name />
//!         <button type="submit">…</button>
//!     </Form>
//! }
//! ```

use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::i18n::use_i18n;
use crate::views::{FlashView, SessionInfo};
use leptos::prelude::*;

/// The hidden field that names a form (the same as `server::web::forms::FORM_KEY`).
pub const FORM_KEY: &str = "_form";

/// What the last plain post of one form left behind, if anything.
#[derive(Clone, Debug, Default)]
pub struct FormState {
    key: String,
    flash: Option<FlashView>,
}

impl FormState {
    /// The state of the form named `key` on this page view.
    pub fn of(info: &SessionInfo, key: &str) -> FormState {
        FormState {
            key: key.to_string(),
            flash: info.flash.clone().filter(|f| f.form == key),
        }
    }

    /// The state of the form named `key` on the page being rendered, once the
    /// session is known.
    pub fn on_page(key: &str) -> FormState {
        crate::ui::session::use_session()
            .info
            .get_untracked()
            .and_then(|r| r.ok())
            .map(|info| FormState::of(&info, key))
            .unwrap_or_default()
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    /// What was submitted in `field`, when the post came back to this page:
    /// refused, or carried on (a wizard's step).
    pub fn value(&self, field: &str) -> Option<String> {
        let flash = self
            .flash
            .as_ref()
            .filter(|f| f.error.is_some() || !f.values.is_empty())?;
        Some(flash.value(field).unwrap_or_default().to_string())
    }

    /// Whether the post that came back to this page carried `field` at all.
    pub fn has_value(&self, field: &str) -> bool {
        self.flash
            .as_ref()
            .is_some_and(|f| f.value(field).is_some())
    }

    /// Whether this page view follows a post of this form that went on
    /// (a wizard's next step), rather than a refusal or a first visit.
    pub fn went_on(&self) -> bool {
        self.flash.as_ref().is_some_and(|f| f.error.is_none())
    }

    pub fn error(&self) -> Option<AppError> {
        self.flash.as_ref().and_then(|f| f.error.clone())
    }

    pub fn field_error(&self, field: &str) -> Option<Key> {
        self.error()?.field_message(field)
    }

    pub fn notice(&self) -> Option<Key> {
        self.flash.as_ref().and_then(|f| f.notice)
    }
}

/// A plain form post to a server function, named by its state's key, with the
/// form's own error summary and notice.
#[component]
pub fn Form(
    state: FormState,
    #[prop(into)] action: String,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    let key = state.key().to_string();
    let error = state.error();
    let notice = state.notice();
    provide_context(state);
    view! {
        <form method="post" action=action class=class novalidate=true>
            <input type="hidden" name=FORM_KEY value=key />
            <ErrorSummary error />
            {children()}
            <Notice notice />
        </form>
    }
}

/// A form's error as a whole, announced to screen readers. Field errors are
/// shown on their fields; the summary only says that there are some.
#[component]
pub fn ErrorSummary(error: Option<AppError>) -> impl IntoView {
    let i18n = use_i18n();
    error.map(|e| {
        let text = match e {
            AppError::Invalid(_) => i18n.t(Key::CheckFields).to_string(),
            other => other.message(i18n.locale()),
        };
        view! { <Outcome role="alert" class="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" text /> }
    })
}

/// A refusal said in one line beside the control that was used (a button's
/// form), in place of an [`ErrorSummary`].
#[component]
pub fn Refusal(message: Option<String>, #[prop(optional)] class: &'static str) -> impl IntoView {
    message.map(|text| view! { <Outcome role="alert" class=format!("text-sm text-red-700 {class}") text /> })
}

/// A post's outcome, said where the person is working: when the page that
/// follows a post loads, its notice or its error takes the focus (the first
/// one on the page, as `autofocus` does), so that keyboard and screen reader
/// users hear it and carry on from there rather than from the top of the
/// page. Without JavaScript too: `autofocus` is the browser's.
#[component]
pub fn Outcome(role: &'static str, #[prop(into)] class: String, text: String) -> impl IntoView {
    view! { <p role=role tabindex="-1" autofocus=true class=format!("{class} focus:outline-none")>{text}</p> }
}

/// What a successful post did, announced politely.
#[component]
pub fn Notice(notice: Option<Key>, #[prop(optional)] class: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    notice.map(|n| {
        let text = i18n.t(n).to_string();
        view! { <Outcome role="status" class=format!("text-sm text-green-800 {class}") text /> }
    })
}

/// A labelled input with its hint and its own error, wired for assistive
/// technology. Inside a [`Form`], a failed post's value and error win over `value`.
#[component]
pub fn Field(
    #[prop(into)] name: String,
    /// Tells apart the ids of several forms with the same fields on one page.
    #[prop(optional, into)]
    id_prefix: Option<String>,
    label: Key,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<Key>,
    #[prop(optional, into)] value: Option<String>,
    /// The label as text, when it needs more than a catalog entry (a currency).
    #[prop(optional, into)]
    label_text: Option<String>,
    /// Not required: may be left empty.
    #[prop(optional)]
    optional: bool,
    #[prop(optional)] inputmode: Option<&'static str>,
    /// Takes the focus when the page loads: the field a person came to fill.
    #[prop(optional)]
    autofocus: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_context::<FormState>().unwrap_or_default();
    let secret = kind == "password";
    let value = if secret {
        None
    } else {
        state.value(&name).or(value)
    };
    let message = state.field_error(&name).map(|k| i18n.t(k));
    let id = field_id(id_prefix.as_deref(), &name);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = [
        hint.map(|_| hint_id.clone()),
        message.map(|_| error_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    view! {
        <div class="space-y-1">
            <label for=id.clone() class="block text-sm font-medium text-slate-800">
                {label_text.unwrap_or_else(|| i18n.t(label).to_string())}
            </label>
            <input
                id=id
                name=name
                type=kind
                value=value
                required=!optional
                inputmode=inputmode
                autocomplete=autocomplete
                aria-invalid=message.map(|_| "true")
                aria-describedby=(!described_by.is_empty()).then_some(described_by)
                autofocus=autofocus
                class=INPUT_CLASS
            />
            {hint.map(|h| view! { <p id=hint_id class="text-sm text-slate-600">{i18n.t(h)}</p> })}
            {message.map(|m| view! { <p id=error_id class="text-sm text-red-700">{m}</p> })}
        </div>
    }
}

/// A labelled choice among fixed options; inside a [`Form`], a failed post's
/// choice wins over `selected`.
#[component]
pub fn SelectField(
    #[prop(into)] name: String,
    #[prop(optional, into)] id_prefix: Option<String>,
    label: Key,
    /// (value, text) pairs.
    options: Vec<(String, String)>,
    #[prop(into)] selected: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_context::<FormState>().unwrap_or_default();
    // What the post that came back carried for this field; else the saved
    // choice (a post that carried other values, such as a new secret, did
    // not carry this one).
    let selected = if state.has_value(&name) {
        state.value(&name).unwrap_or(selected)
    } else {
        selected
    };
    let message = state.field_error(&name).map(|k| i18n.t(k));
    let id = field_id(id_prefix.as_deref(), &name);
    let error_id = format!("{id}-error");
    view! {
        <div class="space-y-1">
            <label for=id.clone() class="block text-sm font-medium text-slate-800">{i18n.t(label)}</label>
            <select
                id=id
                name=name
                aria-invalid=message.map(|_| "true")
                aria-describedby=message.map(|_| error_id.clone())
                class=INPUT_CLASS
            >
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let is_selected = value == selected;
                        view! { <option value=value selected=is_selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
            {message.map(|m| view! { <p id=error_id class="text-sm text-red-700">{m}</p> })}
        </div>
    }
}

/// A labelled multi-line text; inside a [`Form`], a failed post's text wins over `value`.
#[component]
pub fn TextAreaField(
    #[prop(into)] name: String,
    #[prop(optional, into)] id_prefix: Option<String>,
    label: Key,
    #[prop(optional, into)] value: Option<String>,
    /// An example, shown while the field is empty.
    #[prop(optional)]
    placeholder: Option<Key>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_context::<FormState>().unwrap_or_default();
    let value = state.value(&name).or(value).unwrap_or_default();
    let message = state.field_error(&name).map(|k| i18n.t(k));
    let id = field_id(id_prefix.as_deref(), &name);
    let error_id = format!("{id}-error");
    view! {
        <div class="space-y-1">
            <label for=id.clone() class="block text-sm font-medium text-slate-800">{i18n.t(label)}</label>
            <textarea
                id=id
                name=name
                rows="4"
                placeholder=placeholder.map(|p| i18n.t(p))
                aria-invalid=message.map(|_| "true")
                aria-describedby=message.map(|_| error_id.clone())
                class=INPUT_CLASS
            >
                {value}
            </textarea>
            {message.map(|m| view! { <p id=error_id class="text-sm text-red-700">{m}</p> })}
        </div>
    }
}

/// A deletion: the ids it names, a box to tick to confirm, and the button.
/// The server refuses it unless the box was ticked (`confirm`).
#[component]
pub fn ConfirmDelete(
    state: FormState,
    #[prop(into)] action: String,
    /// The hidden fields naming what is deleted (its id and version).
    hidden: Vec<(&'static str, String)>,
    confirm: Key,
    button: Key,
    #[prop(optional, into)] id_prefix: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let message = state.field_error("confirm").map(|k| i18n.t(k));
    let id = field_id(id_prefix.as_deref(), "confirm");
    let error_id = format!("{id}-error");
    view! {
        <Form state action class="mt-3 space-y-3">
            {hidden.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value /> }).collect_view()}
            <div class="flex items-start gap-2">
                <input
                    id=id.clone()
                    type="checkbox"
                    name="confirm"
                    value="yes"
                    aria-invalid=message.map(|_| "true")
                    aria-describedby=message.map(|_| error_id.clone())
                    class="mt-1 h-4 w-4 rounded border-slate-400 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600"
                />
                <label for=id class="text-sm text-slate-800">{i18n.t(confirm)}</label>
            </div>
            {message.map(|m| view! { <p id=error_id.clone() class="text-sm text-red-700">{m}</p> })}
            <button type="submit" class="inline-flex items-center justify-center rounded-md bg-red-700 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-red-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700">
                {i18n.t(button)}
            </button>
        </Form>
    }
}

/// A field's element id: `field-{name}`, or `field-{prefix}-{name}`.
fn field_id(prefix: Option<&str>, name: &str) -> String {
    match prefix {
        Some(prefix) => format!("field-{prefix}-{name}"),
        None => format!("field-{name}"),
    }
}

pub const INPUT_CLASS: &str = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base shadow-sm focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600 aria-[invalid=true]:border-red-600";

pub const BUTTON_CLASS: &str = "inline-flex items-center justify-center rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60";
