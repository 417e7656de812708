//! Resolves each request's session and language once, in a middleware, and
//! leaves them in the request's extensions for pages and server functions.

use crate::model::Locale;
use crate::server::auth::{self, IDLE_TIMEOUT, LOCALE_COOKIE, SESSION_COOKIE, TOUCH_INTERVAL};
use crate::server::state::AppState;
use crate::server::store::{sessions, users};
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use chrono::Utc;
use http::header::{ACCEPT_LANGUAGE, COOKIE};
use http::HeaderMap;
use std::net::SocketAddr;

/// The signed-in user behind a request, if any.
#[derive(Clone, Debug)]
pub struct SessionUser {
    pub user: users::UserRow,
    pub token_hash: String,
}

#[derive(Clone, Debug, Default)]
pub struct Caller(pub Option<SessionUser>);

/// The language the request is answered in.
#[derive(Clone, Copy, Debug)]
pub struct RequestLocale(pub Locale);

/// Where the request came from, for rate limiting.
#[derive(Clone, Debug)]
pub struct ClientAddr(pub String);

pub async fn resolve(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let caller = match find_session(&state, req.headers()).await {
        Ok(caller) => caller,
        Err(err) => {
            tracing::error!(error = %err, "session lookup failed");
            None
        }
    };
    let locale = request_locale(caller.as_ref(), req.headers());
    let client = client_addr(&req, state.config.trust_forwarded_for);
    let extensions = req.extensions_mut();
    extensions.insert(Caller(caller));
    extensions.insert(RequestLocale(locale));
    extensions.insert(ClientAddr(client));
    next.run(req).await
}

async fn find_session(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<SessionUser>, sqlx::Error> {
    let Some(token) = cookie(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let token_hash = auth::token_hash(token);
    let Some(session) = sessions::find(&state.db, &token_hash).await? else {
        return Ok(None);
    };
    let now = Utc::now();
    if session.expires_at <= now || session.last_seen_at + IDLE_TIMEOUT <= now {
        sessions::delete(&state.db, &token_hash).await?;
        return Ok(None);
    }
    if now - session.last_seen_at >= TOUCH_INTERVAL {
        sessions::touch(&state.db, &token_hash, now).await?;
    }
    Ok(Some(SessionUser {
        user: session.user,
        token_hash,
    }))
}

/// The value of a cookie the request carries.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|h| auth::cookie_value(h, name))
}

/// The user's setting, else the language cookie, else Accept-Language, else English.
pub fn request_locale(user: Option<&SessionUser>, headers: &HeaderMap) -> Locale {
    let from_user = user.and_then(|u| Locale::parse(&u.user.locale));
    let from_cookie = || cookie(headers, LOCALE_COOKIE).and_then(Locale::parse);
    let from_header = || {
        headers
            .get(ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(Locale::from_accept_language)
    };
    from_user
        .or_else(from_cookie)
        .or_else(from_header)
        .unwrap_or_default()
}

fn client_addr(req: &Request, trust_forwarded_for: bool) -> String {
    let forwarded = trust_forwarded_for
        .then(|| {
            req.headers()
                .get("x-forwarded-for")?
                .to_str()
                .ok()?
                .split(',')
                .next()
                .map(|s| s.trim().to_string())
        })
        .flatten();
    forwarded
        .or_else(|| {
            req.extensions()
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ci| ci.0.ip().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}
