//! Deals over HTTP, as people use them, on SQLite and on PostgreSQL: the page,
//! the form with its version checks, import and export; and the metrics in SQL,
//! for one partner and for every partner (the portfolio's), against the pure
//! rules of `model::metrics`.

use crate::support::*;
use axum::http::StatusCode;
use chrono::NaiveDate;
use partner_map::i18n::Key;
use partner_map::model::deal::{DealFields, DealKind, DealStage};
use partner_map::model::metrics::{data_summary, year_metrics, DealFacts, Period, YearMetrics};
use partner_map::model::{DealId, PartnerId};
use partner_map::server::authz::PartnerScope;
use partner_map::server::db::with_db;
use partner_map::server::store::{deal_metrics, deals};
use proptest::prelude::*;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/hubspot")
            .join(name),
    )
    .unwrap()
}

fn scope(partner: PartnerId) -> PartnerScope {
    PartnerScope::for_operator(partner)
}

async fn stored(app: &TestApp, partner: PartnerId, id: DealId) -> deals::DealRow {
    deals::get(&app.db, &scope(partner), id)
        .await
        .unwrap()
        .unwrap()
}

/// The fields of the deal form, with some changed.
fn deal_form<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("external_id", "HS-1"),
        ("name", "Globex renewal"),
        ("kind", "sourced"),
        ("stage", "closed_won"),
        ("create_date", "2026-01-10"),
        ("close_date", "2026-02-01"),
        ("mrr", "1,250.50"),
        ("owner", "Morgan"),
        ("company", "Globex"),
        ("notes", "first"),
    ];
    for (name, value) in changes {
        form.retain(|(n, _)| n != name);
        form.push((name, value));
    }
    form
}

fn urlencoded(form: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(form).unwrap()
}

