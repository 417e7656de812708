//! The annual plan over HTTP, as people use it without JavaScript, on SQLite
//! and on PostgreSQL: the wizard's steps, the growth preview, the save and its
//! revisions, two editors at once, bad input, the export, and who may see it.

use crate::support::*;
use axum::http::StatusCode;
use chrono::{NaiveDate, Utc};
use partner_map::model::deal::{DealFields, DealKind, DealStage};
use partner_map::model::goals::{GoalCategory, GrowthPercent, Subject};
use partner_map::model::metrics::Metric;
use partner_map::model::{Currency, PartnerId};
use partner_map::server::authz::PartnerScope;
use partner_map::server::store::{deal_metrics, deals, goals};

const YEAR: &str = "2026";

fn scope(partner: PartnerId) -> PartnerScope {
    PartnerScope::for_operator(partner)
}

/// The wizard's form as step 2 posts it: every goal and target, with some set.
fn plan_form<'a>(
    version: &'a str,
    action: &'a str,
    set: &[(&'a str, &'a str)],
) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = vec![
        ("_form".into(), "goals".into()),
        ("year".into(), YEAR.into()),
        ("version".into(), version.into()),
        ("step".into(), "2".into()),
        ("action".into(), action.into()),
        ("growth".into(), String::new()),
        ("reason".into(), String::new()),
    ];
    for category in GoalCategory::ALL {
        form.push((format!("goal_{}", category.as_str()), String::new()));
    }
    for metric in Metric::ALL {
        for month in 1..=12 {
            form.push((format!("{}_{month}", metric.as_str()), String::new()));
        }
    }
    for (name, value) in set {
        match form.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value.to_string(),
            None => form.push((name.to_string(), value.to_string())),
        }
    }
    form
}

async fn post(app: &TestApp, partner: PartnerId, form: &[(String, String)], cookie: &str) -> Reply {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.goals_post(partner, &pairs, Some(cookie)).await
}

