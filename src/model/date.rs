//! Dates a person types: one reading of a date field and one range of years,
//! shared by every form, the deals importer and the browser. The range is the
//! one plans are made for, so every date counts against a year that can have
//! a plan; it also keeps far-off days (year 9999, year -262143) away from
//! chrono's arithmetic, which panics past its own limits, and out of the deals
//! page's year filter, which lists every year between the first and last deal.

use crate::i18n::Key;
use chrono::{Datelike, NaiveDate};
use std::ops::RangeInclusive;

/// The years a date may fall in.
pub const YEARS: RangeInclusive<i32> = 2000..=2100;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Not a date, or a day the calendar does not have (2026-02-30).
    Invalid,
    /// A real day in a year outside [`YEARS`].
    OutOfRange,
}

impl DateError {
    pub fn message(self) -> Key {
        match self {
            DateError::Invalid => Key::ErrDateInvalid,
            DateError::OutOfRange => Key::ErrDateOutOfRange,
        }
    }
}

/// A date as a date field posts it (`YYYY-MM-DD`), in [`YEARS`].
pub fn parse(raw: &str) -> Result<NaiveDate, DateError> {
    let date = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| DateError::Invalid)?;
    within_years(date)
}

/// `date`, when its year is one of [`YEARS`]: for dates read some other way,
/// such as an export's `03/31/2026`.
pub fn within_years(date: NaiveDate) -> Result<NaiveDate, DateError> {
    if YEARS.contains(&date.year()) {
        Ok(date)
    } else {
        Err(DateError::OutOfRange)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Locale;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn reads_the_days_of_the_range() {
        assert_eq!(parse("2026-03-31"), Ok(day(2026, 3, 31)));
        assert_eq!(parse(" 2026-03-31 "), Ok(day(2026, 3, 31)));
        assert_eq!(parse("2000-01-01"), Ok(day(2000, 1, 1)));
        assert_eq!(parse("2100-12-31"), Ok(day(2100, 12, 31)));
        assert_eq!(parse("2028-02-29"), Ok(day(2028, 2, 29)));
    }

    #[test]
    fn refuses_what_is_not_a_day() {
        for raw in [
            "",
            "someday",
            "2026-02-30",
            "2027-02-29",
            "2026-13-01",
            "2026/03/31",
            "03/31/2026",
            "2026-03-31T08:00",
            "2026-03",
        ] {
            assert_eq!(parse(raw), Err(DateError::Invalid), "{raw:?}");
        }
    }

    #[test]
    fn refuses_days_outside_the_years() {
        for raw in [
            "1999-12-31",
            "2101-01-01",
            "9999-01-01",
            "0001-01-01",
            "-262143-01-01",
            "+262142-12-31",
        ] {
            assert_eq!(parse(raw), Err(DateError::OutOfRange), "{raw:?}");
        }
        assert_eq!(within_years(NaiveDate::MIN), Err(DateError::OutOfRange));
        assert_eq!(within_years(NaiveDate::MAX), Err(DateError::OutOfRange));
    }

    #[test]
    fn the_message_names_the_range() {
        assert_eq!(DateError::Invalid.message(), Key::ErrDateInvalid);
        for locale in [Locale::En, Locale::ZhTw] {
            let text = DateError::OutOfRange.message().text(locale);
            assert!(text.contains(&YEARS.start().to_string()), "{text}");
            assert!(text.contains(&YEARS.end().to_string()), "{text}");
        }
    }

    fn any_day_of_the_range() -> impl Strategy<Value = NaiveDate> {
        let (first, last) = (day(*YEARS.start(), 1, 1), day(*YEARS.end(), 12, 31));
        (0..=(last - first).num_days()).prop_map(move |n| first + chrono::Duration::days(n))
    }

    proptest! {
        #[test]
        fn never_panics_and_accepts_only_the_range(
            raw in prop_oneof!["\\PC*", "[-+]?[0-9]{1,7}-[0-9]{1,3}-[0-9]{1,3}"]
        ) {
            if let Ok(date) = parse(&raw) {
                prop_assert!(YEARS.contains(&date.year()));
            }
        }

        #[test]
        fn every_day_of_the_range_reads_back(date in any_day_of_the_range()) {
            prop_assert_eq!(parse(&date.format("%Y-%m-%d").to_string()), Ok(date));
        }

        #[test]
        fn every_year_outside_the_range_is_refused(year in -262_143i32..=262_142, month in 1u32..=12) {
            prop_assume!(!YEARS.contains(&year));
            let raw = day(year, month, 1).format("%Y-%m-%d").to_string();
            prop_assert_eq!(parse(&raw), Err(DateError::OutOfRange));
        }
    }
}
