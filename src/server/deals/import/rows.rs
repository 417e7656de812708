//! One record of a deals file into a deal, or the reason it cannot be one.
//! The deal rules themselves are `model::deal`'s, the same as for the form.

use super::file::Record;
use super::mapping::{read_kind, stage_is, Columns, KindSource, Mapping};
use crate::i18n::Key;
use crate::model::date::{within_years, DateError};
use crate::model::deal::{DealDraft, DealFields, DealStage};
pub use crate::model::import_report::{Rejection, RowProblem};
use crate::model::money::{parse_amount, AmountError};
use crate::model::Currency;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};

/// Where the MRR and the kind come from in this file.
pub struct Reading<'a> {
    pub columns: &'a Columns,
    pub mrr: usize,
    pub kind: Kind,
    pub mapping: &'a Mapping,
    pub currency: Currency,
}

pub enum Kind {
    Every(crate::model::DealKind),
    Column(usize),
}

impl<'a> Reading<'a> {
    /// `None` when a column the mapping names is not in the file.
    pub fn new(
        file: &super::file::CsvFile,
        columns: &'a Columns,
        mapping: &'a Mapping,
        currency: Currency,
    ) -> Option<Reading<'a>> {
        let mrr = file.column(mapping.mrr_column.as_deref()?)?;
        let kind = match &mapping.kind {
            KindSource::Every(kind) => Kind::Every(*kind),
            KindSource::Column(name) => Kind::Column(file.column(name)?),
        };
        Some(Reading {
            columns,
            mrr,
            kind,
            mapping,
            currency,
        })
    }

    /// The row's "Last Modified Date", and how much later the true moment
    /// may be (the text's precision); `None` when the file has none or the
    /// text is not a moment.
    pub fn last_modified(&self, record: &Record) -> Option<(DateTime<Utc>, Duration)> {
        read_moment(record.fields.get(self.columns.last_modified?)?)
    }

    pub fn read(&self, record: &Record, headers: &[String]) -> Result<DealFields, RowProblem> {
        let field = |i: usize| record.fields.get(i).map(String::as_str).unwrap_or("");
        let optional = |i: Option<usize>| i.map(field).unwrap_or("");
        let c = self.columns;

        let external_id = field(c.record_id);
        if external_id.is_empty() {
            return Err(RowProblem::new(Key::RowRecordIdMissing, ""));
        }
        let name = field(c.name);
        if name.is_empty() {
            return Err(RowProblem::new(Key::RowNameMissing, ""));
        }
        let stage_text = field(c.stage);
        let stage = if stage_is(stage_text, &self.mapping.won) {
            DealStage::ClosedWon
        } else if stage_is(stage_text, &self.mapping.lost) {
            DealStage::ClosedLost
        } else {
            DealStage::Open
        };
        let created = field(c.create_date);
        let create_date = read_date(created)
            .map_err(|e| date_problem(e, created, CREATE_DATE))?
            .ok_or_else(|| RowProblem::new(Key::RowCreateDateMissing, ""))?;
        let closed = optional(c.close_date);
        let close_date = read_date(closed).map_err(|e| date_problem(e, closed, CLOSE_DATE))?;
        let mrr_text = field(self.mrr);
        let mrr = match parse_amount(mrr_text, self.currency) {
            Ok(units) => units,
            Err(AmountError::Empty) => 0,
            Err(e) => {
                let key = match e {
                    AmountError::Negative => Key::RowMoneyNegative,
                    AmountError::TooManyDecimals => Key::RowMoneyDecimals,
                    AmountError::OtherCurrency => Key::RowMoneyCurrency,
                    AmountError::Empty | AmountError::Invalid => Key::RowMoneyInvalid,
                };
                return Err(RowProblem::new(key, mrr_text));
            }
        };
        // A currency column (multi-currency portals) must name the partner's.
        let currency = optional(c.currency);
        if !currency.is_empty() && !currency.eq_ignore_ascii_case(self.currency.code()) {
            return Err(RowProblem::new(Key::RowCurrencyOther, currency));
        }
        let kind = match self.kind {
            Kind::Every(kind) => kind,
            Kind::Column(i) => {
                read_kind(field(i)).ok_or_else(|| RowProblem::new(Key::RowKindUnknown, field(i)))?
            }
        };
        let draft = DealDraft {
            external_id: external_id.to_string(),
            name: name.to_string(),
            kind,
            stage,
            create_date,
            close_date,
            mrr,
            owner: optional(c.owner).to_string(),
            company: optional(c.company).to_string(),
            notes: optional(c.notes).to_string(),
            pipeline_stage: stage_text.to_string(),
            // A file never carries a deal's own probability; an update
            // keeps the one it has (`Planner::add`).
            probability: None,
        };
        DealFields::check(draft).map_err(|problems| {
            let header =
                |i: Option<usize>| i.and_then(|i| headers.get(i)).cloned().unwrap_or_default();
            match problems.first().map(|p| p.0) {
                Some("name") => RowProblem::new(Key::RowNameTooLong, ""),
                Some("external_id") => RowProblem::new(Key::RowRecordIdTooLong, external_id),
                Some("close_date") if close_date.is_none() => {
                    RowProblem::new(Key::RowCloseDateMissing, "")
                }
                Some("close_date") => RowProblem::new(Key::RowCloseBeforeCreate, closed),
                Some("mrr") => RowProblem::new(Key::RowMoneyNegative, mrr_text),
                Some("owner") => RowProblem::new(Key::RowTextTooLong, &header(c.owner)),
                Some("company") => RowProblem::new(Key::RowTextTooLong, &header(c.company)),
                Some("pipeline_stage") => {
                    RowProblem::new(Key::RowTextTooLong, &header(Some(c.stage)))
                }
                _ => RowProblem::new(Key::RowTextTooLong, &header(c.notes)),
            }
        })
    }
}

