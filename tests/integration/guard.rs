//! The request edge's guard: a handler that panics answers 500 with a
//! reference, one that never answers is stopped with a 503 in the user's
//! language, and the server goes on serving either way.

use crate::support::*;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use partner_map::server::app;
use partner_map::server::state::AppState;
use std::time::{Duration, Instant};

/// The app with two handlers it does not have, under a short time limit.
async fn guarded_app() -> TestApp {
    let mut app = spawn_app_with(|c| c.request_timeout = Duration::from_millis(300)).await;
    let extra: Router<AppState> = Router::new()
        .route(
            "/test/panic",
            get(|| async {
                panic!("a handler that panics");
                #[allow(unreachable_code)]
                StatusCode::OK
            }),
        )
        .route(
            "/api/test_panic",
            post(|| async {
                panic!("a server function that panics");
                #[allow(unreachable_code)]
                StatusCode::OK
            }),
        )
        .route(
            "/test/never",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(3600)).await;
                "too late"
            }),
        );
    app.router = app::router_with(app.state.clone(), extra, app.pages.clone());
    app
}

fn get_page(path: &str, language: &str) -> Request<Body> {
    Request::get(path)
        .header("accept", "text/html")
        .header("accept-language", language)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn a_panicking_handler_answers_500_with_its_request_id_and_the_server_goes_on() {
    let app = guarded_app().await;
    let reply = app.send(get_page("/test/panic", "en")).await;
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    let id = reply
        .header("x-request-id")
        .expect("a request id")
        .to_string();
    assert!(
        reply.body.contains("Something went wrong"),
        "{}",
        reply.body
    );
    assert!(
        reply.body.contains(&id),
        "the reference is the request id: {}",
        reply.body
    );
    // A server function's panic is a JSON error, as its other failures are.
    let api = app
        .send(
            Request::post("/api/test_panic")
                .header("accept", "application/json")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(api.status, StatusCode::INTERNAL_SERVER_ERROR);
    let reference = api.json()["Internal"]["reference"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(Some(reference.as_str()), api.header("x-request-id"));
    // And the next request is served as usual.
    assert_eq!(
        app.send(get_page("/healthz", "en")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.send(get_page("/login", "en")).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_request_without_an_answer_is_stopped_with_503_in_the_users_language() {
    let app = guarded_app().await;
    let started = Instant::now();
    let reply = app.send(get_page("/test/never", "zh-TW,zh;q=0.9")).await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert!(reply.body.contains("伺服器回應逾時"), "{}", reply.body);
    let id = reply.header("x-request-id").unwrap();
    assert!(reply.body.contains(id), "{}", reply.body);
    let english = app.send(get_page("/test/never", "en")).await;
    assert!(english.body.contains("took too long"), "{}", english.body);
    assert_eq!(
        app.send(get_page("/login", "en")).await.status,
        StatusCode::OK
    );
}
