//! Plain form posts: how a form works without JavaScript, the same for every form.
//!
//! A browser without JavaScript (or a form outside an island) posts to the
//! server function's `/api/...` path and expects a page back. This middleware
//! calls the function as a JSON client would, then answers with a redirect
//! (303) and leaves the outcome in a one-time flash for the page it lands on:
//!
//! - failure: back to the form's page, with every submitted value (passwords
//!   left out) and the error, which the page shows on its fields;
//! - success: to the page the function names with [`landing`] (else back), with
//!   the notice it gives with [`notice`], such as "Saved.", and any values it
//!   gives with [`carry`] to be shown once.
//!
//! Each form names itself in a hidden `_form` field, so two forms for the same
//! function on one page (one per task row) each get their own errors back.
//! Server functions called from islands get plain JSON and none of this.

use crate::error::AppError;
use crate::i18n::Key;
use crate::model::form_fields;
use crate::model::navigation::safe_next;
use crate::server::auth::{self, FLASH_COOKIE};
use crate::server::authz::Caller;
use crate::server::config::Config;
use crate::server::db::Db;
use crate::server::state::AppState;
use crate::server::store::flashes;
use crate::server::web::cookies;
use crate::views::FlashView;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use http::header::{ACCEPT, CONTENT_TYPE, HOST, LOCATION, REFERER, SET_COOKIE};
use http::{HeaderMap, HeaderValue, Method, StatusCode};

/// The hidden field that names a form.
pub const FORM_KEY: &str = "_form";
/// How long a flash waits for its page.
const FLASH_LIFETIME: Duration = Duration::minutes(5);
/// What one request may leave in a flash, so that no loop of posts can fill
/// the disk: only the fields our forms have, each cut to what its field holds
/// ([`form_fields::limit`]), at most this many bytes in all, and far less for
/// someone not signed in, whose only form is the login (an email; passwords
/// are never kept). The largest form, a review's notes written in Chinese to
/// every field's limit (about 93 KB), fits whole: a refused post loses
/// nothing that was typed.
const FLASH_VALUES_BYTES: usize = 128 * 1024;
const FLASH_VALUES_BYTES_ANONYMOUS: usize = 1024;
const NEXT_HEADER: &str = "x-pm-landing";
const NOTICE_HEADER: &str = "x-pm-notice";
const CARRY_HEADER: &str = "x-pm-carry";

/// Where a plain form post goes when the function succeeds.
pub fn landing(path: &str) {
    set_header(NEXT_HEADER, &safe_next(Some(path)));
}

/// What the page it lands on says about a plain form post that succeeded.
pub fn notice(key: Key) {
    if let Ok(json) = serde_json::to_string(&key) {
        set_header(NOTICE_HEADER, &json);
    }
}

/// Values the page a plain form post lands on shows once after success, such
/// as a secret the post made that nothing else keeps. A plain post leaves them
/// only in its one-time flash, which the page deletes as it reads it.
pub fn carry(values: &[(&str, &str)]) {
    if let Ok(encoded) = serde_urlencoded::to_string(values) {
        set_header(CARRY_HEADER, &encoded);
    }
}

fn set_header(name: &'static str, value: &str) {
    use leptos::prelude::use_context;
    if let (Some(res), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(value),
    ) {
        res.insert_header(http::HeaderName::from_static(name), value);
    }
}

