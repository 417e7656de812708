//! The JSON API, `/api/v1/`, for partners' own automation: deals in from a
//! CRM, plans, progress and tasks out to dashboards. The same rules as the
//! pages, through the same code: every handler asks `Access::allow_scoped`
//! (the token's scope and partner, then its creator's access as for any of
//! their requests) and calls the feature's own functions.
//!
//! - `edge`: the bearer token (never a cookie), the rate limit, the language,
//!   the time limit, and every refusal written in one shape (`reply`);
//! - `idempotency`: `Idempotency-Key` on writes;
//! - `deals`, `plans` (goals and progress), `tasks`: the endpoints;
//! - `tokens`: making, listing and revoking tokens (pages, admin area, CLI);
//! - `openapi`: the document, generated from the handlers and types, and the
//!   page that shows it.

pub mod deals;
mod edge;
mod idempotency;
pub mod openapi;
pub mod plans;
pub mod reply;
pub mod tasks;
pub mod tokens;

use crate::server::state::AppState;
use crate::server::web::security;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::{get, patch, post};
use axum::Router;
use http::header::{CONTENT_TYPE, IF_MATCH};
use http::HeaderMap;
use reply::ApiError;
use serde::de::DeserializeOwned;
use tower_http::limit::RequestBodyLimitLayer;

/// Every route of the API, listed once: the Router takes its paths from
/// here, and a test checks that the OpenAPI document has each.
pub const API_ROUTES: &[&str] = &[
    "/api/v1/openapi.json",
    "/api/v1/partners/{partner}/deals",
    "/api/v1/partners/{partner}/deals/bulk",
    "/api/v1/partners/{partner}/deals/{id}",
    "/api/v1/partners/{partner}/goals/{year}",
    "/api/v1/partners/{partner}/progress/{year}",
    "/api/v1/partners/{partner}/tasks",
    "/api/v1/partners/{partner}/tasks/events",
    "/api/v1/partners/{partner}/tasks/{id}",
    "/api/v1/partners/{partner}/tasks/{id}/complete",
];

/// A path of [`API_ROUTES`].
fn route(path: &str) -> &'static str {
    API_ROUTES
        .iter()
        .find(|p| **p == path)
        .unwrap_or_else(|| panic!("{path} is not listed in API_ROUTES"))
}

/// A request body over this is refused (413); a bulk upsert may be larger.
const BODY_LIMIT: usize = 1024 * 1024;
/// 5,000 deals with long notes.
const BULK_BODY_LIMIT: usize = 16 * 1024 * 1024;

/// The API's routes, with their own edge: no session, no page layers.
pub fn router(state: &AppState) -> Router<AppState> {
    let bulk = Router::new()
        .route(
            route("/api/v1/partners/{partner}/deals/bulk"),
            post(deals::bulk),
        )
        .layer(DefaultBodyLimit::max(BULK_BODY_LIMIT));
    let partners = Router::new()
        .route(
            route("/api/v1/partners/{partner}/deals"),
            get(deals::list).post(deals::create),
        )
        .route(
            route("/api/v1/partners/{partner}/deals/{id}"),
            get(deals::get).patch(deals::patch).delete(deals::delete),
        )
        .route(
            route("/api/v1/partners/{partner}/goals/{year}"),
            get(plans::goals),
        )
        .route(
            route("/api/v1/partners/{partner}/progress/{year}"),
            get(plans::progress),
        )
        .route(
            route("/api/v1/partners/{partner}/tasks"),
            get(tasks::list).post(tasks::create),
        )
        .route(
            route("/api/v1/partners/{partner}/tasks/events"),
            get(tasks::events),
        )
        .route(
            route("/api/v1/partners/{partner}/tasks/{id}"),
            patch(tasks::patch),
        )
        .route(
            route("/api/v1/partners/{partner}/tasks/{id}/complete"),
            post(tasks::complete),
        )
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .merge(bulk)
        // Reads: a JSON body (buffered). Writes: a 400 for a NUL character,
        // which PostgreSQL cannot keep in text.
        .layer(middleware::from_fn(security::refuse_nul))
        // Reads: the body's length. Refuses one over the largest limit (413)
        // before anything buffers it.
        .layer(RequestBodyLimitLayer::new(BULK_BODY_LIMIT))
        // Reads: the bearer token. Writes: the caller, the token's grant, the
        // language and the address into the extensions, or a 401 or 429;
        // a 503 when no answer comes in time; every refusal as JSON.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            edge::authenticate,
        ));
    Router::new()
        .route(route("/api/v1/openapi.json"), get(openapi::document))
        .merge(partners)
}

