//! One-click unsubscribe (RFC 8058). Every message carries
//! `List-Unsubscribe: <PUBLIC_URL/unsubscribe/TOKEN>`; the token turns off
//! that one kind of mail for that one person, and nothing else, without
//! signing in.
//!
//! - `GET /unsubscribe/TOKEN` is a page (`ui::pages::unsubscribe`) that asks,
//!   with a button: a GET changes nothing, since mail scanners open links.
//! - `POST /unsubscribe/TOKEN` turns the kind off. A mail client's one-click
//!   POST (body `List-Unsubscribe=One-Click`) is answered in plain text; the
//!   page's button is sent back to the page, which now says it is done.
//!
//! The POST is exempt from the cross-site refusal (`web::security`): a mail
//! provider sends it from its own servers, and what it can do is bounded by
//! the secret in its address, not by the caller's cookies.

use crate::model::mail::MailKind;
use crate::model::UserId;
use crate::server::auth::token_hash;
use crate::server::state::AppState;
use crate::server::store::{mail_choices, users};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use http::StatusCode;

/// The route of the page and of the POST.
pub const ROUTE: &str = "/unsubscribe/{token}";

/// A token's person and kind, and their address, when the token is known.
pub async fn owner(
    state: &AppState,
    token: &str,
) -> Result<Option<(UserId, String, MailKind)>, sqlx::Error> {
    if !is_token(token) {
        return Ok(None);
    }
    let Some((user, kind)) = mail_choices::token_owner(&state.db, &token_hash(token)).await? else {
        return Ok(None);
    };
    Ok(users::find(&state.db, user)
        .await?
        .map(|u| (u.id, u.email, kind)))
}

/// What a token looks like (`auth::new_session_token`): anything else is
/// unknown without a query, and never goes back into an address.
fn is_token(token: &str) -> bool {
    (1..=128).contains(&token.len()) && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The page of `token`, or of an unknown link.
fn page(token: &str) -> Redirect {
    let token = if is_token(token) { token } else { "unknown" };
    Redirect::to(&format!("/unsubscribe/{token}"))
}

/// `POST /unsubscribe/TOKEN`.
pub async fn post(
    State(state): State<AppState>,
    Path(token): Path<String>,
    body: Bytes,
) -> Response {
    let one_click = body
        .split(|b| *b == b'&')
        .any(|pair| pair == b"List-Unsubscribe=One-Click");
    let owner = match owner(&state, &token).await {
        Ok(owner) => owner,
        Err(err) => {
            tracing::error!(error = %err, "unsubscribe failed");
            return (StatusCode::SERVICE_UNAVAILABLE, "try again later\n").into_response();
        }
    };
    let Some((user, _, kind)) = owner else {
        return if one_click {
            (StatusCode::NOT_FOUND, "unknown or expired link\n").into_response()
        } else {
            page(&token).into_response()
        };
    };
    if let Err(err) = mail_choices::turn_off(&state.db, user, kind).await {
        tracing::error!(error = %err, "unsubscribe failed");
        return (StatusCode::SERVICE_UNAVAILABLE, "try again later\n").into_response();
    }
    tracing::info!(user_id = %user, kind = kind.as_str(), one_click, "unsubscribed");
    if one_click {
        (StatusCode::OK, "unsubscribed\n").into_response()
    } else {
        page(&token).into_response()
    }
}
