//! Action tasks over HTTP, on SQLite and on PostgreSQL: the panel's form post
//! as a browser sends it without JavaScript, bad input, the list's filters
//! and one-click completion, two people saving the same task (the conflict
//! view, and many at once from one version), live events and who receives
//! them, and who may touch which task.

use crate::support::*;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use partner_map::model::{PartnerId, TaskId};
use partner_map::server::authz::PartnerScope;
use partner_map::server::store::tasks;
use tower::ServiceExt;

/// The panel's fields as a new task posts them, with `set` changed.
fn task_form(set: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = [
        ("_form", "task"),
        ("title", "Call the distributor"),
        ("kind", "call"),
        ("priority", "high"),
        ("assignee", ""),
        ("due_preset", "custom"),
        ("due_date", "2026-12-15"),
        ("due_time", "09:30"),
        ("reminder", "before_1h"),
        ("remind_date", ""),
        ("remind_time", "09:30"),
        ("notes", "Ask about\nthe Q1 promotion."),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (name, value) in set {
        match form.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value.to_string(),
            None => form.push((name.to_string(), value.to_string())),
        }
    }
    form
}

/// Posts the panel as a browser does without JavaScript.
async fn save_form(
    app: &TestApp,
    partner: PartnerId,
    form: &[(String, String)],
    cookie: &str,
) -> Reply {
    let body = serde_urlencoded::to_string(form).unwrap();
    let from = format!("/p/{partner}/tasks?new=open");
    app.send(plain_post(
        &format!("/p/{partner}/tasks/save"),
        &body,
        &from,
        Some(cookie),
    ))
    .await
}

/// Posts the panel as a script asking for JSON does (the benchmark, an island).
async fn save_json(
    app: &TestApp,
    partner: PartnerId,
    form: &[(String, String)],
    cookie: &str,
) -> Reply {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.call(&format!("/p/{partner}/tasks/save"), &pairs, Some(cookie))
        .await
}

async fn all_tasks(app: &TestApp, partner: PartnerId) -> Vec<tasks::TaskRow> {
    let query = tasks::ListQuery::default();
    tasks::list(&app.db, &PartnerScope::for_operator(partner), &query)
        .await
        .unwrap()
}

async fn create(
    app: &TestApp,
    partner: PartnerId,
    cookie: &str,
    set: &[(&str, &str)],
) -> (TaskId, i64) {
    let reply = save_json(app, partner, &task_form(set), cookie).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let json = reply.json();
    (
        TaskId(json["id"].as_i64().unwrap()),
        json["version"].as_i64().unwrap(),
    )
}

