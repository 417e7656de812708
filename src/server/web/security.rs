//! Request-level defences: cross-site requests refused, and security headers.

use axum::extract::Request;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, HOST, ORIGIN, REFERRER_POLICY,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The policy for the app's pages: its own script (the hydration loader carries
/// the per-request nonce), its own WASM, nothing framed, nothing posted elsewhere.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// Sets a page's Content-Security-Policy, naming the script nonce of the
/// response being rendered. The Router calls it around the page shell, inside
/// the render, where Leptos knows the nonce.
pub fn set_page_policy() {
    use leptos::prelude::use_context;
    if let (Some(nonce), Some(res)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        if let Ok(value) = HeaderValue::from_str(&page_csp(&nonce)) {
            res.insert_header(CONTENT_SECURITY_POLICY, value);
        }
    }
}

/// The nonce a policy written by [`page_csp`] names.
pub fn page_csp_nonce(policy: &str) -> Option<&str> {
    let start = policy.find("'nonce-")? + "'nonce-".len();
    let len = policy[start..].find('\'')?;
    Some(&policy[start..start + len]).filter(|n| !n.is_empty())
}

/// Everything that is not a page (API answers, files) gets the tightest policy.
const DEFAULT_CSP: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

pub async fn headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    headers
        .entry(CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(DEFAULT_CSP));
    // Pages, server function answers and exports hold personal data: no
    // cache, the browser's or a proxy's, keeps them (the back button shows
    // nothing after a logout). Only what set its own policy differs: static
    // files (long-lived, hashed names) and the calendar feed (no-store too).
    headers
        .entry(CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(
        REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    res
}

/// Refuses state-changing requests that another site made the browser send.
/// Browsers say so in `Sec-Fetch-Site`; older ones at least send `Origin`,
/// which must name this host. Requests with neither come from non-browser
/// clients, which carry no ambient cookies worth forging.
pub async fn refuse_cross_site(req: Request, next: Next) -> Response {
    if is_cross_site(&req) {
        // The request's span names the path, with any secret in it redacted.
        tracing::warn!(method = %req.method(), "cross-site request refused");
        return (StatusCode::FORBIDDEN, "cross-site request refused\n").into_response();
    }
    next.run(req).await
}

fn is_cross_site(req: &Request) -> bool {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    // RFC 8058's one-click unsubscribe is posted by mail providers' servers;
    // the secret in its address is all it acts on (`server::mail::unsubscribe`).
    if req.uri().path().starts_with("/unsubscribe/") {
        return false;
    }
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site") {
        return !matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    match (headers.get(ORIGIN), headers.get(HOST)) {
        (Some(origin), Some(host)) => {
            let origin = origin.to_str().unwrap_or("");
            let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
            origin == "null" || origin_host != host.to_str().unwrap_or("")
        }
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// Refuses a request whose query or form or JSON body holds a NUL
/// character: nobody types one, PostgreSQL cannot store one in text (it
/// answered every such name, title or note with a 500), and SQLite would
/// keep a string other tools cut short. One check here covers every field of
/// every form; uploads (multipart) are not read here, the importer judges
/// its files itself.
pub async fn refuse_nul(req: Request, next: Next) -> Response {
    let refuse = |req: &Request| {
        let locale = req
            .extensions()
            .get::<crate::model::Locale>()
            .copied()
            .unwrap_or_default();
        crate::server::web::respond::refused(locale, crate::error::AppError::BadRequest)
    };
    if req.uri().query().is_some_and(has_encoded_nul) {
        return refuse(&req);
    }
    let kind = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let form = kind.starts_with("application/x-www-form-urlencoded");
    let json = kind.starts_with("application/json");
    if !form && !json {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    // The body limit outside this layer has bounded it already.
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let req = Request::from_parts(parts, axum::body::Body::from(bytes.clone()));
    let nul = bytes.contains(&0)
        || if form {
            std::str::from_utf8(&bytes).is_ok_and(has_encoded_nul)
        } else {
            // Parsed only when it may hold one: a typed backslash before
            // "u0000" is text, not a NUL.
            contains_ignore_case(&bytes, b"\\u0000") && json_has_nul(&bytes)
        };
    if nul {
        return refuse(&req);
    }
    next.run(req).await
}

/// `%00` in a URL-encoded text.
fn has_encoded_nul(text: &str) -> bool {
    text.contains("%00")
}

fn json_has_nul(bytes: &[u8]) -> bool {
    fn holds(value: &serde_json::Value) -> bool {
        match value {
            serde_json::Value::String(s) => s.contains('\0'),
            serde_json::Value::Array(items) => items.iter().any(holds),
            serde_json::Value::Object(map) => map.iter().any(|(k, v)| k.contains('\0') || holds(v)),
            _ => false,
        }
    }
    serde_json::from_slice::<serde_json::Value>(bytes).is_ok_and(|v| holds(&v))
}

fn contains_ignore_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn post(headers: &[(&str, &str)]) -> Request {
        let mut builder = axum::http::Request::builder()
            .method("POST")
            .uri("/api/login");
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        builder.body(Body::empty()).unwrap()
    }

    #[test]
    fn a_nul_is_seen_however_it_is_written() {
        assert!(has_encoded_nul("name=a%00b"));
        assert!(!has_encoded_nul("name=a%2000"));
        assert!(json_has_nul(br#"{"name":"a\u0000"}"#));
        assert!(json_has_nul(br#"{"list":["x", "a\u0000"]}"#));
        assert!(
            !json_has_nul(br#"{"name":"a\\u0000"}"#),
            "a typed backslash"
        );
    }

    #[test]
    fn a_page_policy_names_its_nonce() {
        assert_eq!(page_csp_nonce(&page_csp("abc-_1")), Some("abc-_1"));
        assert_eq!(page_csp_nonce(DEFAULT_CSP), None);
    }

    #[test]
    fn same_origin_passes_and_cross_site_does_not() {
        assert!(!is_cross_site(&post(&[("sec-fetch-site", "same-origin")])));
        assert!(is_cross_site(&post(&[("sec-fetch-site", "cross-site")])));
        assert!(is_cross_site(&post(&[("sec-fetch-site", "same-site")])));
        assert!(!is_cross_site(&post(&[
            ("host", "a.example:3000"),
            ("origin", "http://a.example:3000")
        ])));
        assert!(is_cross_site(&post(&[
            ("host", "a.example:3000"),
            ("origin", "http://evil.example")
        ])));
        assert!(is_cross_site(&post(&[
            ("host", "a.example"),
            ("origin", "null")
        ])));
        assert!(!is_cross_site(&post(&[("host", "a.example")])));
    }

    #[test]
    fn reads_are_never_refused() {
        let req = axum::http::Request::builder()
            .method("GET")
            .uri("/")
            .header("sec-fetch-site", "cross-site")
            .body(Body::empty())
            .unwrap();
        assert!(!is_cross_site(&req));
    }

    #[tokio::test]
    async fn answers_are_not_stored_unless_they_chose_their_own_policy() {
        use tower::ServiceExt;
        let app = axum::Router::new()
            .route("/page", axum::routing::get(|| async { "personal" }))
            .route(
                "/asset",
                axum::routing::get(|| async {
                    ([(CACHE_CONTROL, "public, max-age=60")], "shared")
                }),
            )
            .layer(axum::middleware::from_fn(headers));
        let policy = |path: &'static str| {
            let app = app.clone();
            async move {
                let req = axum::http::Request::get(path).body(Body::empty()).unwrap();
                let res = app.oneshot(req).await.unwrap();
                res.headers()[CACHE_CONTROL].to_str().unwrap().to_string()
            }
        };
        assert_eq!(policy("/page").await, "no-store");
        assert_eq!(policy("/asset").await, "public, max-age=60");
    }
}