/// A date column's messages: the text is not a date, or not one in range.
const CREATE_DATE: [Key; 2] = [Key::RowCreateDateInvalid, Key::RowCreateDateOutOfRange];
const CLOSE_DATE: [Key; 2] = [Key::RowCloseDateInvalid, Key::RowCloseDateOutOfRange];

fn date_problem(error: DateError, text: &str, [invalid, out_of_range]: [Key; 2]) -> RowProblem {
    let key = match error {
        DateError::Invalid => invalid,
        DateError::OutOfRange => out_of_range,
    };
    RowProblem::new(key, text)
}

/// A date as exports write it: `2026-03-31`, `2026/03/31`, `03/31/2026`
/// (month first), `3/31/2026`, any of them followed by a time
/// (`2026-03-31 14:05`, `2026-03-31T14:05:00Z`), which is dropped. Empty is
/// no date; anything else, or a day that does not exist, is invalid; a day
/// outside the years of `model::date` is out of range, as in the deal form.
pub fn read_date(text: &str) -> Result<Option<NaiveDate>, DateError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let date = text.split([' ', 'T']).next().unwrap_or("");
    let parts: Vec<&str> = date.split(['-', '/', '.']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(DateError::Invalid);
    }
    let num = |s: &str| s.parse::<u32>().map_err(|_| DateError::Invalid);
    let (y, m, d) = if parts[0].len() == 4 {
        (num(parts[0])?, num(parts[1])?, num(parts[2])?)
    } else if parts[2].len() == 4 {
        (num(parts[2])?, num(parts[0])?, num(parts[1])?)
    } else {
        return Err(DateError::Invalid);
    };
    let day = NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(DateError::Invalid)?;
    within_years(day).map(Some)
}

/// A moment as exports write it: RFC 3339 (the app's own export), or
/// `2026-03-31 14:05[:09]` as HubSpot writes it, read as UTC; with how much
/// later the true moment may be than the text says (a minute when it gives no
/// seconds, else a second).
pub fn read_moment(text: &str) -> Option<(DateTime<Utc>, Duration)> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some((at.with_timezone(&Utc), Duration::seconds(1)));
    }
    let text = text.replace('T', " ");
    if let Ok(at) = NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M:%S%.f") {
        return Some((at.and_utc(), Duration::seconds(1)));
    }
    NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M")
        .ok()
        .map(|at| (at.and_utc(), Duration::minutes(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    #[test]
    fn stages_match_in_any_case_and_with_their_pipeline() {
        assert!(stage_is("closed WON", "Closed Won"));
        assert!(stage_is("Closed Won (Renewals pipeline)", "Closed Won"));
        assert!(!stage_is("Closed Won Pending", "Closed Won"));
        assert!(!stage_is("Closed Lost", "Closed Won"));
        assert!(!stage_is("", ""));
    }

    #[test]
    fn reads_dates_as_exports_write_them() {
        for text in [
            "2026-03-31",
            "2026-03-31 14:05",
            "2026/03/31",
            "03/31/2026",
            "3/31/2026",
            "2026-03-31T14:05:00Z",
            "03/31/2026 2:05 PM",
        ] {
            assert_eq!(read_date(text), Ok(d("2026-03-31")), "{text}");
        }
        assert_eq!(read_date(""), Ok(None));
        for text in ["2026-02-30", "31/03/2026", "March 31", "26-03-31"] {
            assert_eq!(read_date(text), Err(DateError::Invalid), "{text}");
        }
    }

    #[test]
    fn reads_moments_with_their_precision() {
        let at = |s: &str| read_moment(s).map(|(t, slack)| (t.to_rfc3339(), slack.num_seconds()));
        let exact = Some(("2026-03-31T14:05:09.123456+00:00".to_string(), 1));
        assert_eq!(at("2026-03-31T14:05:09.123456Z"), exact);
        assert_eq!(at("2026-03-31 14:05:09.123456"), exact);
        assert_eq!(
            at("2026-03-31 14:05"),
            Some(("2026-03-31T14:05:00+00:00".into(), 60))
        );
        assert_eq!(at("yesterday"), None);
        assert_eq!(at(""), None);
    }

    #[test]
    fn refuses_dates_outside_the_years_in_every_format() {
        for text in ["9999-01-01", "1999/12/31", "01/01/2101", "0001-01-01 08:00"] {
            assert_eq!(read_date(text), Err(DateError::OutOfRange), "{text}");
        }
        assert_eq!(read_date("12/31/2100"), Ok(d("2100-12-31")));
    }
}
