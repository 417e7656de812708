//! Progress over HTTP on SQLite and PostgreSQL, against seeded deals and
//! targets with known answers: the page in both views, the export, and who
//! may see them.

use crate::support::*;
use axum::http::StatusCode;
use chrono::{NaiveDate, Utc};
use partner_map::model::deal::{DealFields, DealKind, DealStage};
use partner_map::model::PartnerId;
use partner_map::server::authz::PartnerScope;
use partner_map::server::store::deals;

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
    assert_eq!(
        row(&page.body, "Sourced deal MRR", "January"),
        ["USD 600.00", "USD 500.00", "120%"]
    );
    assert_eq!(
        row(&page.body, "Assisted deal MRR", "April"),
        ["USD 1,000.00", "USD 0.00", "—"]
    );
    assert!(page.body.contains(r#"role="img""#), "a chart");
    assert!(
        page.body
            .contains(r#"aria-describedby="sourced_deal_mrr-table""#),
        "described by its table"
    );

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
        row(&quarterly.body, "Sourced deals closed won", "Q1"),
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
        "metric,period,actual,target,percent_achieved,currency"
    );
    assert_eq!(lines.len(), 1 + 4 * 13);
    for expected in [
        "sourced_deals_created,2026-01,5,6,83,",
        "sourced_deals_created,2026,6,72,8,",
        "sourced_deal_mrr,2026-01,600.00,500.00,120,USD",
        "assisted_deal_mrr,2026-04,1000.00,0.00,,USD",
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
    assert!(lines.contains(&"sourced_deals_created,2026-Q1,6,18,33,"));
    assert!(lines.contains(&"sourced_deals_closed_won,2026-Q1,3,3,100,"));
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
