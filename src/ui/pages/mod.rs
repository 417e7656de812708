//! One module per page.

pub mod area;
pub mod home;
pub mod login;
pub mod not_found;
pub mod settings;

use crate::api::error::AppError;
use crate::ui::i18n::use_i18n;
use leptos::prelude::*;

/// Gives the server's answer the status of a page-level error (403, 404...),
/// so that what the page says and what the HTTP status says agree.
pub fn set_page_status(error: &AppError) {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(error.status_code()),
    ) {
        res.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = error;
}

/// A form's or page's error, announced to screen readers.
#[component]
pub fn ErrorMessage(error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|e| {
            view! {
                <p role="alert" class="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
                    {e.message(i18n.locale())}
                </p>
            }
        })
    }
}

/// The error a plain form post to the server function at `path` came back
/// with: the server redirects to the form's page with the error in the URL.
pub fn form_error(path: &'static str) -> Signal<Option<AppError>> {
    let error = use_context::<leptos::server::ServerActionError>()
        .filter(|e| e.path() == path)
        .map(|e| leptos::server_fn::error::ServerFnUrlError::<AppError>::decode_err(e.err()));
    Signal::stored(error)
}

/// A labelled input with its own error message, wired for assistive technology.
#[component]
pub fn Field(
    #[prop(into)] name: String,
    label: crate::i18n::Key,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<crate::i18n::Key>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("field-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let field = name.clone();
    let message = Signal::derive(move || {
        error
            .get()
            .and_then(|e| e.field_message(&field, i18n.locale()))
    });
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if message.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="space-y-1">
            <label for=id.clone() class="block text-sm font-medium text-slate-800">
                {i18n.t(label)}
            </label>
            <input
                id=id
                name=name
                type=kind
                required=true
                autocomplete=autocomplete
                aria-invalid=move || message.get().map(|_| "true")
                aria-describedby=described_by
                class="block w-full rounded-md border border-slate-300 px-3 py-2 text-base shadow-sm focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600 aria-[invalid=true]:border-red-600"
            />
            {hint.map(|h| view! { <p id=hint_id class="text-sm text-slate-600">{i18n.t(h)}</p> })}
            {move || message.get().map(|m| view! { <p id=error_id.clone() class="text-sm text-red-700">{m}</p> })}
        </div>
    }
}

pub const BUTTON_CLASS: &str = "inline-flex items-center justify-center rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60";
