//! Deals: the actuals behind every metric. The kinds and stages of
//! ../shared/PRODUCT.md, and the one set of rules a deal must satisfy, whether
//! it is typed into the deals page or read from a HubSpot export.

use crate::i18n::Key;
use crate::model::date;
use crate::model::money::{parse_amount, AmountError};
use crate::model::Currency;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DealKind {
    /// Brought in by the partner.
    Sourced,
    /// The vendor's deal, helped by the partner.
    Assisted,
}

impl DealKind {
    pub const ALL: [DealKind; 2] = [DealKind::Sourced, DealKind::Assisted];

    /// As stored, in URLs and in exported files.
    pub fn as_str(self) -> &'static str {
        match self {
            DealKind::Sourced => "sourced",
            DealKind::Assisted => "assisted",
        }
    }

    pub fn parse(s: &str) -> Option<DealKind> {
        DealKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
    }

    pub fn label(self) -> Key {
        match self {
            DealKind::Sourced => Key::KindSourced,
            DealKind::Assisted => Key::KindAssisted,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DealStage {
    Open,
    ClosedWon,
    ClosedLost,
}

impl DealStage {
    pub const ALL: [DealStage; 3] = [DealStage::Open, DealStage::ClosedWon, DealStage::ClosedLost];

    /// As stored, in URLs and in exported files.
    pub fn as_str(self) -> &'static str {
        match self {
            DealStage::Open => "open",
            DealStage::ClosedWon => "closed_won",
            DealStage::ClosedLost => "closed_lost",
        }
    }

    pub fn parse(s: &str) -> Option<DealStage> {
        DealStage::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
    }

    pub fn is_closed(self) -> bool {
        self != DealStage::Open
    }

    /// How an export names the stage of a deal without a pipeline stage of
    /// its own; as a pipeline stage it is none (so that the export imports
    /// back unchanged).
    pub fn plain_name(self) -> &'static str {
        match self {
            DealStage::Open => "Open",
            DealStage::ClosedWon => "Closed Won",
            DealStage::ClosedLost => "Closed Lost",
        }
    }

    pub fn label(self) -> Key {
        match self {
            DealStage::Open => Key::StageOpen,
            DealStage::ClosedWon => Key::StageClosedWon,
            DealStage::ClosedLost => Key::StageClosedLost,
        }
    }
}

/// Longest name, owner and company; longest notes; longest Record ID.
pub const NAME_MAX: usize = 200;
pub const NOTES_MAX: usize = 5_000;
pub const EXTERNAL_ID_MAX: usize = 64;

/// A month as stored for grouping: `year * 100 + month` (see `server::db`).
pub fn month_key(date: NaiveDate) -> i32 {
    date.year() * 100 + date.month() as i32
}

/// Everything a person or an import says about a deal. Built only through
/// [`DealFields::check`], so a stored deal always satisfies every rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DealFields {
    /// HubSpot's "Record ID"; unique per partner; deals typed by hand may have none.
    pub external_id: Option<String>,
    pub name: String,
    pub kind: DealKind,
    pub stage: DealStage,
    pub create_date: NaiveDate,
    pub close_date: Option<NaiveDate>,
    /// Monthly recurring revenue in minor units of the partner's currency.
    pub mrr: i64,
    pub owner: String,
    pub company: String,
    pub notes: String,
    /// The pipeline stage as HubSpot names it ("Contract sent"), which
    /// `stage` reduces to open, won or lost; `None` for a deal without one.
    pub pipeline_stage: Option<String>,
    /// A probability of its own (0–100) that overrides its stage's.
    pub probability: Option<u8>,
}

/// A deal's fields before the rules are checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DealDraft {
    pub external_id: String,
    pub name: String,
    pub kind: DealKind,
    pub stage: DealStage,
    pub create_date: NaiveDate,
    pub close_date: Option<NaiveDate>,
    pub mrr: i64,
    pub owner: String,
    pub company: String,
    pub notes: String,
    pub pipeline_stage: String,
    pub probability: Option<u8>,
}

