//! Which column holds what: found by the headers HubSpot (and people) write,
//! and, for the choices a header cannot settle (the MRR column, which stages
//! mean won and lost, where the deal kind comes from), a [`Mapping`] that is
//! detected, shown to the user to change, and remembered per partner.

use super::file::{clean_header, CsvFile, FileProblem};
pub use crate::model::import_mapping::{KindSource, Mapping};
use crate::model::DealKind;

/// Headers that name each field, already in lower case. English as HubSpot
/// writes it, the internal property names, and HubSpot's zh-TW labels.
const RECORD_ID: &[&str] = &[
    "record id",
    "deal id",
    "hs_object_id",
    "object id",
    "記錄 id",
    "記錄id",
];
const NAME: &[&str] = &["deal name", "dealname", "name", "交易名稱"];
const STAGE: &[&str] = &["deal stage", "dealstage", "stage", "交易階段"];
const CREATE_DATE: &[&str] = &[
    "create date",
    "createdate",
    "created date",
    "date created",
    "created at",
    "建立日期",
];
const CLOSE_DATE: &[&str] = &[
    "close date",
    "closedate",
    "closed date",
    "結案日期",
    "成交日期",
];
const OWNER: &[&str] = &[
    "deal owner",
    "owner",
    "hubspot owner",
    "hubspot_owner_id",
    "交易擁有者",
    "交易負責人",
];
const COMPANY: &[&str] = &[
    "associated company",
    "associated company (primary)",
    "company",
    "company name",
    "公司",
    "公司名稱",
];
const NOTES: &[&str] = &[
    "notes",
    "deal description",
    "description",
    "備註",
    "交易描述",
];
/// When HubSpot (or the app's own export) last changed the record.
const LAST_MODIFIED: &[&str] = &[
    "last modified date",
    "hs_lastmodifieddate",
    "last modified",
    "最後修改日期",
];
const CURRENCY: &[&str] = &["currency", "deal currency code", "currency code", "幣別"];

/// The columns of the fields whose headers settle them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Columns {
    pub record_id: usize,
    pub name: usize,
    pub stage: usize,
    pub create_date: usize,
    pub close_date: Option<usize>,
    pub owner: Option<usize>,
    pub company: Option<usize>,
    pub notes: Option<usize>,
    /// A currency code per row, in portals with several currencies.
    pub currency: Option<usize>,
    /// When the record last changed where the file comes from.
    pub last_modified: Option<usize>,
}

impl Columns {
    /// The required columns, or every missing one named.
    pub fn find(file: &CsvFile) -> Result<Columns, FileProblem> {
        let find = |names: &[&str]| {
            file.headers
                .iter()
                .position(|h| names.contains(&h.as_str()))
        };
        let required = [
            (find(RECORD_ID), "Record ID"),
            (find(NAME), "Deal Name"),
            (find(STAGE), "Deal Stage"),
            (find(CREATE_DATE), "Create Date"),
        ];
        let missing: Vec<&'static str> = required
            .iter()
            .filter(|(c, _)| c.is_none())
            .map(|(_, n)| *n)
            .collect();
        match required {
            [(Some(record_id), _), (Some(name), _), (Some(stage), _), (Some(create_date), _)] => {
                Ok(Columns {
                    record_id,
                    name,
                    stage,
                    create_date,
                    close_date: find(CLOSE_DATE),
                    owner: find(OWNER),
                    company: find(COMPANY).or_else(|| {
                        file.headers
                            .iter()
                            .position(|h| h.starts_with("associated compan"))
                    }),
                    notes: find(NOTES),
                    currency: find(CURRENCY),
                    last_modified: find(LAST_MODIFIED),
                })
            }
            _ => Err(FileProblem::MissingColumns(missing)),
        }
    }
}

impl Mapping {
    /// What the file itself suggests.
    pub fn detect(file: &CsvFile) -> Mapping {
        Mapping {
            mrr_column: detect_mrr(&file.headers),
            kind: detect_kind(file),
            won: "Closed Won".into(),
            lost: "Closed Lost".into(),
        }
    }

    /// The remembered mapping where it still fits this file (its columns exist),
    /// the detected one elsewhere.
    pub fn remembered_or_detected(file: &CsvFile, remembered: Option<Mapping>) -> Mapping {
        let detected = Mapping::detect(file);
        let Some(r) = remembered else {
            return detected;
        };
        let has = |name: &String| file.column(name).is_some();
        let stages = Columns::find(file)
            .map(|c| file.distinct(c.stage, 200))
            .unwrap_or_default();
        let has_stage = |v: &String| stages.iter().any(|s| stage_is(s, v));
        Mapping {
            mrr_column: r.mrr_column.filter(has).or(detected.mrr_column),
            // A column that says the kind of every deal beats any remembered choice.
            kind: match (r.kind, detected.kind) {
                (_, KindSource::Column(c)) => KindSource::Column(c),
                (KindSource::Column(c), detected) if !has(&c) => detected,
                (kind, _) => kind,
            },
            won: if has_stage(&r.won) {
                r.won
            } else {
                detected.won
            },
            lost: if has_stage(&r.lost) {
                r.lost
            } else {
                detected.lost
            },
        }
    }
}

