//! `make bench` (deals): the server-side figures of the deals feature, on the
//! database in DATABASE_URL-free isolation: a fresh SQLite file, or a fresh
//! PostgreSQL database when PARTNER_MAP_TEST_POSTGRES names a server
//! (scripts/with-postgres.sh). Each figure is the median and p95 of repeated
//! runs, printed beside its target.
//!
//! - a 205,000-row import committed beside people saving tasks: how long it
//!   holds the writer and how long their saves wait, planned inside the write
//!   transaction (as the importer did before issue 21) and as it does now;
//! - import of a generated 50,000-row HubSpot-style CSV (read, plan, write, commit);
//! - the JSON API's bulk upsert of 5,000 deals (new, unchanged, 500 changed);
//! - the four metrics of one partner-year, with 100,000 deals;
//! - the deals page through the app's Router (first page, filtered page), with
//!   100,000 deals.

use axum::body::{to_bytes, Body};
use axum::http::{header, Request, StatusCode};
use chrono::{NaiveDate, Utc};
use partner_map::model::deal::{DealFields, DealStage};
use partner_map::model::tasks::{Priority, ReminderPreset, TaskType};
use partner_map::model::{Currency, Locale, PartnerId, Role};
use partner_map::server::admin::{self, UserInput};
use partner_map::server::authz::PartnerScope;
use partner_map::server::db::Db;
use partner_map::server::deals::import::mapping::Mapping;
use partner_map::server::deals::import::{self, Reader, Upload};
use partner_map::server::demo;
use partner_map::server::store::tasks::{self, TaskFields};
use partner_map::server::store::{deal_metrics, deals};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

mod support;

use support::{from_client, login, percentile, PASSWORD};

/// Median and 95th percentile, in milliseconds.
fn summary(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    (percentile(&samples, 0.5), percentile(&samples, 0.95))
}

fn report(name: &str, samples: Vec<Duration>, target_ms: f64) {
    let runs = samples.len();
    let (median, p95) = summary(samples);
    let verdict = if p95 <= target_ms { "ok" } else { "OVER" };
    println!("{name:<44} {median:>10.1} {p95:>10.1} {target_ms:>10.0} {verdict:>5}  ({runs} runs)");
}

/// A stage as HubSpot's default pipeline names it.
fn hubspot_stage(stage: DealStage) -> &'static str {
    match stage {
        DealStage::Open => "Appointment Scheduled",
        DealStage::ClosedWon => "Closed Won",
        DealStage::ClosedLost => "Closed Lost",
    }
}

/// A HubSpot deals export as a person downloads it: quoted, dollar signs,
/// thousands separators, times after the dates.
fn hubspot_csv(deals: &[DealFields]) -> Vec<u8> {
    let mut out = String::from(
        "\u{feff}\"Record ID\",\"Deal Name\",\"Deal Stage\",\"Create Date\",\"Close Date\",\"Amount\",\"Monthly recurring revenue\",\"Deal owner\",\"Associated Company\",\"Pipeline\",\"Deal Type\"\r\n",
    );
    for d in deals {
        let stage = hubspot_stage(d.stage);
        let money = |minor: i64| {
            let major = minor / 100;
            let grouped = if major >= 1000 {
                format!("{},{:03}", major / 1000, major % 1000)
            } else {
                major.to_string()
            };
            format!("${grouped}.{:02}", minor % 100)
        };
        out += &format!(
            "\"{}\",\"{}\",\"{stage}\",\"{} 09:30\",\"{}\",\"{}\",\"{}\",\"{}\",\"{}\",\"Sales Pipeline\",\"{}\"\r\n",
            d.external_id.as_deref().unwrap_or(""),
            d.name.replace('"', "\"\""),
            d.create_date,
            d.close_date.map(|c| format!("{c} 17:00")).unwrap_or_default(),
            money(d.mrr * 12),
            money(d.mrr),
            d.owner,
            d.company,
            if d.kind == partner_map::model::DealKind::Sourced { "Sourced" } else { "Assisted" },
        );
    }
    out.into_bytes()
}

