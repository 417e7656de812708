//! The API's edge: who is calling (a bearer token, never a cookie), how fast
//! (a rate limit per token), in which language, for how long; and every
//! refusal written in one shape. Access itself is then checked by
//! `authz::Access::allow_scoped` in each handler, like everywhere else.

use crate::model::api_token::looks_like_secret;
use crate::model::Locale;
use crate::server::auth::token_hash;
use crate::server::authz::{Caller, ClientAddr, SessionUser, TokenGrant};
use crate::server::rest::reply::{ApiError, Pending};
use crate::server::rest::tokens;
use crate::server::state::AppState;
use crate::server::store::api_tokens::{self, Creator, Presented};
use crate::server::web::guard::request_id;
use crate::server::web::session::client_addr;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use chrono::{Duration, Utc};

/// A token's "last used" is written at most this often from one address.
const TOUCH_INTERVAL: Duration = Duration::minutes(1);
use http::header::{ACCEPT_LANGUAGE, AUTHORIZATION};
use http::HeaderMap;

/// The layer in front of every partner endpoint.
pub async fn authenticate(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let addr = client_addr(&req, state.config.trust_forwarded_for);
    let (presented, token_hash) = match find_token(&state, req.headers()).await {
        Ok(found) => found,
        Err(error) => return error.to_response(api_locale(req.headers(), None)),
    };
    let creator = match presented.creator() {
        Some(creator) => creator,
        None => return ApiError::TokenInvalid.to_response(api_locale(req.headers(), None)),
    };
    let user = match &creator {
        Creator::User(user) => Some(user.clone()),
        Creator::CommandLine => None,
    };
    let locale = api_locale(req.headers(), user.as_ref().map(|u| u.locale.as_str()));
    let token = &presented.token;
    if let Err(retry_after_secs) = state
        .api_limits
        .admit(token.id, state.config.api_rate_limit)
    {
        return ApiError::RateLimited { retry_after_secs }.to_response(locale);
    }
    if let Err(err) = note_use(&state, &presented, user.as_ref(), &addr).await {
        // The request is answered anyway; "last used" is a courtesy.
        tracing::warn!(error = %err, "cannot note a token's use");
    }
    let grant = TokenGrant {
        id: token.id,
        partner: token.partner_id,
        scopes: crate::model::api_token::read_stored_scopes(&token.scopes),
        token_hash,
    };
    let extensions = req.extensions_mut();
    extensions.insert(grant);
    extensions.insert(Caller(user.map(|user| SessionUser {
        user,
        token_hash: String::new(),
    })));
    extensions.insert(locale);
    extensions.insert(ClientAddr(addr));
    let limit = state.config.request_timeout;
    let res = match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            let reference = request_id().unwrap_or_else(|| "-".into());
            tracing::error!(request_id = %reference, "API request stopped: no answer within the time limit");
            return ApiError::App(crate::error::AppError::TimedOut { reference })
                .to_response(locale);
        }
    };
    written_in(res, locale)
}

/// A handler's refusal, written again in the caller's language; a refusal
/// of a layer below (a body over the limit, a NUL character), in the API's shape.
pub fn written_in(res: Response, locale: Locale) -> Response {
    if let Some(Pending(error)) = res.extensions().get::<Pending>() {
        return error.to_response(locale);
    }
    let json = res
        .headers()
        .get(http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    match res.status() {
        http::StatusCode::PAYLOAD_TOO_LARGE if !json => ApiError::BodyTooLarge.to_response(locale),
        http::StatusCode::BAD_REQUEST if !json => {
            ApiError::App(crate::error::AppError::BadRequest).to_response(locale)
        }
        _ => res,
    }
}

/// The language of the API's answers: `Accept-Language`, else the token
/// creator's own, else English.
pub fn api_locale(headers: &HeaderMap, creator_locale: Option<&str>) -> Locale {
    headers
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Locale::from_accept_language)
        .or_else(|| creator_locale.and_then(Locale::parse))
        .unwrap_or_default()
}

fn token_hash_of(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, secret) = value.trim().split_once(' ')?;
    let secret = secret.trim();
    (scheme.eq_ignore_ascii_case("bearer") && looks_like_secret(secret)).then(|| token_hash(secret))
}

/// The token the request presents, if it works: known, not revoked, not
/// expired, its creator active. Whether its creator may still open the
/// partner is asked by the handler's access check.
/// With it, the hash it was found by (for the access re-checks of a stream).
async fn find_token(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(Presented, String), ApiError> {
    if headers.get(AUTHORIZATION).is_none() {
        return Err(ApiError::TokenMissing);
    }
    let hash = token_hash_of(headers).ok_or(ApiError::TokenInvalid)?;
    let presented = api_tokens::find_by_hash(&state.db, &hash)
        .await?
        .ok_or(ApiError::TokenInvalid)?;
    let usable = TokenGrant::usable(
        &presented.token,
        presented.creator.creator_deactivated,
        Utc::now(),
    );
    if !usable {
        return Err(ApiError::TokenInvalid);
    }
    Ok((presented, hash))
}

/// Notes when and from where the token was used; a first use from an
/// address goes to the audit log.
async fn note_use(
    state: &AppState,
    presented: &Presented,
    user: Option<&crate::server::store::users::UserRow>,
    addr: &str,
) -> Result<(), sqlx::Error> {
    let token = &presented.token;
    let now = Utc::now();
    let same_addr = token.last_used_addr.as_deref() == Some(addr);
    let recent = token
        .last_used_at
        .is_some_and(|at| now - at < TOUCH_INTERVAL);
    if same_addr && recent {
        return Ok(());
    }
    api_tokens::touch(&state.db, token.id, addr, now).await?;
    if !same_addr && api_tokens::remember_address(&state.db, token.id, addr, now).await? {
        tokens::note_new_address(&state.db, token, user.map(|u| u.email.as_str()), addr, now)
            .await?;
    }
    Ok(())
}
