//! The JSON API (`/api/v1/`), called as a partner's own systems call it:
//! a bearer token, JSON in and out, through the Router `serve` runs, on
//! SQLite and PostgreSQL. Tokens end when they should; no token ever reaches
//! another partner's data; writes keep the forms' rules, `If-Match` and
//! `Idempotency-Key`; the bulk upsert equals the CSV import.

use crate::support::*;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use partner_map::model::api_token::Scope;
use partner_map::model::{PartnerId, Role};
use partner_map::server::admin::{self, set_assignment, set_user_active, Actor};
use partner_map::server::rest::tokens::{self, Maker, TokenRequest};
use partner_map::server::store::users;
use serde_json::{json, Value};
use std::time::Duration;

/// A token made by `email` (as on the tokens page) for `partner`.
async fn token(app: &TestApp, email: &str, partner: Option<PartnerId>, scopes: &[Scope]) -> String {
    let id = app.user_id(email).await;
    let user = users::find(&app.db, id).await.unwrap().unwrap();
    let request = TokenRequest {
        partner,
        name: format!("{email} automation"),
        scopes: scopes.iter().map(|s| s.as_str().to_string()).collect(),
        lifetime: if user.role == Role::Admin {
            "never"
        } else {
            "90"
        }
        .into(),
    };
    tokens::create(&app.db, Maker::User(&user), &request, chrono::Utc::now())
        .await
        .unwrap()
        .secret
}

const EVERY_SCOPE: &[Scope] = &[
    Scope::DealsRead,
    Scope::DealsWrite,
    Scope::GoalsRead,
    Scope::ProgressRead,
    Scope::TasksRead,
    Scope::TasksWrite,
];

/// One API request, from `addr`.
fn request(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
    headers: &[(&str, &str)],
) -> Request<Body> {
    let mut req = Request::builder().method(method).uri(path);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    if body.is_some() {
        req = req.header(header::CONTENT_TYPE, "application/json");
    }
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let mut req = req
        .body(body.map_or(Body::empty(), |b| Body::from(b.to_string())))
        .unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo::<std::net::SocketAddr>(
            "203.0.113.7:40000".parse().unwrap(),
        ));
    req
}

impl TestApp {
    async fn api(&self, method: &str, path: &str, token: &str, body: Option<&Value>) -> Reply {
        self.send(request(method, path, Some(token), body, &[]))
            .await
    }
}

fn deal(external_id: &str, mrr: &str) -> Value {
    json!({
        "external_id": external_id, "name": format!("Deal {external_id}"), "kind": "sourced",
        "stage": "closed_won", "create_date": "2026-02-03", "close_date": "2026-03-04", "mrr": mrr,
        "owner": "Morgan", "company": "Formosa Foods", "notes": ""
    })
}

/// Every endpoint, what it needs, and a request that would pass with it.
fn endpoints(
    partner: PartnerId,
    deal: i64,
    task: i64,
) -> Vec<(&'static str, String, Scope, Option<Value>)> {
    let p = format!("/api/v1/partners/{partner}");
    vec![
        ("GET", format!("{p}/deals"), Scope::DealsRead, None),
        (
            "POST",
            format!("{p}/deals"),
            Scope::DealsWrite,
            Some(deal_body("sweep-1")),
        ),
        ("GET", format!("{p}/deals/{deal}"), Scope::DealsRead, None),
        (
            "PATCH",
            format!("{p}/deals/{deal}"),
            Scope::DealsWrite,
            Some(json!({"name": "Renamed"})),
        ),
        (
            "POST",
            format!("{p}/deals/bulk"),
            Scope::DealsWrite,
            Some(json!({"deals": [deal_body("sweep-2")]})),
        ),
        (
            "DELETE",
            format!("{p}/deals/{deal}"),
            Scope::DealsWrite,
            None,
        ),
        ("GET", format!("{p}/goals/2026"), Scope::GoalsRead, None),
        (
            "GET",
            format!("{p}/progress/2026"),
            Scope::ProgressRead,
            None,
        ),
        ("GET", format!("{p}/tasks"), Scope::TasksRead, None),
        (
            "POST",
            format!("{p}/tasks"),
            Scope::TasksWrite,
            Some(json!({"title": "Sweep", "due_date": "2026-12-20"})),
        ),
        (
            "PATCH",
            format!("{p}/tasks/{task}"),
            Scope::TasksWrite,
            Some(json!({"title": "Swept"})),
        ),
        (
            "POST",
            format!("{p}/tasks/{task}/complete"),
            Scope::TasksWrite,
            None,
        ),
        ("GET", format!("{p}/tasks/events"), Scope::TasksRead, None),
    ]
}

fn deal_body(external_id: &str) -> Value {
    deal(external_id, "100.00")
}