/// The value of the grid's input for `field`, as the page renders it.
fn cell(body: &str, field: &str) -> String {
    let at = body
        .find(&format!(r#"id="field-{field}""#))
        .unwrap_or_else(|| panic!("no input for {field}"));
    let start = body[..at].rfind('<').unwrap();
    let tag = &body[start..start + body[start..].find('>').unwrap()];
    match tag.find(r#"value=""#) {
        Some(v) => {
            let rest = &tag[v + 7..];
            rest[..rest.find('"').unwrap()].to_string()
        }
        None => String::new(),
    }
}

async fn plan(app: &TestApp, partner: PartnerId) -> goals::Plan {
    goals::load(&app.db, &scope(partner), 2026)
        .await
        .unwrap()
        .unwrap()
}

/// A sourced deal won in `month` of 2025, with `mrr` in minor units.
async fn won_2025(app: &TestApp, partner: PartnerId, month: u32, mrr: i64) {
    let day = NaiveDate::from_ymd_opt(2025, month, 10).unwrap();
    let deal = DealFields {
        external_id: None,
        name: format!("Won in {month}"),
        kind: DealKind::Sourced,
        stage: DealStage::ClosedWon,
        create_date: day,
        close_date: Some(day),
        mrr,
        owner: String::new(),
        company: String::new(),
        notes: String::new(),
        pipeline_stage: None,
        probability: None,
    };
    deals::create(&app.db, &scope(partner), &deal, None, Utc::now())
        .await
        .unwrap();
}

#[tokio::test]
async fn the_wizard_carries_what_was_typed_and_saves_it_all_at_once() {
    let app = spawn_app().await;
    let me = app.login("member@acme.test").await;
    // Step 1 → step 2: the goals travel along.
    let next = plan_form(
        "",
        "next",
        &[("step", "1"), ("goal_revenue", "Grow revenue 20%")],
    );
    let reply = post(&app, app.acme, &next, &me).await;
    assert_eq!(
        reply.header("location"),
        Some(format!("/p/{}/goals/edit?year=2026&step=2", app.acme).as_str())
    );
    let (page, _) = app.land(&reply, Some(&me)).await;
    assert!(
        page.body
            .contains(r#"name="goal_revenue" value="Grow revenue 20%""#),
        "{}",
        page.body
    );
    assert!(!app.has_plan(app.acme, 2026).await, "a step saves nothing");
    // Cancel says what it loses, and knows the goals typed on step 1 are
    // not saved: live, it asks before it drops them.
    let cancel = |body: &str| {
        let at = body.find("data-cancel").expect("a Cancel link");
        body[body[..at].rfind('<').unwrap()..at + body[at..].find('>').unwrap()].to_string()
    };
    assert!(
        cancel(&page.body).contains("data-unsaved"),
        "{}",
        cancel(&page.body)
    );
    assert!(page.body.contains("leaves without saving what you typed"));
    let fresh = app
        .get(&format!("/p/{}/goals/edit?year=2026", app.acme), Some(&me))
        .await;
    assert!(
        !cancel(&fresh.body).contains("data-unsaved"),
        "{}",
        cancel(&fresh.body)
    );

    // "Back" keeps the targets typed on step 2.
    let back = plan_form(
        "",
        "back",
        &[
            ("goal_revenue", "Grow revenue 20%"),
            ("sourced_deal_mrr_3", "1046.50"),
        ],
    );
    let (page, _) = app
        .land(&post(&app, app.acme, &back, &me).await, Some(&me))
        .await;
    assert!(
        page.body
            .contains(r#"name="sourced_deal_mrr_3" value="1046.50""#),
        "{}",
        page.body
    );
    assert!(page.body.contains("Grow revenue 20%"));

    // "Save and exit": the goals and every target, then the overview.
    let save = plan_form(
        "",
        "save",
        &[
            ("goal_revenue", "Grow revenue 20%"),
            ("goal_people", "Hire a new sales rep"),
            ("sourced_deals_created_1", "4"),
            ("sourced_deal_mrr_3", "1,046.50"),
            ("assisted_deal_mrr_12", "300"),
        ],
    );
    let reply = post(&app, app.acme, &save, &me).await;
    assert_eq!(
        reply.header("location"),
        Some(format!("/p/{}/goals?year=2026", app.acme).as_str())
    );
    let (page, _) = app.land(&reply, Some(&me)).await;
    assert!(page.body.contains("Saved."), "{}", page.body);
    assert!(page.body.contains("Hire a new sales rep"));
    assert!(
        page.body.contains("USD 1,046.50"),
        "the overview shows the target"
    );
    assert!(page.body.contains("Edit goals"));

    let saved = plan(&app, app.acme).await;
    assert_eq!(saved.version, 1);
    assert_eq!(saved.content.goals[1], "Grow revenue 20%");
    assert_eq!(
        saved.content.targets.month(Metric::SourcedDealsCreated, 1),
        4
    );
    assert_eq!(
        saved.content.targets.month(Metric::SourcedDealMrr, 3),
        104_650
    );
    assert_eq!(
        saved.content.targets.month(Metric::AssistedDealMrr, 12),
        30_000
    );
    assert_eq!(saved.content.targets.total(Metric::SourcedDealMrr), 104_650);
    // The first save writes no revisions: there was nothing before it.
    assert!(goals::revisions(&app.db, saved.id, 0)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn every_later_change_is_a_revision_and_the_member_sees_the_pdms() {
    let app = spawn_app().await;
    let member = app.login("member@acme.test").await;
    let first = plan_form(
        "",
        "save",
        &[
            ("goal_market", "Expand into retail"),
            ("sourced_deal_mrr_5", "500"),
        ],
    );
    post(&app, app.acme, &first, &member).await;

    let pdm = app.login("pdm@vendor.test").await;
    let change = plan_form(
        "1",
        "save",
        &[
            ("goal_market", "Expand into retail and logistics"),
            ("sourced_deal_mrr_5", "650"),
            ("sourced_deals_created_2", "3"),
            ("reason", "Q1 review: pipeline is stronger"),
        ],
    );
    let reply = post(&app, app.acme, &change, &pdm).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let saved = plan(&app, app.acme).await;
    assert_eq!(saved.version, 2);
    let revisions = goals::revisions(&app.db, saved.id, 0).await.unwrap();
    let mut found: Vec<(Subject, &str, &str)> = revisions
        .iter()
        .map(|r| {
            (
                Subject::parse(&r.subject).unwrap(),
                r.old_value.as_str(),
                r.new_value.as_str(),
            )
        })
        .collect();
    found.sort_by_key(|(s, _, _)| s.code());
    assert_eq!(
        found,
        vec![
            (
                Subject::Goal(GoalCategory::Market),
                "Expand into retail",
                "Expand into retail and logistics"
            ),
            (Subject::Target(Metric::SourcedDealMrr, 5), "50000", "65000"),
            (Subject::Target(Metric::SourcedDealsCreated, 2), "0", "3"),
        ]
    );
    for r in &revisions {
        assert_eq!(r.reason, "Q1 review: pipeline is stronger");
        assert_eq!(r.changed_by.as_deref(), Some("pdm@vendor.test"));
        assert_eq!(r.version, 2);
    }

    // The member sees it on the overview, with who and why.
    let page = app
        .get(&format!("/p/{}/goals?year=2026", app.acme), Some(&member))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "Q1 review: pipeline is stronger",
        "pdm@vendor.test",
        "Sourced deal MRR, May",
        "USD 650.00",
    ] {
        assert!(page.body.contains(text), "{text} missing");
    }

    // Saving the same values again changes nothing and writes no revision.
    let same = plan_form(
        "2",
        "save",
        &[
            ("goal_market", "Expand into retail and logistics"),
            ("sourced_deal_mrr_5", "650"),
            ("sourced_deals_created_2", "3"),
        ],
    );
    post(&app, app.acme, &same, &member).await;
    assert_eq!(plan(&app, app.acme).await.version, 2);
    assert_eq!(
        goals::revisions(&app.db, saved.id, 0).await.unwrap().len(),
        3
    );
}

#[tokio::test]
async fn the_history_is_one_entry_per_save_newest_first_ten_to_a_page() {
    let app = spawn_app().await;
    let member = app.login("member@acme.test").await;
    post(
        &app,
        app.acme,
        &plan_form("", "save", &[("sourced_deal_mrr_1", "1")]),
        &member,
    )
    .await;
    // Twelve later saves, each changing a goal and two months.
    for i in 2..=13 {
        let (mrr, created) = (i.to_string(), (i * 10).to_string());
        let reason = format!("save {i}");
        let form = plan_form(
            &(i - 1).to_string(),
            "save",
            &[
                ("goal_market", &format!("Market {i}")),
                ("sourced_deals_created_12", &created),
                ("sourced_deal_mrr_1", &mrr),
                ("reason", &reason),
            ],
        );
        let reply = post(&app, app.acme, &form, &member).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
    }
    assert_eq!(plan(&app, app.acme).await.version, 13);
    let history = |page: &'static str| {
        let app = &app;
        let member = member.clone();
        async move {
            app.call(
                "/api/goals",
                &[
                    ("partner_id", app.acme.to_string().as_str()),
                    ("year", "2026"),
                    ("history", page),
                ],
                Some(&member),
            )
            .await
            .json()
        }
    };
    let first = history("1").await;
    assert_eq!(first["history_pages"], 2);
    let saves = first["history"].as_array().unwrap();
    assert_eq!(saves.len(), 10);
    let versions: Vec<i64> = saves
        .iter()
        .map(|s| s["version"].as_i64().unwrap())
        .collect();
    assert_eq!(versions, (4..=13).rev().collect::<Vec<i64>>());
    // Each save once, with its reason, and its changes in the plan's order:
    // the goal, then the metrics' months.
    let newest = &saves[0];
    assert_eq!(newest["reason"], "save 13");
    let subjects: Vec<String> = newest["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            serde_json::from_value::<Subject>(c["subject"].clone())
                .unwrap()
                .code()
        })
        .collect();
    assert_eq!(
        subjects,
        [
            "goal:market",
            "target:sourced_deals_created:12",
            "target:sourced_deal_mrr:1"
        ]
    );
    let second = history("2").await;
    let versions: Vec<i64> = second["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["version"].as_i64().unwrap())
        .collect();
    assert_eq!(versions, [3, 2]);
    // A page past the last shows the last.
    assert_eq!(history("9").await["history_page"], 2);
    // The page links to the older saves, keeping the year.
    let page = app
        .get(&format!("/p/{}/goals?year=2026", app.acme), Some(&member))
        .await;
    assert!(page.body.contains("history=2"), "{}", page.body);
    assert_eq!(
        page.body.matches(r#"sr-only">Changes saved by"#).count(),
        10
    );
}

#[tokio::test]
async fn a_save_from_a_stale_copy_is_refused_and_shows_the_other_change() {
    let app = spawn_app().await;
    let member = app.login("member@acme.test").await;
    post(
        &app,
        app.acme,
        &plan_form("", "save", &[("sourced_deals_created_1", "2")]),
        &member,
    )
    .await;

    // Both open version 1; the PDM saves first.
    let pdm = app.login("pdm@vendor.test").await;
    post(
        &app,
        app.acme,
        &plan_form("1", "save", &[("sourced_deals_created_1", "5")]),
        &pdm,
    )
    .await;
    let mine = plan_form(
        "1",
        "save",
        &[
            ("sourced_deals_created_1", "2"),
            ("assisted_deal_mrr_4", "99"),
        ],
    );
    let reply = post(&app, app.acme, &mine, &member).await;
    assert_eq!(
        reply.header("location"),
        Some(format!("/p/{}/goals/edit?year=2026&step=2", app.acme).as_str())
    );
    let (page, _) = app.land(&reply, Some(&member)).await;
    assert!(
        page.body.contains("Someone else saved this plan"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Sourced deals created, January"),
        "their change is listed"
    );
    assert!(
        cell(&page.body, "assisted_deal_mrr_4") == "99",
        "what I typed is kept"
    );
    assert!(
        page.body.contains(r#"name="version" value="2""#),
        "saving again goes over their version"
    );

    let saved = plan(&app, app.acme).await;
    assert_eq!(saved.version, 2);
    assert_eq!(
        saved.content.targets.month(Metric::SourcedDealsCreated, 1),
        5,
        "theirs stands"
    );
    assert_eq!(
        saved.content.targets.month(Metric::AssistedDealMrr, 4),
        0,
        "nothing of mine was saved"
    );

    // Two people creating the same year's plan: the second is refused too.
    let create = plan_form("", "save", &[("sourced_deals_created_3", "1")]);
    let reply = post(&app, app.acme, &create, &pdm).await;
    assert!(reply.header("location").unwrap().contains("step=2"));
    assert_eq!(plan(&app, app.acme).await.version, 2);
}

#[tokio::test]
async fn bad_input_is_named_on_its_field_and_nothing_is_saved() {
    let app = spawn_app().await;
    let me = app.login("member@acme.test").await;
    let long = "x".repeat(1_001);
    let bad = plan_form(
        "",
        "save",
        &[
            ("sourced_deals_created_1", "-1"),
            ("sourced_deals_created_2", "two"),
            ("sourced_deals_closed_won_3", "1.5"),
            ("sourced_deal_mrr_4", "12abc"),
            ("assisted_deal_mrr_5", "9999999999999"),
            ("sourced_deal_mrr_6", "100"),
        ],
    );
    let reply = post(&app, app.acme, &bad, &me).await;
    let (page, _) = app.land(&reply, Some(&me)).await;
    assert!(!app.has_plan(app.acme, 2026).await, "nothing was saved");
    for (field, message) in [
        ("sourced_deals_created_1", "A target cannot be negative."),
        ("sourced_deals_created_2", "Enter a whole number of deals."),
        (
            "sourced_deals_closed_won_3",
            "Enter a whole number of deals.",
        ),
        ("sourced_deal_mrr_4", "Enter an amount, such as 1046.50."),
        ("assisted_deal_mrr_5", "This target is too large."),
    ] {
        let cell = format!(r#"id="field-{field}""#);
        let at = page
            .body
            .find(&cell)
            .unwrap_or_else(|| panic!("{field} missing"));
        let rest = &page.body[at..];
        let end = rest.find("</td>").unwrap();
        assert!(
            rest[..end].contains(r#"aria-invalid="true""#),
            "{field} is not marked"
        );
        assert!(rest[..end].contains(message), "{field}: {}", &rest[..end]);
    }
    assert_eq!(
        cell(&page.body, "sourced_deal_mrr_6"),
        "100",
        "good values are kept"
    );

    // A goal too long: back on step 1, where goals are typed, the rest kept.
    let bad = plan_form(
        "",
        "save",
        &[
            ("goal_people", long.as_str()),
            ("sourced_deal_mrr_6", "100"),
        ],
    );
    let reply = post(&app, app.acme, &bad, &me).await;
    assert!(reply.header("location").unwrap().ends_with("step=1"));
    let (page, _) = app.land(&reply, Some(&me)).await;
    assert!(
        page.body
            .contains("A goal can have at most 1,000 characters."),
        "{}",
        page.body
    );
    assert!(page
        .body
        .contains(r#"name="sourced_deal_mrr_6" value="100""#));
    assert!(!app.has_plan(app.acme, 2026).await);

    // A growth percentage other than the six.
    let odd = plan_form("", "preview", &[("growth", "7")]);
    let (page, _) = app
        .land(&post(&app, app.acme, &odd, &me).await, Some(&me))
        .await;
    assert!(
        page.body.contains("Choose 5, 10, 15, 20, 25 or 30%."),
        "{}",
        page.body
    );

    // A year out of range: refused in the user's language; the page says so on the field.
    let mut past = plan_form("", "save", &[]);
    past.retain(|(n, _)| n != "year");
    past.push(("year".into(), "1999".into()));
    let reply = post(&app, app.acme, &past, &me).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("Choose a year between 2000 and 2100."));
    let page = app
        .get(&format!("/p/{}/goals?year=1999", app.acme), Some(&me))
        .await;
    assert!(
        page.body.contains(r#"id="field-year-error""#),
        "{}",
        page.body
    );
    let zh = app.login("member@formosa.test").await;
    let page = app
        .get(&format!("/p/{}/goals?year=abc", app.formosa), Some(&zh))
        .await;
    assert!(page.body.contains("請選擇 2000 至 2100 年之間的年份。"));
    assert!(!app.has_plan(app.acme, 1999).await);
}

#[tokio::test]
async fn growth_is_previewed_then_applied_from_last_years_deals() {
    let app = spawn_app().await;
    let me = app.login("member@acme.test").await;
    won_2025(&app, app.acme, 3, 104_650).await;
    won_2025(&app, app.acme, 3, 1_000).await;
    won_2025(&app, app.acme, 7, 333).await;
    let previous = deal_metrics::year_metrics(&app.db, &scope(app.acme), 2025)
        .await
        .unwrap();

    let preview = plan_form(
        "",
        "preview",
        &[
            ("growth", "20"),
            ("sourced_deal_mrr_1", "7"),
            ("sourced_deals_created_1", "50"),
        ],
    );
    let (page, _) = app
        .land(&post(&app, app.acme, &preview, &me).await, Some(&me))
        .await;
    assert!(
        page.body.contains("Preview: 20% growth on last year"),
        "{}",
        page.body
    );
    // Issue 22: what the growth does is said where the eye is, one sentence
    // per goal, and why a target would go down.
    let created = 3 * 6 / 5; // last year's 3 sourced deals, grown by 20 %
    assert!(
        page.body.contains(&format!(
            "Sourced deals created: targets go from 50 to {created} (\u{2212}{}%), \
             because last year's 3 grown by 20% is below today's targets.",
            (50 - created) * 100 / 50 + ((50 - created) * 100 % 50 >= 25) as i64
        )),
        "{}",
        page.body
    );
    // Grown month by month, to whole dollars: 1,268 in March and 4 in July.
    assert!(page.body.contains(
        "Sourced deal MRR: targets go from USD 7.00 to USD 1,272.00 (+18071%): \
         last year's USD 1,059.83 grown by 20%."
    ));
    assert!(
        cell(&page.body, "sourced_deal_mrr_1") == "7",
        "the grid is unchanged until applied"
    );

    let apply = plan_form("", "apply", &[("growth", "20")]);
    let (page, _) = app
        .land(&post(&app, app.acme, &apply, &me).await, Some(&me))
        .await;
    let grown = GrowthPercent::parse(20)
        .unwrap()
        .targets_from(&previous, 2026, Currency::Usd);
    // March: (1,046.50 + 10.00) × 1.2 = 1,267.80, rounded half up to 1,268.
    assert_eq!(grown.month(Metric::SourcedDealMrr, 3), 126_800);
    assert!(
        cell(&page.body, "sourced_deal_mrr_3") == "1268.00",
        "{}",
        page.body
    );
    assert!(cell(&page.body, "sourced_deals_closed_won_3") == "2");
    assert!(
        cell(&page.body, "sourced_deal_mrr_7") == "4.00",
        "3.33 × 1.2 = 4.00"
    );
    assert!(cell(&page.body, "sourced_deals_created_1") == "0");
}

#[tokio::test]
async fn with_no_deals_last_year_the_page_says_why_there_is_nothing_to_grow() {
    let app = spawn_app().await;
    let me = app.login("member@acme.test").await;
    let page = app
        .get(
            &format!("/p/{}/goals/edit?year=2026&step=2", app.acme),
            Some(&me),
        )
        .await;
    assert!(
        page.body.contains("There are no deals for 2025"),
        "{}",
        page.body
    );
    assert!(
        cell(&page.body, "sourced_deal_mrr_1") == "",
        "the grid starts empty"
    );
}

#[tokio::test]
async fn the_targets_export_as_csv() {
    let app = spawn_app().await;
    let me = app.login("member@acme.test").await;
    won_2025(&app, app.acme, 2, 120_000).await;
    post(
        &app,
        app.acme,
        &plan_form(
            "",
            "save",
            &[
                ("sourced_deal_mrr_2", "1046.50"),
                ("sourced_deals_created_2", "3"),
            ],
        ),
        &me,
    )
    .await;
    let reply = app
        .get(&format!("/p/{}/goals.csv?year=2026", app.acme), Some(&me))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    let lines: Vec<&str> = reply.body.lines().collect();
    assert_eq!(
        lines[0],
        "metric,month,previous_year_actual,target,currency"
    );
    assert_eq!(lines.len(), 49);
    assert!(lines.contains(&"sourced_deals_created,2026-02,1,3,"));
    assert!(lines.contains(&"sourced_deal_mrr,2026-02,1200.00,1046.50,USD"));
    assert!(lines.contains(&"assisted_deal_mrr,2026-12,0.00,0.00,USD"));
    let bad = app
        .get(&format!("/p/{}/goals.csv?year=3000", app.acme), Some(&me))
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn only_the_partners_people_and_its_pdm_reach_its_plan() {
    let app = spawn_app().await;
    let member = app.login("member@acme.test").await;
    post(
        &app,
        app.acme,
        &plan_form("", "save", &[("goal_revenue", "secret plan")]),
        &member,
    )
    .await;
    // Formosa's member and a PDM not assigned to Formosa.
    let outsider = app.login("member@formosa.test").await;
    let pdm = app.login("pdm@vendor.test").await;
    for (cookie, partner) in [(&outsider, app.acme), (&pdm, app.formosa)] {
        for url in [
            format!("/p/{partner}/goals?year=2026"),
            format!("/p/{partner}/goals/edit?year=2026&step=1"),
            format!("/p/{partner}/goals.csv?year=2026"),
        ] {
            let reply = app.get(&url, Some(cookie)).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{url}");
            assert!(!reply.body.contains("secret plan"));
        }
        let api = app
            .call(
                "/api/goals",
                &[("partner_id", &partner.to_string()), ("year", "2026")],
                Some(cookie),
            )
            .await;
        assert_eq!(api.status, StatusCode::FORBIDDEN);
        let save = plan_form("1", "save", &[("goal_revenue", "taken over")]);
        assert_eq!(
            post(&app, partner, &save, cookie).await.status,
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(plan(&app, app.acme).await.content.goals[1], "secret plan");
    assert!(!app.has_plan(app.formosa, 2026).await);
    // The assigned PDM sees it.
    let page = app
        .get(&format!("/p/{}/goals?year=2026", app.acme), Some(&pdm))
        .await;
    assert!(page.body.contains("secret plan"));
}
