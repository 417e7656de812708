//! Spreadsheet-safe CSV cells, as OWASP describes against "CSV injection":
//! Excel, LibreOffice and Google Sheets read a cell that begins with `=`,
//! `+`, `-`, `@`, a tab or a carriage return as a formula, so a deal named
//! `=HYPERLINK(…)` could act when someone opens an export. Every text cell
//! the app writes goes through [`neutralise`], which puts a `'` in front
//! (spreadsheets show the text and treat it as text); the importer reads
//! every cell through [`restore`], which takes exactly that quote away, so an
//! export imports back unchanged.
//!
//! A cell that already begins with quotes before such a character gets one
//! more, so that the two are exact inverses whatever the text.

use std::borrow::Cow;

const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `text` must be written with a leading quote: it begins with a
/// formula character, after any number of quotes.
fn needs_quote(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// The cell to write for `text`.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if needs_quote(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The text a cell written by [`neutralise`] stands for; any other cell as it is.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_quote(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formulas_are_quoted_and_plain_text_is_not() {
        for formula in ["=cmd|' /C calc'!A0", "@SUM(1)", "+1", "-1", "\tx", "\rx"] {
            assert_eq!(neutralise(formula), format!("'{formula}"));
        }
        for plain in ["Globex renewal", "pm-12", "", "1,250.50", "'quoted", "a=b"] {
            assert_eq!(neutralise(plain), plain);
        }
        assert_eq!(neutralise("'=x"), "''=x");
    }

    proptest! {
        #[test]
        fn restore_undoes_neutralise_exactly(text in "['=+@\\-\t\r]{0,3}.{0,12}") {
            let cell = neutralise(&text);
            prop_assert_eq!(restore(&cell), text.as_str());
        }

        #[test]
        fn nothing_written_begins_a_formula(text in "['=+@\\-\t\r]{0,3}.{0,12}") {
            let cell = neutralise(&text);
            prop_assert!(!cell.starts_with(FORMULA_STARTS));
        }
    }
}