impl DealFields {
    /// The rules, each reported on its field: name required and bounded, close
    /// date required for closed deals and not before the create date, MRR not
    /// negative. (Decimals are checked where the amount is read as text.)
    pub fn check(draft: DealDraft) -> Result<DealFields, Vec<(&'static str, Key)>> {
        let mut problems = Vec::new();
        let name = single_line(&draft.name);
        if name.is_empty() {
            problems.push(("name", Key::ErrDealNameRequired));
        } else if name.chars().count() > NAME_MAX {
            problems.push(("name", Key::ErrDealNameTooLong));
        }
        let external_id = draft.external_id.trim().to_string();
        if external_id.chars().count() > EXTERNAL_ID_MAX {
            problems.push(("external_id", Key::ErrRecordIdTooLong));
        }
        let close_date = draft.close_date;
        match close_date {
            None if draft.stage.is_closed() => {
                problems.push(("close_date", Key::ErrCloseDateRequired))
            }
            Some(close) if close < draft.create_date => {
                problems.push(("close_date", Key::ErrCloseBeforeCreate))
            }
            _ => {}
        }
        if draft.mrr < 0 {
            problems.push(("mrr", Key::ErrMoneyNegative));
        }
        let owner = single_line(&draft.owner);
        if owner.chars().count() > NAME_MAX {
            problems.push(("owner", Key::ErrTextTooLong));
        }
        let company = single_line(&draft.company);
        if company.chars().count() > NAME_MAX {
            problems.push(("company", Key::ErrTextTooLong));
        }
        let notes = draft.notes.trim_end().to_string();
        if notes.chars().count() > NOTES_MAX {
            problems.push(("notes", Key::ErrTextTooLong));
        }
        let pipeline_stage = crate::model::forecast::stage_name(&draft.pipeline_stage)
            .map_err(|e| problems.push(("pipeline_stage", e)))
            .unwrap_or(None)
            .filter(|s| !s.eq_ignore_ascii_case(draft.stage.plain_name()));
        if draft.probability.is_some_and(|p| p > 100) {
            problems.push(("probability", Key::ErrProbability));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(DealFields {
            external_id: (!external_id.is_empty()).then_some(external_id),
            name,
            kind: draft.kind,
            stage: draft.stage,
            create_date: draft.create_date,
            close_date,
            mrr: draft.mrr,
            owner,
            company,
            notes,
            pipeline_stage,
            probability: draft.probability,
        })
    }

    pub fn create_month(&self) -> i32 {
        month_key(self.create_date)
    }

    pub fn close_month(&self) -> Option<i32> {
        self.close_date.map(month_key)
    }
}

/// Names are one line: line breaks and runs of spaces (a quoted field in an
/// export, a paste) become single spaces.
fn single_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A deal as typed into the deals form: every field text, as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DealForm {
    pub external_id: String,
    pub name: String,
    pub kind: String,
    pub stage: String,
    pub create_date: String,
    pub close_date: String,
    pub mrr: String,
    pub owner: String,
    pub company: String,
    pub notes: String,
    /// One of the partner's stages, or empty.
    #[serde(default)]
    pub pipeline_stage: String,
    /// A whole percentage, or empty for the stage's.
    #[serde(default)]
    pub probability: String,
}

impl DealForm {
    /// The deal, or every field's problem. Amounts are read as
    /// `model::money::parse_amount` reads them, in the partner's currency.
    pub fn parse(&self, currency: Currency) -> Result<DealFields, Vec<(&'static str, Key)>> {
        let mut problems = Vec::new();
        let kind = DealKind::parse(&self.kind);
        if kind.is_none() {
            problems.push(("kind", Key::ErrChooseOption));
        }
        let stage = DealStage::parse(&self.stage);
        if stage.is_none() {
            problems.push(("stage", Key::ErrChooseOption));
        }
        let create_date = date::parse(&self.create_date)
            .map_err(|e| problems.push(("create_date", e.message())))
            .ok();
        let close_date = match self.close_date.trim() {
            "" => Ok(None),
            text => date::parse(text).map(Some),
        }
        .map_err(|e| problems.push(("close_date", e.message())));
        let probability = crate::model::forecast::parse_probability(&self.probability)
            .map_err(|e| problems.push(("probability", e)))
            .unwrap_or(None);
        let mrr = match parse_amount(&self.mrr, currency) {
            Ok(units) => Some(units),
            Err(AmountError::Empty) => Some(0),
            Err(e) => {
                problems.push(("mrr", e.message()));
                None
            }
        };
        // The deal rules run even when a field could not be read, on stand-ins
        // that cannot break them, so that every problem shows at once.
        let checked = DealFields::check(DealDraft {
            external_id: self.external_id.clone(),
            name: self.name.clone(),
            kind: kind.unwrap_or(DealKind::Sourced),
            stage: stage.unwrap_or(DealStage::Open),
            create_date: create_date.unwrap_or(NaiveDate::MIN),
            close_date: close_date.unwrap_or(None),
            mrr: mrr.unwrap_or(0),
            owner: self.owner.clone(),
            company: self.company.clone(),
            notes: self.notes.clone(),
            pipeline_stage: self.pipeline_stage.clone(),
            probability,
        });
        match checked {
            Ok(deal) if problems.is_empty() => Ok(deal),
            Ok(_) => Err(problems),
            Err(rules) => {
                // One message per field: what could not be read comes first.
                for p in rules {
                    if !problems.iter().any(|(f, _)| *f == p.0) {
                        problems.push(p);
                    }
                }
                Err(problems)
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    pub fn draft() -> DealDraft {
        DealDraft {
            external_id: " 1001 ".into(),
            name: "  Cloud migration ".into(),
            kind: DealKind::Sourced,
            stage: DealStage::ClosedWon,
            create_date: date("2026-01-10"),
            close_date: Some(date("2026-02-01")),
            mrr: 125_050,
            owner: "Morgan".into(),
            company: "Globex".into(),
            notes: "".into(),
            pipeline_stage: String::new(),
            probability: None,
        }
    }

    #[test]
    fn accepts_a_valid_deal_and_trims_it() {
        let deal = DealFields::check(draft()).unwrap();
        assert_eq!(deal.name, "Cloud migration");
        let pasted = DealFields::check(DealDraft {
            name: "Initech\r\n  renewal".into(),
            ..draft()
        });
        assert_eq!(pasted.unwrap().name, "Initech renewal");
        assert_eq!(deal.external_id.as_deref(), Some("1001"));
        assert_eq!(deal.create_month(), 202601);
        assert_eq!(deal.close_month(), Some(202602));
    }

    #[test]
    fn reports_every_broken_rule_on_its_field() {
        let problems = DealFields::check(DealDraft {
            name: " ".into(),
            close_date: None,
            mrr: -1,
            ..draft()
        })
        .unwrap_err();
        assert_eq!(
            problems,
            vec![
                ("name", Key::ErrDealNameRequired),
                ("close_date", Key::ErrCloseDateRequired),
                ("mrr", Key::ErrMoneyNegative),
            ]
        );
        let before = DealFields::check(DealDraft {
            close_date: Some(date("2026-01-09")),
            ..draft()
        });
        assert_eq!(
            before.unwrap_err(),
            vec![("close_date", Key::ErrCloseBeforeCreate)]
        );
        let long = DealFields::check(DealDraft {
            name: "x".repeat(NAME_MAX + 1),
            ..draft()
        });
        assert_eq!(long.unwrap_err(), vec![("name", Key::ErrDealNameTooLong)]);
    }

    #[test]
    fn open_deals_need_no_close_date_and_hand_typed_ones_no_record_id() {
        let deal = DealFields::check(DealDraft {
            stage: DealStage::Open,
            close_date: None,
            external_id: "".into(),
            ..draft()
        })
        .unwrap();
        assert_eq!(deal.close_date, None);
        assert_eq!(deal.external_id, None);
    }

    #[test]
    fn reads_the_form_in_the_partners_currency() {
        let form = DealForm {
            name: "Renewal".into(),
            kind: "assisted".into(),
            stage: "closed_won".into(),
            create_date: "2026-03-01".into(),
            close_date: "2026-03-31".into(),
            mrr: "NT$30,000".into(),
            ..DealForm::default()
        };
        let deal = form.parse(Currency::Twd).unwrap();
        assert_eq!((deal.kind, deal.mrr), (DealKind::Assisted, 3_000_000));
        let bad = DealForm {
            name: "".into(),
            kind: "x".into(),
            create_date: "2026-02-30".into(),
            mrr: "1.2345".into(),
            ..form
        };
        assert_eq!(
            bad.parse(Currency::Usd).unwrap_err(),
            vec![
                ("kind", Key::ErrChooseOption),
                ("create_date", Key::ErrDateInvalid),
                ("mrr", Key::ErrMoneyDecimals),
                ("name", Key::ErrDealNameRequired),
            ]
        );
    }

    #[test]
    fn the_form_refuses_days_outside_the_years() {
        let form = DealForm {
            name: "Renewal".into(),
            kind: "sourced".into(),
            stage: "closed_won".into(),
            create_date: "9999-01-01".into(),
            close_date: "-262143-01-01".into(),
            ..DealForm::default()
        };
        assert_eq!(
            form.parse(Currency::Usd).unwrap_err(),
            vec![
                ("create_date", Key::ErrDateOutOfRange),
                ("close_date", Key::ErrDateOutOfRange),
            ]
        );
    }

    #[test]
    fn kinds_and_stages_round_trip() {
        for k in DealKind::ALL {
            assert_eq!(DealKind::parse(k.as_str()), Some(k));
        }
        for s in DealStage::ALL {
            assert_eq!(DealStage::parse(s.as_str()), Some(s));
        }
        assert_eq!(DealStage::parse("won"), None);
    }
}
