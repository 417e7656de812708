//! HTTP-level tests against the Router that `partner-map serve` runs, on SQLite
//! or PostgreSQL (see support/mod.rs).

use crate::support::*;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use partner_map::server::store::users;

#[tokio::test]
async fn login_sets_a_safe_session_cookie_and_logout_ends_the_session() {
    let app = spawn_app().await;
    let reply = app
        .call(
            "/api/login",
            &[("email", "member@acme.test"), ("password", PASSWORD)],
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let set_cookie = reply.session_cookie().unwrap();
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age="] {
        assert!(
            set_cookie.contains(attribute),
            "{set_cookie} lacks {attribute}"
        );
    }
    assert!(
        !set_cookie.contains("Secure"),
        "plain http must not set Secure"
    );
    let cookie = cookie_pair(&set_cookie);

    let info = app.call("/api/session", &[], Some(&cookie)).await.json();
    assert_eq!(info["user"]["email"], "member@acme.test");
    assert_eq!(info["partners"].as_array().unwrap().len(), 1);
    assert_eq!(info["partners"][0]["name"], "Acme");

    let out = app.call("/api/logout", &[], Some(&cookie)).await;
    assert_eq!(out.status, StatusCode::OK);
    assert!(out.session_cookie().unwrap().contains("Max-Age=0"));
    let info = app.call("/api/session", &[], Some(&cookie)).await.json();
    assert!(
        info["user"].is_null(),
        "the old cookie must no longer work: {info}"
    );
}

#[tokio::test]
async fn secure_cookie_behind_https() {
    let app = spawn_app().await;
    let mut req = api_request(
        "/api/login",
        &[("email", "pdm@vendor.test"), ("password", PASSWORD)],
        None,
        "127.0.0.1:1",
    );
    req.headers_mut()
        .insert("x-forwarded-proto", "https".parse().unwrap());
    let reply = app.send(req).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.session_cookie().unwrap().contains("; Secure"));
}

#[tokio::test]
async fn a_form_post_without_javascript_redirects() {
    let app = spawn_app().await;
    let ok = app
        .send(plain_post(
            "/api/login",
            "_form=login&email=member%40acme.test&password=correct+horse+battery&next=%2Fsettings",
            "/login?next=/settings",
            None,
        ))
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(ok.header("location"), Some("/settings"));
    assert!(ok.session_cookie().is_some());

    // A `next` that no Location header can carry falls back to the start page.
    let odd = app
        .send(plain_post(
            "/api/login",
            "email=member%40acme.test&password=correct+horse+battery&next=%2Fp%0D%0AX%3A+1",
            "/login",
            None,
        ))
        .await;
    assert_eq!(odd.status, StatusCode::SEE_OTHER);
    assert_eq!(odd.header("location"), Some("/"));
}

#[tokio::test]
async fn wrong_password_and_unknown_email_fail_alike() {
    let app = spawn_app().await;
    let wrong = app
        .call(
            "/api/login",
            &[
                ("email", "member@acme.test"),
                ("password", "wrong password"),
            ],
            None,
        )
        .await;
    let unknown = app
        .call(
            "/api/login",
            &[
                ("email", "nobody@acme.test"),
                ("password", "wrong password"),
            ],
            None,
        )
        .await;
    for reply in [&wrong, &unknown] {
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert_eq!(reply.json(), serde_json::json!("LoginFailed"));
        assert!(reply.session_cookie().is_none());
    }
    let bad_email = app
        .call(
            "/api/login",
            &[("email", "not an email"), ("password", "x")],
            None,
        )
        .await;
    assert_eq!(bad_email.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_email.json()["Invalid"][0]["field"], "email");
}

