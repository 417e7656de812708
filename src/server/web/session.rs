//! Resolves each request's session, language, client address and flash once, in
//! a middleware, and leaves them in the request's extensions for pages, server
//! functions and handlers (read through `server::authz::Access`).

use crate::model::Locale;
use crate::server::auth::{self, FLASH_COOKIE, LOCALE_COOKIE, SESSION_COOKIE, TOUCH_INTERVAL};
use crate::server::authz::{Caller, ClientAddr, SessionUser};
use crate::server::state::AppState;
use crate::server::store::sessions;
use crate::server::web::{cookies, forms};
use crate::views::FlashView;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use chrono::Utc;
use http::header::{ACCEPT_LANGUAGE, SET_COOKIE};
use http::{HeaderMap, HeaderValue, Method};
use std::net::SocketAddr;

/// The outcome of the form post that led to this page view, shown once.
#[derive(Clone, Debug, Default)]
pub struct Flash(pub Option<FlashView>);

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
    // A flash is for the page a form post lands on: a page view, not an API
    // call, nor a script fetching a page (a live list reloading itself as the
    // redirect lands would otherwise take the flash meant for the new page).
    let fetched_by_script = req
        .headers()
        .get("sec-fetch-mode")
        .is_some_and(|mode| mode != "navigate");
    let flash_token = (req.method() == Method::GET
        && !req.uri().path().starts_with("/api/")
        && !fetched_by_script)
        .then(|| cookies::read(req.headers(), FLASH_COOKIE).map(str::to_string))
        .flatten();
    let flash = match &flash_token {
        Some(token) => forms::take(&state.db, token).await,
        None => None,
    };
    let spent = flash_token.map(|_| forms::spent_cookie(&state.config, req.headers()));
    let extensions = req.extensions_mut();
    extensions.insert(Caller(caller));
    extensions.insert(locale);
    extensions.insert(ClientAddr(client));
    extensions.insert(Flash(flash));
    let mut res = next.run(req).await;
    if let Some(Ok(spent)) = spent.map(|c| HeaderValue::from_str(&c)) {
        res.headers_mut().append(SET_COOKIE, spent);
    }
    res
}

async fn find_session(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<SessionUser>, sqlx::Error> {
    let Some(token) = cookies::read(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let token_hash = auth::token_hash(token);
    let Some(session) = sessions::find(&state.db, &token_hash).await? else {
        return Ok(None);
    };
    let now = Utc::now();
    if !auth::session_live(session.expires_at, session.last_seen_at, now) {
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

/// The user's setting, else the language cookie, else Accept-Language, else English.
pub fn request_locale(user: Option<&SessionUser>, headers: &HeaderMap) -> Locale {
    let from_user = user.and_then(|u| Locale::parse(&u.user.locale));
    let from_cookie = || cookies::read(headers, LOCALE_COOKIE).and_then(Locale::parse);
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

/// The client's address. Behind a trusted proxy it is the last `X-Forwarded-For`
/// entry, the one the proxy itself appended: every entry before it was written
/// by the client and proves nothing.
pub fn client_addr(req: &Request, trust_forwarded_for: bool) -> String {
    let forwarded = trust_forwarded_for
        .then(|| {
            let headers = req.headers().get_all("x-forwarded-for");
            // The last header only: an unreadable one must not let an earlier,
            // client-written one stand in for it.
            let last_header = headers.iter().next_back()?.to_str().ok()?;
            last_header
                .rsplit(',')
                .map(str::trim)
                .find(|s| !s.is_empty())
                .map(str::to_string)
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