#[tokio::test]
async fn a_task_is_created_without_javascript_and_listed() {
    let app = spawn_app().await;
    let member = app.login("member@acme.test").await;
    let pdm = app.user_id("pdm@vendor.test").await;
    let form = task_form(&[("assignee", &pdm.to_string())]);
    let reply = save_form(&app, app.acme, &form, &member).await;
    assert_eq!(
        reply.header("location"),
        Some(format!("/p/{}/tasks", app.acme).as_str())
    );
    // A live list reloading itself meanwhile (a script's fetch) leaves the
    // flash to the page the browser lands on.
    let flash = set_cookie_pair(&reply, "pm_flash").unwrap();
    let fetched = Request::get(format!("/p/{}/tasks", app.acme))
        .header(header::COOKIE, format!("{member}; {flash}"))
        .header("sec-fetch-mode", "cors")
        .body(Body::empty())
        .unwrap();
    assert!(!app.send(fetched).await.body.contains("Task created."));
    let (page, _) = app.land(&reply, Some(&member)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Task created."), "{}", page.body);
    assert!(page.body.contains("Call the distributor"));
    assert!(page.body.contains("2026-12-15 09:30"));
    let saved = &all_tasks(&app, app.acme).await[0];
    assert_eq!(saved.assignee_id, Some(pdm));
    assert_eq!(saved.due_at.to_rfc3339(), "2026-12-15T09:30:00+00:00");
    assert_eq!(
        saved.remind_at.unwrap().to_rfc3339(),
        "2026-12-15T08:30:00+00:00"
    );
    assert_eq!(saved.notes, "Ask about\nthe Q1 promotion.");
    assert_eq!(saved.version, 1);
    // The PDM sees it too, and opens it in the panel.
    let pdm_cookie = app.login("pdm@vendor.test").await;
    let panel = app
        .get(
            &format!("/p/{}/tasks?task={}", app.acme, saved.id),
            Some(&pdm_cookie),
        )
        .await;
    assert_eq!(panel.status, StatusCode::OK);
    assert!(
        panel.body.contains("Edit task") && panel.body.contains(r#"value="Call the distributor""#)
    );
}

#[tokio::test]
async fn bad_input_comes_back_on_its_field_and_nothing_is_saved() {
    let app = spawn_app().await;
    let member = app.login("member@acme.test").await;
    let outsider = app.user_id("member@formosa.test").await;
    let cases: [(&[(&str, &str)], &str, &str); 4] = [
        (&[("title", "  ")], "title", "Enter a task title."),
        (
            &[("due_date", "2026-02-30")],
            "due_date",
            "Enter a date such as 2026-03-31.",
        ),
        (
            &[
                ("reminder", "custom"),
                ("remind_date", "2026-12-16"),
                ("remind_time", "08:00"),
            ],
            "remind_date",
            "The reminder must be at or before the due time.",
        ),
        (
            &[("due_time", "8 o'clock")],
            "due_time",
            "Choose a time of day",
        ),
    ];
    for (set, field, message) in cases {
        let reply = save_form(&app, app.acme, &task_form(set), &member).await;
        let (page, _) = app.land(&reply, Some(&member)).await;
        assert!(page.body.contains(message), "{field}: {}", page.body);
        assert!(
            page.body.contains(&format!(r#"id="field-{field}-error""#)),
            "{field}"
        );
        // What was typed is still there.
        assert!(
            page.body.contains("Ask about\nthe Q1 promotion."),
            "{field}"
        );
    }
    let outside = outsider.to_string();
    let reply = save_form(
        &app,
        app.acme,
        &task_form(&[("assignee", &outside)]),
        &member,
    )
    .await;
    let (page, _) = app.land(&reply, Some(&member)).await;
    assert!(page
        .body
        .contains("Choose a member of this partner or one of its PDMs."));
    assert!(
        all_tasks(&app, app.acme).await.is_empty(),
        "nothing is saved"
    );
    // In Traditional Chinese for a zh-TW user.
    let formosa = app.login("member@formosa.test").await;
    let reply = save_form(&app, app.formosa, &task_form(&[("title", "")]), &formosa).await;
    let (page, _) = app.land(&reply, Some(&formosa)).await;
    assert!(page.body.contains("請輸入任務標題。"), "{}", page.body);
}

#[tokio::test]
async fn another_partners_task_is_not_found() {
    let app = spawn_app().await;
    let member = app.login("member@acme.test").await;
    let (id, version) = create(&app, app.acme, &member, &[]).await;
    let intruder = app.login("member@formosa.test").await;
    let edit = task_form(&[
        ("task_id", &id.to_string()),
        ("version", &version.to_string()),
        ("title", "Mine now"),
    ]);
    // Through the intruder's own partner the task is not found; through the
    // task's partner the partner itself is refused, as all of its pages are.
    let reply = save_json(&app, app.formosa, &edit, &intruder).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    let reply = save_json(&app, app.acme, &edit, &intruder).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    let page = app
        .get(
            &format!("/p/{}/tasks?task={id}", app.formosa),
            Some(&intruder),
        )
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let done = app
        .call(
            "/api/task_done",
            &[("task_id", &id.to_string()), ("done", "true")],
            Some(&intruder),
        )
        .await;
    assert_eq!(done.status, StatusCode::NOT_FOUND);
    let events = app
        .get(&format!("/p/{}/tasks/events", app.acme), Some(&intruder))
        .await;
    assert_eq!(events.status, StatusCode::FORBIDDEN);
    assert_eq!(
        all_tasks(&app, app.acme).await[0].title,
        "Call the distributor"
    );
}

#[tokio::test]
async fn a_stale_save_shows_both_versions_and_keeps_what_was_chosen() {
    let app = spawn_app().await;
    let member = app.login("member@acme.test").await;
    let pdm = app.login("pdm@vendor.test").await;
    let (id, version) = create(&app, app.acme, &member, &[]).await;
    let at = |v: i64, set: &[(&str, &str)]| {
        let mut form = task_form(set);
        form.push(("task_id".into(), id.to_string()));
        form.push(("version".into(), v.to_string()));
        form
    };
    // The PDM saves first; the member, from the same version, second.
    let first = save_json(
        &app,
        app.acme,
        &at(version, &[("title", "PDM's title"), ("priority", "low")]),
        &pdm,
    )
    .await;
    assert_eq!(first.status, StatusCode::OK);
    let second = save_form(
        &app,
        app.acme,
        &at(version, &[("notes", "Member's notes")]),
        &member,
    )
    .await;
    assert_eq!(
        second.header("location"),
        Some(format!("/p/{}/tasks?task={id}", app.acme).as_str())
    );
    let (page, _) = app.land(&second, Some(&member)).await;
    assert!(
        page.body
            .contains("Someone changed this task while you were editing it"),
        "{}",
        page.body
    );
    // Field by field: the title, priority and notes differ; the type does not.
    for field in ["title", "priority", "notes"] {
        assert!(
            page.body.contains(&format!(r#"name="keep_{field}""#)),
            "{field}"
        );
    }
    assert!(!page.body.contains(r#"name="keep_kind""#));
    assert!(page.body.contains("PDM&#x27;s title") || page.body.contains("PDM's title"));
    assert!(page.body.contains("Member&#x27;s notes") || page.body.contains("Member's notes"));
    let stored = &all_tasks(&app, app.acme).await[0];
    assert_eq!(
        stored.notes, "Ask about\nthe Q1 promotion.",
        "nothing of the refused save was written"
    );
    // The member keeps the PDM's title and their own notes, over the new version.
    let merge = at(
        stored.version,
        &[
            ("notes", "Member's notes"),
            ("keep_title", "theirs"),
            ("keep_priority", "theirs"),
            ("keep_notes", "mine"),
        ],
    );
    let reply = save_json(&app, app.acme, &merge, &member).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let merged = &all_tasks(&app, app.acme).await[0];
    assert_eq!(merged.title, "PDM's title");
    assert_eq!(merged.priority, "low");
    assert_eq!(merged.notes, "Member's notes");
    assert_eq!(merged.version, 3);
}

#[tokio::test]
async fn many_saves_from_one_version_let_exactly_one_through_each_round() {
    let app = spawn_app().await;
    let member = app.login("member@acme.test").await;
    let (id, mut version) = create(&app, app.acme, &member, &[]).await;
    for round in 0..5 {
        let saves: Vec<_> = (0..8)
            .map(|client| {
                let mut form = task_form(&[("title", &format!("round {round} client {client}"))]);
                form.push(("task_id".into(), id.to_string()));
                form.push(("version".into(), version.to_string()));
                let pairs: Vec<(String, String)> = form;
                let refs: Vec<(&str, &str)> = pairs
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                let req = api_request(
                    &format!("/p/{}/tasks/save", app.acme),
                    &refs,
                    Some(&member),
                    "127.0.0.1:50000",
                );
                tokio::spawn(app.router.clone().oneshot(req))
            })
            .collect();
        let mut winners = Vec::new();
        for (client, save) in saves.into_iter().enumerate() {
            let res = save.await.unwrap().unwrap();
            match res.status() {
                StatusCode::OK => winners.push(client),
                StatusCode::CONFLICT => {}
                other => panic!("round {round}: client {client} got {other}"),
            }
        }
        assert_eq!(winners.len(), 1, "round {round}: {winners:?}");
        let stored = &all_tasks(&app, app.acme).await[0];
        assert_eq!(stored.title, format!("round {round} client {}", winners[0]));
        assert_eq!(stored.version, version + 1);
        version = stored.version;
    }
}

#[tokio::test]
async fn the_list_filters_by_the_url_and_completes_in_one_click() {
    let app = spawn_app().await;
    let member = app.login("member@acme.test").await;
    let me = app.user_id("member@acme.test").await.to_string();
    create(
        &app,
        app.acme,
        &member,
        &[("title", "Past call"), ("due_date", "2025-01-06")],
    )
    .await;
    let (email, _) = create(
        &app,
        app.acme,
        &member,
        &[
            ("title", "Email mine"),
            ("kind", "email"),
            ("assignee", &me),
        ],
    )
    .await;
    create(
        &app,
        app.acme,
        &member,
        &[("title", "Low todo"), ("kind", "todo"), ("priority", "low")],
    )
    .await;
    let page = |query: &'static str| {
        let app = &app;
        let member = member.clone();
        async move {
            app.get(&format!("/p/{}/tasks{query}", app.acme), Some(&member))
                .await
                .body
        }
    };
    let all = page("").await;
    assert!(all.contains("Past call") && all.contains("Email mine") && all.contains("Low todo"));
    // Sorted by due date, the overdue one first and marked in words.
    assert!(all.find("Past call").unwrap() < all.find("Email mine").unwrap());
    assert!(all.contains(">Overdue<"));
    let overdue = page("?overdue=1").await;
    assert!(overdue.contains("Past call") && !overdue.contains("Email mine"));
    let emails = page("?type=email").await;
    assert!(emails.contains("Email mine") && !emails.contains("Low todo"));
    let mine = page("?assignee=me").await;
    assert!(mine.contains("Email mine") && !mine.contains("Past call"));
    let low = page("?priority=low").await;
    assert!(low.contains("Low todo") && !low.contains("Past call"));
    // Completed in one click, without JavaScript; then in the completed list.
    let body = format!("_form=task-done&task_id={email}&done=true");
    let from = format!("/p/{}/tasks", app.acme);
    let reply = app
        .send(plain_post("/api/task_done", &body, &from, Some(&member)))
        .await;
    let (landed, _) = app.land(&reply, Some(&member)).await;
    assert!(
        landed.body.contains("Task marked as completed."),
        "{}",
        landed.body
    );
    assert!(!landed.body.contains("Email mine"));
    let completed = page("?status=completed").await;
    assert!(
        completed.contains("Email mine") && completed.contains("Completed by member@acme.test")
    );
    let body = format!("_form=task-done&task_id={email}&done=false");
    app.send(plain_post("/api/task_done", &body, &from, Some(&member)))
        .await;
    assert!(page("").await.contains("Email mine"));
}

#[tokio::test]
async fn default_tasks_prefill_the_panel_in_the_users_language() {
    let app = spawn_app().await;
    let member = app.login("member@acme.test").await;
    let page = app
        .get(&format!("/p/{}/tasks?new=1", app.acme), Some(&member))
        .await;
    assert!(
        page.body
            .contains(r#"value="Schedule the quarterly review with the PDM""#),
        "{}",
        page.body
    );
    let formosa = app.login("member@formosa.test").await;
    let page = app
        .get(&format!("/p/{}/tasks?new=1", app.formosa), Some(&formosa))
        .await;
    assert!(page.body.contains(r#"value="與 PDM 安排季度檢討""#));
    assert!(page.body.contains("建立自訂任務"));
    let missing = app
        .get(&format!("/p/{}/tasks?new=999", app.acme), Some(&member))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn changes_reach_the_partners_open_pages_and_nobody_elses() {
    let app = spawn_app().await;
    let member = app.login("member@acme.test").await;
    let pdm = app.login("pdm@vendor.test").await;
    let other = app.login("member@formosa.test").await;
    let mut pdm_stream = app.open_stream(app.acme, &pdm).await;
    let mut other_stream = app.open_stream(app.formosa, &other).await;
    let (id, _) = create(&app, app.acme, &member, &[]).await;
    let seen = read_until(&mut pdm_stream, "created").await;
    assert!(
        seen.contains(&format!(
            r#"{{"task":{id},"change":"created","version":1}}"#
        )),
        "{seen}"
    );
    app.call(
        "/api/task_done",
        &[("task_id", &id.to_string()), ("done", "true")],
        Some(&member),
    )
    .await;
    assert!(read_until(&mut pdm_stream, "completed")
        .await
        .contains("\"completed\""));
    // Formosa's page heard nothing of Acme's task.
    let other_seen = read_until(&mut other_stream, "\"task\"").await;
    assert!(!other_seen.contains("\"task\""), "{other_seen}");
}

#[tokio::test]
async fn a_saved_reminder_fires_once_moves_with_its_task_and_stops_when_completed() {
    use partner_map::server::store::notifications;
    use partner_map::server::tasks::reminders::deliver_due;
    let app = spawn_app().await;
    let member = app.login("member@acme.test").await;
    let me = app.user_id("member@acme.test").await;
    let unread = || async { notifications::unread_count(&app.db, me).await.unwrap() };
    // Due tomorrow, reminded at a custom time yesterday (so already due at
    // any time of day the test runs).
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1))
        .date_naive()
        .to_string();
    let yesterday = (chrono::Utc::now() - chrono::Duration::days(1))
        .date_naive()
        .to_string();
    let at = |time: &'static str| {
        [
            ("due_date", tomorrow.clone()),
            ("reminder", "custom".into()),
            ("remind_date", yesterday.clone()),
            ("remind_time", time.into()),
        ]
    };
    let set = |pairs: &[(&'static str, String)], more: &[(&'static str, String)]| {
        let all: Vec<(&str, &str)> = pairs
            .iter()
            .chain(more)
            .map(|(k, v)| (*k, v.as_str()))
            .collect();
        task_form(&all)
    };
    let mine = [("assignee", me.to_string())];
    let form = set(&at("00:00"), &mine);
    let reply = save_json(&app, app.acme, &form, &member).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let id = reply.json()["id"].as_i64().unwrap().to_string();
    let now = chrono::Utc::now();
    assert_eq!(deliver_due(&app.db, now).await.unwrap(), 1);
    assert_eq!(deliver_due(&app.db, now).await.unwrap(), 0, "once");
    assert_eq!(unread().await, 1);
    // Moved (still due): it fires again, once.
    let edit = set(
        &at("00:30"),
        &[
            mine[0].clone(),
            ("task_id", id.clone()),
            ("version", "1".into()),
        ],
    );
    assert_eq!(
        save_json(&app, app.acme, &edit, &member).await.status,
        StatusCode::OK
    );
    deliver_due(&app.db, now).await.unwrap();
    assert_eq!(unread().await, 2);
    // Saved unchanged: not again.
    let same = set(
        &at("00:30"),
        &[
            mine[0].clone(),
            ("task_id", id.clone()),
            ("version", "2".into()),
        ],
    );
    assert_eq!(
        save_json(&app, app.acme, &same, &member).await.status,
        StatusCode::OK
    );
    deliver_due(&app.db, now).await.unwrap();
    assert_eq!(unread().await, 2);
    // Completed, then moved: a completed task reminds nobody.
    app.call(
        "/api/task_done",
        &[("task_id", &id), ("done", "true")],
        Some(&member),
    )
    .await;
    let done = set(
        &at("01:00"),
        &[
            mine[0].clone(),
            ("task_id", id.clone()),
            ("version", "4".into()),
            ("completed", "on".into()),
        ],
    );
    assert_eq!(
        save_json(&app, app.acme, &done, &member).await.status,
        StatusCode::OK
    );
    deliver_due(&app.db, now).await.unwrap();
    assert_eq!(unread().await, 2);
}

#[tokio::test]
async fn admins_keep_the_default_tasks_in_both_languages() {
    let app = spawn_app().await;
    let admin = app.login("admin@vendor.test").await;
    let page = app.get("/admin/default-tasks", Some(&admin)).await;
    assert!(
        page.body.contains(r#"value="Register new sourced deals""#),
        "{}",
        page.body
    );
    // A list: each default task's form folded inside its line until edited.
    let folded = |body: &str| body.matches(r#"<details class="mt-2">"#).count();
    let unfolded = |body: &str| body.matches(r#"<details open class="mt-2">"#).count();
    assert!(folded(&page.body) >= 5 && unfolded(&page.body) == 0);
    let edit = [
        ("_form", "default-task-2"),
        ("template_id", "2"),
        ("position", "2"),
        ("title_en", "Register this month's sourced deals"),
        ("title_zh_tw", "登錄本月的委託交易"),
        ("kind", "todo"),
        ("priority", "high"),
        ("due_preset", "in_2_business_days"),
        ("notes_en", "Or import the HubSpot export."),
        ("notes_zh_tw", "或匯入 HubSpot 匯出檔。"),
    ];
    let body = serde_urlencoded::to_string(edit).unwrap();
    let reply = app
        .send(plain_post(
            "/api/default_task_save",
            &body,
            "/admin/default-tasks",
            Some(&admin),
        ))
        .await;
    let (landed, _) = app.land(&reply, Some(&admin)).await;
    assert!(landed.body.contains("Saved."), "{}", landed.body);
    // Partners' menus and panels offer it as changed, in each user's language.
    let member = app.login("member@acme.test").await;
    let panel = app
        .get(&format!("/p/{}/tasks?new=2", app.acme), Some(&member))
        .await
        .body;
    assert!(
        panel.contains(r#"value="Register this month's sourced deals""#)
            || panel.contains("Register this month&#x27;s sourced deals")
    );
    assert!(
        panel.contains(r#"<option value="in_2_business_days" selected"#),
        "{panel}"
    );
    // The panel takes the focus in its title field, and Close names what
    // opened it, where the list puts the focus back.
    let title_input = &panel[panel.find(r#"id="field-title""#).unwrap()..];
    assert!(title_input[..title_input.find('>').unwrap()].contains("autofocus"));
    assert!(panel.contains(r#"#create-task" data-close"#), "{panel}");
    assert!(panel.contains(r#"id="create-task""#));
    let formosa = app.login("member@formosa.test").await;
    let panel = app
        .get(&format!("/p/{}/tasks?new=2", app.formosa), Some(&formosa))
        .await
        .body;
    assert!(panel.contains("登錄本月的委託交易"));
    // Both titles are required, and a fixed day is not a default's to name.
    let mut bad = edit;
    bad[4] = ("title_zh_tw", " ");
    bad[7] = ("due_preset", "custom");
    let body = serde_urlencoded::to_string(bad).unwrap();
    let reply = app
        .send(plain_post(
            "/api/default_task_save",
            &body,
            "/admin/default-tasks",
            Some(&admin),
        ))
        .await;
    let (landed, _) = app.land(&reply, Some(&admin)).await;
    assert!(
        landed.body.contains(r#"id="field-2-title_zh_tw-error""#),
        "{}",
        landed.body
    );
    // The one with errors comes back unfolded, the others stay folded.
    assert_eq!(unfolded(&landed.body), 1);
    assert!(landed.body.contains(r#"id="field-2-due_preset-error""#));
    // Added, then deleted once confirmed.
    let add = [
        ("_form", "default-task-new"),
        ("position", "9"),
        ("title_en", "Book the partner summit"),
        ("title_zh_tw", "預訂合作夥伴高峰會"),
        ("kind", "todo"),
        ("priority", "low"),
        ("due_preset", "in_3_months"),
        ("notes_en", ""),
        ("notes_zh_tw", ""),
    ];
    let reply = app.call("/api/default_task_save", &add, Some(&admin)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let templates = partner_map::server::store::task_templates::templates(&app.db)
        .await
        .unwrap();
    let added = templates
        .iter()
        .find(|t| t.title_en == "Book the partner summit")
        .unwrap();
    let id = added.id.to_string();
    let unconfirmed = app
        .call(
            "/api/default_task_delete",
            &[("template_id", &id)],
            Some(&admin),
        )
        .await;
    assert_eq!(unconfirmed.status, StatusCode::BAD_REQUEST);
    let deleted = app
        .call(
            "/api/default_task_delete",
            &[("template_id", &id), ("confirm", "yes")],
            Some(&admin),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::OK);
    assert_eq!(
        partner_map::server::store::task_templates::templates(&app.db)
            .await
            .unwrap()
            .len(),
        templates.len() - 1
    );
}

#[tokio::test]
async fn with_two_instances_on_one_postgresql_a_change_reaches_the_other() {
    // Several instances share a database only on PostgreSQL; SQLite is one
    // process, where the test above covers delivery.
    if backend() != "postgres" {
        return;
    }
    let app = spawn_app().await;
    let other = partner_map::server::app::connect(
        partner_map::server::config::Config::for_database(&app.state.config.database_url),
    )
    .await
    .unwrap();
    // The second instance lives as long as its state does (its event hub).
    let other_router = partner_map::server::app::router(other.clone());
    let member = app.login("member@acme.test").await;
    let pdm = app.login("pdm@vendor.test").await;
    let req = Request::get(format!("/p/{}/tasks/events", app.acme))
        .header(header::ACCEPT, "text/event-stream")
        .header(header::COOKIE, &pdm)
        .body(Body::empty())
        .unwrap();
    let res = other_router.oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let mut stream = res.into_body();
    assert!(read_until(&mut stream, "event: ready")
        .await
        .contains("ready"));
    // The save goes through the first instance; the page is served by the second.
    let (id, _) = create(&app, app.acme, &member, &[]).await;
    let seen = read_until(&mut stream, "created").await;
    assert!(
        seen.contains(&format!(
            r#"{{"task":{id},"change":"created","version":1}}"#
        )),
        "{seen}"
    );
    other.db.close().await;
}

#[tokio::test]
async fn a_deactivated_user_belongs_to_nothing() {
    let app = spawn_app().await;
    let admin = app.login("admin@vendor.test").await;
    let member = app.login("member@acme.test").await;
    let pdm = app.user_id("pdm@vendor.test").await;
    let option = format!(r#"<option value="{pdm}""#);
    let panel = |cookie: String| {
        let app = &app;
        async move {
            app.send(
                Request::get(format!("/p/{}/tasks?new=open", app.acme))
                    .header(header::COOKIE, cookie)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
        }
    };
    assert!(
        panel(member.clone()).await.body.contains(&option),
        "offered while active"
    );
    let (held, version) = create(&app, app.acme, &member, &[("assignee", &pdm.to_string())]).await;
    let reply = app
        .call(
            "/api/admin_user_deactivate",
            &[("user_id", &pdm.to_string())],
            Some(&admin),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    // Not offered as an assignee, and refused when posted anyway.
    assert!(!panel(member.clone()).await.body.contains(&option));
    let reply = save_form(
        &app,
        app.acme,
        &task_form(&[("assignee", &pdm.to_string())]),
        &member,
    )
    .await;
    let (page, _) = app.land(&reply, Some(&member)).await;
    assert!(page
        .body
        .contains("Choose a member of this partner or one of its PDMs."));
    assert_eq!(all_tasks(&app, app.acme).await.len(), 1, "nothing is saved");
    // The task they held still says so, as deactivated, in the list and the
    // panel; saving it without touching the assignee keeps them.
    let list = app
        .get(&format!("/p/{}/tasks", app.acme), Some(&member))
        .await;
    assert!(
        list.body.contains("pdm@vendor.test (deactivated)"),
        "{}",
        list.body
    );
    let edit = app
        .get(&format!("/p/{}/tasks?task={held}", app.acme), Some(&member))
        .await;
    assert!(
        edit.body
            .contains(&format!(r#"<option value="{pdm}" selected"#))
            && edit.body.contains("pdm@vendor.test (deactivated)</option>"),
        "{}",
        edit.body
    );
    let kept = save_json(
        &app,
        app.acme,
        &task_form(&[
            ("task_id", &held.to_string()),
            ("version", &version.to_string()),
            ("assignee", &pdm.to_string()),
            ("title", "Renamed, still theirs"),
        ]),
        &member,
    )
    .await;
    assert_eq!(kept.status, StatusCode::OK, "{}", kept.body);
    let saved = all_tasks(&app, app.acme).await;
    assert_eq!(
        (saved[0].title.as_str(), saved[0].assignee_id),
        ("Renamed, still theirs", Some(pdm))
    );
    // Nor a member of the partner for anything else that asks.
    use partner_map::server::store::membership;
    assert!(!membership::belongs_to(&app.db, pdm, app.acme)
        .await
        .unwrap());
    let acme_member = app.user_id("member@acme.test").await;
    assert!(membership::belongs_to(&app.db, acme_member, app.acme)
        .await
        .unwrap());
    assert!(!membership::belongs_to(&app.db, acme_member, app.formosa)
        .await
        .unwrap());
}

/// Issue 22: a new task had a "Completed" box; only an existing one has.
#[tokio::test]
async fn only_an_existing_task_can_be_marked_completed_in_the_panel() {
    let app = spawn_app().await;
    let member = app.login("member@acme.test").await;
    let new = app
        .get(&format!("/p/{}/tasks?new=open", app.acme), Some(&member))
        .await;
    assert_eq!(new.status, StatusCode::OK);
    assert!(new.body.contains(r#"id="panel-heading""#));
    assert!(!new.body.contains(r#"name="completed""#));
    let task = app.add_task(app.acme, "Existing").await;
    let existing = app
        .get(&format!("/p/{}/tasks?task={task}", app.acme), Some(&member))
        .await;
    assert!(existing.body.contains(r#"name="completed""#));
}
