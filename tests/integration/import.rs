//! The importer over messy HubSpot exports (tests/fixtures/hubspot): the exact
//! deals each file produces and the exact rows it rejects, by line. No
//! database: the plan is what the commit then writes.

use chrono::NaiveDate;
use partner_map::i18n::Key;
use partner_map::model::deal::{DealFields, DealKind, DealStage};
use partner_map::model::import_report::{Rejection, RowProblem};
use partner_map::model::Currency;
use partner_map::server::deals::import::file::{FileProblem, MAX_BYTES};
use partner_map::server::deals::import::mapping::{KindSource, Mapping};
use partner_map::server::deals::import::{plan, Plan, Upload};
use std::collections::HashMap;

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hubspot")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn detected_plan(name: &str, currency: Currency) -> (Mapping, Plan) {
    let upload = Upload::read(&fixture(name)).unwrap();
    let mapping = Mapping::detect(&upload.file);
    let plan = plan(
        &upload,
        &mapping,
        currency,
        &HashMap::new(),
        &Default::default(),
    )
    .unwrap();
    (mapping, plan)
}

#[allow(clippy::too_many_arguments)]
fn deal(
    id: &str,
    name: &str,
    kind: DealKind,
    stage: DealStage,
    created: &str,
    closed: Option<&str>,
    mrr: i64,
    owner: &str,
    company: &str,
) -> DealFields {
    DealFields {
        external_id: Some(id.into()),
        name: name.into(),
        kind,
        stage,
        create_date: date(created),
        close_date: closed.map(date),
        mrr,
        owner: owner.into(),
        company: company.into(),
        notes: String::new(),
        pipeline_stage: None,
        probability: None,
    }
}

/// The pipeline stage a file names, kept as it is written (issue 25).
trait InStage {
    fn in_stage(self, stage: &str) -> DealFields;
}

impl InStage for DealFields {
    fn in_stage(mut self, stage: &str) -> DealFields {
        self.pipeline_stage = Some(stage.to_string());
        self
    }
}

fn rejected(line: u64, key: Key, value: &str) -> Rejection {
    Rejection {
        line,
        problem: RowProblem::new(key, value),
    }
}

#[test]
fn a_messy_export_with_bom_crlf_quotes_and_line_breaks() {
    let (mapping, plan) = detected_plan("mixed.csv", Currency::Usd);
    assert_eq!(
        mapping.mrr_column.as_deref(),
        Some("monthly recurring revenue")
    );
    assert_eq!(mapping.kind, KindSource::Column("deal type".into()));
    assert_eq!(
        plan.create,
        vec![
            deal(
                "5001",
                "Globex, cloud \"phase 2\"",
                DealKind::Sourced,
                DealStage::ClosedWon,
                "2026-01-15",
                Some("2026-03-31"),
                125_050,
                "Morgan Lee",
                "Globex"
            ),
            deal(
                "5002",
                "Initech renewal",
                DealKind::Assisted,
                DealStage::ClosedLost,
                "2026-02-01",
                Some("2026-03-15"),
                40_000,
                "Alex Wu",
                "Initech"
            ),
        ]
    );
    assert_eq!(
        plan.rejected,
        vec![
            rejected(5, Key::RowCreateDateInvalid, "02/30/2026"),
            rejected(6, Key::RowRecordIdMissing, ""),
            rejected(7, Key::RowMoneyNegative, "-5"),
            rejected(8, Key::RowCloseBeforeCreate, "2026-02-01"),
            rejected(9, Key::RowMoneyCurrency, "NT$30,000"),
            rejected(10, Key::RowRecordIdRepeated, "5001"),
        ]
    );
}

#[test]
fn semicolons_european_decimals_and_headers_in_any_case_and_order() {
    let (mapping, plan) = detected_plan("semicolon-eur.csv", Currency::Eur);
    assert_eq!(mapping.mrr_column.as_deref(), Some("mrr"));
    assert_eq!(mapping.kind, KindSource::Every(DealKind::Sourced));
    assert_eq!(
        plan.create,
        vec![
            deal(
                "9001",
                "Café ; crème",
                DealKind::Sourced,
                DealStage::ClosedWon,
                "2026-03-31",
                Some("2026-04-02"),
                125_050,
                "Anna Berg",
                ""
            ),
            deal(
                "9002",
                "Bistro",
                DealKind::Sourced,
                DealStage::ClosedLost,
                "2026-01-05",
                Some("2026-02-05"),
                30_000,
                "",
                ""
            ),
        ]
    );
    assert_eq!(
        plan.rejected,
        vec![
            // Day first is not a format HubSpot writes: refused, not guessed.
            rejected(4, Key::RowCreateDateInvalid, "31.03.2026"),
            rejected(5, Key::RowCloseDateMissing, ""),
            rejected(6, Key::RowMoneyDecimals, "1.000,123"),
        ]
    );
}

