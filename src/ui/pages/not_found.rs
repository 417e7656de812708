//! Shown for any path that is not a page, with status 404.

use super::set_page_status;
use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::i18n::use_i18n;
use leptos::prelude::*;
use leptos_meta::{Html, Title};

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    set_page_status(&AppError::NotFound);
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