/// `{partner}` in a path.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct PartnerPath {
    /// The partner's id (in the address of its pages: `/p/{partner}/…`).
    pub partner: i64,
}

/// `{partner}` and a record's `{id}` in a path.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct RecordPath {
    /// The partner's id.
    pub partner: i64,
    /// The record's id.
    pub id: i64,
}

/// The `Idempotency-Key` header of a write.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
pub struct IdempotencyHeader {
    /// Up to 255 printable characters. The same key with the same body
    /// within 24 hours answers as the first time, writing nothing again.
    #[param(rename = "Idempotency-Key")]
    pub idempotency_key: Option<String>,
}

/// The `If-Match` header of a change.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
pub struct IfMatchHeader {
    /// The version being changed (the `ETag` or `version` read): `"3"`.
    #[param(rename = "If-Match")]
    pub if_match: Option<String>,
}

/// A request's body, or 413 when it was over the limit.
fn body_bytes(body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    body.map_err(|rejection| {
        if rejection.status() == http::StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::BodyTooLarge
        } else {
            ApiError::BadJson(rejection.body_text())
        }
    })
}

/// The body as `T`, or what is wrong with it.
fn read_json<T: DeserializeOwned>(headers: &HeaderMap, body: &[u8]) -> Result<T, ApiError> {
    let json = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            let kind = v.split(';').next().unwrap_or("").trim();
            kind.eq_ignore_ascii_case("application/json")
        });
    if !json {
        return Err(ApiError::NotJson);
    }
    serde_json::from_slice(body).map_err(|e| ApiError::BadJson(e.to_string()))
}

/// The version `If-Match` names: `"3"`, `W/"3"` or `3`; 428 without one.
fn if_match(headers: &HeaderMap) -> Result<i64, ApiError> {
    let raw = headers
        .get(IF_MATCH)
        .ok_or(ApiError::IfMatchRequired)?
        .to_str()
        .map_err(|_| ApiError::IfMatchRequired)?
        .trim();
    let raw = raw.strip_prefix("W/").unwrap_or(raw).trim_matches('"');
    raw.parse().map_err(|_| ApiError::IfMatchRequired)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_reads_the_usual_forms() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(IF_MATCH, v.parse().unwrap());
            if_match(&h)
        };
        assert_eq!(with("\"3\""), Ok(3));
        assert_eq!(with("W/\"4\""), Ok(4));
        assert_eq!(with("5"), Ok(5));
        assert_eq!(with("*"), Err(ApiError::IfMatchRequired));
        assert_eq!(if_match(&HeaderMap::new()), Err(ApiError::IfMatchRequired));
    }

    #[test]
    fn only_json_bodies_are_read() {
        let mut h = HeaderMap::new();
        assert_eq!(
            read_json::<serde_json::Value>(&h, b"{}"),
            Err(ApiError::NotJson)
        );
        h.insert(
            CONTENT_TYPE,
            "application/json; charset=utf-8".parse().unwrap(),
        );
        assert!(read_json::<serde_json::Value>(&h, b"{}").is_ok());
        assert!(matches!(
            read_json::<serde_json::Value>(&h, b"{"),
            Err(ApiError::BadJson(_))
        ));
    }
}