#[test]
fn taiwan_dollars_chinese_text_and_a_deal_type_column() {
    let (mapping, plan) = detected_plan("twd-kind-column.csv", Currency::Twd);
    assert_eq!(mapping.kind, KindSource::Column("deal type".into()));
    assert_eq!(
        plan.create,
        vec![
            deal(
                "7001",
                "雲端遷移, 第二期",
                DealKind::Sourced,
                DealStage::ClosedWon,
                "2026-01-10",
                Some("2026-02-20"),
                3_000_000,
                "林怡君",
                "台灣精密工業"
            ),
            deal(
                "7002",
                "資安強化",
                DealKind::Assisted,
                DealStage::Open,
                "2026-01-15",
                None,
                4_500_000,
                "陳志明",
                "新竹半導體"
            )
            .in_stage("Presentation Scheduled"),
            deal(
                "7003",
                "備份方案",
                DealKind::Assisted,
                DealStage::ClosedWon,
                "2026-02-01",
                Some("2026-02-10"),
                3_000_050,
                "陳志明",
                "高雄港務物流"
            ),
        ]
    );
    assert_eq!(
        plan.rejected,
        vec![rejected(5, Key::RowKindUnknown, "Partner")]
    );
}

#[test]
fn amount_is_never_taken_for_mrr_unless_chosen() {
    let upload = Upload::read(&fixture("amount-only.csv")).unwrap();
    let detected = Mapping::detect(&upload.file);
    assert_eq!(detected.mrr_column, None);
    assert_eq!(
        plan(
            &upload,
            &detected,
            Currency::Usd,
            &HashMap::new(),
            &Default::default()
        )
        .unwrap_err(),
        FileProblem::MissingColumns(vec!["MRR"])
    );
    let chosen = Mapping {
        mrr_column: Some("amount".into()),
        kind: KindSource::Every(DealKind::Assisted),
        won: "won".into(),
        lost: "LOST".into(),
    };
    let plan = plan(
        &upload,
        &chosen,
        Currency::Usd,
        &HashMap::new(),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(
        plan.create,
        vec![
            deal(
                "1",
                "One",
                DealKind::Assisted,
                DealStage::ClosedWon,
                "2026-01-01",
                Some("2026-01-31"),
                100_000,
                "",
                ""
            )
            .in_stage("Won"),
            deal(
                "2",
                "Two",
                DealKind::Assisted,
                DealStage::ClosedLost,
                "2026-01-01",
                Some("2026-02-01"),
                50_000,
                "",
                ""
            )
            .in_stage("Lost"),
            deal(
                "3",
                "Three",
                DealKind::Assisted,
                DealStage::Open,
                "2026-03-01",
                None,
                0,
                "",
                ""
            )
            .in_stage("Negotiation"),
        ]
    );
    assert!(plan.rejected.is_empty());
}

#[test]
fn files_that_cannot_be_imported_are_refused_as_a_whole() {
    let read = |bytes: &[u8]| Upload::read(bytes).map(|_| ()).unwrap_err();
    assert_eq!(read(b""), FileProblem::Empty);
    assert_eq!(read(b"\xEF\xBB\xBF\r\n"), FileProblem::Empty);
    assert_eq!(
        read(b"Record ID,Deal Name,Deal Stage,Create Date,MRR\r\n"),
        FileProblem::NoRows
    );
    assert_eq!(
        read(b"PK\x03\x04\x14\x00\x06\x00"),
        FileProblem::Spreadsheet
    );
    assert_eq!(
        read(&[0x89, b'P', b'N', b'G', 0, 0, 0x1a, b'\n']),
        FileProblem::NotText
    );
    assert_eq!(
        read(b"Deal Name,Amount\nA,1\n"),
        FileProblem::MissingColumns(vec!["Record ID", "Deal Stage", "Create Date"])
    );
    let mut big = b"Record ID,Deal Name,Deal Stage,Create Date,MRR\n".to_vec();
    while big.len() <= MAX_BYTES {
        big.extend_from_slice(b"1,A,Open,2026-01-01,5\n");
    }
    assert_eq!(read(&big), FileProblem::TooLarge);
    assert_eq!(
        FileProblem::MissingColumns(vec!["Record ID"]).message(partner_map::model::Locale::ZhTw),
        "檔案缺少必要欄位：Record ID。"
    );
}

#[test]
fn the_same_rows_again_are_unchanged_and_a_changed_row_is_an_update() {
    let upload = Upload::read(&fixture("mixed.csv")).unwrap();
    let mapping = Mapping::detect(&upload.file);
    let first = plan(
        &upload,
        &mapping,
        Currency::Usd,
        &HashMap::new(),
        &Default::default(),
    )
    .unwrap();
    // As if the first import's deals were stored.
    let stored: HashMap<_, _> = first
        .create
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let row = partner_map::server::store::deals::DealRow {
                id: partner_map::model::DealId(i as i64 + 1),
                external_id: d.external_id.clone(),
                name: d.name.clone(),
                kind: d.kind,
                stage: d.stage,
                create_date: d.create_date,
                close_date: d.close_date,
                mrr: if i == 1 { d.mrr + 1 } else { d.mrr },
                owner: d.owner.clone(),
                company: d.company.clone(),
                notes: d.notes.clone(),
                pipeline_stage: d.pipeline_stage.clone(),
                probability: d.probability.map(i32::from),
                version: 1,
                updated_at: chrono::Utc::now(),
                imported_at: Some(chrono::Utc::now()),
            };
            (d.external_id.clone().unwrap(), row)
        })
        .collect();
    let again = plan(
        &upload,
        &mapping,
        Currency::Usd,
        &stored,
        &Default::default(),
    )
    .unwrap();
    let counts = again.outcome().counts;
    assert_eq!(
        (
            counts.created,
            counts.updated,
            counts.unchanged,
            counts.rejected
        ),
        (0, 1, 1, 6)
    );
    assert_eq!(again.update[0].id, partner_map::model::DealId(2));
}