/// The MRR column: "MRR" or "Monthly recurring revenue" first, then another
/// recurring-revenue column that is not annual. Never "Amount" (a deal's total
/// value), which the user may still choose.
fn detect_mrr(headers: &[String]) -> Option<String> {
    let words = |h: &str| h.split(|c: char| !c.is_alphanumeric()).any(|w| w == "mrr");
    headers
        .iter()
        .find(|h| {
            words(h) || h.contains("monthly recurring revenue") || h.contains("每月經常性收入")
        })
        .or_else(|| {
            headers
                .iter()
                .find(|h| h.contains("recurring revenue") && !h.contains("annual"))
        })
        .cloned()
}

/// A column whose header contains "deal type" (or "deal kind") and most of
/// whose values read as Sourced or Assisted (HubSpot's own "Deal type", with
/// "New Business", is not one); else every deal is sourced. Rows whose value
/// is neither are rejected, not guessed.
fn detect_kind(file: &CsvFile) -> KindSource {
    for (i, header) in file.headers.iter().enumerate() {
        if !(header.contains("deal type")
            || header.contains("deal kind")
            || header.contains("交易類型"))
        {
            continue;
        }
        let values = file.distinct(i, 50);
        let kinds = values.iter().filter(|v| read_kind(v).is_some()).count();
        if kinds * 2 > values.len() {
            return KindSource::Column(header.clone());
        }
    }
    KindSource::Every(DealKind::Sourced)
}

/// Whether a stage value is the chosen one, ignoring case. With several
/// pipelines HubSpot names the pipeline after the stage ("Closed Won (Renewals)"),
/// which is the same stage.
pub fn stage_is(value: &str, chosen: &str) -> bool {
    let (value, chosen) = (value.trim().to_lowercase(), chosen.trim().to_lowercase());
    !chosen.is_empty()
        && (value == chosen
            || value
                .strip_prefix(&chosen)
                .is_some_and(|rest| rest.starts_with(" (") && rest.ends_with(')')))
}

/// "Sourced", "Partner sourced", "委託"…: a value of a deal-kind column.
pub fn read_kind(value: &str) -> Option<DealKind> {
    let v = value.to_lowercase();
    match (
        v.contains("sourced") || v.contains("委託"),
        v.contains("assisted") || v.contains("協助"),
    ) {
        (true, false) => Some(DealKind::Sourced),
        (false, true) => Some(DealKind::Assisted),
        _ => None,
    }
}

/// A header as the user picked it from a list, cleaned the same way.
pub fn header_choice(value: &str) -> Option<String> {
    let h = clean_header(value);
    (!h.is_empty()).then_some(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> CsvFile {
        CsvFile::read(text.as_bytes()).unwrap()
    }

    #[test]
    fn finds_columns_in_any_case_and_order() {
        let f = file("deal STAGE,Amount,  Create   Date ,Record ID,Deal Name,Close Date\nx,1,2026-01-01,1,a,\n");
        let c = Columns::find(&f).unwrap();
        assert_eq!((c.stage, c.create_date, c.record_id, c.name), (0, 2, 3, 4));
        assert_eq!(c.close_date, Some(5));
        assert_eq!(c.owner, None);
    }

    #[test]
    fn names_every_missing_column() {
        let f = file("Deal Name,Amount\na,1\n");
        assert_eq!(
            Columns::find(&f),
            Err(FileProblem::MissingColumns(vec![
                "Record ID",
                "Deal Stage",
                "Create Date"
            ]))
        );
    }

    #[test]
    fn detects_mrr_but_never_amount() {
        let h = |v: &[&str]| detect_mrr(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            h(&["amount", "monthly recurring revenue"]).as_deref(),
            Some("monthly recurring revenue")
        );
        assert_eq!(
            h(&["amount", "deal mrr (usd)"]).as_deref(),
            Some("deal mrr (usd)")
        );
        assert_eq!(
            h(&["annual recurring revenue", "recurring revenue amount"]).as_deref(),
            Some("recurring revenue amount")
        );
        assert_eq!(h(&["amount", "annual recurring revenue"]), None);
        assert_eq!(h(&["amount", "hammrrr"]), None);
    }

    #[test]
    fn detects_a_kind_column_only_when_its_values_say_so() {
        let yes = file("Record ID,Partner Deal Type\n1,Sourced\n2,assisted\n3,\n");
        assert_eq!(
            detect_kind(&yes),
            KindSource::Column("partner deal type".into())
        );
        let no = file("Record ID,Deal Type\n1,New Business\n2,Sourced\n");
        assert_eq!(detect_kind(&no), KindSource::Every(DealKind::Sourced));
    }

    #[test]
    fn keeps_a_remembered_mapping_where_it_fits() {
        let f = file(
            "Record ID,Deal Name,Deal Stage,Create Date,Amount,MRR\n1,a,Won it,2026-01-01,1,1\n",
        );
        let remembered = Mapping {
            mrr_column: Some("amount".into()),
            kind: KindSource::Column("gone".into()),
            won: "won it".into(),
            lost: "Lost it".into(),
        };
        let m = Mapping::remembered_or_detected(&f, Some(remembered));
        assert_eq!(m.mrr_column.as_deref(), Some("amount"));
        assert_eq!(m.kind, KindSource::Every(DealKind::Sourced));
        assert_eq!((m.won.as_str(), m.lost.as_str()), ("won it", "Closed Lost"));
    }
}
