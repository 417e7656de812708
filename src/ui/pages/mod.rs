//! One module per page. Pages render on the server only; their interactive
//! parts are islands (`ui::islands`) and their forms follow `ui::forms`.

pub mod admin;
pub mod api_docs;
pub mod api_tokens;
pub mod area;
pub mod calendar_feed;
pub mod choose_password;
pub mod deals;
pub mod default_tasks;
pub mod goals;
pub mod home;
pub mod login;
pub mod mail_choices;
pub mod not_found;
pub mod notifications;
pub mod portfolio;
pub mod progress;
pub mod reviews;
pub mod settings;
pub mod tasks;
pub mod unsubscribe;

use crate::error::AppError;
use crate::ui::i18n::use_i18n;
use leptos::prelude::*;
use leptos_meta::Title;

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

/// A page that is only an error (no access, not found): its status, its title
/// and its message.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    set_page_status(&error);
    view! {
        <Title text=i18n.t(error.title()).to_string() />
        <h1 class="text-2xl font-semibold">{i18n.t(error.title())}</h1>
        <p role="alert" class="mt-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {error.message(i18n.locale())}
        </p>
        <p class="mt-4">
            <a href="/" class="text-indigo-700 underline">{i18n.t(crate::i18n::Key::BackToStart)}</a>
        </p>
    }
}
