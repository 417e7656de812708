//! A user signed in with a one-time password (given by an admin) chooses their
//! own before anything else: every page they ask for sends them to
//! [`CHOOSE_PASSWORD_PATH`], and `authz` refuses them everything but their own
//! account.

use crate::server::authz::Caller;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use http::Method;

pub const CHOOSE_PASSWORD_PATH: &str = "/choose-password";

pub async fn require(req: Request, next: Next) -> Response {
    let must_change = req
        .extensions()
        .get::<Caller>()
        .and_then(|c| c.0.as_ref())
        .is_some_and(|s| s.user.must_change_password);
    let path = req.uri().path();
    let page = req.method() == Method::GET
        && !path.starts_with("/api/")
        && !path.starts_with("/pkg/")
        && path != CHOOSE_PASSWORD_PATH;
    if must_change && page {
        return Redirect::to(CHOOSE_PASSWORD_PATH).into_response();
    }
    next.run(req).await
}
