//! Progress over HTTP on SQLite and PostgreSQL, against seeded deals and
//! targets with known answers: the page in both views, the export, and who
//! may see them.

use crate::support::*;
use axum::http::StatusCode;
use chrono::{NaiveDate, Utc};
use partner_map::model::deal::{DealFields, DealKind, DealStage};
use partner_map::model::{DealId, PartnerId};
use partner_map::server::admin;
use partner_map::server::authz::PartnerScope;
use partner_map::server::db::with_db;
use partner_map::server::store::{deals, partners};

fn date(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

async fn deal(
    app: &TestApp,
    partner: PartnerId,
    kind: DealKind,
    stage: DealStage,
    created: NaiveDate,
    closed: Option<NaiveDate>,
    mrr: i64,
) {
    let deal = DealFields {
        external_id: None,
        name: "Deal".into(),
        kind,
        stage,
        create_date: created,
        close_date: closed,
        mrr,
        owner: String::new(),
        company: String::new(),
        notes: String::new(),
        pipeline_stage: None,
        probability: None,
    };
    deals::create(
        &app.db,
        &PartnerScope::for_operator(partner),
        &deal,
        None,
        Utc::now(),
    )
    .await
    .unwrap();
}

/// Acme's 2026: sourced deals created Jan 5, Feb 1; won Jan 3 (USD 100, 200,
/// 300); two open (USD 50 each); one lost in February; one assisted won in
/// April (USD 1,000). Targets: 6 deals created and USD 500 sourced MRR every
/// month, 3 won in January.
async fn seeded() -> (TestApp, String) {
    let app = spawn_app().await;
    let acme = app.acme;
    use DealKind::*;
    use DealStage::*;
    for mrr in [10_000, 20_000, 30_000] {
        deal(
            &app,
            acme,
            Sourced,
            ClosedWon,
            date(1, 5),
            Some(date(1, 20)),
            mrr,
        )
        .await;
    }
    for _ in 0..2 {
        deal(&app, acme, Sourced, Open, date(1, 8), None, 5_000).await;
    }
    deal(
        &app,
        acme,
        Sourced,
        ClosedLost,
        date(2, 3),
        Some(date(2, 27)),
        7_000,
    )
    .await;
    deal(
        &app,
        acme,
        Assisted,
        ClosedWon,
        date(3, 2),
        Some(date(4, 9)),
        100_000,
    )
    .await;
    let me = app.login("member@acme.test").await;
    let mut form: Vec<(String, String)> = vec![
        ("_form".into(), "goals".into()),
        ("year".into(), "2026".into()),
        ("version".into(), String::new()),
        ("action".into(), "save".into()),
        ("sourced_deals_closed_won_1".into(), "3".into()),
    ];
    for month in 1..=12 {
        form.push((format!("sourced_deals_created_{month}"), "6".into()));
        form.push((format!("sourced_deal_mrr_{month}"), "500".into()));
    }
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let saved = app.goals_post(acme, &pairs, Some(&me)).await;
    assert!(
        saved
            .header("location")
            .unwrap()
            .contains("/goals?year=2026"),
        "{:?}",
        saved.header("location")
    );
    (app, me)
}

/// The cells of the table row whose header is `label`, in the section
/// headed `heading`.
fn row(body: &str, heading: &str, label: &str) -> Vec<String> {
    let section = &body[body
        .find(&format!(">{heading}</h2>"))
        .unwrap_or_else(|| panic!("no {heading}"))..];
    let at = section
        .find(&format!(">{label}</th>"))
        .unwrap_or_else(|| panic!("no row {label}"));
    let rest = &section[at..section[at..].find("</tr>").unwrap() + at];
    rest.split("<td")
        .skip(1)
        .map(|cell| {
            let text = &cell[cell.find('>').unwrap() + 1..];
            text[..text.find("</td>").unwrap()].to_string()
        })
        .collect()
}

#[tokio::test]
async fn the_page_shows_performance_target_and_percent_per_month_and_quarter() {
    let (app, me) = seeded().await;
    let page = app
        .get(&format!("/p/{}/progress?year=2026", app.acme), Some(&me))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    // 5 of 6 is 83 %; above 100 % as is; no target, no percentage.
    assert_eq!(
        row(&page.body, "Sourced deals created", "January"),
        ["5", "6", "83%"]
    );
    assert_eq!(
        row(&page.body, "Sourced deals created", "Full year"),
        ["6", "72", "8%"]
    );
    // (A forecast metric's table has a fourth column while its year runs:
    // `forecast.rs` tests it.)
    assert_eq!(
        row(&page.body, "Sourced deal MRR", "January")[..3],
        ["USD 600.00", "USD 500.00", "120%"]
    );
    assert_eq!(
        row(&page.body, "Assisted deal MRR", "April")[..3],
        ["USD 1,000.00", "USD 0.00", "—"]
    );
    assert!(page.body.contains(r#"role="img""#), "a chart");
    assert!(
        page.body
            .contains(r#"aria-describedby="sourced_deal_mrr-table""#),
        "described by its table"
    );
    // Two charts per goal, each with an axis in the partner's figures, the
    // months by name and a legend naming every series.
    assert_eq!(page.body.matches(r#"role="img""#).count(), 8);
    for text in [
        "Sourced deal MRR, each period of 2026",
        "Sourced deal MRR, 2026 so far (cumulative)",
        ">USD</text>",
        ">Deals</text>",
        ">Jan</text>",
        "Actual, cumulative",
        "Target, cumulative",
    ] {
        assert!(page.body.contains(text), "{text} missing");
    }
    assert!(!page.body.contains("text-[10px]"), "no text under 12 px");

    let quarterly = app
        .get(
            &format!("/p/{}/progress?year=2026&view=quarterly", app.acme),
            Some(&me),
        )
        .await;
    assert_eq!(
        row(&quarterly.body, "Sourced deals created", "Q1"),
        ["6", "18", "33%"]
    );
    assert_eq!(
        row(&quarterly.body, "Sourced deals closed won", "Q1")[..3],
        ["3", "3", "100%"]
    );
    assert!(!quarterly.body.contains(">January</th>"));

    // The data summary of 2026 beside 2025.
    assert_eq!(
        row(&page.body, "Data summary", "Average selling price"),
        ["USD 200.00", "—"]
    );
    // Won 4 (of any kind), lost 1.
    assert_eq!(row(&page.body, "Data summary", "Win rate"), ["80%", "—"]);
    assert_eq!(
        row(&page.body, "Data summary", "Largest deal won"),
        ["USD 1,000.00", "—"]
    );
    assert_eq!(
        row(&page.body, "Data summary", "Deals in flight")[0],
        "2 deals, USD 100.00"
    );

    // The summary of one quarter, chosen by a link: Q1 has the three sourced
    // wins and the loss; Q2 the assisted win.
    let q1 = app
        .get(
            &format!("/p/{}/progress?year=2026&view=monthly&summary=q1", app.acme),
            Some(&me),
        )
        .await;
    assert!(q1.body.contains(">Q1 2026</th>"), "{}", q1.body);
    assert!(q1.body.contains(">Q1 2025<span class=\"sr-only\"> ("));
    assert!(q1.body.contains(&format!(
        "href=\"/p/{}/progress?year=2026&amp;view=monthly&amp;summary=q2#summary-heading\"",
        app.acme
    )));
    assert_eq!(
        row(&q1.body, "Data summary", "Average selling price"),
        ["USD 200.00", "—"]
    );
    assert_eq!(row(&q1.body, "Data summary", "Win rate"), ["75%", "—"]);
    assert_eq!(
        row(&q1.body, "Data summary", "Largest deal won"),
        ["USD 300.00", "—"]
    );
    let q2 = app
        .get(
            &format!("/p/{}/progress?year=2026&summary=q2", app.acme),
            Some(&me),
        )
        .await;
    assert_eq!(
        row(&q2.body, "Data summary", "Largest deal won"),
        ["USD 1,000.00", "—"]
    );
    assert_eq!(row(&q2.body, "Data summary", "Win rate"), ["100%", "—"]);
    // Nonsense is the whole year.
    let other = app
        .get(
            &format!("/p/{}/progress?year=2026&summary=q9", app.acme),
            Some(&me),
        )
        .await;
    assert_eq!(row(&other.body, "Data summary", "Win rate"), ["80%", "—"]);
}

#[tokio::test]
async fn progress_exports_as_csv_by_month_or_quarter() {
    let (app, me) = seeded().await;
    let monthly = app
        .get(
            &format!("/p/{}/progress.csv?year=2026", app.acme),
            Some(&me),
        )
        .await;
    assert_eq!(monthly.status, StatusCode::OK);
    let lines: Vec<&str> = monthly.body.lines().collect();
    assert_eq!(
        lines[0],
        "metric,period,actual,target,percent_achieved,currency,\
         forecast_commit,forecast_weighted,forecast_best_case"
    );
    assert_eq!(lines.len(), 1 + 4 * 13);
    // The forecast of a month that has ended is its actual (the two open
    // deals have no close date); a metric without a forecast leaves it empty.
    for expected in [
        "sourced_deals_created,2026-01,5,6,83,,,,",
        "sourced_deals_created,2026,6,72,8,,,,",
        "sourced_deal_mrr,2026-01,600.00,500.00,120,USD,600.00,600.00,600.00",
        "assisted_deal_mrr,2026-04,1000.00,0.00,,USD,1000.00,1000.00,1000.00",
    ] {
        assert!(lines.contains(&expected), "{expected} missing");
    }
    let quarterly = app
        .get(
            &format!("/p/{}/progress.csv?year=2026&view=quarterly", app.acme),
            Some(&me),
        )
        .await;
    let lines: Vec<&str> = quarterly.body.lines().collect();
    assert_eq!(lines.len(), 1 + 4 * 5);
    assert!(lines.contains(&"sourced_deals_created,2026-Q1,6,18,33,,,,"));
    assert!(lines.contains(&"sourced_deals_closed_won,2026-Q1,3,3,100,,3.0,3.0,3.0"));
}

#[tokio::test]
async fn only_the_partners_people_and_its_pdm_see_its_progress() {
    let (app, _) = seeded().await;
    let outsider = app.login("member@formosa.test").await;
    let pdm = app.login("pdm@vendor.test").await;
    for (cookie, partner) in [(&outsider, app.acme), (&pdm, app.formosa)] {
        for url in [
            format!("/p/{partner}/progress?year=2026"),
            format!("/p/{partner}/progress.csv?year=2026"),
        ] {
            assert_eq!(
                app.get(&url, Some(cookie)).await.status,
                StatusCode::FORBIDDEN,
                "{url}"
            );
        }
        let api = app
            .call(
                "/api/progress",
                &[("partner_id", &partner.to_string())],
                Some(cookie),
            )
            .await;
        assert_eq!(api.status, StatusCode::FORBIDDEN);
    }
    let page = app
        .get(&format!("/p/{}/progress?year=2026", app.acme), Some(&pdm))
        .await;
    assert_eq!(
        row(&page.body, "Sourced deals created", "January"),
        ["5", "6", "83%"]
    );
}

#[tokio::test]
async fn the_portfolio_lists_only_the_partners_looked_after_and_sorts_and_filters() {
    let (app, member) = seeded().await;
    // The PDM is assigned to Acme only; Formosa is not theirs.
    let pdm = app.login("pdm@vendor.test").await;
    let page = app.get("/portfolio?year=2026", Some(&pdm)).await;
    assert_eq!(page.status, StatusCode::OK);
    let table = |body: &str| body[body.find("<tbody>").expect("a table")..].to_string();
    let listed = table(&page.body);
    assert!(listed.contains(">Acme</a>"), "{listed}");
    assert!(!listed.contains(">Formosa</a>"));
    // 6 of 72 created, 3 of 3 won (the year's target is met), USD 600 of 6,000.
    let acme_row = &listed[listed.find(">Acme</a>").unwrap()..];
    let acme_row = &acme_row[..acme_row.find("</tr>").unwrap()];
    for expected in ["8%", "100%", "Achieved", "10%", "At risk", "—"] {
        assert!(
            acme_row.contains(expected),
            "{expected} missing from {acme_row}"
        );
    }

    // An admin sees every partner; sorted by an attainment, blanks go last both ways.
    let admin = app.login("admin@vendor.test").await;
    for dir in ["asc", "desc"] {
        let page = app
            .get(
                &format!("/portfolio?year=2026&sort=sourced_deal_mrr&dir={dir}"),
                Some(&admin),
            )
            .await;
        let listed = table(&page.body);
        let (acme, formosa) = (
            listed.find(">Acme</a>").unwrap(),
            listed.find(">Formosa</a>").unwrap(),
        );
        assert!(acme < formosa, "{dir}");
        let sort = if dir == "asc" {
            "ascending"
        } else {
            "descending"
        };
        assert!(page.body.contains(&format!(r#"aria-sort="{sort}""#)));
    }
    let by_name = table(
        &app.get("/portfolio?year=2026&dir=desc", Some(&admin))
            .await
            .body,
    );
    assert!(by_name.find(">Formosa</a>").unwrap() < by_name.find(">Acme</a>").unwrap());
    let achieved = app
        .get("/portfolio?year=2026&status=achieved", Some(&admin))
        .await;
    let listed = table(&achieved.body);
    assert!(listed.contains(">Acme</a>") && !listed.contains(">Formosa</a>"));
    assert!(achieved.body.contains("1 of 2 partners"));
    let ahead = app
        .get("/portfolio?year=2026&status=ahead", Some(&admin))
        .await;
    assert!(ahead.body.contains("No partner matches this filter."));

    // A partner's member has no portfolio.
    assert_eq!(
        app.get("/portfolio", Some(&member)).await.status,
        StatusCode::FORBIDDEN
    );
    let api = app
        .call("/api/portfolio", &[("query", "")], Some(&member))
        .await;
    assert_eq!(api.status, StatusCode::FORBIDDEN);
}

/// The page's figures are kept in memory between views (`server::figures`):
/// every kind of write to the deals shows at the next view, and a write to
/// one partner's deals leaves the other's figures where they were.
#[tokio::test]
async fn every_deal_write_shows_at_the_next_view() {
    let (app, me) = seeded().await;
    let scope = PartnerScope::for_operator(app.acme);
    let page = format!("/p/{}/progress?year=2026", app.acme);
    let january = |body: &str| row(body, "Sourced deals created", "January")[0].clone();
    let version = || partners::deals_version(&app.db, app.acme);
    assert_eq!(january(&app.get(&page, Some(&me)).await.body), "5");
    let before = version().await.unwrap();

    // Added.
    deal(
        &app,
        app.acme,
        DealKind::Sourced,
        DealStage::Open,
        date(1, 9),
        None,
        1,
    )
    .await;
    assert_eq!(january(&app.get(&page, Some(&me)).await.body), "6");
    // Another partner's deal changes nothing here.
    let acme_version = version().await.unwrap();
    deal(
        &app,
        app.formosa,
        DealKind::Sourced,
        DealStage::Open,
        date(1, 9),
        None,
        1,
    )
    .await;
    assert_eq!(version().await.unwrap(), acme_version);

    // Moved to February, then deleted.
    let id: DealId = with_db!(&app.db, |e| sqlx::query_scalar(
        "SELECT id FROM deals WHERE partner_id = $1 AND create_date = $2"
    )
    .bind(app.acme)
    .bind(date(1, 9))
    .fetch_one(e)
    .await)
    .unwrap();
    let stored = deals::get(&app.db, &scope, id).await.unwrap().unwrap();
    let mut fields = stored.fields();
    fields.create_date = date(2, 9);
    let mut tx = app.db.begin().await.unwrap();
    let saved = deals::update(
        &mut tx,
        &scope,
        id,
        stored.version,
        &fields,
        None,
        Utc::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert!(matches!(saved, deals::Saved::Done(_)), "{saved:?}");
    let moved = app.get(&page, Some(&me)).await.body;
    assert_eq!(january(&moved), "5");
    // February had the lost deal created on the 3rd.
    assert_eq!(row(&moved, "Sourced deals created", "February")[0], "2");
    let mut tx = app.db.begin().await.unwrap();
    let current = deals::get(&mut tx, &scope, id).await.unwrap().unwrap();
    deals::delete(&mut tx, &scope, id, current.version)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert!(version().await.unwrap() >= before + 3);
    assert_eq!(
        row(
            &app.get(&page, Some(&me)).await.body,
            "Sourced deals created",
            "February"
        )[0],
        "1"
    );
}

/// A PDM looking after many partners: every page's switcher lists the first
/// ones by name and the one in view, then a link to the whole portfolio.
#[tokio::test]
async fn the_switcher_lists_the_first_partners_and_the_one_in_view() {
    let app = spawn_app().await;
    let mut last = app.acme;
    for n in 1..=20 {
        let id = admin::add_partner(&app.db, &format!("Zeta {n:02}"), "USD", "UTC")
            .await
            .unwrap();
        admin::assign_pdm(&app.db, "pdm@vendor.test", id)
            .await
            .unwrap();
        last = id;
    }
    let pdm = app.login("pdm@vendor.test").await;
    let links = |body: &str| {
        body.matches("hover:bg-indigo-50 focus-visible:bg-indigo-50")
            .count()
    };

    // Acme and the first 14 Zetas by name; not "Zeta 20".
    let home = app.get("/", Some(&pdm)).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("Zeta 14") && !home.body.contains("Zeta 20"));
    assert!(
        home.body.contains("All 21 partners (portfolio)"),
        "{}",
        home.body
    );
    assert!(home
        .body
        .contains("The first 15 of your 21 partners, by name."));
    assert_eq!(links(&home.body), 16, "15 partners and the portfolio");

    // The last one, in view, is listed too.
    let page = app.get(&format!("/p/{last}/goals"), Some(&pdm)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Zeta 20"));
    assert_eq!(links(&page.body), 17);
    // A member sees their own partner, and no portfolio link.
    let member = app.login("member@acme.test").await;
    let own = app.get("/", Some(&member)).await;
    assert!(!own.body.contains("(portfolio)"));
}

/// Issue 22: the month still running is marked, the pacing rule is said
/// beside its table, and last year's "deals in flight" no longer repeats
/// today's figure.
#[tokio::test]
async fn the_running_month_is_marked_and_pacing_says_its_rule() {
    use chrono::{Datelike, Duration};
    use partner_map::i18n::Key;
    use partner_map::model::Locale;
    let app = spawn_app().await;
    let me = app.login("member@acme.test").await;
    let now = Utc::now();
    let page = app
        .get(
            &format!("/p/{}/progress?year={}", app.acme, now.year()),
            Some(&me),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    // Acme's clock (New York) is up to a day behind UTC.
    let marked = [now, now - Duration::days(1)].iter().any(|day| {
        let month = Key::month(day.month()).text(Locale::En);
        page.body.contains(&format!("{month} (in progress)"))
    });
    assert!(marked, "no month marked as in progress");
    let goals = partner_map::model::metrics::Metric::ALL.len();
    assert_eq!(
        page.body.matches("(in progress)").count(),
        goals,
        "one per goal"
    );
    assert!(page.body.contains(Key::PacingRule.text(Locale::En)));
    assert!(page.body.contains(Key::InFlightTodayOnly.text(Locale::En)));
    // A past year has no running month.
    let past = app
        .get(
            &format!("/p/{}/progress?year={}", app.acme, now.year() - 1),
            Some(&me),
        )
        .await;
    assert!(!past.body.contains("(in progress)"));
}
