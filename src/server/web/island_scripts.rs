//! Pages without islands get no WASM. Leptos' `<HydrationScripts>` is part of
//! every page's head, but a page with no `#[island]` has nothing to hydrate:
//! loading the WASM there would cost a visitor about 100 KB for nothing (the
//! login page's first load drops from about 110 KB to 14 KB). So page responses
//! that contain no island have the loader and its preload hints taken out.

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::{CONTENT_LENGTH, CONTENT_TYPE};

pub async fn only_where_used(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let is_page = res
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_page {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    // The page is ours and already rendered whole (async SSR), so it is read
    // without a size limit; a body that fails while streaming is a server error.
    let Ok(bytes) = to_bytes(body, usize::MAX).await else {
        return http::StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    // Our pages are UTF-8; anything else is passed on as it came.
    let html = match std::str::from_utf8(&bytes) {
        Ok(html) if !html.contains("<leptos-island") => html,
        _ => return Response::from_parts(parts, Body::from(bytes)),
    };
    let stripped = without_loader(html);
    parts.headers.remove(CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(stripped))
}

/// The page without the island loader: the module preload, the WASM preload and
/// the loader script that `<HydrationScripts>` writes.
fn without_loader(html: &str) -> String {
    let mut html = html.to_string();
    for (start, end) in [
        ("<link rel=\"modulepreload\" href=\"/pkg/", ">"),
        ("<link rel=\"preload\" href=\"/pkg/", ">"),
        ("<script type=\"module\"", "</script>"),
    ] {
        if let Some(from) = html.find(start) {
            if let Some(len) = html[from..].find(end) {
                html.replace_range(from..from + len + end.len(), "");
            }
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::without_loader;

    #[test]
    fn takes_out_exactly_the_loader() {
        let page = concat!(
            "<head><link rel=\"stylesheet\" href=\"/pkg/a.css\">",
            "<link rel=\"modulepreload\" href=\"/pkg/a.js\" crossorigin=\"n\">",
            "<link rel=\"preload\" href=\"/pkg/a.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin=\"n\">",
            "<script type=\"module\" nonce=\"n\">((r) => { if (a > b) {} })(1)</script>",
            "<title>T</title></head>"
        );
        assert_eq!(
            without_loader(page),
            "<head><link rel=\"stylesheet\" href=\"/pkg/a.css\"><title>T</title></head>"
        );
    }
}
