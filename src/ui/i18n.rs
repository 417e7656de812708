//! The language of the page, as a context every component reads.
//!
//! The language is fixed for the life of a page: it is set from the session
//! before anything renders, and changing it loads the page afresh. So texts are
//! plain strings, not reactive closures (which would each add to the WASM).

use crate::i18n::Key;
use crate::model::Locale;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct I18n(StoredValue<Locale>);

impl I18n {
    pub fn locale(&self) -> Locale {
        self.0.get_value()
    }

    pub fn set(&self, locale: Locale) {
        self.0.set_value(locale);
    }

    /// The text of `key` in the page's language.
    pub fn t(&self, key: Key) -> &'static str {
        key.text(self.locale())
    }

    pub fn format(&self, key: Key, args: &[(&str, &str)]) -> String {
        key.format(self.locale(), args)
    }
}

pub fn provide_i18n() {
    provide_context(I18n(StoredValue::new(Locale::default())));
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
