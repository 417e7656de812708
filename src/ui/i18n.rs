//! The language of the page, as a context every component reads.

use crate::i18n::Key;
use crate::model::Locale;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct I18n(RwSignal<Locale>);

impl I18n {
    pub fn locale(&self) -> Locale {
        self.0.get()
    }

    pub fn set(&self, locale: Locale) {
        if self.0.get_untracked() != locale {
            self.0.set(locale);
        }
    }

    /// The text of `key` in the current language (tracked: re-renders on switch).
    pub fn t(&self, key: Key) -> &'static str {
        key.text(self.0.get())
    }

    pub fn format(&self, key: Key, args: &[(&str, &str)]) -> String {
        key.format(self.0.get(), args)
    }
}

pub fn provide_i18n() {
    provide_context(I18n(RwSignal::new(Locale::default())));
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
