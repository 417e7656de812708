//! The holes an outside review found, each with real parallel requests against
//! the real Router: the client address behind a proxy, password checks under
//! concurrency, and guessing the current password with a stolen session.

use crate::support::*;
use axum::http::StatusCode;
use partner_map::server::store::login_failures::{self, Counted};

#[tokio::test]
async fn behind_a_proxy_the_client_cannot_pick_its_own_address() {
    let app = spawn_app_with(|c| c.trust_forwarded_for = true).await;
    let mut statuses = Vec::new();
    for i in 0..25 {
        // The client writes any X-Forwarded-For it likes; the proxy appends the
        // address it really saw, always the same here.
        let mut req = api_request(
            "/api/login",
            &[
                ("email", &format!("guess{i}@acme.test")),
                ("password", "wrong password"),
            ],
            None,
            "10.0.0.2:40000",
        );
        req.headers_mut().insert(
            "x-forwarded-for",
            format!("192.0.2.{i}, 203.0.113.7").parse().unwrap(),
        );
        statuses.push(app.send(req).await.status);
    }
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(
        refused, 5,
        "20 failures per address, then refusals: {statuses:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_parallel_guesses_get_at_most_five_password_checks() {
    let app = spawn_app().await;
    let statuses = parallel_logins(&app, 50, |i| {
        ("member@acme.test".into(), format!("guess number {i}"))
    })
    .await;
    let count = |status| statuses.iter().filter(|s| **s == status).count();
    let (checked, refused) = (
        count(StatusCode::UNAUTHORIZED),
        count(StatusCode::TOO_MANY_REQUESTS),
    );
    assert_eq!((checked, refused), (5, 45));
    let since = chrono::Utc::now() - chrono::Duration::hours(1);
    let failures = login_failures::since(&app.db, Counted::Account("member@acme.test"), since)
        .await
        .unwrap();
    assert_eq!(failures.len(), 5);
    // The right password now waits like any other attempt.
    let reply = app
        .call(
            "/api/login",
            &[("email", "member@acme.test"), ("password", PASSWORD)],
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
}

/// A password change to a valid new password, with `current` as the current one.
async fn change_from(app: &TestApp, cookie: &str, current: &str) -> StatusCode {
    let new = "a new long password";
    app.call(
        "/api/password",
        &[
            ("current_password", current),
            ("new_password", new),
            ("confirm_password", new),
        ],
        Some(cookie),
    )
    .await
    .status
}

#[tokio::test]
async fn the_current_password_cannot_be_guessed_with_a_session() {
    let app = spawn_app().await;
    let cookie = app.login("member@acme.test").await;
    let mut statuses = Vec::new();
    for i in 0..12 {
        statuses.push(change_from(&app, &cookie, &format!("guess {i} of mine")).await);
    }
    assert_eq!(&statuses[..5], &[StatusCode::BAD_REQUEST; 5]);
    assert_eq!(&statuses[5..], &[StatusCode::TOO_MANY_REQUESTS; 7]);
    // Even the right one waits now; the session itself still works.
    assert_eq!(
        change_from(&app, &cookie, PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    let info = app.call("/api/session", &[], Some(&cookie)).await.json();
    assert_eq!(info["user"]["email"], "member@acme.test");
}

#[tokio::test]
async fn a_right_current_password_forgives_earlier_slips() {
    let app = spawn_app().await;
    let cookie = app.login("member@acme.test").await;
    for _ in 0..4 {
        let wrong = app
            .call(
                "/api/password",
                &[
                    ("current_password", "slip of the finger"),
                    ("new_password", "x"),
                    ("confirm_password", "x"),
                ],
                Some(&cookie),
            )
            .await;
        assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    }
    assert_eq!(change_from(&app, &cookie, PASSWORD).await, StatusCode::OK);
    let since = chrono::Utc::now() - chrono::Duration::hours(1);
    let failures = login_failures::since(&app.db, Counted::Account("member@acme.test"), since)
        .await
        .unwrap();
    assert!(failures.is_empty());
}

#[tokio::test]
async fn answers_with_personal_data_are_never_stored() {
    let app = spawn_app().await;
    let member = app.login("member@acme.test").await;
    let partner = app.acme.to_string();
    let goals = format!("/p/{partner}/goals");
    // A page rendered, the same page kept and served again, a server
    // function's answer, an export, and a page before login.
    let answers = [
        app.get(&goals, Some(&member)).await,
        app.get(&goals, Some(&member)).await,
        app.call("/api/partner", &[("partner_id", &partner)], Some(&member))
            .await,
        app.get(&format!("/p/{partner}/deals.csv"), Some(&member))
            .await,
        app.get("/login", None).await,
    ];
    for reply in answers {
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(reply.header("cache-control"), Some("no-store"));
    }
}

#[tokio::test]
async fn a_nul_character_in_any_field_is_refused_and_nothing_is_written() {
    // PostgreSQL cannot store one in text: it used to answer a 500.
    let app = spawn_app().await;
    let admin = app.login("admin@vendor.test").await;
    let member = app.login("member@acme.test").await;
    let partner = plain_post(
        "/api/admin_partner_create",
        "_form=partner_create&name=%00&currency=USD&time_zone=UTC",
        "/admin/partners",
        Some(&admin),
    );
    let reply = app.send(partner).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    let task = plain_post(
        &format!("/p/{}/tasks/save", app.acme),
        "_form=task&title=Call%00me&kind=call&priority=none&due_preset=today&reminder=none",
        &format!("/p/{}/tasks?new=open", app.acme),
        Some(&member),
    );
    assert_eq!(app.send(task).await.status, StatusCode::BAD_REQUEST);
    let json = app
        .call(
            "/api/preferences",
            &[
                ("display_name", "Amy\0"),
                ("locale", "en"),
                ("time_zone", "UTC"),
            ],
            Some(&member),
        )
        .await;
    assert_eq!(json.status, StatusCode::BAD_REQUEST);
    let query = app.get("/p/1/deals?q=%00", Some(&member)).await;
    assert_eq!(query.status, StatusCode::BAD_REQUEST);
    assert!(app.task_titles(app.acme).await.is_empty());
    let names: Vec<String> = partner_map::server::store::partners::all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    // A typed "\u0000" is text, and a name may hold it.
    let typed = app
        .call(
            "/api/preferences",
            &[
                ("display_name", "Amy \\u0000"),
                ("locale", "en"),
                ("time_zone", "UTC"),
            ],
            Some(&member),
        )
        .await;
    assert_eq!(typed.status, StatusCode::OK, "{}", typed.body);
}
