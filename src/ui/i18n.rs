//! The language of the page, as a context every component reads.
//!
//! The language is fixed for the life of a page: it is the request's (resolved
//! once by the session middleware) before anything renders, and changing it
//! loads the page afresh. So texts are plain strings, not reactive closures.

use crate::i18n::Key;
use crate::model::reviews::Quarter;
use crate::model::Locale;
use leptos::prelude::*;

/// A plain value, not a reactive one: texts are read in closures that can run
/// while a request's reactive owner is being torn down, and a disposed stored
/// value would panic there (seen under parallel requests).
#[derive(Clone, Copy)]
pub struct I18n(Locale);

impl I18n {
    pub fn locale(&self) -> Locale {
        self.0
    }

    /// A quarter as pages name it: "2026 Q3", "2026 年第 3 季".
    pub fn quarter(self, q: Quarter) -> String {
        self.format(
            Key::QuarterName,
            &[
                ("year", &q.year.to_string()),
                ("quarter", &q.quarter.to_string()),
            ],
        )
    }

    /// The text of `key` in the page's language.
    pub fn t(&self, key: Key) -> &'static str {
        key.text(self.locale())
    }

    pub fn format(&self, key: Key, args: &[(&str, &str)]) -> String {
        key.format(self.locale(), args)
    }

    /// `key` as the label before a value: "Partner: " in English,
    /// "合作夥伴：" in Chinese (a full-width colon, no space).
    pub fn label(&self, key: Key) -> String {
        format!("{}{}", self.t(key), self.t(Key::LabelColon))
    }
}

pub fn provide_i18n() {
    provide_context(I18n(request_locale().unwrap_or_default()));
}

/// The language the session middleware chose for this request. Pages render
/// on the server only, so that is where it is read.
#[cfg(feature = "ssr")]
fn request_locale() -> Option<Locale> {
    use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<Locale>().copied())
}

#[cfg(not(feature = "ssr"))]
fn request_locale() -> Option<Locale> {
    None
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
