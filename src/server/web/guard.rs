//! No request can hang or take the process down. Two layers, listed in the
//! Router assembly:
//!
//! - [`catch_panic`], outermost but for the request id: a handler that panics
//!   answers 500 with the request id as the error's reference, logged with the
//!   panic, and the server goes on serving. It also makes the request id known
//!   to the code that answers ([`request_id`]), so every internal error of a
//!   plain handler quotes it too, not only those of Leptos' renders.
//! - [`time_limit`], inside the session: pages, server functions and plain
//!   handlers answer within the configured limit or get a 503 in the user's
//!   language, and the work is dropped (a transaction in flight rolls back).
//!   It bounds the time to the answer's head, so an event stream, whose head
//!   comes at once, streams on under its own heartbeat. The deals upload,
//!   which the client sends at its own pace, gets on top of the limit the time
//!   `body_pace` allows a body of its declared length.

use crate::error::AppError;
use crate::model::Locale;
use crate::server::web::body_pace::BODY_PACE;
use crate::server::web::routes::plain_route;
use crate::server::web::session::request_locale;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderValue, StatusCode};
use std::panic::AssertUnwindSafe;
use std::time::Duration;

/// The header the request id travels in (set by the Router's outermost layer).
pub const REQUEST_ID_HEADER: &str = "x-request-id";

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The id of the request this task is answering, inside [`catch_panic`].
pub fn request_id() -> Option<String> {
    REQUEST_ID.try_with(String::clone).ok()
}

pub async fn catch_panic(req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_string();
    let locale = request_locale(None, req.headers());
    let json = expects_json(&req);
    let answer = AssertUnwindSafe(next.run(req)).catch_unwind();
    match REQUEST_ID.scope(id.clone(), answer).await {
        Ok(res) => res,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            tracing::error!(request_id = %id, panic = %what, "request handler panicked");
            failure(AppError::Internal { reference: id }, locale, json)
        }
    }
}

pub async fn time_limit(State(limit): State<Duration>, req: Request, next: Next) -> Response {
    let locale = req
        .extensions()
        .get::<Locale>()
        .copied()
        .unwrap_or_else(|| request_locale(None, req.headers()));
    let json = expects_json(&req);
    // The route, not the path: a calendar feed's path is its secret.
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| "(page)".to_string());
    let limit = if route == plain_route("/p/{partner}/deals/upload") {
        match declared_length(&req) {
            Some(length) => limit + BODY_PACE.allowance(length),
            // Browsers declare the length of every form they send; a client
            // that does not is held to the body pace alone (the listener's).
            None => return next.run(req).await,
        }
    } else {
        limit
    };
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            let reference = request_id().unwrap_or_else(|| "-".into());
            tracing::error!(
                request_id = %reference,
                route = %route,
                limit_ms = limit.as_millis() as u64,
                "request stopped: no answer within the time limit"
            );
            failure(AppError::TimedOut { reference }, locale, json)
        }
    }
}

fn declared_length(req: &Request) -> Option<u64> {
    req.headers()
        .get(CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

/// Server functions are called by scripts too: they get the error as JSON,
/// as every other failure of theirs; a browser gets the message.
fn expects_json(req: &Request) -> bool {
    req.uri().path().starts_with("/api/")
}

fn failure(error: AppError, locale: Locale, json: bool) -> Response {
    if json {
        return error.into_response();
    }
    let status =
        StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut res = (status, error.message(locale)).into_response();
    res.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    res
}