/// The layer: a plain form post becomes a JSON call and a 303 with a flash.
/// The `x-pm-*` headers are this layer's contract with the server functions
/// ([`landing`], [`notice`], [`carry`]) and end here: a JSON caller (an
/// island) gets the function's answer without them.
pub async fn plain_posts(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !is_plain_form_post(&req) {
        let mut res = next.run(req).await;
        for name in [NEXT_HEADER, NOTICE_HEADER, CARRY_HEADER] {
            res.headers_mut().remove(name);
        }
        return res;
    }
    let (mut parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, state.config.max_body_bytes).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let urlencoded = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let values: Vec<(String, String)> = if urlencoded {
        serde_urlencoded::from_bytes(&bytes).unwrap_or_default()
    } else {
        Vec::new()
    };
    let form = values
        .iter()
        .find(|(name, _)| name == FORM_KEY)
        .map(|(_, key)| key.clone())
        .unwrap_or_default();
    let back = same_origin_referer(&parts.headers).unwrap_or_else(|| "/".into());
    let signed_in = parts
        .extensions
        .get::<Caller>()
        .is_some_and(|caller| caller.0.is_some());
    let secure = cookies::secure_for(&state.config, &parts.headers);
    parts
        .headers
        .insert(ACCEPT, HeaderValue::from_static("application/json"));

    let res = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    let (res_parts, res_body) = res.into_parts();
    let (location, flash) = if res_parts.status.is_success() {
        let location = header(&res_parts.headers, NEXT_HEADER).unwrap_or(back);
        let notice = header(&res_parts.headers, NOTICE_HEADER)
            .and_then(|json| serde_json::from_str::<Key>(&json).ok());
        let values: Vec<(String, String)> = header(&res_parts.headers, CARRY_HEADER)
            .and_then(|encoded| serde_urlencoded::from_str(&encoded).ok())
            .unwrap_or_default();
        let flash = (notice.is_some() || !values.is_empty()).then_some(FlashView {
            form,
            values,
            notice,
            error: None,
        });
        (location, flash)
    } else {
        let Ok(body) = to_bytes(res_body, 64 * 1024).await else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        let Ok(error) = serde_json::from_slice::<AppError>(&body) else {
            // Not one of ours (a 413 from a layer, say): pass it on as it is.
            return Response::from_parts(res_parts, Body::from(body));
        };
        let budget = if signed_in {
            FLASH_VALUES_BYTES
        } else {
            FLASH_VALUES_BYTES_ANONYMOUS
        };
        let values = bounded(declared(values), budget);
        let flash = FlashView {
            form,
            values,
            error: Some(error),
            notice: None,
        };
        (back, Some(flash))
    };

    let mut answer = redirect_with_flash(&state, secure, location, flash).await;
    // The function's own cookies (a new session, the language) go along.
    for cookie in res_parts.headers.get_all(SET_COOKIE) {
        answer.headers_mut().append(SET_COOKIE, cookie.clone());
    }
    answer
}

/// A form posted to a plain handler, by field name: what a multi-part form
/// (the goal wizard, the task panel) reads its fields from.
pub struct Submitted(pub Vec<(String, String)>);

impl Submitted {
    /// The value of `name`; empty when it was not posted.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    }

    pub fn set(&mut self, name: &str, value: String) {
        match self.0.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value,
            None => self.0.push((name.to_string(), value)),
        }
    }
}

/// A 303 to `location`, leaving `flash` for the page it lands on: how a plain
/// handler (an upload) answers a form post the same way server functions do.
pub async fn redirect_with_flash(
    state: &AppState,
    secure: bool,
    location: String,
    flash: Option<FlashView>,
) -> Response {
    let mut answer = Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(LOCATION, location)
        .body(Body::empty())
        .unwrap_or_default();
    if let Some(flash) = flash {
        match keep(&state.db, &flash).await {
            Ok(token) => {
                let cookie = auth::set_cookie(FLASH_COOKIE, &token, FLASH_LIFETIME, true, secure);
                if let Ok(value) = HeaderValue::from_str(&cookie) {
                    answer.headers_mut().append(SET_COOKIE, value);
                }
            }
            Err(err) => tracing::error!(error = %err, "cannot keep a flash"),
        }
    }
    answer
}