#[tokio::test]
async fn a_stale_save_is_refused_and_nothing_is_overwritten() {
    let app = spawn_app().await;
    let me = app.login("member@acme.test").await;
    let partner = app.acme.to_string();
    let mut form = deal_form(&[]);
    form.push(("partner_id", &partner));
    let created = app.call("/api/deal_create", &form, Some(&me)).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let (rows, _) = deals::page(&app.db, &scope(app.acme), &Default::default())
        .await
        .unwrap();
    let id = rows[0].id.to_string();
    assert_eq!((rows[0].mrr, rows[0].version), (125_050, 1));

    // The PDM saves first, from version 1.
    let pdm = app.login("pdm@vendor.test").await;
    let mut theirs = deal_form(&[("notes", "the PDM's change")]);
    theirs.extend([("deal_id", id.as_str()), ("version", "1")]);
    let reply = app.call("/api/deal_update", &theirs, Some(&pdm)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

    // The member, still on version 1, is refused over JSON...
    let mut mine = deal_form(&[("notes", "my change")]);
    mine.extend([("deal_id", id.as_str()), ("version", "1")]);
    let reply = app.call("/api/deal_update", &mine, Some(&me)).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    // ...and as a plain form post, which comes back with what they typed.
    let reply = app
        .send(plain_post(
            "/api/deal_update",
            &format!("_form=deal&{}", urlencoded(&mine)),
            &format!("/p/{partner}/deals/{id}"),
            Some(&me),
        ))
        .await;
    let (page, _) = app.land(&reply, Some(&me)).await;
    assert!(
        page.body.contains("so yours was not saved"),
        "{}",
        page.body
    );
    assert!(page.body.contains("my change"));
    // Beside it, where the version saved now differs: the PDM's notes.
    assert!(page.body.contains("The version saved now"));
    assert!(
        page.body
            .contains(r#"<dd class="whitespace-pre-wrap text-slate-900">the PDM's change</dd>"#),
        "{}",
        page.body
    );
    // The version the member started from comes back: saving again is refused again.
    assert!(page.body.contains(r#"name="version" value="1""#));

    let row = stored(&app, app.acme, DealId(id.parse().unwrap())).await;
    assert_eq!((row.notes.as_str(), row.version), ("the PDM's change", 2));
}

#[tokio::test]
async fn the_form_reports_every_problem_in_the_users_language() {
    let app = spawn_app().await;
    let me = app.login("member@formosa.test").await;
    let partner = app.formosa.to_string();
    let mut form = deal_form(&[("name", " "), ("close_date", "2026-01-01"), ("mrr", "-5")]);
    form.push(("partner_id", &partner));
    let reply = app
        .send(plain_post(
            "/api/deal_create",
            &format!("_form=deal&{}", urlencoded(&form)),
            &format!("/p/{partner}/deals/new"),
            Some(&me),
        ))
        .await;
    let (page, _) = app.land(&reply, Some(&me)).await;
    assert_eq!(page.status, StatusCode::OK);
    for message in [
        "請輸入交易名稱。",
        "結案日期不能早於建立日期。",
        "金額不能為負數。",
    ] {
        assert!(page.body.contains(message), "{message} in {}", page.body);
    }
    assert_eq!(app.deal_count(app.formosa).await, 0);

    // A decimal more than the currency has (TWD has two).
    let mut form = deal_form(&[("mrr", "1.2345"), ("external_id", "")]);
    form.push(("partner_id", &partner));
    let reply = app.call("/api/deal_create", &form, Some(&me)).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains(r#""field":"mrr""#), "{}", reply.body);
    assert_eq!(app.deal_count(app.formosa).await, 0);
    // A Record ID already used.
    app.add_deal(app.formosa, "HS-1").await;
    let form = deal_form(&[("mrr", "NT$30,000")]);
    let mut form = form.clone();
    form.push(("partner_id", &partner));
    let reply = app.call("/api/deal_create", &form, Some(&me)).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert!(reply.body.contains("external_id"), "{}", reply.body);
    // Another partner may use the same Record ID.
    let other = app.login("member@acme.test").await;
    let acme = app.acme.to_string();
    let mut form = deal_form(&[]);
    form.push(("partner_id", &acme));
    assert_eq!(
        app.call("/api/deal_create", &form, Some(&other))
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_deal_dated_outside_the_years_is_refused_on_its_field() {
    let app = spawn_app().await;
    let me = app.login("member@acme.test").await;
    let partner = app.acme.to_string();
    let mut form = deal_form(&[("create_date", "9999-01-01"), ("close_date", "9999-01-31")]);
    form.push(("partner_id", &partner));
    let reply = app.call("/api/deal_create", &form, Some(&me)).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    for field in ["create_date", "close_date"] {
        assert!(
            reply.refuses(field, Key::ErrDateOutOfRange),
            "{}",
            reply.body
        );
    }
    assert_eq!(app.deal_count(app.acme).await, 0);
}

#[tokio::test]
async fn the_year_filter_stays_within_the_years_whatever_was_saved() {
    let app = spawn_app().await;
    app.add_deal(app.acme, "HS-1").await;
    app.add_deal(app.acme, "HS-2").await;
    // As a deal dated before dates were bounded was saved.
    let far = NaiveDate::from_ymd_opt(9999, 1, 1).unwrap();
    with_db!(&app.db, |e| sqlx::query(
        "UPDATE deals SET create_date = $1 WHERE external_id = 'HS-2'"
    )
    .bind(far)
    .execute(e)
    .await
    .map(|_| ()))
    .unwrap();
    let today = chrono::Utc::now().date_naive();
    let years = deals::years(&app.db, &scope(app.acme), today)
        .await
        .unwrap();
    // From 2100 down to the first deal's 2026, not from 9999.
    assert_eq!(years, (2026..=2100).rev().collect::<Vec<_>>());
}

#[tokio::test]
async fn deleting_needs_the_confirmation_and_the_current_version() {
    let app = spawn_app().await;
    let me = app.login("member@acme.test").await;
    let id = app.add_deal(app.acme, "7").await.to_string();
    let unconfirmed = app
        .call(
            "/api/deal_delete",
            &[("deal_id", &id), ("version", "1")],
            Some(&me),
        )
        .await;
    assert_eq!(unconfirmed.status, StatusCode::BAD_REQUEST);
    let stale = app
        .call(
            "/api/deal_delete",
            &[("deal_id", &id), ("version", "0"), ("confirm", "yes")],
            Some(&me),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(app.deal_count(app.acme).await, 1);
    let done = app
        .call(
            "/api/deal_delete",
            &[("deal_id", &id), ("version", "1"), ("confirm", "yes")],
            Some(&me),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(app.deal_count(app.acme).await, 0);
}

#[tokio::test]
async fn the_page_filters_sorts_and_pages_from_the_url() {
    let app = spawn_app().await;
    let me = app.login("member@acme.test").await;
    let base = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
    let batch: Vec<DealFields> = (0..120)
        .map(|i| DealFields {
            external_id: Some(format!("R{i}")),
            name: if i == 77 {
                "Needle in a haystack".into()
            } else {
                format!("Deal {i:03}")
            },
            kind: if i % 4 == 0 {
                DealKind::Assisted
            } else {
                DealKind::Sourced
            },
            stage: DealStage::Open,
            create_date: base + chrono::Duration::days(i * 4),
            close_date: None,
            mrr: i * 100,
            owner: String::new(),
            company: String::new(),
            notes: String::new(),
            pipeline_stage: None,
            probability: None,
        })
        .collect();
    let mut tx = app.db.begin().await.unwrap();
    deals::insert_many(
        &mut tx,
        &scope(app.acme),
        &batch,
        None,
        chrono::Utc::now(),
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let page = |query: &str| {
        let url = format!("/p/{}/deals{query}", app.acme);
        let me = me.clone();
        let app = &app;
        async move {
            let reply = app.get(&url, Some(&me)).await;
            assert_eq!(reply.status, StatusCode::OK, "{url}");
            reply.body
        }
    };
    assert!(page("").await.contains("Showing 1–50 of 120 deals"));
    assert!(page("?page=3")
        .await
        .contains("Showing 101–120 of 120 deals"));
    assert!(page("?kind=assisted").await.contains("of 30 deals"));
    let found = page("?q=NEEDLE").await;
    assert!(found.contains("Showing 1–1 of 1 deals") && found.contains("Needle in a haystack"));
    // 2025: created from March 2025 for 4 × 120 days, so 2025 holds the first 77.
    assert!(page("?year=2025").await.contains("of 77 deals"));
    let cheapest = page("?sort=mrr&dir=asc").await;
    let first = cheapest.find("Deal 000").unwrap();
    let second = cheapest.find("Deal 001").unwrap();
    assert!(first < second);
    assert!(cheapest.contains(r#"aria-sort="ascending""#));
    // Nonsense in the URL still shows a page.
    assert!(page("?page=-4&sort=drop&year=x")
        .await
        .contains("Showing 1–50 of 120 deals"));
}

/// The upload's preview path, from the 303 it answers with.
fn preview_path(reply: &Reply) -> String {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    reply.header("location").unwrap().to_string()
}

/// Uploads a file and opens its preview: the preview's path and page.
async fn upload_and_preview(
    app: &TestApp,
    name: &str,
    bytes: &[u8],
    cookie: &str,
) -> (String, String) {
    let path = preview_path(&app.upload(app.acme, name, bytes, Some(cookie)).await);
    let page = app.get(&path, Some(cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{path}");
    (path, page.body)
}

#[track_caller]
fn assert_says(page: &str, text: &str) {
    assert!(page.contains(text), "{text:?} not in {page}");
}

fn import_id(path: &str) -> String {
    path.rsplit('/').next().unwrap().to_string()
}

async fn commit(
    app: &TestApp,
    path: &str,
    cookie: &str,
    mrr: &str,
    kind: &str,
    kind_column: &str,
) -> Reply {
    app.call(
        "/api/deals_import_commit",
        &[
            ("import_id", &import_id(path)),
            ("mrr_column", mrr),
            ("kind", kind),
            ("kind_column", kind_column),
            ("won", "Closed Won"),
            ("lost", "Closed Lost"),
        ],
        Some(cookie),
    )
    .await
}

#[tokio::test]
async fn an_import_previews_commits_once_and_imports_again_as_unchanged() {
    let app = spawn_app().await;
    let me = app.login("member@acme.test").await;
    let (path, preview) = upload_and_preview(&app, "mixed.csv", &fixture("mixed.csv"), &me).await;
    assert_says(
        &preview,
        "2 created, 0 updated, 0 unchanged, 0 kept as changed in the app, 6 rejected",
    );
    assert_says(&preview, "the Record ID 5001 appears again in the file");
    assert_eq!(
        app.deal_count(app.acme).await,
        0,
        "a preview writes nothing"
    );

    let reply = commit(
        &app,
        &path,
        &me,
        "monthly recurring revenue",
        "column",
        "deal type",
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(app.deal_count(app.acme).await, 2);
    let done = app.get(&path, Some(&me)).await;
    assert!(done
        .body
        .contains("Import complete: 2 created, 0 updated, 0 unchanged, 0 kept as changed in the app, 6 rejected."));
    // The same upload cannot be committed twice.
    let twice = commit(
        &app,
        &path,
        &me,
        "monthly recurring revenue",
        "column",
        "deal type",
    )
    .await;
    assert_eq!(twice.status, StatusCode::BAD_REQUEST);

    // The same file again: the remembered mapping, nothing new.
    let (again, preview) = upload_and_preview(&app, "mixed.csv", &fixture("mixed.csv"), &me).await;
    assert_says(
        &preview,
        "0 created, 0 updated, 2 unchanged, 0 kept as changed in the app, 6 rejected",
    );
    let reply = commit(
        &app,
        &again,
        &me,
        "monthly recurring revenue",
        "column",
        "deal type",
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(app.deal_count(app.acme).await, 2);

    // What the deals page and the export then show imports back unchanged.
    let list = app.get(&format!("/p/{}/deals", app.acme), Some(&me)).await;
    assert!(list.body.contains("Initech renewal"));
    let export = app
        .get(&format!("/p/{}/deals.csv", app.acme), Some(&me))
        .await;
    assert_eq!(
        export.header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    let (_upload, preview) =
        upload_and_preview(&app, "export.csv", export.body.as_bytes(), &me).await;
    assert_says(
        &preview,
        "0 created, 0 updated, 2 unchanged, 0 kept as changed in the app, 0 rejected",
    );
}

#[tokio::test]
async fn an_export_is_spreadsheet_safe_and_imports_back_unchanged() {
    let app = spawn_app().await;
    let me = app.login("member@acme.test").await;
    let typed = [
        ("=cmd|' /C calc'!A0", "@SUM(1)", "+1 555 0100"),
        ("-1 discount", "'=quoted already", "\tTabbed"),
        ("Plain deal", "Plain owner", "=HYPERLINK(\"http://x\")"),
    ];
    for (n, (name, owner, notes)) in typed.iter().enumerate() {
        let deal = DealFields {
            external_id: Some(format!("F-{n}")),
            name: name.to_string(),
            kind: DealKind::Sourced,
            stage: DealStage::Open,
            create_date: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            close_date: None,
            mrr: 10_000,
            owner: owner.to_string(),
            company: "=Company".into(),
            notes: notes.to_string(),
            pipeline_stage: None,
            probability: None,
        };
        deals::create(&app.db, &scope(app.acme), &deal, None, chrono::Utc::now())
            .await
            .unwrap();
    }
    let export = app
        .get(&format!("/p/{}/deals.csv", app.acme), Some(&me))
        .await;
    assert_eq!(export.status, StatusCode::OK);
    // Read as a spreadsheet would: no cell begins a formula.
    let mut reader = csv::Reader::from_reader(export.body.as_bytes());
    let mut cells = 0;
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            cells += 1;
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?}"
            );
        }
    }
    // Three deals of 11 columns (the last, Last Modified Date).
    assert_eq!(cells, 33);
    assert!(
        export.body.contains("'=cmd|' /C calc'!A0"),
        "{}",
        export.body
    );
    // And the same file imports back onto the same deals, unchanged.
    let (_upload, preview) =
        upload_and_preview(&app, "export.csv", export.body.as_bytes(), &me).await;
    assert_says(
        &preview,
        "0 created, 0 updated, 3 unchanged, 0 kept as changed in the app, 0 rejected",
    );
}

#[tokio::test]
async fn a_failed_import_leaves_the_deals_untouched() {
    let app = spawn_app().await;
    let me = app.login("member@acme.test").await;
    app.add_deal(app.acme, "1").await;
    let before = deals::by_external_id(&app.db, &scope(app.acme))
        .await
        .unwrap();

    // A file that is not a deals export goes back to the form with the reason.
    let reply = app
        .upload(app.acme, "notes.csv", b"Deal Name,Amount\nA,1\n", Some(&me))
        .await;
    assert_eq!(
        reply.header("location"),
        Some(format!("/p/{}/deals/import", app.acme).as_str())
    );
    let (page, _) = app.land(&reply, Some(&me)).await;
    assert!(
        page.body
            .contains("The file lacks required columns: Record ID, Deal Stage, Create Date."),
        "{}",
        page.body
    );
    let reply = app
        .upload(app.acme, "book.xlsx", b"PK\x03\x04....", Some(&me))
        .await;
    let (page, _) = app.land(&reply, Some(&me)).await;
    assert!(page.body.contains("This is an Excel workbook, not CSV."));

    // A mapping naming a column the file lacks writes nothing either.
    let path = preview_path(
        &app.upload(
            app.acme,
            "amount.csv",
            &fixture("amount-only.csv"),
            Some(&me),
        )
        .await,
    );
    let preview = app.get(&path, Some(&me)).await;
    assert!(
        preview
            .body
            .contains("The file lacks required columns: MRR."),
        "{}",
        preview.body
    );
    let reply = commit(&app, &path, &me, "", "sourced", "").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    let reply = commit(&app, &path, &me, "no such column", "sourced", "").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert_eq!(
        deals::by_external_id(&app.db, &scope(app.acme))
            .await
            .unwrap(),
        before
    );
}

/// Deals from generated numbers: every stage, kind and date mix, around two years.
fn deals_strategy() -> impl Strategy<Value = Vec<DealFields>> {
    let one = (
        any::<bool>(),
        0..3u8,
        0..900i64,
        0..200i64,
        0..2_000_000i64,
        any::<bool>(),
    );
    proptest::collection::vec(one, 0..40).prop_map(|raw| {
        let start = NaiveDate::from_ymd_opt(2024, 10, 1).unwrap();
        raw.into_iter()
            .enumerate()
            .map(|(i, (sourced, stage, created, days, mrr, has_close))| {
                let stage =
                    [DealStage::Open, DealStage::ClosedWon, DealStage::ClosedLost][stage as usize];
                let create_date = start + chrono::Duration::days(created);
                let close_date = (stage.is_closed() || has_close)
                    .then(|| create_date + chrono::Duration::days(days));
                DealFields {
                    external_id: Some(i.to_string()),
                    name: format!("D{i}"),
                    kind: if sourced {
                        DealKind::Sourced
                    } else {
                        DealKind::Assisted
                    },
                    stage,
                    create_date,
                    close_date,
                    mrr,
                    owner: String::new(),
                    company: String::new(),
                    notes: String::new(),
                    pipeline_stage: None,
                    probability: None,
                }
            })
            .collect()
    })
}

#[test]
fn sql_metrics_equal_the_pure_rules() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let app = runtime.block_on(spawn_app());
    let config = ProptestConfig {
        cases: 24,
        ..ProptestConfig::default()
    };
    proptest!(config, |(batch in deals_strategy())| {
        let facts: Vec<DealFacts> = batch.iter().map(DealFacts::from).collect();
        let (sql, pure) = runtime.block_on(async {
            let partner = partner_map::server::admin::add_partner(&app.db, "P", "USD", "UTC").await.unwrap();
            let scope = scope(partner);
            let mut tx = app.db.begin().await.unwrap();
            deals::insert_many(&mut tx, &scope, &batch, None, chrono::Utc::now(), None).await.unwrap();
            tx.commit().await.unwrap();
            let mut sql = Vec::new();
            let mut pure = Vec::new();
            for year in [2024, 2025, 2026, 2027] {
                let expected = format!("{:?}", year_metrics(&facts, year));
                sql.push(format!("{:?}", deal_metrics::year_metrics(&app.db, &scope, year).await.unwrap()));
                pure.push(expected.clone());
                // The portfolio's path reads every partner at once; the earlier
                // cases' partners and their deals are in the same database.
                let every = deal_metrics::every_partners_year_metrics(&app.db, year).await.unwrap();
                let of_partner = every.get(&partner).copied().unwrap_or_else(|| YearMetrics::empty(year));
                sql.push(format!("{of_partner:?}"));
                pure.push(expected);
            }
            let periods = [Period::year(2025), Period::quarter(2026, 1), Period::quarter(2025, 4), Period::year(2027)];
            for period in periods {
                sql.push(format!("{:?}", deal_metrics::data_summary(&app.db, &scope, period).await.unwrap()));
                pure.push(format!("{:?}", data_summary(&facts, period)));
            }
            (sql, pure)
        });
        prop_assert_eq!(sql, pure);
    });
}

#[tokio::test]
async fn the_mapping_is_remembered_for_the_partners_next_import() {
    let app = spawn_app().await;
    let me = app.login("member@acme.test").await;
    let file = fixture("amount-only.csv");
    let (path, _) = upload_and_preview(&app, "amount.csv", &file, &me).await;
    let reply = app
        .call(
            "/api/deals_import_commit",
            &[
                ("import_id", &import_id(&path)),
                ("mrr_column", "amount"),
                ("kind", "assisted"),
                ("kind_column", ""),
                ("won", "Won"),
                ("lost", "Lost"),
            ],
            Some(&me),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(app.deal_count(app.acme).await, 3);

    // The next upload is read the same way without choosing again.
    let (_, preview) = upload_and_preview(&app, "amount.csv", &file, &me).await;
    assert_says(
        &preview,
        "0 created, 0 updated, 3 unchanged, 0 kept as changed in the app, 0 rejected",
    );
    assert_says(
        &preview,
        r#"<option value="amount" selected>Amount</option>"#,
    );
    assert_says(&preview, r#"<option value="assisted" selected>"#);
    // Another partner's imports start from detection.
    let other = app.login("member@formosa.test").await;
    let reply = app
        .upload(app.formosa, "amount.csv", &file, Some(&other))
        .await;
    let preview = app.get(&preview_path(&reply), Some(&other)).await;
    assert_says(&preview.body, "檔案缺少必要欄位：MRR。");
}