#[test]
fn stages_named_with_their_pipeline_and_a_currency_column() {
    let (_, plan) = detected_plan("pipelines-currency.csv", Currency::Usd);
    let stages: Vec<(&str, DealStage, i64)> = plan
        .create
        .iter()
        .map(|d| (d.external_id.as_deref().unwrap(), d.stage, d.mrr))
        .collect();
    assert_eq!(
        stages,
        vec![
            ("801", DealStage::ClosedWon, 10_000),
            ("802", DealStage::ClosedWon, 20_000),
            ("803", DealStage::ClosedLost, 30_000),
            // Not a "Closed Won" of some pipeline: another stage, so open.
            ("804", DealStage::Open, 40_000),
        ]
    );
    assert_eq!(
        plan.rejected,
        vec![rejected(6, Key::RowCurrencyOther, "JPY")]
    );
}

#[test]
fn dates_outside_the_years_are_rejected_whatever_their_format() {
    let (_, plan) = detected_plan("years-out-of-range.csv", Currency::Usd);
    let kept: Vec<_> = plan.create.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(kept, ["First and last"]);
    assert_eq!(
        plan.rejected,
        vec![
            rejected(3, Key::RowCreateDateOutOfRange, "9999-01-01"),
            rejected(4, Key::RowCreateDateOutOfRange, "1999/12/31"),
            rejected(5, Key::RowCloseDateOutOfRange, "01/01/2101 09:00"),
        ]
    );
}

#[test]
fn a_stage_name_too_long_is_refused_naming_its_column() {
    let long = "S".repeat(101);
    let file = format!(
        "Record ID,Deal Name,Deal Stage,Create Date,Monthly recurring revenue\n\
         1,One,{long},2026-01-05,10\n\
         2,Two,Contract sent,2026-01-05,20\n"
    );
    let upload = Upload::read(file.as_bytes()).unwrap();
    let mapping = Mapping::detect(&upload.file);
    let plan = plan(
        &upload,
        &mapping,
        Currency::Usd,
        &HashMap::new(),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(
        plan.rejected,
        vec![rejected(2, Key::RowTextTooLong, "deal stage")]
    );
    assert_eq!(plan.create.len(), 1);
    assert_eq!(
        plan.create[0].pipeline_stage.as_deref(),
        Some("Contract sent")
    );
}