#[tokio::test]
async fn every_endpoint_needs_its_scope_and_its_partner() {
    let app = spawn_app().await;
    let acme_deal = app.add_deal(app.acme, "A-1").await.0;
    let acme_task = app.add_task(app.acme, "Acme's").await.0;
    let formosa_deal = app.add_deal(app.formosa, "F-1").await.0;
    let formosa_task = app.add_task(app.formosa, "Formosa's").await.0;
    // No token, or an unknown one: 401 everywhere, before anything is read.
    let unknown = format!("pm_{}", "f".repeat(64));
    for (method, path, _, body) in endpoints(app.acme, acme_deal, acme_task) {
        for token in [None, Some(unknown.as_str())] {
            let reply = app
                .send(request(method, &path, token, body.as_ref(), &[]))
                .await;
            assert_eq!(
                reply.status,
                StatusCode::UNAUTHORIZED,
                "{method} {path}: {}",
                reply.body
            );
        }
    }
    // Each scope alone, against every endpoint of the member's own partner.
    for scope in EVERY_SCOPE {
        let secret = token(&app, "member@acme.test", Some(app.acme), &[*scope]).await;
        for (method, path, needs, body) in endpoints(app.acme, acme_deal, acme_task) {
            let headers = [("if-match", "\"999\"")];
            let req = request(method, &path, Some(&secret), body.as_ref(), &headers);
            if path.ends_with("/events") && needs == *scope {
                // A stream that opens does not end: its status is the answer.
                let res = app.router.clone().oneshot_request(req).await;
                assert_eq!(res.status(), StatusCode::OK, "{scope:?} refused the stream");
                continue;
            }
            let reply = app.send(req).await;
            if needs == *scope {
                assert_ne!(
                    reply.status,
                    StatusCode::FORBIDDEN,
                    "{scope:?} refused {method} {path}: {}",
                    reply.body
                );
                assert_ne!(reply.status, StatusCode::UNAUTHORIZED, "{method} {path}");
            } else {
                assert_eq!(
                    reply.status,
                    StatusCode::FORBIDDEN,
                    "{scope:?} reached {method} {path}: {}",
                    reply.body
                );
                assert_eq!(reply.json()["error"]["code"], "forbidden");
            }
        }
    }
    // Every scope, against the other partner: never a foreign record.
    let member = token(&app, "member@acme.test", Some(app.acme), EVERY_SCOPE).await;
    let pdm = token(&app, "pdm@vendor.test", Some(app.acme), EVERY_SCOPE).await;
    for secret in [&member, &pdm] {
        for (method, path, _, body) in endpoints(app.formosa, formosa_deal, formosa_task) {
            let reply = app
                .send(request(method, &path, Some(secret), body.as_ref(), &[]))
                .await;
            assert!(
                matches!(reply.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
                "{method} {path} of another partner: {} {}",
                reply.status,
                reply.body
            );
            assert!(
                !reply.body.contains("Formosa's") && !reply.body.contains("F-1"),
                "{}",
                reply.body
            );
        }
        // A foreign record named under the token's own partner is not found.
        for path in [
            format!("/api/v1/partners/{}/deals/{formosa_deal}", app.acme),
            format!(
                "/api/v1/partners/{}/tasks/{formosa_task}/complete",
                app.acme
            ),
        ] {
            let method = if path.ends_with("complete") {
                "POST"
            } else {
                "GET"
            };
            let reply = app
                .send(request(method, &path, Some(secret), None, &[]))
                .await;
            assert_eq!(
                reply.status,
                StatusCode::NOT_FOUND,
                "{path}: {}",
                reply.body
            );
        }
    }
    // The foreign records are as they were.
    assert_eq!(app.deal_count(app.formosa).await, 1);
    assert_eq!(app.task_titles(app.formosa).await, ["Formosa's"]);
}

#[tokio::test]
async fn a_token_ends_when_revoked_expired_or_its_maker_loses_access() {
    let app = spawn_app().await;
    let deals = format!("/api/v1/partners/{}/deals", app.acme);
    let ok = |r: &Reply| assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let refused = |r: &Reply, status: StatusCode, code: &str| {
        assert_eq!(r.status, status, "{}", r.body);
        assert_eq!(r.json()["error"]["code"], code, "{}", r.body);
    };
    // No token, a malformed one, an unknown one.
    let none = app.send(request("GET", &deals, None, None, &[])).await;
    refused(&none, StatusCode::UNAUTHORIZED, "token_missing");
    assert!(none
        .header("www-authenticate")
        .unwrap()
        .starts_with("Bearer"));
    let unknown = format!("pm_{}", "0".repeat(64));
    refused(
        &app.api("GET", &deals, "pm_short", None).await,
        StatusCode::UNAUTHORIZED,
        "token_invalid",
    );
    refused(
        &app.api("GET", &deals, &unknown, None).await,
        StatusCode::UNAUTHORIZED,
        "token_invalid",
    );

    // Revoked: refused at once.
    let secret = token(
        &app,
        "member@acme.test",
        Some(app.acme),
        &[Scope::DealsRead],
    )
    .await;
    ok(&app.api("GET", &deals, &secret, None).await);
    let id = only_token(&app, app.acme).await;
    tokens::revoke(
        &app.db,
        Maker::CommandLine,
        id,
        Some(app.acme),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    refused(
        &app.api("GET", &deals, &secret, None).await,
        StatusCode::UNAUTHORIZED,
        "token_invalid",
    );

    // Expired.
    let secret = token(
        &app,
        "member@acme.test",
        Some(app.acme),
        &[Scope::DealsRead],
    )
    .await;
    ok(&app.api("GET", &deals, &secret, None).await);
    expire_every_token(&app).await;
    refused(
        &app.api("GET", &deals, &secret, None).await,
        StatusCode::UNAUTHORIZED,
        "token_invalid",
    );

    // Its maker deactivated.
    let secret = token(
        &app,
        "member@acme.test",
        Some(app.acme),
        &[Scope::DealsRead],
    )
    .await;
    ok(&app.api("GET", &deals, &secret, None).await);
    let member = app.user_id("member@acme.test").await;
    set_user_active(&app.db, &Actor::CommandLine, member, false)
        .await
        .unwrap();
    refused(
        &app.api("GET", &deals, &secret, None).await,
        StatusCode::UNAUTHORIZED,
        "token_invalid",
    );
    set_user_active(&app.db, &Actor::CommandLine, member, true)
        .await
        .unwrap();
    // Reactivated, the token works again: it was never revoked.
    ok(&app.api("GET", &deals, &secret, None).await);

    // Its maker unassigned from the partner (a PDM): refused, and nothing read.
    let secret = token(&app, "pdm@vendor.test", Some(app.acme), &[Scope::DealsRead]).await;
    ok(&app.api("GET", &deals, &secret, None).await);
    let pdm = app.user_id("pdm@vendor.test").await;
    set_assignment(&app.db, &Actor::CommandLine, pdm, app.acme, false)
        .await
        .unwrap();
    refused(
        &app.api("GET", &deals, &secret, None).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );

    // An archived partner closes to its member's token as to its pages.
    let secret = token(
        &app,
        "member@acme.test",
        Some(app.acme),
        &[Scope::DealsRead],
    )
    .await;
    admin::set_partner_archived(&app.db, &Actor::CommandLine, app.acme, true)
        .await
        .unwrap();
    refused(
        &app.api("GET", &deals, &secret, None).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
}

async fn only_token(app: &TestApp, partner: PartnerId) -> partner_map::model::TokenId {
    let list = tokens::list(
        &app.db,
        partner_map::server::store::api_tokens::Listed::Partner(partner),
    )
    .await
    .unwrap();
    assert_eq!(list.len(), 1);
    list[0].id
}

async fn expire_every_token(app: &TestApp) {
    let past = chrono::Utc::now() - chrono::Duration::seconds(1);
    partner_map::server::db::with_db!(&app.db, |e| sqlx::query(
        "UPDATE api_tokens SET expires_at = $1"
    )
    .bind(past)
    .execute(e)
    .await
    .map(|_| ()))
    .unwrap();
}

#[tokio::test]
async fn cookies_never_open_the_api_and_tokens_never_open_the_pages() {
    let app = spawn_app().await;
    let cookie = app.login("member@acme.test").await;
    let deals = format!("/api/v1/partners/{}/deals", app.acme);
    let mut req = request("GET", &deals, None, None, &[]);
    req.headers_mut()
        .insert(header::COOKIE, cookie.parse().unwrap());
    let reply = app.send(req).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.body);

    let secret = token(&app, "member@acme.test", Some(app.acme), EVERY_SCOPE).await;
    // A deal the pages would show to the member: never to the token.
    app.add_deal(app.acme, "A-1").await;
    for page in [
        format!("/p/{}/deals", app.acme),
        format!("/p/{}/deals.csv", app.acme),
    ] {
        let reply = app
            .send(request(
                "GET",
                &page,
                Some(&secret),
                None,
                &[("accept", "text/html")],
            ))
            .await;
        assert!(!reply.body.contains("Deal A-"), "{page}");
        assert!(
            matches!(
                reply.status,
                StatusCode::SEE_OTHER | StatusCode::UNAUTHORIZED | StatusCode::FOUND
            ),
            "{page} opened with a token: {}",
            reply.status
        );
    }
    // Nor a server function.
    let mut call = api_request(
        "/api/deals",
        &[("partner_id", &app.acme.to_string()), ("query", "")],
        None,
        "127.0.0.1:1",
    );
    call.headers_mut().insert(
        header::AUTHORIZATION,
        format!("Bearer {secret}").parse().unwrap(),
    );
    assert_eq!(app.send(call).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn deals_are_written_with_the_forms_rules_and_versions() {
    let app = spawn_app().await;
    let secret = token(
        &app,
        "member@formosa.test",
        Some(app.formosa),
        &[Scope::DealsRead, Scope::DealsWrite],
    )
    .await;
    let base = format!("/api/v1/partners/{}/deals", app.formosa);

    // Every problem at once, on its field, with a code; in the maker's language.
    let bad = json!({"name": " ", "kind": "sourced", "stage": "closed_won", "create_date": "2026-05-01",
        "close_date": "2026-04-01", "mrr": "-5"});
    let reply = app.api("POST", &base, &secret, Some(&bad)).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    let fields: Vec<(String, String)> = reply.json()["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap().into(),
                f["code"].as_str().unwrap().into(),
            )
        })
        .collect();
    for expected in [
        ("name", "deal_name_required"),
        ("close_date", "close_before_create"),
        ("mrr", "money_negative"),
    ] {
        assert!(
            fields.contains(&(expected.0.into(), expected.1.into())),
            "{fields:?}"
        );
    }
    assert!(reply.json()["error"]["fields"][0]["message"]
        .as_str()
        .unwrap()
        .chars()
        .any(|c| c > '\u{2e80}'));
    // Accept-Language wins over the maker's own.
    let en = app
        .send(request(
            "POST",
            &base,
            Some(&secret),
            Some(&bad),
            &[("accept-language", "en")],
        ))
        .await;
    assert!(
        en.json()["error"]["message"].as_str().unwrap().is_ascii(),
        "{}",
        en.body
    );
    // An unknown field, and a body that is not JSON.
    let odd = app
        .api(
            "POST",
            &base,
            &secret,
            Some(&json!({"name": "x", "colour": "red"})),
        )
        .await;
    assert_eq!(odd.status, StatusCode::BAD_REQUEST);
    assert_eq!(odd.json()["error"]["code"], "bad_json");
    let mut text = request(
        "POST",
        &base,
        Some(&secret),
        None,
        &[("content-type", "text/plain")],
    );
    *text.body_mut() = Body::from("name=x");
    assert_eq!(
        app.send(text).await.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );

    // Created: 201, where it lives, its version as the ETag; TWD has no decimals.
    let created = app
        .api("POST", &base, &secret, Some(&deal("HS-1", "1234")))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let body = created.json();
    let id = body["id"].as_i64().unwrap();
    assert_eq!(created.header("location").unwrap(), format!("{base}/{id}"));
    assert_eq!(created.header("etag").unwrap(), "\"1\"");
    assert_eq!(body["mrr"], "1234.00");
    assert_eq!(body["version"], 1);
    // The same Record ID again: refused on its field.
    let again = app
        .api("POST", &base, &secret, Some(&deal("HS-1", "1")))
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        again.json()["error"]["fields"][0]["code"],
        "record_id_taken"
    );

    // PATCH: If-Match required, stale refused, fields left out kept.
    let one = format!("{base}/{id}");
    let patch = json!({"stage": "open", "close_date": null});
    let missing = app.api("PATCH", &one, &secret, Some(&patch)).await;
    assert_eq!(missing.status, StatusCode::PRECONDITION_REQUIRED);
    let stale = app
        .send(request(
            "PATCH",
            &one,
            Some(&secret),
            Some(&patch),
            &[("if-match", "\"7\"")],
        ))
        .await;
    assert_eq!(
        stale.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        stale.body
    );
    assert_eq!(stale.json()["error"]["code"], "stale_version");
    let patched = app
        .send(request(
            "PATCH",
            &one,
            Some(&secret),
            Some(&patch),
            &[("if-match", "\"1\"")],
        ))
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.body);
    let p = patched.json();
    assert_eq!(
        (
            p["stage"].as_str(),
            p["close_date"].as_str(),
            p["name"].as_str()
        ),
        (Some("open"), None, Some("Deal HS-1"))
    );
    assert_eq!(p["version"], 2);
    // The same edit over the old version again: 412, and nothing changed.
    let late = app
        .send(request(
            "PATCH",
            &one,
            Some(&secret),
            Some(&json!({"name": "Late"})),
            &[("if-match", "\"1\"")],
        ))
        .await;
    assert_eq!(late.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(
        app.api("GET", &one, &secret, None).await.json()["name"],
        "Deal HS-1"
    );

    // The list: filters as the page's, a cursor through every deal once.
    for i in 0..5 {
        let r = app
            .api(
                "POST",
                &base,
                &secret,
                Some(&deal(&format!("HS-{}", i + 10), "10")),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = app
            .api(
                "GET",
                &format!("{base}?limit=2&cursor={cursor}"),
                &secret,
                None,
            )
            .await
            .json();
        seen.extend(
            page["deals"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["id"].as_i64().unwrap()),
        );
        match page["next_cursor"].as_str() {
            Some(next) => cursor = next.to_string(),
            None => break,
        }
    }
    assert_eq!(seen.len(), 6);
    let open = app
        .api("GET", &format!("{base}?stage=open"), &secret, None)
        .await
        .json();
    assert_eq!(open["deals"].as_array().unwrap().len(), 1);
    let bad_cursor = app
        .api("GET", &format!("{base}?cursor=abc"), &secret, None)
        .await;
    assert_eq!(bad_cursor.status, StatusCode::BAD_REQUEST);

    // DELETE, at a version or the current one.
    let gone = app
        .send(request(
            "DELETE",
            &one,
            Some(&secret),
            None,
            &[("if-match", "\"1\"")],
        ))
        .await;
    assert_eq!(gone.status, StatusCode::PRECONDITION_FAILED);
    let gone = app
        .send(request(
            "DELETE",
            &one,
            Some(&secret),
            None,
            &[("if-match", "\"2\"")],
        ))
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.api("GET", &one, &secret, None).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn idempotency_keys_answer_again_without_writing_again() {
    let app = spawn_app().await;
    let secret = token(
        &app,
        "member@acme.test",
        Some(app.acme),
        &[Scope::DealsWrite],
    )
    .await;
    let base = format!("/api/v1/partners/{}/deals", app.acme);
    let body = deal("K-1", "50.00");
    let keyed = |body: &Value, key: &str| {
        request(
            "POST",
            &base,
            Some(&secret),
            Some(body),
            &[("idempotency-key", key)],
        )
        .into_parts()
    };
    let send = |body: Value, key: &'static str| {
        let (parts, _) = keyed(&body, key);
        Request::from_parts(parts, Body::from(body.to_string()))
    };
    let first = app.send(send(body.clone(), "nightly-1")).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let replay = app.send(send(body.clone(), "nightly-1")).await;
    assert_eq!(replay.status, StatusCode::CREATED);
    assert_eq!(replay.json(), first.json());
    assert_eq!(app.deal_count(app.acme).await, 1);
    // The same key with another body.
    let other = app.send(send(deal("K-2", "1"), "nightly-1")).await;
    assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(other.json()["error"]["code"], "idempotency_key_reused");
    // A refusal is kept too: the same invalid request gets the same answer.
    let invalid = json!({"name": ""});
    let r1 = app.send(send(invalid.clone(), "bad-1")).await;
    let r2 = app.send(send(invalid, "bad-1")).await;
    assert_eq!(
        (r1.status, r2.status),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            StatusCode::UNPROCESSABLE_ENTITY
        )
    );
    // Concurrent replays of one key write once.
    let body = deal("K-3", "1");
    let answers =
        futures_util::future::join_all((0..8).map(|_| app.send(send(body.clone(), "burst")))).await;
    let created = answers
        .iter()
        .filter(|a| a.status == StatusCode::CREATED)
        .count();
    assert!(created >= 1);
    assert!(
        answers
            .iter()
            .all(|a| matches!(a.status, StatusCode::CREATED | StatusCode::CONFLICT)),
        "{:?}",
        answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    assert_eq!(app.deal_count(app.acme).await, 2);
    // A malformed key.
    let bad = app.send(send(deal("K-4", "1"), "line\tbreak")).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn over_the_rate_limit_a_token_is_told_when_to_return() {
    let app = spawn_app_with(|c| c.api_rate_limit = 5).await;
    let secret = token(
        &app,
        "member@acme.test",
        Some(app.acme),
        &[Scope::DealsRead],
    )
    .await;
    let other = token(&app, "pdm@vendor.test", Some(app.acme), &[Scope::DealsRead]).await;
    let deals = format!("/api/v1/partners/{}/deals", app.acme);
    for _ in 0..5 {
        assert_eq!(
            app.api("GET", &deals, &secret, None).await.status,
            StatusCode::OK
        );
    }
    let limited = app.api("GET", &deals, &secret, None).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
    assert_eq!(limited.json()["error"]["code"], "rate_limited");
    // Each token counts alone.
    assert_eq!(
        app.api("GET", &deals, &other, None).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn bodies_are_capped_and_a_bulk_holds_at_most_5000_deals() {
    let app = spawn_app().await;
    let secret = token(
        &app,
        "member@acme.test",
        Some(app.acme),
        &[Scope::DealsWrite],
    )
    .await;
    let base = format!("/api/v1/partners/{}/deals", app.acme);
    let huge = json!({"name": "x".repeat(2 * 1024 * 1024)});
    let reply = app.api("POST", &base, &secret, Some(&huge)).await;
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        &reply.body[..reply.body.len().min(200)]
    );
    assert_eq!(reply.json()["error"]["code"], "too_large");
    let many: Vec<Value> = (0..5001).map(|i| deal(&format!("B-{i}"), "1")).collect();
    let reply = app
        .api(
            "POST",
            &format!("{base}/bulk"),
            &secret,
            Some(&json!({ "deals": many })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.json()["error"]["code"], "too_many_deals");
    assert_eq!(app.deal_count(app.acme).await, 0);
    // A NUL character, which PostgreSQL cannot keep, is refused in JSON too.
    let nul = app
        .api("POST", &base, &secret, Some(&json!({"name": "a\u{0}b"})))
        .await;
    assert_eq!(nul.status, StatusCode::BAD_REQUEST);
    assert_eq!(nul.json()["error"]["code"], "bad_request");
}

/// `count` deals as a HubSpot export and as the API's JSON, the same data.
fn same_deals(count: usize) -> (String, Vec<Value>) {
    let mut csv = String::from("Record ID,Deal Name,Deal Stage,Create Date,Close Date,MRR\n");
    let mut json = Vec::new();
    for i in 0..count {
        let (stage, api_stage) = match i % 3 {
            0 => ("Closed Won", "closed_won"),
            1 => ("Closed Lost", "closed_lost"),
            _ => ("Appointment Scheduled", "open"),
        };
        let create = format!("2026-{:02}-{:02}", i % 12 + 1, i % 27 + 1);
        let close = (api_stage != "open").then(|| format!("2026-{:02}-28", i % 12 + 1));
        let mrr = format!("{}.{:02}", (i * 37) % 5000, i % 100);
        csv.push_str(&format!(
            "{},Deal {i},{stage},{create},{},{mrr}\n",
            100_000 + i,
            close.clone().unwrap_or_default()
        ));
        json.push(json!({
            "external_id": (100_000 + i).to_string(), "name": format!("Deal {i}"), "kind": "sourced",
            "stage": api_stage, "create_date": create, "close_date": close, "mrr": mrr,
        }));
    }
    (csv, json)
}

#[tokio::test]
async fn a_bulk_upsert_equals_the_csv_import_of_the_same_deals() {
    let app = spawn_app().await;
    let twin = admin::add_partner(&app.db, "Acme twin", "USD", "America/New_York")
        .await
        .unwrap();
    let (csv, items) = same_deals(5_000);
    let dir = std::env::temp_dir().join(format!("pm-bulk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("deals.csv");
    std::fs::write(&file, &csv).unwrap();
    partner_map::server::cli::deals::import(
        &app.db,
        app.acme,
        &file,
        false,
        Default::default(),
        true,
    )
    .await
    .unwrap();
    let secret = token(
        &app,
        "admin@vendor.test",
        None,
        &[Scope::DealsWrite, Scope::ProgressRead],
    )
    .await;
    let bulk = format!("/api/v1/partners/{twin}/deals/bulk");
    let reply = app
        .api("POST", &bulk, &secret, Some(&json!({ "deals": items })))
        .await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "{}",
        &reply.body[..reply.body.len().min(500)]
    );
    let outcome = reply.json();
    assert_eq!(
        (
            outcome["created"].as_u64(),
            outcome["updated"].as_u64(),
            outcome["unchanged"].as_u64()
        ),
        (Some(5000), Some(0), Some(0))
    );
    assert_eq!(outcome["rejected"], json!([]));
    assert_eq!(app.deal_count(twin).await, app.deal_count(app.acme).await);
    // The same figures, row for row.
    for view in ["monthly", "quarterly"] {
        let progress = |p: PartnerId| format!("/api/v1/partners/{p}/progress/2026?view={view}");
        let mine = app
            .api("GET", &progress(app.acme), &secret, None)
            .await
            .json();
        let twins = app.api("GET", &progress(twin), &secret, None).await.json();
        assert_eq!(mine, twins);
        assert!(mine["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["actual"] != "0" && r["actual"] != "0.00"));
    }
    // Again: all unchanged. Changed and broken items: counted and reported.
    let (_, mut items) = same_deals(5_000);
    let again = app
        .api(
            "POST",
            &bulk,
            &secret,
            Some(&json!({ "deals": items.clone() })),
        )
        .await
        .json();
    assert_eq!(
        (again["created"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(5000))
    );
    items[3]["mrr"] = json!("9.99");
    items[4]["name"] = json!("");
    items[5]["external_id"] = Value::Null;
    items[6]["external_id"] = items[7]["external_id"].clone();
    let mixed = app
        .api("POST", &bulk, &secret, Some(&json!({ "deals": items })))
        .await
        .json();
    // Item 6 now carries item 7's Record ID: it changes that deal, and item 7,
    // coming after it with the same Record ID, is refused.
    assert_eq!(mixed["updated"].as_u64(), Some(2), "{mixed}");
    let rejected: Vec<(u64, String)> = mixed["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["index"].as_u64().unwrap(),
                r["errors"][0]["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        rejected,
        [
            (4, "deal_name_required".into()),
            (5, "api_record_id_required".into()),
            (7, "api_record_id_repeated".into())
        ]
    );
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn goals_and_progress_read_as_the_pages_and_progress_csv_do() {
    let app = spawn_app().await;
    let cookie = app.login("member@acme.test").await;
    let secret = token(
        &app,
        "member@acme.test",
        Some(app.acme),
        &[Scope::GoalsRead, Scope::ProgressRead],
    )
    .await;
    let goals = format!("/api/v1/partners/{}/goals/2026", app.acme);
    assert_eq!(
        app.api("GET", &goals, &secret, None).await.status,
        StatusCode::NOT_FOUND
    );
    let mut form = vec![
        ("_form", "goals".to_string()),
        ("year", "2026".to_string()),
        ("version", String::new()),
        ("step", "2".to_string()),
        ("action", "save".to_string()),
        ("growth", String::new()),
        ("reason", String::new()),
    ];
    for category in partner_map::model::goals::GoalCategory::ALL {
        let text = if category.as_str() == "revenue" {
            "Grow cloud revenue"
        } else {
            ""
        };
        form.push((
            Box::leak(format!("goal_{}", category.as_str()).into_boxed_str()),
            text.to_string(),
        ));
    }
    for metric in partner_map::model::metrics::Metric::ALL {
        for month in 1..=12 {
            let value = if metric.is_money() && month == 3 {
                "1500.50"
            } else {
                ""
            };
            form.push((
                Box::leak(format!("{}_{month}", metric.as_str()).into_boxed_str()),
                value.to_string(),
            ));
        }
    }
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.goals_post(app.acme, &form, Some(&cookie)).await;
    assert!(app.has_plan(app.acme, 2026).await, "the plan was not saved");
    let plan = app.api("GET", &goals, &secret, None).await.json();
    assert_eq!(plan["targets"].as_array().unwrap().len(), 48);
    assert_eq!(plan["currency"], "USD");
    assert_eq!(plan["goals"]["revenue"], "Grow cloud revenue");
    let march = plan["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["metric"] == "sourced_deal_mrr" && t["month"] == 3)
        .unwrap();
    assert_eq!(march["target"], "1500.50");
    app.add_deal(app.acme, "P-1").await;
    let csv = app
        .get(
            &format!("/p/{}/progress.csv?year=2026&view=quarterly", app.acme),
            Some(&cookie),
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    let api = app
        .api(
            "GET",
            &format!("/api/v1/partners/{}/progress/2026?view=quarterly", app.acme),
            &secret,
            None,
        )
        .await
        .json();
    let rows: Vec<String> = api["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let text = |k: &str| r[k].as_str().map(str::to_string).unwrap_or_default();
            let percent = r["percent_achieved"]
                .as_i64()
                .map(|p| p.to_string())
                .unwrap_or_default();
            format!(
                "{},{},{},{},{percent},{},{},{},{}",
                text("metric"),
                text("period"),
                text("actual"),
                text("target"),
                text("currency"),
                text("forecast_commit"),
                text("forecast_weighted"),
                text("forecast_best_case"),
            )
        })
        .collect();
    let csv_rows: Vec<&str> = csv.body.lines().skip(1).collect();
    assert_eq!(rows, csv_rows);
    let bad = app
        .api(
            "GET",
            &format!("/api/v1/partners/{}/progress/2026?view=weekly", app.acme),
            &secret,
            None,
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["error"]["fields"][0]["field"], "view");
}

#[tokio::test]
async fn tasks_are_saved_by_the_panels_rules_and_followed_live() {
    let app = spawn_app_with(|c| c.stream_recheck = Duration::from_millis(300)).await;
    let secret = token(
        &app,
        "member@acme.test",
        Some(app.acme),
        &[Scope::TasksRead, Scope::TasksWrite],
    )
    .await;
    let base = format!("/api/v1/partners/{}/tasks", app.acme);
    // The stream, with the token.
    let res = app
        .router
        .clone()
        .oneshot_request(request(
            "GET",
            &format!("{base}/events"),
            Some(&secret),
            None,
            &[],
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let mut stream = res.into_body();
    assert!(read_until(&mut stream, "event: ready")
        .await
        .contains("event: ready"));

    let bad = app
        .api(
            "POST",
            &base,
            &secret,
            Some(&json!({"title": "", "due_date": "2026-13-40"})),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    let fields: Vec<String> = bad.json()["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_string())
        .collect();
    assert!(
        fields.contains(&"title".into()) && fields.contains(&"due_date".into()),
        "{fields:?}"
    );

    let created = app
        .api(
            "POST",
            &base,
            &secret,
            Some(&json!({"title": "Joint webinar", "priority": "high",
            "due_date": "2026-12-18", "due_time": "10:00", "reminder": "before_1d"})),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let task = created.json();
    let id = task["id"].as_i64().unwrap();
    // The member's zone is UTC: 10:00 is 10:00Z; the reminder a day before.
    assert_eq!(task["due_at"], "2026-12-18T10:00:00Z");
    assert_eq!(task["remind_at"], "2026-12-17T10:00:00Z");
    assert!(read_until(&mut stream, &format!("\"task\":{id}"))
        .await
        .contains("created"));

    let one = format!("{base}/{id}");
    let stale = app
        .send(request(
            "PATCH",
            &one,
            Some(&secret),
            Some(&json!({"title": "x"})),
            &[("if-match", "\"9\"")],
        ))
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    let patched = app
        .send(request(
            "PATCH",
            &one,
            Some(&secret),
            Some(&json!({"title": "Joint webinar, Taipei"})),
            &[("if-match", "\"1\"")],
        ))
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.body);
    let p = patched.json();
    assert_eq!(
        (
            p["title"].as_str(),
            p["priority"].as_str(),
            p["due_at"].as_str()
        ),
        (
            Some("Joint webinar, Taipei"),
            Some("high"),
            Some("2026-12-18T10:00:00Z")
        )
    );
    let done = app
        .api("POST", &format!("{one}/complete"), &secret, None)
        .await;
    assert_eq!(done.status, StatusCode::OK);
    assert!(done.json()["completed_at"].is_string());
    let open = app.api("GET", &base, &secret, None).await.json();
    assert_eq!(open.as_array().unwrap().len(), 0);
    let all = app
        .api("GET", &format!("{base}?status=all"), &secret, None)
        .await
        .json();
    assert_eq!(all.as_array().unwrap().len(), 1);

    // Revoked, the stream ends within a re-check.
    let token_id = only_token(&app, app.acme).await;
    tokens::revoke(
        &app.db,
        Maker::CommandLine,
        token_id,
        None,
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    assert!(
        read_for(&mut stream, "\0", Duration::from_secs(3)).await.1,
        "still open after revocation"
    );
}

trait Oneshot {
    async fn oneshot_request(self, req: Request<Body>) -> axum::http::Response<Body>;
}

impl Oneshot for axum::Router {
    async fn oneshot_request(self, req: Request<Body>) -> axum::http::Response<Body> {
        use tower::ServiceExt;
        self.oneshot(req).await.unwrap()
    }
}

#[tokio::test]
async fn making_using_and_revoking_tokens_is_in_the_audit_log() {
    let app = spawn_app().await;
    let secret = token(
        &app,
        "member@acme.test",
        Some(app.acme),
        &[Scope::DealsRead],
    )
    .await;
    let deals = format!("/api/v1/partners/{}/deals", app.acme);
    for _ in 0..3 {
        app.api("GET", &deals, &secret, None).await;
    }
    let id = only_token(&app, app.acme).await;
    let listed = tokens::list(
        &app.db,
        partner_map::server::store::api_tokens::Listed::Partner(app.acme),
    )
    .await
    .unwrap();
    assert_eq!(listed[0].last_used_addr.as_deref(), Some("203.0.113.7"));
    assert!(listed[0].last_used_at.is_some());
    let member = users::find(&app.db, app.user_id("member@acme.test").await)
        .await
        .unwrap()
        .unwrap();
    tokens::revoke(
        &app.db,
        Maker::User(&member),
        id,
        Some(app.acme),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let (rows, _) = partner_map::server::store::audit::page(&app.db, &Default::default(), 50, 0)
        .await
        .unwrap();
    let rows: Vec<_> = rows
        .into_iter()
        .filter(|r| r.kind.starts_with("token."))
        .collect();
    let kinds: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r.kind.as_str(), r.actor.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("token.revoke", "member@acme.test"),
            ("token.new_address", "member@acme.test"),
            ("token.create", "member@acme.test")
        ]
    );
    assert!(rows[1].new_value.contains("203.0.113.7"));
    // The secret is nowhere in the database.
    let stored: Vec<String> =
        partner_map::server::db::with_db!(&app.db, |e| sqlx::query_scalar::<_, String>(
            "SELECT token_hash || prefix || name || scopes FROM api_tokens"
        )
        .fetch_all(e)
        .await)
        .unwrap();
    assert!(stored.iter().all(|s| !s.contains(&secret[3..])));
    // A PDM of another partner cannot revoke it through the page's function.
    let formosa_member = app.login("member@formosa.test").await;
    let reply = app
        .call(
            "/api/api_token_revoke",
            &[
                ("token_id", &id.to_string()),
                ("partner_id", &app.formosa.to_string()),
            ],
            Some(&formosa_member),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_openapi_document_is_valid_and_every_example_in_it_is_accepted() {
    let app = spawn_app().await;
    let doc = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(doc.status, StatusCode::OK);
    let json = doc.json();
    assert_eq!(json["openapi"], "3.1.0");
    for route in partner_map::server::rest::API_ROUTES {
        assert!(
            json["paths"].get(*route).is_some(),
            "{route} is missing from the document"
        );
    }
    // A real validator, from PyPI (installed by scripts/install-tools.sh --test).
    let path = std::env::temp_dir().join(format!("pm-openapi-{}.json", std::process::id()));
    std::fs::write(&path, &doc.body).unwrap();
    let python = concat!(env!("CARGO_MANIFEST_DIR"), "/.venv-test/bin/python");
    let out = std::process::Command::new(python)
        .args(["-m", "openapi_spec_validator"])
        .arg(&path)
        .output()
        .expect("openapi-spec-validator (scripts/install-tools.sh --test)");
    std::fs::remove_file(&path).ok();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    // Every request example, sent to its operation, is accepted.
    let secret = token(&app, "admin@vendor.test", None, EVERY_SCOPE).await;
    let deal = app.add_deal(app.acme, "EX-0").await.0;
    let task = app.add_task(app.acme, "Example").await.0;
    let schemas = &json["components"]["schemas"];
    let mut sent = 0;
    for (path, item) in json["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let content = &op["requestBody"]["content"]["application/json"];
            let example = content.get("example").cloned().or_else(|| {
                let name = content["schema"]["$ref"].as_str()?.rsplit('/').next()?;
                schemas[name].get("example").cloned()
            });
            let Some(example) = example else { continue };
            let url = path.replace("{partner}", &app.acme.to_string()).replace(
                "{id}",
                &if path.contains("/deals/") { deal } else { task }.to_string(),
            );
            let version = app
                .api(
                    "GET",
                    &format!("/api/v1/partners/{}/deals/{deal}", app.acme),
                    &secret,
                    None,
                )
                .await
                .json()["version"]
                .to_string();
            let task_version = app
                .api(
                    "GET",
                    &format!("/api/v1/partners/{}/tasks?status=all", app.acme),
                    &secret,
                    None,
                )
                .await
                .json()[0]["version"]
                .to_string();
            let if_match = if path.contains("/deals/") {
                version
            } else {
                task_version
            };
            let reply = app
                .send(request(
                    &method.to_uppercase(),
                    &url,
                    Some(&secret),
                    Some(&example),
                    &[("if-match", &if_match)],
                ))
                .await;
            assert!(
                reply.status.is_success(),
                "{method} {path} refused its own example {example}: {}",
                reply.body
            );
            sent += 1;
        }
    }
    assert!(sent >= 5, "only {sent} examples");
}

#[tokio::test]
async fn the_command_line_makes_lists_and_revokes_tokens() {
    let (db, _dir) = fresh_database().await;
    let partner = crate::cli::add_acme_member(&db, "a long passphrase 1");
    let run = |args: &[&str]| crate::cli::partner_map(&db, args, None);
    let out = run(&[
        "token",
        "create",
        "--partner",
        &partner,
        "--name",
        "HubSpot nightly",
        "--scopes",
        "deals:write,progress:read",
        "--expires-days",
        "30",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2);
    let id = lines[0];
    assert!(
        partner_map::model::api_token::looks_like_secret(lines[1]),
        "{stdout}"
    );
    let list = String::from_utf8(run(&["token", "list", "--partner", &partner]).stdout).unwrap();
    assert!(
        list.contains("HubSpot nightly")
            && list.contains("deals:write,progress:read")
            && list.contains("command line"),
        "{list}"
    );
    assert!(!list.contains(&lines[1][3..]));
    for bad in [
        vec![
            "token",
            "create",
            "--partner",
            &partner,
            "--name",
            "x",
            "--scopes",
            "deals:admin",
        ],
        vec![
            "token",
            "create",
            "--partner",
            "999",
            "--name",
            "x",
            "--scopes",
            "deals:read",
        ],
        vec![
            "token",
            "create",
            "--partner",
            &partner,
            "--name",
            "x",
            "--scopes",
            "deals:read",
            "--expires-days",
            "7",
        ],
    ] {
        let out = run(&bad);
        assert!(!out.status.success(), "{bad:?}");
        assert!(!String::from_utf8_lossy(&out.stderr).is_empty());
    }
    let out = run(&["token", "revoke", "--id", id]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8(run(&["token", "list"]).stdout)
        .unwrap()
        .contains("HubSpot nightly"));
    assert!(!run(&["token", "revoke", "--id", id]).status.success());
}

#[tokio::test]
async fn malformed_json_never_gets_a_5xx() {
    let app = spawn_app().await;
    let secret = token(&app, "member@acme.test", Some(app.acme), EVERY_SCOPE).await;
    let deal = app.add_deal(app.acme, "FZ-1").await.0;
    let task = app.add_task(app.acme, "Fuzzed").await.0;
    let writes: Vec<_> = endpoints(app.acme, deal, task)
        .into_iter()
        .filter(|(_, _, _, body)| body.is_some())
        .collect();
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x0a91_2026u64);
    let mut rng = fastrand::Rng::with_seed(seed);
    let odd_values = || {
        vec![
            json!(null),
            json!(true),
            json!(-1),
            json!(1e308),
            json!(18446744073709551615u64),
            json!([]),
            json!({"x": 1}),
            json!(""),
            json!("x".repeat(100_000)),
            json!("2026-02-30"),
            json!("１２３"),
            json!("<script>"),
            json!("9".repeat(40)),
        ]
    };
    for case in 0..400 {
        let (method, path, _, body) = &writes[rng.usize(..writes.len())];
        let mut body = body.clone().unwrap();
        let target = if path.ends_with("/bulk") {
            &mut body["deals"][0]
        } else {
            &mut body
        };
        let fields: Vec<String> = target.as_object().unwrap().keys().cloned().collect();
        let field = fields[rng.usize(..fields.len())].clone();
        let raw: Vec<u8> = match rng.usize(..5) {
            0 => {
                target.as_object_mut().unwrap().remove(&field);
                body.to_string().into_bytes()
            }
            1 | 2 => {
                let values = odd_values();
                target[&field] = values[rng.usize(..values.len())].clone();
                body.to_string().into_bytes()
            }
            3 => {
                let text = body.to_string();
                text.as_bytes()[..rng.usize(..text.len())].to_vec()
            }
            _ => {
                let mut bytes = body.to_string().into_bytes();
                let at = rng.usize(..bytes.len());
                bytes[at] = 0xff;
                bytes
            }
        };
        let mut req = request(method, path, Some(&secret), None, &[("if-match", "\"1\"")]);
        req.headers_mut()
            .insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
        *req.body_mut() = Body::from(raw.clone());
        let reply = app.send(req).await;
        assert!(
            reply.status.is_success() || reply.status.is_client_error(),
            "seed {seed} case {case}: {method} {path} with {} answered {}: {}",
            String::from_utf8_lossy(&raw)
                .chars()
                .take(300)
                .collect::<String>(),
            reply.status,
            reply.body.chars().take(300).collect::<String>()
        );
        if reply.status.is_client_error() {
            assert!(reply.json()["error"]["code"].is_string(), "{}", reply.body);
        }
    }
}

#[tokio::test]
async fn deals_carry_their_pipeline_stage_and_own_probability_through_the_api() {
    let app = spawn_app().await;
    let secret = token(
        &app,
        "member@acme.test",
        Some(app.acme),
        &[Scope::DealsRead, Scope::DealsWrite],
    )
    .await;
    let base = format!("/api/v1/partners/{}/deals", app.acme);
    let mut body = deal("F-1", "500");
    body["stage"] = json!("open");
    body["close_date"] = Value::Null;
    body["pipeline_stage"] = json!("Contract sent");
    body["probability"] = json!(75);
    let created = app.api("POST", &base, &secret, Some(&body)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let d = created.json();
    assert_eq!(
        (d["pipeline_stage"].as_str(), d["probability"].as_u64()),
        (Some("Contract sent"), Some(75))
    );
    let stages = partner_map::server::store::deal_stages::list(
        &app.db,
        &partner_map::server::authz::PartnerScope::for_operator(app.acme),
    )
    .await
    .unwrap();
    assert_eq!(
        (stages[0].name.as_str(), stages[0].probability),
        ("Contract sent", 90)
    );

    // A bulk upsert that leaves the probability out keeps the deal's own;
    // a probability out of range is refused on its field.
    let mut again = body.clone();
    again.as_object_mut().unwrap().remove("probability");
    again["pipeline_stage"] = json!("Negotiation");
    let mut bad = deal("F-2", "1");
    bad["probability"] = json!("101");
    let bulk = app
        .api(
            "POST",
            &format!("{base}/bulk"),
            &secret,
            Some(&json!({"deals": [again, bad]})),
        )
        .await;
    assert_eq!(bulk.status, StatusCode::OK, "{}", bulk.body);
    let outcome = bulk.json();
    assert_eq!(outcome["updated"], 1);
    assert_eq!(outcome["rejected"][0]["errors"][0]["field"], "probability");
    let id = d["id"].as_i64().unwrap();
    let read = app.api("GET", &format!("{base}/{id}"), &secret, None).await;
    let r = read.json();
    assert_eq!(
        (r["pipeline_stage"].as_str(), r["probability"].as_u64()),
        (Some("Negotiation"), Some(75))
    );

    // PATCH with `null` returns the deal to its stage's probability.
    let version = r["version"].as_i64().unwrap().to_string();
    let patched = app
        .send(request(
            "PATCH",
            &format!("{base}/{id}"),
            Some(&secret),
            Some(&json!({"probability": null})),
            &[("if-match", &format!("\"{version}\""))],
        ))
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.body);
    assert!(patched.json()["probability"].is_null());
    assert_eq!(patched.json()["pipeline_stage"], "Negotiation");
}
