//! `make bench` (deals): the server-side figures of the deals feature, on the
//! database in DATABASE_URL-free isolation: a fresh SQLite file, or a fresh
//! PostgreSQL database when PARTNER_MAP_TEST_POSTGRES names a server
//! (scripts/with-postgres.sh). Each figure is the median and p95 of repeated
//! runs, printed beside its target.
//!
//! - import of a generated 50,000-row HubSpot-style CSV (read, plan, write, commit);
//! - the four metrics of one partner-year, with 100,000 deals;
//! - the deals page through the app's Router (first page, filtered page), with
//!   100,000 deals.

use axum::body::{to_bytes, Body};
use axum::http::{header, Request, StatusCode};
use chrono::{NaiveDate, Utc};
use partner_map::model::deal::{DealFields, DealStage};
use partner_map::model::{Currency, Locale, PartnerId, Role};
use partner_map::server::admin::{self, UserInput};
use partner_map::server::authz::PartnerScope;
use partner_map::server::deals::import::mapping::Mapping;
use partner_map::server::deals::import::{self, Reader, Upload};
use partner_map::server::demo;
use partner_map::server::store::{deal_metrics, deals};
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

/// A HubSpot deals export as a person downloads it: quoted, dollar signs,
/// thousands separators, times after the dates.
fn hubspot_csv(deals: &[DealFields]) -> Vec<u8> {
    let mut out = String::from(
        "\u{feff}\"Record ID\",\"Deal Name\",\"Deal Stage\",\"Create Date\",\"Close Date\",\"Amount\",\"Monthly recurring revenue\",\"Deal owner\",\"Associated Company\",\"Pipeline\",\"Deal Type\"\r\n",
    );
    for d in deals {
        let stage = match d.stage {
            DealStage::Open => "Appointment Scheduled",
            DealStage::ClosedWon => "Closed Won",
            DealStage::ClosedLost => "Closed Lost",
        };
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
            let mut tx = db.begin().await.unwrap();
            let outcome = import::write(&mut tx, &scope, &reader, None, Utc::now())
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
