//! Pages without islands get no WASM. Leptos' `<HydrationScripts>` is part of
//! every page's head, but a page with no `#[island]` has nothing to hydrate:
//! loading the WASM there would cost a visitor about 100 KB for nothing (the
//! login page's first load drops from about 110 KB to 14 KB). So page responses
//! that contain no island have the loader and its preload hints taken out.

//!
//! The page layer ([`crate::server::web::page_cache::serve`]) calls this on
//! every HTML page it reads, so that a page is read once for both.

use axum::body::Bytes;

/// `page` as it should be sent: without the island loader when it has no
/// island. Anything not UTF-8 is passed on as it came (our pages are UTF-8).
pub fn only_where_used(page: Bytes) -> Bytes {
    match std::str::from_utf8(&page) {
        Ok(html) if !html.contains("<leptos-island") => Bytes::from(without_loader(html)),
        _ => page,
    }
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
    use super::{only_where_used, without_loader};
    use axum::body::Bytes;

    #[test]
    fn a_page_with_an_island_keeps_its_loader() {
        let page =
            "<head><script type=\"module\">load()</script></head><leptos-island></leptos-island>";
        assert_eq!(only_where_used(Bytes::from(page)), Bytes::from(page));
        assert_eq!(
            only_where_used(Bytes::from(
                "<head><script type=\"module\">load()</script></head><p>"
            )),
            Bytes::from("<head></head><p>")
        );
    }

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
