//! The forecast from the pipeline (issue 25), over HTTP on SQLite and
//! PostgreSQL: stages collected with their defaults, probabilities set by
//! the partner's people and logged, the SQL aggregate against
//! `model::forecast`, and the forecast on the progress page, in its export,
//! in a review's snapshot and on the portfolio. The partner's today is the
//! real one, so deals are dated from it: today, overdue, undated, next year.

use crate::support::*;
use axum::http::StatusCode;
use chrono::{Datelike, Duration, NaiveDate, Utc};
use partner_map::model::deal::{DealFields, DealKind, DealStage};
use partner_map::model::forecast::{open_groups, probability_of, OpenDeal};
use partner_map::model::PartnerId;
use partner_map::server::authz::PartnerScope;
use partner_map::server::store::{audit, deal_stages, deals, forecast};
use proptest::prelude::*;
use std::collections::HashMap;

fn scope(partner: PartnerId) -> PartnerScope {
    PartnerScope::for_operator(partner)
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// This month's key, as the export names it: `2026-12`.
fn this_month() -> String {
    today().format("%Y-%m").to_string()
}

fn deal(
    name: &str,
    close: Option<NaiveDate>,
    mrr: &str,
    stage: &str,
    own: &str,
) -> Vec<(String, String)> {
    let created = close.unwrap_or(today()).min(today()) - Duration::days(10);
    [
        ("external_id", ""),
        ("owner", ""),
        ("company", ""),
        ("notes", ""),
        ("name", name),
        ("kind", "sourced"),
        ("stage", "open"),
        ("create_date", &created.to_string()),
        (
            "close_date",
            &close.map(|c| c.to_string()).unwrap_or_default(),
        ),
        ("mrr", mrr),
        ("pipeline_stage", stage),
        ("probability", own),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

async fn create(
    app: &TestApp,
    partner: PartnerId,
    cookie: &str,
    form: Vec<(String, String)>,
) -> Reply {
    let partner = partner.to_string();
    let mut pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    pairs.push(("partner_id", &partner));
    app.call("/api/deal_create", &pairs, Some(cookie)).await
}

/// The cells of the export's line for `metric` in `period`.
fn line(csv: &str, metric: &str, period: &str) -> Vec<String> {
    let start = format!("{metric},{period},");
    let line = csv
        .lines()
        .find(|l| l.starts_with(&start))
        .unwrap_or_else(|| panic!("no line {start} in {csv}"));
    line.split(',').map(str::to_string).collect()
}

async fn stages(app: &TestApp, partner: PartnerId) -> Vec<(String, i32)> {
    deal_stages::list(&app.db, &scope(partner))
        .await
        .unwrap()
        .into_iter()
        .map(|s| (s.name, s.probability))
        .collect()
}

#[tokio::test]
async fn the_forecast_shows_on_the_page_in_the_export_and_in_a_review() {
    let app = spawn_app().await;
    let me = app.login("member@acme.test").await;
    let acme = app.acme;
    let t = today();
    // A deal at "Contract sent" (HubSpot's 90 %) closing today; one overdue
    // in a stage of the partner's own (10 % until set); one with its own
    // 50 %; one without a close date; one closing next year.
    for form in [
        deal("Globex renewal", Some(t), "1000", "Contract sent", ""),
        deal(
            "Initech pilot",
            Some(t - Duration::days(60)),
            "400",
            "Negotiation",
            "",
        ),
        deal(
            "Umbrella expansion",
            Some(t),
            "200",
            "Qualified to buy",
            "50",
        ),
        deal("Hooli someday", None, "9000", "Appointment scheduled", ""),
        deal(
            "Stark next year",
            Some(t + Duration::days(400)),
            "7000",
            "Contract sent",
            "",
        ),
    ] {
        let reply = create(&app, acme, &me, form).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
    // The stages the deals named, each with its default, in order first seen.
    assert_eq!(
        stages(&app, acme).await,
        [
            ("Contract sent".to_string(), 90),
            ("Negotiation".to_string(), 10),
            ("Qualified to buy".to_string(), 40),
            ("Appointment scheduled".to_string(), 20),
        ]
    );

    let csv_path = format!("/p/{acme}/progress.csv?year={}", t.year());
    let csv = app.get(&csv_path, Some(&me)).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.starts_with(
        "metric,period,actual,target,percent_achieved,currency,forecast_commit,forecast_weighted,forecast_best_case\r\n"
    ));
    // This month: commit 1,000 (the 90 % deal whole); weighted 0.9 × 1,000 +
    // 0.1 × 400 (overdue, counted now) + 0.5 × 200 = 1,040; best case 1,600.
    let month = line(&csv.body, "sourced_deal_mrr", &this_month());
    assert_eq!(month[6..], ["1000.00", "1040.00", "1600.00"], "{month:?}");
    let count = line(&csv.body, "sourced_deals_closed_won", &this_month());
    assert_eq!(count[6..], ["1.0", "1.5", "3.0"], "{count:?}");
    // The year row holds the year end; a metric without a forecast leaves
    // the columns empty.
    let year = line(&csv.body, "sourced_deal_mrr", &t.year().to_string());
    assert_eq!(year[6..], ["1000.00", "1040.00", "1600.00"]);
    let created = line(&csv.body, "sourced_deals_created", &this_month());
    assert_eq!(created[6..], ["", "", ""]);
    // A month that has ended equals its actual.
    if t.month() > 1 {
        let before = format!("{}-{:02}", t.year(), t.month() - 1);
        let ended = line(&csv.body, "sourced_deal_mrr", &before);
        assert_eq!(ended[6..], [ended[2].as_str(); 3]);
    }

    // The page: each method's year end, the deals that matter most (the
    // overdue one flagged), and the deal left out for want of a close date.
    let page = app
        .get(&format!("/p/{acme}/progress?year={}", t.year()), Some(&me))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        ">Forecast</h2>",
        ">Commit</th>",
        ">Best case</th>",
        "USD 1,040.00",
        ">Deals that matter most this quarter</h2>",
        "Globex renewal",
        "Initech pilot",
        ">Overdue</span>",
        "50% (set on this deal)",
        ">Open deals without a close date</h2>",
        "Hooli someday",
        "1 open deals have no close date",
        "Forecast: commit to best case",
    ] {
        assert!(page.body.contains(text), "the page lacks {text}");
    }
    assert!(
        !page.body.contains("Stark next year"),
        "next year's deal is not this quarter's"
    );

    // A stage's probability, set by the partner's PDM: logged, and the
    // figures follow at once.
    let pdm = app.login("pdm@vendor.test").await;
    let partner = acme.to_string();
    let set = app
        .call(
            "/api/deal_stage_probability",
            &[
                ("partner_id", &partner),
                ("name", "Negotiation"),
                ("probability", "75 %"),
            ],
            Some(&pdm),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    let csv = app.get(&csv_path, Some(&me)).await;
    let month = line(&csv.body, "sourced_deal_mrr", &this_month());
    // 900 + 0.75 × 400 + 100 = 1,300.
    assert_eq!(month[6..], ["1000.00", "1300.00", "1600.00"], "{month:?}");
    let log = audit::page(
        &app.db,
        &audit::Filter {
            kind: "deal_stage.".into(),
            ..Default::default()
        },
        10,
        0,
    )
    .await
    .unwrap();
    let entry = &log.0[0];
    assert_eq!(
        (entry.actor.as_str(), entry.kind.as_str()),
        ("pdm@vendor.test", "deal_stage.probability")
    );
    assert!(
        entry.old_value.contains("10%") && entry.new_value.contains("75%"),
        "{entry:?}"
    );
    assert!(entry.target.contains("Acme"), "{entry:?}");

    // A review started now freezes the forecast's year end of its quarter's
    // year (the last quarter that has ended: in January, last year's, whose
    // forecast is its actuals).
    let reviewed = partner_map::model::reviews::Quarter::last_ended(t);
    let quarter = reviewed.code();
    let started = app
        .call(
            &format!("/p/{acme}/reviews/start"),
            &[("quarter", &quarter)],
            Some(&me),
        )
        .await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.body);
    let reviews = partner_map::server::store::reviews::list(&app.db, &scope(acme))
        .await
        .unwrap();
    let review = app
        .get(&format!("/p/{acme}/reviews/{}", reviews[0].id), Some(&me))
        .await;
    assert!(review
        .body
        .contains(">Forecast: weighted (commit–best case)</th>"));
    if reviewed.year == t.year() {
        assert!(
            review
                .body
                .contains("USD 1,300.00 (USD 1,000.00–USD 1,600.00)"),
            "{}",
            review.body
        );
    }
}

#[tokio::test]
async fn the_forecast_speaks_the_readers_language_and_the_portfolio_has_its_column() {
    let app = spawn_app().await;
    let me = app.login("member@formosa.test").await;
    let reply = create(
        &app,
        app.formosa,
        &me,
        deal("台北案", Some(today()), "30000", "Contract sent", ""),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let page = app
        .get(
            &format!("/p/{}/progress?year={}", app.formosa, today().year()),
            Some(&me),
        )
        .await;
    for text in [
        ">預測</h2>",
        ">承諾</th>",
        ">加權</th>",
        ">最佳情況</th>",
        "管道覆蓋率",
        "台北案",
        "本季最關鍵的交易",
    ] {
        assert!(page.body.contains(text), "the zh-TW page lacks {text}");
    }
    let stages_page = app
        .get(&format!("/p/{}/deals/stages", app.formosa), Some(&me))
        .await;
    assert!(
        stages_page.body.contains("階段成交機率") && stages_page.body.contains("Contract sent")
    );

    let admin = app.login("admin@vendor.test").await;
    let portfolio = app
        .get(&format!("/portfolio?year={}", today().year()), Some(&admin))
        .await;
    assert!(
        portfolio
            .body
            .contains("Weighted forecast, sourced deal MRR"),
        "{}",
        portfolio.body
    );
    // Formosa's 0.9 × NT$30,000, without a target.
    assert!(
        portfolio.body.contains("TWD 27,000.00") || portfolio.body.contains("NT$27,000"),
        "{}",
        portfolio.body
    );
}

#[tokio::test]
async fn stage_probabilities_are_checked_kept_to_the_partner_and_added_by_hand() {
    let app = spawn_app().await;
    let me = app.login("member@acme.test").await;
    let acme = app.acme.to_string();
    let add = |name: &'static str, p: &'static str| {
        let acme = acme.clone();
        let me = me.clone();
        let app = &app;
        async move {
            app.call(
                "/api/deal_stage_add",
                &[("partner_id", &acme), ("name", name), ("probability", p)],
                Some(&me),
            )
            .await
        }
    };
    assert_eq!(add("Verbal commit", "95").await.status, StatusCode::OK);
    let again = add("Verbal commit", "50").await;
    assert!(
        again.refuses("name", partner_map::i18n::Key::ErrStageExists),
        "{}",
        again.body
    );
    let both = add("  ", "150").await;
    assert!(
        both.refuses("name", partner_map::i18n::Key::ErrStageNameRequired),
        "{}",
        both.body
    );
    assert!(
        both.refuses("probability", partner_map::i18n::Key::ErrProbability),
        "{}",
        both.body
    );
    let set = |name: &'static str, p: &'static str| {
        let acme = acme.clone();
        let me = me.clone();
        let app = &app;
        async move {
            app.call(
                "/api/deal_stage_probability",
                &[("partner_id", &acme), ("name", name), ("probability", p)],
                Some(&me),
            )
            .await
        }
    };
    for bad in ["101", "-1", "8.5", "", "abc"] {
        let reply = set("Verbal commit", bad).await;
        assert!(
            reply.refuses("probability", partner_map::i18n::Key::ErrProbability),
            "{bad}: {}",
            reply.body
        );
    }
    assert_eq!(
        set("No such stage", "50").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        stages(&app, app.acme).await,
        [("Verbal commit".to_string(), 95)]
    );
    // Another partner's member reaches neither the page nor the stage.
    let outsider = app.login("member@formosa.test").await;
    let reply = app
        .call(
            "/api/deal_stage_probability",
            &[
                ("partner_id", &acme),
                ("name", "Verbal commit"),
                ("probability", "5"),
            ],
            Some(&outsider),
        )
        .await;
    assert!(matches!(
        reply.status,
        StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
    ));
    assert_eq!(
        stages(&app, app.acme).await,
        [("Verbal commit".to_string(), 95)]
    );
    assert_eq!(stages(&app, app.formosa).await, []);
    // Without JavaScript: the form posts, the page comes back saying so.
    let reply = app
        .send(plain_post(
            "/api/deal_stage_probability",
            &format!("_form=stage-0&partner_id={acme}&name=Verbal+commit&probability=80"),
            &format!("/p/{acme}/deals/stages"),
            Some(&me),
        ))
        .await;
    let (page, _) = app.land(&reply, Some(&me)).await;
    assert!(
        page.body.contains("Stage probabilities saved."),
        "{}",
        page.body
    );
    assert!(page.body.contains(r#"value="80""#));
}

#[tokio::test]
async fn an_import_collects_its_stages_and_a_reimport_keeps_a_deals_own_probability() {
    let app = spawn_app().await;
    let me = app.login("member@acme.test").await;
    let acme = app.acme;
    let file = "Record ID,Deal Name,Deal Stage,Create Date,Close Date,Amount\n\
                1,Alpha,Appointment scheduled,2026-01-05,2026-12-20,100\n\
                2,Beta,Contract Sent (Renewals),2026-01-05,2026-12-20,200\n\
                3,Gamma,Closed Won,2026-01-05,2026-02-01,300\n\
                4,Delta,Closed Lost,2026-01-05,2026-02-01,400\n\
                5,Epsilon,Waiting on legal,2026-01-05,,500\n";
    let outcome = import(&app, &me, "hubspot.csv", file.as_bytes(), "amount").await;
    assert!(outcome.contains("5"), "{outcome}");
    assert_eq!(
        stages(&app, acme).await,
        // In pipeline order: by default probability, then as first seen.
        [
            ("Waiting on legal".to_string(), 10),
            ("Appointment scheduled".to_string(), 20),
            ("Contract Sent (Renewals)".to_string(), 90),
        ]
    );
    // A person sets Alpha's own probability; the export writes the stages
    // back, and importing it again changes nothing, the probability included.
    let rows = deals::by_external_id(&app.db, &scope(acme)).await.unwrap();
    let alpha = &rows["1"];
    let mut fields = alpha.fields();
    fields.probability = Some(65);
    let mut tx = app.db.begin().await.unwrap();
    deals::update(
        &mut tx,
        &scope(acme),
        alpha.id,
        alpha.version,
        &fields,
        None,
        Utc::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let export = app.get(&format!("/p/{acme}/deals.csv"), Some(&me)).await;
    assert!(
        export.body.contains(",Contract Sent (Renewals),"),
        "{}",
        export.body
    );
    assert!(export.body.contains(",Closed Won,"), "{}", export.body);
    let before = deals::by_external_id(&app.db, &scope(acme)).await.unwrap();
    import(
        &app,
        &me,
        "again.csv",
        export.body.as_bytes(),
        "monthly recurring revenue",
    )
    .await;
    let after = deals::by_external_id(&app.db, &scope(acme)).await.unwrap();
    assert_eq!(before, after, "the export imported back changed deals");
    assert_eq!(after["1"].probability, Some(65));
    assert_eq!(
        after["5"].pipeline_stage.as_deref(),
        Some("Waiting on legal")
    );
    assert_eq!(
        after["3"].pipeline_stage, None,
        "a closed won deal's stage is its status"
    );
}

/// Uploads and commits a file, MRR from `mrr_column` (as the mapping form
/// names it), every deal sourced; the committed page's text.
async fn import(app: &TestApp, cookie: &str, name: &str, file: &[u8], mrr_column: &str) -> String {
    let uploaded = app.upload(app.acme, name, file, Some(cookie)).await;
    let location = uploaded.header("location").expect("a preview").to_string();
    let import_id = location
        .rsplit('/')
        .next()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let committed = app
        .call(
            "/api/deals_import_commit",
            &[
                ("import_id", &import_id),
                ("mrr_column", mrr_column),
                ("kind", "sourced"),
                ("won", "Closed Won"),
                ("lost", "Closed Lost"),
            ],
            Some(cookie),
        )
        .await;
    assert_eq!(committed.status, StatusCode::OK, "{}", committed.body);
    app.get(&location, Some(cookie)).await.body
}

/// Deals in stages with set probabilities, some with their own.
fn open_deals() -> impl Strategy<Value = Vec<(bool, Option<(i64, u32)>, usize, Option<u8>, i64)>> {
    proptest::collection::vec(
        (
            any::<bool>(),
            proptest::option::weighted(0.85, (0_i64..900, 1_u32..=28)),
            0_usize..5,
            proptest::option::weighted(0.3, 0_u8..=100),
            0_i64..5_000_000,
        ),
        0..40,
    )
}

#[test]
fn the_sql_aggregate_groups_open_deals_as_the_model_does() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let app = runtime.block_on(spawn_app());
    let config = ProptestConfig {
        cases: 16,
        ..ProptestConfig::default()
    };
    // Stage 4 is named by deals but never collected: it counts at 10 %.
    const STAGES: [(&str, i32); 5] = [
        ("A", 20),
        ("B", 90),
        ("C", 0),
        ("D", 100),
        ("Uncollected", -1),
    ];
    proptest!(config, |(raw in open_deals(), closed in 0_usize..5)| {
        let (sql, every, pure) = runtime.block_on(async {
            let partner = partner_map::server::admin::add_partner(&app.db, "P", "USD", "UTC").await.unwrap();
            let scope = scope(partner);
            let start = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
            let mut batch: Vec<DealFields> = raw.iter().enumerate().map(|(i, (sourced, close, stage, own, mrr))| DealFields {
                external_id: Some(i.to_string()),
                name: format!("D{i}"),
                kind: if *sourced { DealKind::Sourced } else { DealKind::Assisted },
                stage: DealStage::Open,
                create_date: start,
                close_date: close.map(|(days, _)| start + Duration::days(days)),
                mrr: *mrr,
                owner: String::new(),
                company: String::new(),
                notes: String::new(),
                pipeline_stage: Some(STAGES[*stage].0.to_string()),
                probability: *own,
            }).collect();
            // Closed deals are in no group.
            for i in 0..closed {
                let mut d = batch.first().cloned().unwrap_or_else(|| DealFields {
                    external_id: None, name: "W".into(), kind: DealKind::Sourced, stage: DealStage::Open,
                    create_date: start, close_date: None, mrr: 1, owner: String::new(), company: String::new(),
                    notes: String::new(), pipeline_stage: None, probability: None,
                });
                d.external_id = Some(format!("won-{i}"));
                d.stage = DealStage::ClosedWon;
                d.close_date = Some(start);
                batch.push(d);
            }
            let now = Utc::now();
            let mut tx = app.db.begin().await.unwrap();
            deals::insert_many(&mut tx, &scope, &batch, None, now, None).await.unwrap();
            for (name, p) in STAGES.iter().filter(|(_, p)| *p >= 0) {
                deal_stages::add(&mut tx, &scope, name, *p, None, now).await.unwrap();
            }
            tx.commit().await.unwrap();
            let set: HashMap<&str, u8> = STAGES.iter().filter(|(_, p)| *p >= 0).map(|(n, p)| (*n, *p as u8)).collect();
            let open: Vec<OpenDeal> = batch.iter().filter(|d| d.stage == DealStage::Open).map(|d| OpenDeal {
                kind: d.kind,
                close_date: d.close_date,
                probability: probability_of(d.probability, d.pipeline_stage.as_deref().and_then(|s| set.get(s).copied())),
                mrr: d.mrr,
            }).collect();
            let sql = forecast::open_groups(&app.db, &scope).await.unwrap();
            let every = forecast::every_partners_open_groups(&app.db).await.unwrap().remove(&partner).unwrap_or_default();
            (sql, every, open_groups(&open))
        });
        prop_assert_eq!(&sql, &pure);
        prop_assert_eq!(&every, &pure);
    });
}

#[tokio::test]
async fn two_people_changing_one_stage_at_once_leave_a_log_that_chains() {
    let app = spawn_app().await;
    let member = app.login("member@acme.test").await;
    let pdm = app.login("pdm@vendor.test").await;
    let acme = app.acme.to_string();
    let added = app
        .call(
            "/api/deal_stage_add",
            &[
                ("partner_id", &acme),
                ("name", "Pilot"),
                ("probability", "10"),
            ],
            Some(&member),
        )
        .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    let set = |cookie: String, p: &'static str| {
        let (app, acme) = (&app, acme.clone());
        async move {
            app.call(
                "/api/deal_stage_probability",
                &[("partner_id", &acme), ("name", "Pilot"), ("probability", p)],
                Some(&cookie),
            )
            .await
        }
    };
    let (a, b) = tokio::join!(set(member.clone(), "30"), set(pdm.clone(), "60"));
    assert_eq!((a.status, b.status), (StatusCode::OK, StatusCode::OK));
    let (log, _) = audit::page(
        &app.db,
        &audit::Filter {
            kind: "deal_stage.probability".into(),
            ..Default::default()
        },
        10,
        0,
    )
    .await
    .unwrap();
    // Newest first: the later change started from the value the first left.
    assert_eq!(log.len(), 2);
    let value = |v: &str| {
        v.split("\"probability\":\"")
            .nth(1)
            .unwrap()
            .split('%')
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(value(&log[1].old_value), "10");
    assert_eq!(value(&log[0].old_value), value(&log[1].new_value));
    let last = value(&log[0].new_value);
    assert_eq!(
        stages(&app, app.acme).await,
        [("Pilot".to_string(), last.parse::<i32>().unwrap())]
    );
}
