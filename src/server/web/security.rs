//! Request-level defences: cross-site requests refused, and security headers.

use axum::extract::Request;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, HOST, ORIGIN, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
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