async fn run() {
    let (state, router, _scratch) = support::app("deals").await;
    let db = state.db.clone();
    println!(
        "deals on {} ({}):",
        db.backend_name(),
        support::described(db.backend_name())
    );
    println!(
        "{:<44} {:>10} {:>10} {:>10}",
        "figure", "median ms", "p95 ms", "target ms"
    );

    let from = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let mut rng = fastrand::Rng::with_seed(42);

    // `cargo bench --bench deals -- bulk`: the API's bulk upsert alone.
    if std::env::args().any(|a| a == "bulk") {
        let rows = demo::data::deals(&mut rng, 5_000, Currency::Usd, from, to, 1);
        bulk_upsert(&db, &router, &rows).await;
        db.close().await;
        return;
    }
    import_beside_task_saves(&db, 205_000).await;
    // `cargo bench --bench deals -- hold`: that figure alone.
    if std::env::args().any(|a| a == "hold") {
        db.close().await;
        return;
    }

    // Import: 50,000 rows into a partner of its own, five times.
    let rows = demo::data::deals(&mut rng, 50_000, Currency::Usd, from, to, 1);
    let file = hubspot_csv(&rows);
    let mut samples = Vec::new();
    let mut again = Vec::new();
    for _ in 0..5 {
        let partner = admin::add_partner(&db, "Import", "USD", "UTC")
            .await
            .unwrap();
        let scope = PartnerScope::for_operator(partner);
        for pass in [&mut samples, &mut again] {
            let started = Instant::now();
            let upload = Upload::read(&file).unwrap();
            let mapping = Mapping::detect(&upload.file);
            let reader = Reader {
                upload: &upload,
                mapping: &mapping,
                currency: Currency::Usd,
            };
            let (tx, outcome) =
                import::write(&db, &scope, &reader, &Default::default(), None, Utc::now())
                    .await
                    .unwrap();
            tx.commit().await.unwrap();
            // As the app does after a large import.
            deals::after_bulk_write(&db, outcome.counts.written())
                .await
                .unwrap();
            pass.push(started.elapsed());
            assert_eq!(outcome.counts.rejected, 0);
        }
    }
    println!(
        "{:<44} {:>10.1} MB, {} rows",
        "  (the file)",
        file.len() as f64 / 1e6,
        rows.len()
    );
    report("import 50,000 rows (all new)", samples, 3_000.0);
    report(
        "import the same 50,000 rows again (unchanged)",
        again,
        3_000.0,
    );

    bulk_upsert(&db, &router, &rows[..5_000]).await;

    // One partner with 100,000 deals over two years.
    let partner = admin::add_partner(&db, "Big", "USD", "UTC").await.unwrap();
    let started = Instant::now();
    let many = demo::data::deals(&mut rng, 100_000, Currency::Usd, from, to, 1);
    demo::data::insert(&db, partner, &many).await.unwrap();
    println!(
        "{:<44} {:>10.0} ms",
        "  (writing the 100,000 deals)",
        started.elapsed().as_secs_f64() * 1000.0
    );
    settle(&db).await;
    let scope = PartnerScope::for_operator(partner);
    let mut samples = Vec::new();
    for _ in 0..50 {
        let started = Instant::now();
        let metrics = deal_metrics::year_metrics(&db, &scope, 2026).await.unwrap();
        samples.push(started.elapsed());
        std::hint::black_box(metrics);
    }
    report("metrics of a partner-year (100,000 deals)", samples, 10.0);
    let mut samples = Vec::new();
    for _ in 0..50 {
        let started = Instant::now();
        let summary = deal_metrics::data_summary(
            &db,
            &scope,
            partner_map::model::metrics::Period::quarter(2026, 2),
        )
        .await
        .unwrap();
        samples.push(started.elapsed());
        std::hint::black_box(summary);
    }
    report("data summary of a quarter (100,000 deals)", samples, 10.0);

    // The deals page, through the Router, as a signed-in member.
    admin::add_user(
        &db,
        UserInput {
            email: "bench@member.test",
            name: "Bench",
            role: Role::Member,
            partner_id: Some(partner),
            password: PASSWORD,
            locale: Locale::En,
            time_zone: "UTC",
        },
    )
    .await
    .unwrap();
    let cookie = login(&router, "bench@member.test").await;
    for (name, query) in [
        ("deals page, first page (100,000 deals)", String::new()),
        (
            "deals page, filtered and sorted",
            "?year=2026&kind=sourced&stage=closed_won&q=globex&sort=mrr&dir=desc".to_string(),
        ),
        ("deals page, page 100", "?page=100".to_string()),
    ] {
        let mut samples = Vec::new();
        for _ in 0..30 {
            let started = Instant::now();
            let status = page(&router, partner, &query, &cookie).await;
            samples.push(started.elapsed());
            assert_eq!(status, StatusCode::OK);
        }
        report(name, samples, 50.0);
    }
    db.close().await;
}