/// A browser's own form submission: a POST to a server function that wants a page back.
fn is_plain_form_post(req: &Request) -> bool {
    req.method() == Method::POST
        && req.uri().path().starts_with("/api/")
        && req
            .headers()
            .get(ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
}

/// What a refused post may show again of what was typed: the fields our
/// forms have (never a password), each cut one character past what its field
/// holds, so that a value that was too long still reads so beside its error.
pub fn declared(values: impl IntoIterator<Item = (String, String)>) -> Vec<(String, String)> {
    values
        .into_iter()
        .filter(|(name, _)| name != FORM_KEY && !name.contains("password"))
        .filter_map(|(name, mut value)| {
            let limit = form_fields::limit(&name)?;
            if let Some((cut, _)) = value.char_indices().nth(limit + 1) {
                value.truncate(cut);
            }
            Some((name, value))
        })
        .collect()
}

/// The values a flash keeps of `values`, in order, until `budget` bytes are
/// spent; the rest is left out (the form shows those fields empty).
fn bounded(
    values: impl IntoIterator<Item = (String, String)>,
    budget: usize,
) -> Vec<(String, String)> {
    let mut left = budget;
    let mut kept = Vec::new();
    for (name, value) in values {
        let size = name.len() + value.len();
        if size > left {
            break;
        }
        left -= size;
        kept.push((name, value));
    }
    kept
}

async fn keep(db: &Db, flash: &FlashView) -> Result<String, String> {
    // Every flash passes here: plain handlers' values are bounded too.
    let flash = FlashView {
        values: bounded(flash.values.iter().cloned(), FLASH_VALUES_BYTES),
        ..flash.clone()
    };
    let payload = serde_json::to_string(&flash).map_err(|e| e.to_string())?;
    let token = auth::new_session_token();
    // Sealed with the cookie's token: what a flash carries (a one-time
    // password, a feed's secret address, what someone typed) cannot be read
    // from the database, and not at all once the cookie has expired.
    let payload = auth::seal(&token, &payload);
    flashes::create(db, &auth::token_hash(&token), &payload, Utc::now())
        .await
        .map_err(|e| e.to_string())?;
    Ok(token)
}

/// The flash a page view brings along, read once: it is deleted as it is read.
pub async fn take(db: &Db, token: &str) -> Option<FlashView> {
    let since = Utc::now() - FLASH_LIFETIME;
    match flashes::take(db, &auth::token_hash(token), since).await {
        Ok(payload) => payload
            .and_then(|p| auth::unseal(token, &p))
            .and_then(|p| serde_json::from_str(&p).ok()),
        Err(err) => {
            tracing::error!(error = %err, "cannot read a flash");
            None
        }
    }
}

/// The flash cookie, spent: sent with the page view that showed it.
pub fn spent_cookie(config: &Config, headers: &HeaderMap) -> String {
    auth::set_cookie(
        FLASH_COOKIE,
        "",
        Duration::zero(),
        true,
        cookies::secure_for(config, headers),
    )
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// The path of the page the form was on, when that page is on this site.
fn same_origin_referer(headers: &HeaderMap) -> Option<String> {
    let referer = headers.get(REFERER)?.to_str().ok()?;
    let host = headers.get(HOST)?.to_str().ok()?;
    let rest = referer
        .strip_prefix("http://")
        .or_else(|| referer.strip_prefix("https://"))?;
    let (referer_host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    (referer_host == host).then(|| safe_next(Some(if path.is_empty() { "/" } else { path })))
}

#[cfg(test)]
mod tests {

    fn pair(name: &str, value: &str) -> (String, String) {
        (name.to_string(), value.to_string())
    }

    #[test]
    fn a_flash_keeps_only_our_fields_each_cut_to_what_it_holds() {
        let notes = crate::model::tasks::NOTES_MAX;
        let name = crate::model::DisplayName::MAX_CHARS;
        let typed = declared([
            pair("email", "a@b.test"),
            pair("junk", "not a field of ours"),
            pair("password", "secret"),
            pair("display_name", &"名".repeat(name + 50)),
            pair("notes", &"字".repeat(notes + 5)),
            pair("title", "too late"),
        ]);
        let names: Vec<&str> = typed.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["email", "display_name", "notes", "title"]);
        assert_eq!(typed[1].1.chars().count(), name + 1);
        assert_eq!(typed[2].1.chars().count(), notes + 1);
        // The email, the cut name and the cut notes, exactly.
        let budget = (5 + 8) + (12 + 3 * (name + 1)) + (5 + 3 * (notes + 1));
        let kept = bounded(typed, budget);
        assert_eq!(kept.len(), 3, "the budget was spent before the title");
        let anonymous = bounded(
            declared([pair("email", "a@b.test"), pair("next", &"/".repeat(5000))]),
            FLASH_VALUES_BYTES_ANONYMOUS,
        );
        assert_eq!(anonymous, vec![pair("email", "a@b.test")]);
    }
    #[test]
    fn the_largest_form_comes_back_whole() {
        use crate::model::reviews::{self, fields};
        let full = |name: &str, chars: usize| pair(name, &"字".repeat(chars));
        let review = [
            full(fields::HELD_ON, 10),
            full(fields::ATTENDEES, reviews::ATTENDEES_MAX),
            full(fields::WENT_WELL, reviews::NOTE_MAX),
            full(fields::DID_NOT_GO_WELL, reviews::NOTE_MAX),
            full(fields::STRATEGY, reviews::NOTE_MAX),
            pair("version", "12"),
        ];
        let kept = bounded(declared(review.clone()), FLASH_VALUES_BYTES);
        assert_eq!(kept, review);
    }

    use super::*;

    fn headers(referer: &str, host: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(REFERER, referer.parse().unwrap());
        h.insert(HOST, host.parse().unwrap());
        h
    }

    #[test]
    fn goes_back_only_to_this_site() {
        let back = |r, h| same_origin_referer(&headers(r, h));
        assert_eq!(
            back("http://app.test/settings?x=1", "app.test").as_deref(),
            Some("/settings?x=1")
        );
        assert_eq!(back("https://app.test", "app.test").as_deref(), Some("/"));
        assert_eq!(back("https://evil.test/settings", "app.test"), None);
        assert_eq!(back("https://app.test.evil.test/", "app.test"), None);
        assert_eq!(back("javascript:alert(1)", "app.test"), None);
    }
}
