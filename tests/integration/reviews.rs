//! Quarterly reviews over HTTP, on SQLite and on PostgreSQL: starting one,
//! editing and completing it, its frozen snapshot, target changes made from
//! it (in the revision history with the review as the reason, locked months
//! untouched), task follow-up, and who may reach it.

use crate::support::*;
use axum::http::StatusCode;
use chrono::{Datelike, Duration, NaiveDate, Utc};
use partner_map::i18n::Key;
use partner_map::model::deal::{DealFields, DealKind, DealStage};
use partner_map::model::goals::{PlanContent, Subject};
use partner_map::model::metrics::Metric;
use partner_map::model::reviews::Quarter;
use partner_map::model::tasks::ReminderPreset;
use partner_map::model::{PartnerId, ReviewId};
use partner_map::server::admin;
use partner_map::server::authz::PartnerScope;
use partner_map::server::db::with_db;
use partner_map::server::reviews::due;
use partner_map::server::store::{deals, goals, notifications, reviews, tasks};

fn scope(partner: PartnerId) -> PartnerScope {
    PartnerScope::for_operator(partner)
}

/// A quarter that has ended on every clock: the one before the last.
fn reviewed() -> Quarter {
    Quarter::last_ended(Utc::now().date_naive()).previous()
}

/// A sourced deal created on `day`.
async fn deal_on(app: &TestApp, partner: PartnerId, name: &str, day: NaiveDate) {
    let deal = DealFields {
        external_id: None,
        name: name.to_string(),
        kind: DealKind::Sourced,
        stage: DealStage::Open,
        create_date: day,
        close_date: None,
        mrr: 10_000,
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

/// Saves a plan for `year` with 5 sourced deals created as every month's target.
async fn plan_with_targets(app: &TestApp, partner: PartnerId, year: i32) {
    let mut content = PlanContent::empty(year);
    for month in 1..=12 {
        content.targets.set(Metric::SourcedDealsCreated, month, 5);
    }
    let edit = goals::Edit {
        by: None,
        at: Utc::now(),
        reason: "",
        review: None,
    };
    let mut tx = app.db.begin().await.unwrap();
    goals::save(&mut tx, &scope(partner), year, None, &content, &edit)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

async fn start(app: &TestApp, partner: PartnerId, quarter: Quarter, cookie: &str) -> Reply {
    let path = format!("/p/{partner}/reviews/start");
    app.call(&path, &[("quarter", &quarter.code())], Some(cookie))
        .await
}

async fn change(
    app: &TestApp,
    partner: PartnerId,
    review: ReviewId,
    form: &[(&str, &str)],
    cookie: &str,
) -> Reply {
    let path = format!("/p/{partner}/reviews/{review}/save");
    app.call(&path, form, Some(cookie)).await
}

async fn stored(app: &TestApp, partner: PartnerId, id: ReviewId) -> reviews::ReviewRow {
    reviews::get(&app.db, &scope(partner), id)
        .await
        .unwrap()
        .unwrap()
}

fn review_id(reply: &Reply) -> ReviewId {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    ReviewId(reply.json()["id"].as_i64().unwrap())
}

fn field_error(reply: &Reply) -> String {
    reply.body.clone()
}

#[tokio::test]
async fn a_review_is_started_edited_and_completed_then_read_only() {
    let app = spawn_app().await;
    let member = app.login("member@acme.test").await;
    let pdm = app.login("pdm@vendor.test").await;
    let q = reviewed();

    // Without JavaScript: the start form opens the new review.
    let body = format!("_form=review-start&quarter={}", q.code());
    let from = format!("/p/{}/reviews", app.acme);
    let reply = app
        .send(plain_post(
            &format!("/p/{}/reviews/start", app.acme),
            &body,
            &from,
            Some(&member),
        ))
        .await;
    let (page, _) = app.land(&reply, Some(&member)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Quarterly review started."),
        "{}",
        page.body
    );
    let list = reviews::list(&app.db, &scope(app.acme)).await.unwrap();
    assert_eq!(list.len(), 1);
    let id = list[0].id;
    assert_eq!(list[0].quarter(), q);
    assert!(reply
        .header("location")
        .unwrap()
        .ends_with(&format!("/reviews/{id}")));

    // One review per quarter; a quarter not yet over cannot be reviewed.
    let again = start(&app, app.acme, q, &member).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert!(field_error(&again).contains("quarter"));
    let now = Quarter::of(Utc::now().date_naive());
    let early = start(&app, app.acme, now, &member).await;
    assert_eq!(early.status, StatusCode::BAD_REQUEST, "{}", early.body);
    assert_eq!(
        reviews::list(&app.db, &scope(app.acme))
            .await
            .unwrap()
            .len(),
        1
    );

    // The member writes notes and a strategy change.
    let notes = [
        ("action", "save"),
        ("version", "1"),
        ("held_on", "2026-10-05"),
        ("attendees", "Amy (partner), Pat (PDM)"),
        ("went_well", "Two new resellers"),
        ("did_not_go_well", "Slow summer"),
        ("strategy", "Focus on retail"),
    ];
    let saved = change(&app, app.acme, id, &notes, &member).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(saved.json()["version"], 2);
    let row = stored(&app, app.acme, id).await;
    assert_eq!(row.strategy, "Focus on retail");
    assert_eq!(row.held_on, "2026-10-05");

    // Bad input: a message on the field, nothing saved.
    let mut wrong = notes.to_vec();
    wrong[1] = ("version", "2");
    wrong[2] = ("held_on", "2026-02-30");
    wrong[6] = ("strategy", "Half saved?");
    let refused = change(&app, app.acme, id, &wrong, &member).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.body.contains("held_on"), "{}", refused.body);
    assert_eq!(stored(&app, app.acme, id).await.strategy, "Focus on retail");

    // An editor on an older version is told, and overwrites nothing.
    let mut stale = notes.to_vec();
    stale[6] = ("strategy", "Stale text");
    let conflict = change(&app, app.acme, id, &stale, &pdm).await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
    assert_eq!(stored(&app, app.acme, id).await.version, 2);

    // The PDM sees it and marks it complete.
    let page = app
        .get(&format!("/p/{}/reviews/{id}", app.acme), Some(&pdm))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Focus on retail"));
    let done = change(
        &app,
        app.acme,
        id,
        &[("action", "complete"), ("version", "2")],
        &pdm,
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let row = stored(&app, app.acme, id).await;
    assert_eq!(row.completed_by.as_deref(), Some("pdm@vendor.test"));
    assert!(row.completed_at.is_some());

    // Read-only for everyone, the PDM and the member alike.
    for cookie in [&member, &pdm] {
        for form in [
            notes
                .iter()
                .copied()
                .map(|(k, v)| if k == "version" { (k, "3") } else { (k, v) })
                .collect::<Vec<_>>(),
            vec![("action", "refresh"), ("version", "3")],
            vec![("action", "complete"), ("version", "3")],
            vec![("action", "reopen"), ("version", "3")],
        ] {
            let reply = change(&app, app.acme, id, &form, cookie).await;
            assert!(
                matches!(
                    reply.status,
                    StatusCode::BAD_REQUEST | StatusCode::FORBIDDEN
                ),
                "{:?}: {} {}",
                form,
                reply.status,
                reply.body
            );
        }
    }
    assert_eq!(stored(&app, app.acme, id).await.version, 3);
    let page = app
        .get(&format!("/p/{}/reviews/{id}", app.acme), Some(&member))
        .await;
    assert!(page.body.contains("Completed by pdm@vendor.test"));
    assert!(page.body.contains("read-only"));
    assert!(
        !page.body.contains(r#"name="strategy""#),
        "no form on a completed review"
    );

    // An admin reopens it.
    let admin = app.login("admin@vendor.test").await;
    let reopened = change(
        &app,
        app.acme,
        id,
        &[("action", "reopen"), ("version", "3")],
        &admin,
    )
    .await;
    assert_eq!(reopened.status, StatusCode::OK, "{}", reopened.body);
    assert!(!stored(&app, app.acme, id).await.is_complete());

    // The list shows it, in both languages.
    let list = app
        .get(&format!("/p/{}/reviews", app.acme), Some(&member))
        .await;
    assert!(list.body.contains(&format!("{} Q{}", q.year, q.quarter)));
}

#[tokio::test]
async fn the_snapshot_is_frozen_until_refreshed() {
    let app = spawn_app().await;
    let member = app.login("member@acme.test").await;
    let q = reviewed();
    let first_day = NaiveDate::from_ymd_opt(q.year, q.first_month(), 2).unwrap();
    deal_on(&app, app.acme, "In the quarter", first_day).await;
    let id = review_id(&start(&app, app.acme, q, &member).await);
    let created = |row: &reviews::ReviewRow| {
        let snapshot = row.snapshot().unwrap();
        assert_eq!(snapshot.quarter, q);
        let goal = &snapshot.goals[0];
        assert_eq!(goal.metric, Metric::SourcedDealsCreated);
        (goal.quarter_actual, goal.pacing.year_to_date_actual)
    };
    assert_eq!(created(&stored(&app, app.acme, id).await), (1, 1));

    // A later deal leaves the snapshot as it was…
    deal_on(&app, app.acme, "Also in it", first_day).await;
    assert_eq!(created(&stored(&app, app.acme, id).await), (1, 1));
    let page = app
        .get(&format!("/p/{}/reviews/{id}", app.acme), Some(&member))
        .await;
    assert!(page.body.contains("Performance snapshot"));

    // …until the draft's snapshot is refreshed.
    let refreshed = change(
        &app,
        app.acme,
        id,
        &[("action", "refresh"), ("version", "1")],
        &member,
    )
    .await;
    assert_eq!(refreshed.status, StatusCode::OK, "{}", refreshed.body);
    assert_eq!(created(&stored(&app, app.acme, id).await), (2, 2));
}

#[tokio::test]
async fn target_changes_name_the_review_and_leave_locked_months_alone() {
    let app = spawn_app().await;
    let member = app.login("member@acme.test").await;
    let q = reviewed();
    let year = q.plan_year();
    plan_with_targets(&app, app.acme, year).await;
    let id = review_id(&start(&app, app.acme, q, &member).await);
    let open = *q.open_months().start();
    let locked = q.last_month();
    let open_field = format!("sourced_deals_created_{open}");
    let locked_field = format!("sourced_deals_created_{locked}");

    // A locked month is refused on its field, and nothing of the save is kept.
    let mut form = vec![
        ("action", "save"),
        ("version", "1"),
        ("plan_version", "1"),
        ("strategy", "Raise next quarter"),
        (open_field.as_str(), "9"),
    ];
    if q.plan_year() == q.year {
        form.push((locked_field.as_str(), "1"));
        let refused = change(&app, app.acme, id, &form, &member).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(refused.body.contains(&locked_field), "{}", refused.body);
        let row = stored(&app, app.acme, id).await;
        assert_eq!((row.version, row.strategy.as_str()), (1, ""));
        form.pop();
    }
    // Bad input on a target: on its field, nothing saved.
    let mut bad = form.clone();
    bad[4] = (open_field.as_str(), "-3");
    let refused = change(&app, app.acme, id, &bad, &member).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(stored(&app, app.acme, id).await.version, 1);

    form.push(("goal_partnership", "Reach Platinum tier"));
    form.push(("reason", "Agreed with the PDM"));
    let saved = change(&app, app.acme, id, &form, &member).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);

    let plan = goals::load(&app.db, &scope(app.acme), year)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(plan.version, 2);
    assert_eq!(
        plan.content
            .targets
            .month(Metric::SourcedDealsCreated, open),
        9
    );
    for month in 1..=12 {
        if q.locks(year, month) {
            assert_eq!(
                plan.content
                    .targets
                    .month(Metric::SourcedDealsCreated, month),
                5,
                "locked month {month} changed"
            );
        }
    }
    assert_eq!(plan.content.goals[4], "Reach Platinum tier");
    let revisions = goals::revisions(&app.db, plan.id, 0).await.unwrap();
    assert_eq!(revisions.len(), 2, "{revisions:?}");
    for r in &revisions {
        assert_eq!(r.review_id, Some(id));
        assert_eq!(
            (r.review_year, r.review_quarter),
            (Some(q.year), Some(q.quarter as i32))
        );
        assert_eq!(r.reason, "Agreed with the PDM");
    }
    let subjects: Vec<Option<Subject>> = revisions
        .iter()
        .map(|r| Subject::parse(&r.subject))
        .collect();
    assert!(subjects.contains(&Some(Subject::Target(Metric::SourcedDealsCreated, open))));

    // The goals page names the review as the reason; so does the review.
    let goals_page = app
        .get(&format!("/p/{}/goals?year={year}", app.acme), Some(&member))
        .await;
    let named = format!(
        "Quarterly review {} Q{}: Agreed with the PDM",
        q.year, q.quarter
    );
    assert!(goals_page.body.contains(&named), "{}", goals_page.body);
    let review_page = app
        .get(&format!("/p/{}/reviews/{id}", app.acme), Some(&member))
        .await;
    assert!(review_page.body.contains(&named));
    assert_eq!(
        stored(&app, app.acme, id).await.strategy,
        "Raise next quarter"
    );

    // The plan saved meanwhile by someone else: the review's save is refused whole.
    let mut stale = form.clone();
    stale[1] = ("version", "2");
    stale[3] = ("strategy", "Not kept");
    let conflict = change(&app, app.acme, id, &stale, &member).await;
    assert_eq!(conflict.status, StatusCode::CONFLICT, "{}", conflict.body);
    assert_eq!(
        stored(&app, app.acme, id).await.strategy,
        "Raise next quarter"
    );

    // In Traditional Chinese too.
    let formosa = app.login("member@formosa.test").await;
    let zh = review_id(&start(&app, app.formosa, q, &formosa).await);
    let page = app
        .get(&format!("/p/{}/reviews/{zh}", app.formosa), Some(&formosa))
        .await;
    assert!(page.body.contains("季度檢討"), "{}", page.body);
    assert!(page.body.contains("績效快照"));
}

#[tokio::test]
async fn open_tasks_are_followed_up_from_the_review() {
    let app = spawn_app().await;
    let member = app.login("member@acme.test").await;
    let task = app.add_task(app.acme, "Plan a campaign").await;
    let id = review_id(&start(&app, app.acme, reviewed(), &member).await);
    let page = app
        .get(&format!("/p/{}/reviews/{id}", app.acme), Some(&member))
        .await;
    assert!(page.body.contains("Plan a campaign"));
    assert!(page
        .body
        .contains(&format!("/p/{}/tasks?new=open", app.acme)));

    let new_day = (Utc::now() + chrono::Duration::days(30)).date_naive();
    let moved = change(
        &app,
        app.acme,
        id,
        &[
            ("action", "reschedule"),
            ("task_id", &task.to_string()),
            ("task_version", "1"),
            ("due_date", &new_day.to_string()),
        ],
        &member,
    )
    .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    let row = tasks::get(&app.db, &scope(app.acme), task)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.due_at.date_naive(), new_day);
    let bad = change(
        &app,
        app.acme,
        id,
        &[
            ("action", "reschedule"),
            ("task_id", &task.to_string()),
            ("task_version", "2"),
            ("due_date", "someday"),
        ],
        &member,
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("due_date"));

    let done = app
        .call(
            "/api/task_done",
            &[("task_id", &task.to_string()), ("done", "true")],
            Some(&member),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK);
    let page = app
        .get(&format!("/p/{}/reviews/{id}", app.acme), Some(&member))
        .await;
    assert!(
        !page.body.contains("Plan a campaign"),
        "a completed task is no longer open"
    );
    assert!(page.body.contains(&Utc::now().year().to_string()));
}

#[tokio::test]
async fn dates_outside_the_years_are_refused_on_their_field() {
    let app = spawn_app().await;
    let member = app.login("member@acme.test").await;
    // Reminded a day ahead: the reminder moves with the due date.
    let mut reminded = open_task("Plan a campaign");
    reminded.reminder = ReminderPreset::Before1d;
    reminded.remind_at = Some(reminded.due_at - Duration::days(1));
    let task = app.store_task(app.acme, &reminded).await;
    let id = review_id(&start(&app, app.acme, reviewed(), &member).await);
    let app = &app;
    let due = move || async move {
        let row = tasks::get(&app.db, &scope(app.acme), task).await.unwrap();
        row.unwrap().due_at
    };
    let before = due().await;

    // The first day chrono knows: the reminder a day before it does not exist.
    let far = change(
        app,
        app.acme,
        id,
        &[
            ("action", "reschedule"),
            ("task_id", &task.to_string()),
            ("task_version", "1"),
            ("due_date", "-262143-01-01"),
        ],
        &member,
    )
    .await;
    assert_eq!(far.status, StatusCode::BAD_REQUEST, "{}", far.body);
    assert!(
        far.refuses("due_date", Key::ErrDateOutOfRange),
        "{}",
        far.body
    );
    assert_eq!(due().await, before);

    let held = change(
        app,
        app.acme,
        id,
        &[
            ("action", "save"),
            ("version", "1"),
            ("held_on", "9999-01-01"),
        ],
        &member,
    )
    .await;
    assert_eq!(held.status, StatusCode::BAD_REQUEST, "{}", held.body);
    assert!(
        held.refuses("held_on", Key::ErrDateOutOfRange),
        "{}",
        held.body
    );
    assert_eq!(stored(app, app.acme, id).await.held_on, "");
}

#[tokio::test]
async fn no_one_outside_the_partner_reaches_its_reviews() {
    let app = spawn_app().await;
    let member = app.login("member@acme.test").await;
    let q = reviewed();
    let id = review_id(&start(&app, app.acme, q, &member).await);
    let formosa_member = app.login("member@formosa.test").await;
    let formosa_review = review_id(&start(&app, app.formosa, q, &formosa_member).await);
    let pdm = app.login("pdm@vendor.test").await;
    for cookie in [&formosa_member, &pdm] {
        // Formosa's member reaches Acme's review no way; the PDM (of Acme
        // only) reaches no Formosa review.
        let (partner, review) = if cookie == &pdm {
            (app.formosa, formosa_review)
        } else {
            (app.acme, id)
        };
        for url in [
            format!("/p/{partner}/reviews"),
            format!("/p/{partner}/reviews/{review}"),
            format!("/p/{partner}/reviews/{review}/print"),
        ] {
            let status = app.get(&url, Some(cookie)).await.status;
            assert!(
                matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
                "{url}: {status}"
            );
        }
        let started = start(&app, partner, q.previous(), cookie).await;
        assert!(matches!(
            started.status,
            StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
        ));
        for path_partner in [app.acme, app.formosa] {
            let reply = change(
                &app,
                path_partner,
                review,
                &[
                    ("action", "save"),
                    ("version", "1"),
                    ("strategy", "Taken over"),
                ],
                cookie,
            )
            .await;
            assert!(
                matches!(reply.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
                "{} {}",
                reply.status,
                reply.body
            );
        }
        let api = app
            .call(
                "/api/review",
                &[
                    ("partner_id", &partner.to_string()),
                    ("review_id", &review.to_string()),
                ],
                Some(cookie),
            )
            .await;
        assert!(matches!(
            api.status,
            StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
        ));
    }
    // A review named under another partner's path is not found, even by its own member.
    let crossed = app
        .get(
            &format!("/p/{}/reviews/{id}", app.formosa),
            Some(&formosa_member),
        )
        .await;
    assert!(matches!(
        crossed.status,
        StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
    ));
    assert_eq!(stored(&app, app.acme, id).await.strategy, "");
    assert_eq!(stored(&app, app.formosa, formosa_review).await.strategy, "");
    assert_eq!(
        reviews::list(&app.db, &scope(app.acme))
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        reviews::list(&app.db, &scope(app.formosa))
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn two_editors_at_once_choose_whose_notes_to_keep() {
    let app = spawn_app().await;
    let member = app.login("member@acme.test").await;
    let pdm = app.login("pdm@vendor.test").await;
    let id = review_id(&start(&app, app.acme, reviewed(), &member).await);
    let first = [
        ("action", "save"),
        ("version", "1"),
        ("attendees", "Amy, Pat"),
        ("strategy", "The PDM's strategy"),
    ];
    assert_eq!(
        change(&app, app.acme, id, &first, &pdm).await.status,
        StatusCode::OK
    );

    // The member saves over version 1 from the browser: back to the review,
    // nothing saved, each differing note offered as theirs or yours.
    let page = format!("/p/{}/reviews/{id}", app.acme);
    let body = "_form=review&action=save&version=1&attendees=Amy%2C+Pat&strategy=The+member%27s+strategy&went_well=Deals";
    let reply = app
        .send(plain_post(
            &format!("{page}/save"),
            body,
            &page,
            Some(&member),
        ))
        .await;
    let (landed, _) = app.land(&reply, Some(&member)).await;
    assert!(
        landed.body.contains("Someone changed this review"),
        "{}",
        landed.body
    );
    assert!(landed.body.contains(r#"name="keep_strategy""#));
    assert!(landed.body.contains(r#"name="keep_went_well""#));
    assert!(
        !landed.body.contains(r#"name="keep_attendees""#),
        "same on both sides"
    );
    assert!(
        landed.body.contains("The member&#x27;s strategy")
            || landed.body.contains("The member's strategy")
    );
    assert_eq!(
        stored(&app, app.acme, id).await.strategy,
        "The PDM's strategy"
    );

    // Keeping theirs for the strategy and yours for the rest, over the version now saved.
    let resolved = [
        ("action", "save"),
        ("version", "2"),
        ("attendees", "Amy, Pat"),
        ("strategy", "The member's strategy"),
        ("went_well", "Deals"),
        ("keep_strategy", "theirs"),
        ("keep_went_well", "mine"),
    ];
    assert_eq!(
        change(&app, app.acme, id, &resolved, &member).await.status,
        StatusCode::OK
    );
    let row = stored(&app, app.acme, id).await;
    assert_eq!(
        (row.strategy.as_str(), row.went_well.as_str()),
        ("The PDM's strategy", "Deals")
    );
}

async fn unread(app: &TestApp, email: &str) -> i64 {
    let user = admin::user_id_by_email(&app.db, email).await.unwrap();
    notifications::unread_count(&app.db, user).await.unwrap()
}

/// "When a quarter ends and its review has not been started, the partner's
/// members and PDM get a notification, once."
#[tokio::test]
async fn a_quarter_ended_without_its_review_is_told_once_to_members_and_pdms() {
    let app = spawn_app().await;
    let now = Utc::now();
    // The partners were added today: the quarter that ended last was not theirs.
    assert_eq!(due::notify(&app.db, now).await.unwrap(), 0);
    with_db!(&app.db, |e| sqlx::query(
        "UPDATE partners SET created_at = $1"
    )
    .bind(now - Duration::days(400))
    .execute(e)
    .await
    .map(|_| ()))
    .unwrap();

    // Acme's member and its PDM, Formosa's member (it has no PDM); not the admin.
    assert_eq!(due::notify(&app.db, now).await.unwrap(), 3);
    assert_eq!(due::notify(&app.db, now).await.unwrap(), 0, "told twice");
    assert_eq!(unread(&app, "admin@vendor.test").await, 0);
    assert_eq!(unread(&app, "pdm@vendor.test").await, 1);

    let (q, _) = due::last_ended("America/New_York", now);
    let member = app.login("member@acme.test").await;
    let page = app.get("/notifications", Some(&member)).await;
    assert_eq!(page.status, StatusCode::OK);
    let text = format!(
        "The quarterly review of {} Q{} has not been started",
        q.year, q.quarter
    );
    assert!(page.body.contains(&text), "{}", page.body);
    assert!(page
        .body
        .contains(&format!("href=\"/p/{}/reviews\"", app.acme)));
    assert!(page.body.contains("aria-label=\"Notifications, 1 unread\""));
    assert!(page
        .body
        .contains(&format!("aria-label=\"Mark as read: {text}\"")));
    let (fq, _) = due::last_ended("Asia/Taipei", now);
    let formosa = app.login("member@formosa.test").await;
    let page = app.get("/notifications", Some(&formosa)).await;
    assert!(
        page.body.contains(&format!(
            "{} 年第 {} 季的季度檢討尚未開始",
            fq.year, fq.quarter
        )),
        "{}",
        page.body
    );

    // The member starts the review: nobody is still asked to.
    review_id(&start(&app, app.acme, q, &member).await);
    assert_eq!(unread(&app, "member@acme.test").await, 0);
    assert_eq!(unread(&app, "pdm@vendor.test").await, 0);
    assert_eq!(unread(&app, "member@formosa.test").await, 1);
    assert_eq!(due::notify(&app.db, now).await.unwrap(), 0);

    // The next quarter ends: Acme is asked again; an archived partner and a
    // deactivated account are not.
    admin::set_partner_archived(&app.db, &admin::Actor::CommandLine, app.formosa, true)
        .await
        .unwrap();
    let pdm = admin::user_id_by_email(&app.db, "pdm@vendor.test")
        .await
        .unwrap();
    admin::set_user_active(&app.db, &admin::Actor::CommandLine, pdm, false)
        .await
        .unwrap();
    let later = now + Duration::days(100);
    assert_eq!(due::notify(&app.db, later).await.unwrap(), 1);
    assert_eq!(unread(&app, "member@acme.test").await, 1);
    // Formosa's earlier notice is kept, but not shown while its member may
    // not open the archived partner.
    assert_eq!(unread(&app, "member@formosa.test").await, 0);
}

/// Saves `year`'s plan with `goal` as its first company goal.
async fn plan_with_goal(app: &TestApp, partner: PartnerId, year: i32, goal: &str) {
    let current = goals::load(&app.db, &scope(partner), year).await.unwrap();
    let mut content = current
        .as_ref()
        .map(|p| p.content.clone())
        .unwrap_or_else(|| PlanContent::empty(year));
    content.goals[0] = goal.to_string();
    let edit = goals::Edit {
        by: None,
        at: Utc::now(),
        reason: "",
        review: None,
    };
    let mut tx = app.db.begin().await.unwrap();
    goals::save(
        &mut tx,
        &scope(partner),
        year,
        current.map(|p| p.version),
        &content,
        &edit,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

/// Issue 22: a completed review showed today's company goals and today's
/// open tasks. It shows those that stood when it was completed.
#[tokio::test]
async fn a_completed_review_shows_the_goals_and_tasks_of_its_completion() {
    let app = spawn_app().await;
    let member = app.login("member@acme.test").await;
    let q = reviewed();
    plan_with_goal(&app, app.acme, q.plan_year(), "Grow the cloud practice").await;
    let open_then = app.add_task(app.acme, "Call the reseller").await;
    let id = review_id(&start(&app, app.acme, q, &member).await);
    // Completing takes the snapshot of that moment: a task added after the
    // start and before the completion is in it.
    app.add_task(app.acme, "Send the joint proposal").await;
    let completed = change(
        &app,
        app.acme,
        id,
        &[("action", "complete"), ("version", "1")],
        &member,
    )
    .await;
    assert_eq!(completed.status, StatusCode::OK, "{}", completed.body);
    assert!(stored(&app, app.acme, id).await.is_complete());

    // Afterwards the goals change, a task is done and another is added.
    plan_with_goal(&app, app.acme, q.plan_year(), "Open the Taichung office").await;
    let done = app
        .call(
            "/api/task_done",
            &[("task_id", &open_then.to_string()), ("done", "true")],
            Some(&member),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    app.add_task(app.acme, "Plan the Q3 webinar").await;

    for path in [
        format!("/p/{}/reviews/{id}", app.acme),
        format!("/p/{}/reviews/{id}/print", app.acme),
    ] {
        let page = app.get(&path, Some(&member)).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(page.body.contains("Grow the cloud practice"), "{path}");
        assert!(!page.body.contains("Open the Taichung office"), "{path}");
    }
    let page = app
        .get(&format!("/p/{}/reviews/{id}", app.acme), Some(&member))
        .await;
    assert!(page.body.contains("Call the reseller"));
    assert!(page.body.contains("Send the joint proposal"));
    assert!(!page.body.contains("Plan the Q3 webinar"));
    assert!(page
        .body
        .contains(Key::TasksWhenCompletedHint.text(partner_map::model::Locale::En)));

    // Reopened, it is a draft again, on today's goals and tasks.
    let admin = app.login("admin@vendor.test").await;
    let version = stored(&app, app.acme, id).await.version.to_string();
    let reopened = change(
        &app,
        app.acme,
        id,
        &[("action", "reopen"), ("version", &version)],
        &admin,
    )
    .await;
    assert_eq!(reopened.status, StatusCode::OK, "{}", reopened.body);
    let page = app
        .get(&format!("/p/{}/reviews/{id}", app.acme), Some(&member))
        .await;
    assert!(page.body.contains("Open the Taichung office"));
    assert!(page.body.contains("Plan the Q3 webinar"));
    assert!(!page.body.contains("Call the reseller"));
}
