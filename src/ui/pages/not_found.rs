//! Shown for any path that is not a page, with status 404.

use super::set_page_status;
use crate::error::AppError;
use crate::i18n::Key;
use crate::model::Locale;
use crate::ui::i18n::use_i18n;
use leptos::prelude::*;
use leptos_meta::{Html, Title};

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    set_page_status(&AppError::NotFound);
    if let Some(locale) = request_locale() {
        i18n.set(locale);
    }
    view! {
        <Html {..} lang=i18n.locale().tag() />
        <Title text=i18n.t(Key::PageNotFound).to_string() />
        <div class="mx-auto max-w-xl px-4 py-16 text-center">
            <h1 class="text-2xl font-semibold">{i18n.t(Key::PageNotFound)}</h1>
            <p class="mt-4">
                <a href="/" class="text-indigo-700 underline">{i18n.t(Key::BackToStart)}</a>
            </p>
        </div>
    }
}

/// Outside the layout there is no session resource: the server takes the
/// request's language. (Pages render on the server only.)
#[cfg(feature = "ssr")]
fn request_locale() -> Option<Locale> {
    use crate::server::session::RequestLocale;
    use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<RequestLocale>().map(|l| l.0))
}

#[cfg(not(feature = "ssr"))]
fn request_locale() -> Option<Locale> {
    None
}