#[tokio::test]
async fn failed_logins_are_throttled_per_account() {
    let app = spawn_app().await;
    for _ in 0..5 {
        let r = app
            .call(
                "/api/login",
                &[
                    ("email", "member@acme.test"),
                    ("password", "wrong password"),
                ],
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    // Even the right password waits now.
    let r = app
        .call(
            "/api/login",
            &[("email", "member@acme.test"), ("password", PASSWORD)],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert_eq!(r.json()["TooManyAttempts"]["retry_after_minutes"], 15);
    assert!(r.session_cookie().is_none());
    // Another account from another address is unaffected.
    let other = app
        .send(api_request(
            "/api/login",
            &[("email", "pdm@vendor.test"), ("password", PASSWORD)],
            None,
            "10.9.9.9:1",
        ))
        .await;
    assert_eq!(other.status, StatusCode::OK);
}

#[tokio::test]
async fn failures_from_elsewhere_never_lock_out_a_browser_that_signed_in_before() {
    let app = spawn_app().await;
    let login = |email: &'static str,
                 password: &'static str,
                 cookie: Option<String>,
                 from: &'static str| {
        let app = &app;
        async move {
            app.send(api_request(
                "/api/login",
                &[("email", email), ("password", password)],
                cookie.as_deref(),
                from,
            ))
            .await
        }
    };
    let email = "member@acme.test";
    // The owner signed in once from their laptop, which keeps a device cookie.
    let first = login(email, PASSWORD, None, "198.51.100.1:1").await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let laptop = set_cookie_pair(&first, "pm_device").expect("a device cookie");
    // Someone elsewhere who knows only the email guesses until stopped…
    for _ in 0..5 {
        let r = login(email, "a guess", None, "203.0.113.9:1").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let stopped = login(email, PASSWORD, None, "203.0.113.9:1").await;
    assert_eq!(stopped.status, StatusCode::TOO_MANY_REQUESTS);
    // …and so is every browser the account does not know, wherever it is,
    // even with a device cookie of another account.
    let unknown = login(email, PASSWORD, None, "198.51.100.1:2").await;
    assert_eq!(unknown.status, StatusCode::TOO_MANY_REQUESTS);
    let theirs = login("member@formosa.test", PASSWORD, None, "203.0.113.9:2").await;
    let their_cookie = set_cookie_pair(&theirs, "pm_device").unwrap();
    let borrowed = login(email, PASSWORD, Some(their_cookie), "203.0.113.9:3").await;
    assert_eq!(borrowed.status, StatusCode::TOO_MANY_REQUESTS);
    // The owner's laptop still gets in, and gets a new cookie for the old.
    let owner = login(email, PASSWORD, Some(laptop.clone()), "198.51.100.1:3").await;
    assert_eq!(owner.status, StatusCode::OK, "{}", owner.body);
    let renewed = set_cookie_pair(&owner, "pm_device").unwrap();
    assert_ne!(renewed, laptop);
    // Guessing from a known browser still stops, after five of its own.
    for _ in 0..5 {
        let r = login(email, "a guess", Some(renewed.clone()), "198.51.100.1:4").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = login(email, PASSWORD, Some(renewed), "198.51.100.1:4").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn failed_logins_are_throttled_per_client_address() {
    let app = spawn_app().await;
    for i in 0..20 {
        let email = format!("guess{i}@acme.test");
        let r = app
            .send(api_request(
                "/api/login",
                &[("email", &email), ("password", "guess guess")],
                None,
                "192.0.2.7:1",
            ))
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let from_same = app
        .send(api_request(
            "/api/login",
            &[("email", "pdm@vendor.test"), ("password", PASSWORD)],
            None,
            "192.0.2.7:2",
        ))
        .await;
    assert_eq!(from_same.status, StatusCode::TOO_MANY_REQUESTS);
    let from_other = app
        .send(api_request(
            "/api/login",
            &[("email", "pdm@vendor.test"), ("password", PASSWORD)],
            None,
            "192.0.2.8:2",
        ))
        .await;
    assert_eq!(from_other.status, StatusCode::OK);
}

#[tokio::test]
async fn login_rotates_the_session_id() {
    let app = spawn_app().await;
    let first = app.login("member@acme.test").await;
    let reply = app
        .call(
            "/api/login",
            &[("email", "member@acme.test"), ("password", PASSWORD)],
            Some(&first),
        )
        .await;
    let second = cookie_pair(&reply.session_cookie().unwrap());
    assert_ne!(first, second);
    let old = app.call("/api/session", &[], Some(&first)).await.json();
    assert!(
        old["user"].is_null(),
        "the session the browser brought must end at login"
    );
    let new = app.call("/api/session", &[], Some(&second)).await.json();
    assert_eq!(new["user"]["email"], "member@acme.test");
}

/// Server functions that anyone may call; every other one needs a session.
#[tokio::test]
async fn members_reach_only_their_partner_and_pdms_only_assigned_ones() {
    let app = spawn_app().await;
    let acme = app.acme.to_string();
    let formosa = app.formosa.to_string();
    let cases = [
        ("member@acme.test", &acme, StatusCode::OK),
        ("member@acme.test", &formosa, StatusCode::FORBIDDEN),
        ("member@formosa.test", &formosa, StatusCode::OK),
        ("member@formosa.test", &acme, StatusCode::FORBIDDEN),
        ("pdm@vendor.test", &acme, StatusCode::OK),
        ("pdm@vendor.test", &formosa, StatusCode::FORBIDDEN),
        ("admin@vendor.test", &formosa, StatusCode::OK),
    ];
    for (email, partner, expected) in cases {
        let cookie = app.login(email).await;
        let reply = app
            .call("/api/partner", &[("partner_id", partner)], Some(&cookie))
            .await;
        assert_eq!(
            reply.status, expected,
            "{email} → partner {partner}: {}",
            reply.body
        );
    }
    let admin = app.login("admin@vendor.test").await;
    let missing = app
        .call("/api/partner", &[("partner_id", "999999")], Some(&admin))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    // The PDM's switcher lists exactly the assigned partners.
    let pdm = app.login("pdm@vendor.test").await;
    let info = app.call("/api/session", &[], Some(&pdm)).await.json();
    let names: Vec<_> = info["partners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].clone())
        .collect();
    assert_eq!(names, vec![serde_json::json!("Acme")]);
}

#[tokio::test]
async fn pages_of_another_partner_are_refused() {
    let app = spawn_app().await;
    let cookie = app.login("member@acme.test").await;
    let own = app
        .get(&format!("/p/{}/goals", app.acme), Some(&cookie))
        .await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.body.contains("Acme"));
    let other = app
        .get(&format!("/p/{}/goals", app.formosa), Some(&cookie))
        .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    assert!(
        !other.body.contains("Formosa"),
        "another partner's name leaked"
    );
    assert!(other.body.contains("You do not have access to this."));
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let app = spawn_app().await;
    let mut req = api_request(
        "/api/login",
        &[("email", "member@acme.test"), ("password", PASSWORD)],
        None,
        "127.0.0.1:1",
    );
    req.headers_mut()
        .insert("sec-fetch-site", "cross-site".parse().unwrap());
    let reply = app.send(req).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.session_cookie().is_none());

    let mut req = api_request("/api/logout", &[], None, "127.0.0.1:1");
    req.headers_mut().remove("sec-fetch-site");
    req.headers_mut()
        .insert(header::HOST, "127.0.0.1:3000".parse().unwrap());
    req.headers_mut()
        .insert(header::ORIGIN, "https://evil.example".parse().unwrap());
    assert_eq!(app.send(req).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn server_functions_change_nothing_on_get() {
    let app = spawn_app().await;
    let reply = app
        .get(
            "/api/login?email=member%40acme.test&password=correct+horse+battery",
            None,
        )
        .await;
    assert_ne!(reply.status, StatusCode::OK);
    assert!(reply.session_cookie().is_none());
}

#[tokio::test]
async fn security_headers_on_pages_and_api() {
    let app = spawn_app().await;
    let page = app.get("/login", None).await;
    assert_eq!(page.status, StatusCode::OK);
    let csp = page.header("content-security-policy").unwrap();
    assert!(
        csp.contains("frame-ancestors 'none'")
            && csp.contains("'wasm-unsafe-eval'")
            && csp.contains("'nonce-"),
        "{csp}"
    );
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap();
    assert!(
        page.body.contains(&format!("nonce=\"{nonce}\"")),
        "the page's scripts carry the CSP nonce"
    );
    for reply in [&page, &app.call("/api/session", &[], None).await] {
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(
            reply.header("referrer-policy"),
            Some("strict-origin-when-cross-origin")
        );
        assert!(reply
            .header("content-security-policy")
            .unwrap()
            .contains("frame-ancestors 'none'"));
        assert!(reply.header("x-request-id").is_some());
    }
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = spawn_app().await;
    let big = "x".repeat(3 * 1024 * 1024);
    let reply = app
        .call(
            "/api/login",
            &[("email", "a@b.test"), ("password", &big)],
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn health_check_reports_the_database() {
    let app = spawn_app().await;
    let reply = app.get("/healthz", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body.trim(), format!("ok {}", backend()));
}

#[tokio::test]
async fn pages_need_a_session_and_speak_the_users_language() {
    let app = spawn_app().await;
    let home = app.get("/", None).await;
    assert_eq!(home.status, StatusCode::FOUND);
    assert_eq!(home.header("location"), Some("/login"));

    let mut req = Request::get("/login").header(header::ACCEPT_LANGUAGE, "zh-TW,zh;q=0.9,en;q=0.5");
    req = req.header(header::ACCEPT, "text/html");
    let login = app.send(req.body(Body::empty()).unwrap()).await;
    assert!(
        login.body.contains("lang=\"zh-TW\""),
        "lang follows Accept-Language"
    );
    assert!(login.body.contains("登入"));

    // The user's own setting wins over the browser's.
    let cookie = app.login("member@formosa.test").await;
    let page = app
        .get(&format!("/p/{}/tasks", app.formosa), Some(&cookie))
        .await;
    assert!(page.body.contains("lang=\"zh-TW\"") && page.body.contains("進入市場"));
    // Chinese labels take a full-width colon, and the language is named in
    // full (issue 22).
    let deals = app
        .get(&format!("/p/{}/deals", app.formosa), Some(&cookie))
        .await;
    assert!(deals.body.contains("合作夥伴："), "{}", deals.body);
    assert!(!deals.body.contains("合作夥伴: "));
    assert!(deals.body.contains("繁體中文"));
    let english = app.login("member@acme.test").await;
    let page = app
        .get(&format!("/p/{}/tasks", app.acme), Some(&english))
        .await;
    assert!(page.body.contains("lang=\"en\"") && page.body.contains("Go to market"));
}

#[tokio::test]
async fn language_choice_is_remembered_before_and_after_login() {
    let app = spawn_app().await;
    let reply = app
        .call("/api/language", &[("locale", "zh-TW")], None)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let set = reply
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect::<Vec<_>>();
    assert!(
        set.iter().any(|c| c.starts_with("pm_locale=zh-TW")),
        "{set:?}"
    );
    let bad = app.call("/api/language", &[("locale", "xx")], None).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    let cookie = app.login("member@acme.test").await;
    app.call("/api/language", &[("locale", "zh-TW")], Some(&cookie))
        .await;
    let user = users::find_by_email(&app.db, "member@acme.test")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.locale, "zh-TW");
}

#[tokio::test]
async fn preferences_are_validated_and_saved() {
    let app = spawn_app().await;
    let cookie = app.login("member@acme.test").await;
    let bad = app
        .call(
            "/api/preferences",
            &[
                ("display_name", " "),
                ("locale", "fr"),
                ("time_zone", "Mars/Base"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let fields: Vec<_> = bad.json()["Invalid"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].clone())
        .collect();
    assert_eq!(
        fields,
        vec![
            serde_json::json!("display_name"),
            serde_json::json!("locale"),
            serde_json::json!("time_zone")
        ]
    );
    let ok = app
        .call(
            "/api/preferences",
            &[
                ("display_name", " 李大明 "),
                ("locale", "zh-TW"),
                ("time_zone", "Asia/Taipei"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let user = users::find_by_email(&app.db, "member@acme.test")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            user.display_name.as_str(),
            user.locale.as_str(),
            user.time_zone.as_str()
        ),
        ("李大明", "zh-TW", "Asia/Taipei")
    );
}

#[tokio::test]
async fn changing_the_password_checks_the_old_one_and_ends_other_sessions() {
    let app = spawn_app().await;
    let here = app.login("member@acme.test").await;
    let elsewhere = app.login("member@acme.test").await;
    let wrong = app
        .call(
            "/api/password",
            &[
                ("current_password", "nope"),
                ("new_password", "short"),
                ("confirm_password", "short"),
            ],
            Some(&here),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    let fields: Vec<_> = wrong.json()["Invalid"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].clone())
        .collect();
    assert_eq!(
        fields,
        vec![
            serde_json::json!("current_password"),
            serde_json::json!("new_password")
        ]
    );
    let mismatch = app
        .call(
            "/api/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a new passphrase"),
                ("confirm_password", "another one"),
            ],
            Some(&here),
        )
        .await;
    assert_eq!(mismatch.json()["Invalid"][0]["field"], "confirm_password");

    let ok = app
        .call(
            "/api/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a new passphrase"),
                ("confirm_password", "a new passphrase"),
            ],
            Some(&here),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(
        app.call("/api/session", &[], Some(&here)).await.json()["user"]["email"],
        "member@acme.test"
    );
    assert!(app.call("/api/session", &[], Some(&elsewhere)).await.json()["user"].is_null());
    let old = app
        .call(
            "/api/login",
            &[("email", "member@acme.test"), ("password", PASSWORD)],
            None,
        )
        .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let new = app
        .call(
            "/api/login",
            &[
                ("email", "member@acme.test"),
                ("password", "a new passphrase"),
            ],
            None,
        )
        .await;
    assert_eq!(new.status, StatusCode::OK);
}

#[tokio::test]
async fn expired_sessions_are_refused() {
    let app = spawn_app().await;
    let cookie = app.login("member@acme.test").await;
    let token = cookie.trim_start_matches("pm_session=");
    let hash = partner_map::server::auth::token_hash(token);
    let past = chrono::Utc::now() - chrono::Duration::hours(13);
    partner_map::server::store::sessions::touch(&app.db, &hash, past)
        .await
        .unwrap();
    assert!(
        app.call("/api/session", &[], Some(&cookie)).await.json()["user"].is_null(),
        "idle too long"
    );
}

#[tokio::test]
async fn sessions_end_at_their_absolute_expiry_however_active() {
    let app = spawn_app().await;
    let cookie = app.login("member@acme.test").await;
    let hash = partner_map::server::auth::token_hash(cookie.trim_start_matches("pm_session="));
    let past = chrono::Utc::now() - chrono::Duration::seconds(1);
    partner_map::with_db!(&app.db, |pool| {
        sqlx::query("UPDATE sessions SET expires_at = $1 WHERE token_hash = $2")
            .bind(past)
            .bind(&hash)
            .execute(pool)
            .await
            .map(|_| ())
            .unwrap()
    });
    assert!(app.call("/api/session", &[], Some(&cookie)).await.json()["user"].is_null());
    assert!(
        partner_map::server::store::sessions::find(&app.db, &hash)
            .await
            .unwrap()
            .is_none(),
        "the expired row is gone"
    );
}

#[tokio::test]
async fn bad_input_gets_a_clear_error_not_a_crash() {
    let app = spawn_app().await;
    let cookie = app.login("admin@vendor.test").await;
    let reply = app
        .call(
            "/api/partner",
            &[("partner_id", "not-a-number")],
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert_eq!(reply.json(), serde_json::json!("BadRequest"));
    let missing = app.call("/api/login", &[], None).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn unknown_pages_are_404_in_the_users_language() {
    let app = spawn_app().await;
    let reply = app.get("/no/such/page", None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.body.contains("Page not found."));
    let req = Request::get("/no/such/page")
        .header(header::ACCEPT, "text/html")
        .header(header::ACCEPT_LANGUAGE, "zh-TW");
    let reply = app.send(req.body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.body.contains("找不到此頁面。") && reply.body.contains("lang=\"zh-TW\""));

    let cookie = app.login("member@acme.test").await;
    let unknown_area = app
        .get(&format!("/p/{}/payroll", app.acme), Some(&cookie))
        .await;
    assert_eq!(unknown_area.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn pages_are_compressed_for_browsers_that_take_it() {
    let app = spawn_app().await;
    let req = Request::get("/login")
        .header(header::ACCEPT, "text/html")
        .header(header::ACCEPT_ENCODING, "gzip, br")
        .body(Body::empty())
        .unwrap();
    let reply = app.send(req).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-encoding"), Some("gzip"));
    // Without Accept-Encoding the page comes as it is.
    let plain = app.get("/login", None).await;
    assert_eq!(plain.header("content-encoding"), None);
    assert!(plain.body.contains("<html"));
}