/// The JSON API's bulk upsert of 5,000 deals through the Router, with a
/// token, into a partner of its own each time: all new, then the same again
/// (all unchanged), then with every tenth changed.
async fn bulk_upsert(db: &Db, router: &axum::Router, rows: &[DealFields]) {
    use partner_map::model::money::plain_amount;
    use partner_map::server::rest::tokens::{self, Maker, TokenRequest};
    let items = |changed: bool| -> Vec<serde_json::Value> {
        rows.iter()
            .enumerate()
            .map(|(i, d)| {
                let mrr = if changed && i % 10 == 0 {
                    d.mrr + 100
                } else {
                    d.mrr
                };
                serde_json::json!({
                    "external_id": d.external_id, "name": d.name, "kind": d.kind.as_str(),
                    "stage": d.stage.as_str(), "create_date": d.create_date.to_string(),
                    "close_date": d.close_date.map(|c| c.to_string()),
                    "mrr": plain_amount(mrr, Currency::Usd), "owner": d.owner,
                    "company": d.company, "notes": d.notes,
                })
            })
            .collect()
    };
    let bodies = [
        (
            "bulk upsert of 5,000 deals (all new)",
            serde_json::json!({ "deals": items(false) }),
        ),
        (
            "  the same again (unchanged)",
            serde_json::json!({ "deals": items(false) }),
        ),
        (
            "  again with 500 changed",
            serde_json::json!({ "deals": items(true) }),
        ),
    ]
    .map(|(name, body)| (name, body.to_string()));
    let mut samples = vec![Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..5 {
        let partner = admin::add_partner(db, "Bulk", "USD", "UTC").await.unwrap();
        let request = TokenRequest {
            partner: Some(partner),
            name: "bench".into(),
            scopes: vec!["deals:write".into()],
            lifetime: "30".into(),
        };
        let secret = tokens::create(db, Maker::CommandLine, &request, Utc::now())
            .await
            .unwrap()
            .secret;
        for ((_, body), samples) in bodies.iter().zip(samples.iter_mut()) {
            let req = Request::post(format!("/api/v1/partners/{partner}/deals/bulk"))
                .header(header::AUTHORIZATION, format!("Bearer {secret}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.clone()))
                .unwrap();
            let started = Instant::now();
            let res = router.clone().oneshot(from_client(req)).await.unwrap();
            let status = res.status();
            let answer = to_bytes(res.into_body(), 1 << 20).await.unwrap();
            samples.push(started.elapsed());
            assert_eq!(
                status,
                StatusCode::OK,
                "{}",
                String::from_utf8_lossy(&answer)
            );
        }
    }
    println!(
        "{:<44} {:>10.1} MB",
        "  (the request)",
        bodies[0].1.len() as f64 / 1e6
    );
    for ((name, _), samples) in bodies.iter().zip(samples) {
        report(name, samples, 1_000.0);
    }
}

/// Commits an import of `rows` new deals (a generated HubSpot file, 19 MB
/// for 205,000 rows) while a task is saved every millisecond for another
/// partner, first as the importer did before issue 21 (the file compared with
/// the deals inside the write transaction), then with `import::write`: the
/// longest a task save waited is how long the import held the writer.
async fn import_beside_task_saves(db: &Db, rows: usize) {
    let from = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let mut rng = fastrand::Rng::with_seed(7);
    let file = lean_csv(&demo::data::deals(
        &mut rng,
        rows,
        Currency::Usd,
        from,
        to,
        1,
    ));
    let tasks_partner = admin::add_partner(db, "Tasks", "USD", "UTC").await.unwrap();
    println!(
        "{:<44} {:>10.1} MB, {rows} rows, task saves beside it",
        "  (the large import)",
        file.len() as f64 / 1e6
    );
    for before in [true, false] {
        let partner = admin::add_partner(db, "Large", "USD", "UTC").await.unwrap();
        let scope = PartnerScope::for_operator(partner);
        let stop = Arc::new(AtomicBool::new(false));
        let probe = tokio::spawn(task_saves(db.clone(), tasks_partner, stop.clone()));
        tokio::time::sleep(Duration::from_millis(50)).await;
        let started = Instant::now();
        let upload = Upload::read(&file).unwrap();
        let mapping = Mapping::detect(&upload.file);
        let reader = Reader {
            upload: &upload,
            mapping: &mapping,
            currency: Currency::Usd,
        };
        let held = if before {
            let now = Utc::now();
            let mut tx = db.begin().await.unwrap();
            let held = Instant::now();
            let existing = deals::by_external_id(&mut tx, &scope).await.unwrap();
            let plan = import::plan(
                &upload,
                &mapping,
                Currency::Usd,
                &existing,
                &Default::default(),
            )
            .unwrap();
            deals::insert_many(&mut tx, &scope, &plan.create, None, now, Some(now))
                .await
                .unwrap();
            tx.commit().await.unwrap();
            Some(held.elapsed())
        } else {
            let (tx, outcome) =
                import::write(db, &scope, &reader, &Default::default(), None, Utc::now())
                    .await
                    .unwrap();
            tx.commit().await.unwrap();
            assert_eq!(outcome.counts.created, rows);
            None
        };
        let total = started.elapsed();
        tokio::time::sleep(Duration::from_millis(50)).await;
        stop.store(true, Ordering::Relaxed);
        let waits = probe.await.unwrap();
        let longest = waits.iter().max().copied().unwrap_or_default();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{:<44} {:>10.0} ms commit, writer held {}, longest task save {:.0} ms ({} saves)",
            if before {
                "large import, planned inside (before)"
            } else {
                "large import, planned outside (now)"
            },
            ms(total),
            held.map_or("see the save".to_string(), |h| format!("{:.0} ms", ms(h))),
            ms(longest),
            waits.len()
        );
    }
}

/// A deals export with the columns the importer reads and nothing else: the
/// size of the file the issue measured (19 MB for 205,000 rows).
fn lean_csv(deals: &[DealFields]) -> Vec<u8> {
    let mut out = String::from(
        "Record ID,Deal Name,Deal Stage,Create Date,Close Date,Monthly recurring revenue,Deal Type\n",
    );
    for d in deals {
        let stage = hubspot_stage(d.stage);
        out += &format!(
            "{},\"{}\",{stage},{},{},{}.{:02},{:?}\n",
            d.external_id.as_deref().unwrap_or(""),
            d.name.replace('"', "\"\""),
            d.create_date,
            d.close_date.map(|c| c.to_string()).unwrap_or_default(),
            d.mrr / 100,
            d.mrr % 100,
            d.kind,
        );
    }
    out.into_bytes()
}

/// A task as the task form saves it: open, due in a week.
fn open_task() -> TaskFields {
    TaskFields {
        title: "Beside the import".into(),
        kind: TaskType::Todo,
        priority: Priority::None,
        assignee: None,
        due_at: Utc::now() + chrono::Duration::days(7),
        reminder: ReminderPreset::None,
        remind_at: None,
        notes: String::new(),
        completed: false,
    }
}

/// Saves a task every millisecond until `stop`: how long each one took.
async fn task_saves(db: Db, partner: PartnerId, stop: Arc<AtomicBool>) -> Vec<Duration> {
    let scope = PartnerScope::for_operator(partner);
    let mut waits = Vec::new();
    while !stop.load(Ordering::Relaxed) {
        let started = Instant::now();
        let mut tx = db.begin().await.unwrap();
        tasks::create(&mut tx, &scope, &open_task(), None, Utc::now())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        waits.push(started.elapsed());
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    waits
}

/// What a database that has been running looks like after a bulk load:
/// PostgreSQL's autovacuum has set the visibility map (index-only scans). (An
/// import refreshes the planner's statistics itself.)
async fn settle(db: &partner_map::server::db::Db) {
    if let partner_map::server::db::Db::Postgres(pool) = db {
        sqlx::query("VACUUM ANALYZE deals")
            .execute(pool)
            .await
            .unwrap();
    }
}

async fn page(router: &axum::Router, partner: PartnerId, query: &str, cookie: &str) -> StatusCode {
    let req = Request::get(format!("/p/{partner}/deals{query}"))
        .header(header::ACCEPT, "text/html")
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    let res = router.clone().oneshot(from_client(req)).await.unwrap();
    let status = res.status();
    std::hint::black_box(to_bytes(res.into_body(), usize::MAX).await.unwrap());
    status
}

fn main() {
    support::block_on(run());
}
