//! Pages kept in memory (`server::web::page_cache`), on SQLite and PostgreSQL: a
//! page viewed again comes from memory with a nonce of its own, and every
//! write a page shows, made by the app or by hand in SQL, is seen at the next
//! view; what must always be rendered is never kept.

use crate::support::*;
use axum::body::{to_bytes, Body};
use axum::http::{header, Request, StatusCode};
use partner_map::server::db::with_db;
use partner_map::server::store::partners;
use std::io::Read;
use tower::ServiceExt;

async fn exec(app: &TestApp, sql: &str) {
    with_db!(&app.db, |e| sqlx::query(sql).execute(e).await.map(|_| ()))
        .unwrap_or_else(|err| panic!("{sql}: {err}"));
}

/// The nonce the reply's policy names.
fn nonce(reply: &Reply) -> String {
    let policy = reply.header("content-security-policy").unwrap();
    let start = policy.find("'nonce-").unwrap() + "'nonce-".len();
    let len = policy[start..].find('\'').unwrap();
    policy[start..start + len].to_string()
}

/// The notification bell's label.
fn bell(body: &str) -> String {
    let at = body
        .find(r#"href="/notifications" aria-label=""#)
        .expect("a bell");
    let rest = &body[at + r#"href="/notifications" aria-label=""#.len()..];
    rest[..rest.find('"').unwrap()].to_string()
}

#[tokio::test]
async fn a_page_viewed_again_comes_from_memory_with_a_nonce_of_its_own() {
    let app = spawn_app().await;
    let me = app.login("member@acme.test").await;
    let page = format!("/p/{}/tasks", app.acme);
    let first = app.get(&page, Some(&me)).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!((app.pages.len(), app.pages.hits()), (1, 0));

    let second = app.get(&page, Some(&me)).await;
    assert_eq!(app.pages.hits(), 1, "the second view came from memory");
    let (old, new) = (nonce(&first), nonce(&second));
    assert_ne!(old, new);
    assert!(second.body.contains(&format!(r#"nonce="{new}""#)));
    assert_eq!(second.body, first.body.replace(&old, &new));
    assert_eq!(second.header("content-type"), first.header("content-type"));

    // Gzipped when the browser takes it, and the same page inside.
    let req = Request::get(&page)
        .header(header::COOKIE, &me)
        .header(header::ACCEPT_ENCODING, "gzip, br")
        .body(Body::empty())
        .unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(app.pages.hits(), 2);
    assert_eq!(res.headers()[header::CONTENT_ENCODING], "gzip");
    assert_eq!(res.headers()[header::VARY], "accept-encoding");
    let policy = res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_string();
    let gz = to_bytes(res.into_body(), usize::MAX).await.unwrap();
    let mut html = String::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_string(&mut html)
        .unwrap();
    let third = policy
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap();
    assert_eq!(html, first.body.replace(&old, third));

    // Another person's view of the same page is their own.
    let other = app.login("pdm@vendor.test").await;
    let theirs = app.get(&page, Some(&other)).await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert_eq!(app.pages.hits(), 2);
    assert!(theirs.body.contains("Signed in as pdm@vendor.test"));
    assert!(!theirs.body.contains("Signed in as member@acme.test"));
}

#[tokio::test]
async fn every_write_a_page_shows_is_seen_at_the_next_view() {
    let app = spawn_app().await;
    let pdm = app.login("pdm@vendor.test").await;
    let page = format!("/p/{}/tasks", app.acme);
    let acme = app.acme;
    let view = || app.get(&page, Some(&pdm));
    view().await;
    assert!(view().await.body.contains("Acme"));
    assert_eq!(app.pages.hits(), 1);

    // A task, through the app; then renamed by hand.
    app.add_task(acme, "Call the distributor").await;
    assert!(view().await.body.contains("Call the distributor"));
    exec(
        &app,
        &format!("UPDATE tasks SET title = 'Email the distributor' WHERE partner_id = {acme}"),
    )
    .await;
    assert!(view().await.body.contains("Email the distributor"));

    // The partner's name, the viewer's own name, their notifications.
    exec(
        &app,
        &format!("UPDATE partners SET name = 'Acme Renamed' WHERE id = {acme}"),
    )
    .await;
    assert!(view().await.body.contains("Acme Renamed"));
    exec(
        &app,
        "UPDATE users SET display_name = 'Pat Renamed' WHERE email = 'pdm@vendor.test'",
    )
    .await;
    let body = view().await.body;
    assert!(body.contains("Pat Renamed"));
    assert_eq!(bell(&body), "Notifications, 0 unread");
    exec(
        &app,
        &format!(
            "INSERT INTO notifications (kind, user_id, partner_id, review_year, review_quarter, remind_at, created_at) \
             SELECT 'review_due', id, {acme}, 2026, 3, '2026-10-01T00:00:00+00:00', '2026-10-01T00:00:00+00:00' \
             FROM users WHERE email = 'pdm@vendor.test'"
        ),
    )
    .await;
    assert_eq!(bell(&view().await.body), "Notifications, 1 unread");

    // The viewer's language.
    exec(
        &app,
        "UPDATE users SET locale = 'zh-TW' WHERE email = 'pdm@vendor.test'",
    )
    .await;
    assert_eq!(bell(&view().await.body), "通知，1 則未讀");

    // The assignment ends: the page is refused, not shown from memory.
    exec(
        &app,
        &format!("DELETE FROM pdm_assignments WHERE partner_id = {acme}"),
    )
    .await;
    assert_eq!(view().await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn every_table_a_page_shows_moves_the_stamp() {
    let app = spawn_app().await;
    let acme = app.acme;
    let task = app.add_task(acme, "A task").await;
    let stamp = || partners::page_stamp(&app.db, Some(acme));
    // Each write, and which part of the stamp it must move.
    let writes: Vec<(String, &str)> = vec![
        (format!("UPDATE tasks SET notes = 'n' WHERE id = {}", task.0), "data"),
        (format!("INSERT INTO goal_plans (partner_id, year, organizational_goal, revenue_goal, people_goal, market_goal, partnership_goal, created_at, updated_at, version) \
                  VALUES ({acme}, 2030, '', '', '', '', '', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00', 1)"), "data"),
        (format!("INSERT INTO goal_targets (plan_id, metric, month, value) \
                  SELECT id, 'sourced_deals_created', 1, 5 FROM goal_plans WHERE partner_id = {acme} AND year = 2030"), "data"),
        (format!("INSERT INTO goal_revisions (plan_id, version, subject, old_value, new_value, reason, changed_at) \
                  SELECT id, 2, 's', 'a', 'b', 'r', '2026-01-01T00:00:00+00:00' FROM goal_plans WHERE partner_id = {acme} AND year = 2030"), "data"),
        (format!("DELETE FROM goal_targets WHERE plan_id IN (SELECT id FROM goal_plans WHERE partner_id = {acme})"), "data"),
        (format!("INSERT INTO deal_import_mappings (partner_id, mapping, updated_at) VALUES ({acme}, '{{}}', '2026-01-01T00:00:00+00:00')"), "data"),
        ("UPDATE task_templates SET notes_en = 'changed'".into(), "site"),
        (format!("UPDATE partners SET time_zone = 'UTC' WHERE id = {acme}"), "site"),
        ("UPDATE users SET time_zone = 'Asia/Taipei' WHERE email = 'member@acme.test'".into(), "site"),
        (format!("DELETE FROM tasks WHERE id = {}", task.0), "data"),
    ];
    for (sql, part) in writes {
        let before = stamp().await.unwrap();
        exec(&app, &sql).await;
        let after = stamp().await.unwrap();
        let moved = match part {
            "data" => after.data > before.data,
            _ => after.site > before.site,
        };
        assert!(moved, "{sql}: {before:?} → {after:?}");
    }
    // The versions' own bumps are not news to everyone else.
    let before = stamp().await.unwrap();
    app.add_task(acme, "Another").await;
    let after = stamp().await.unwrap();
    assert_eq!(
        after.site, before.site,
        "a task is the partner's news, not the site's"
    );
    // Another partner's writes leave this one's pages alone.
    app.add_task(app.formosa, "Theirs").await;
    assert_eq!(stamp().await.unwrap(), after);
    // A login writes nothing a page shows: every kept page stays.
    app.login("member@acme.test").await;
    app.login("pdm@vendor.test").await;
    assert_eq!(
        stamp().await.unwrap(),
        after,
        "a login threw kept pages away"
    );
}

#[tokio::test]
async fn what_must_be_rendered_every_time_is_never_kept() {
    let app = spawn_app().await;
    let pdm = app.login("pdm@vendor.test").await;
    for path in ["/portfolio", "/notifications", "/"] {
        assert_eq!(
            app.get(path, Some(&pdm)).await.status,
            StatusCode::OK,
            "{path}"
        );
    }
    let admin = app.login("admin@vendor.test").await;
    assert_eq!(
        app.get("/admin/audit", Some(&admin)).await.status,
        StatusCode::OK
    );
    // Someone else's partner: an error page.
    let member = app.login("member@acme.test").await;
    let refused = app
        .get(&format!("/p/{}/tasks", app.formosa), Some(&member))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    // Signed out.
    assert_ne!(
        app.get(&format!("/p/{}/tasks", app.acme), None)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(app.pages.len(), 0);

    // A page showing a form's refusal (a flash, shown once) is not kept: the
    // next view is the plain page.
    assert_eq!(
        app.get("/settings", Some(&member)).await.status,
        StatusCode::OK
    );
    let reply = app
        .send(plain_post(
            "/api/preferences",
            &format!(
                "_form=preferences&display_name={}&locale=en&time_zone=UTC",
                "x".repeat(101)
            ),
            "/settings",
            Some(&member),
        ))
        .await;
    let (refusal, _) = app.land(&reply, Some(&member)).await;
    assert!(refusal.body.contains("This name is too long."));
    let hits = app.pages.hits();
    let again = app.get("/settings", Some(&member)).await;
    assert!(!again.body.contains("This name is too long."));
    assert_eq!(app.pages.hits(), hits + 1, "the plain page, from memory");
}
