//! The routes that are neither pages nor server functions, listed once: the
//! Router takes their paths from here, and the edge layers that treat them
//! differently (the page cache, static files) read the same list.

/// Every route that is neither a page nor a server function. The router takes
/// its paths from here, and the access sweep in `tests/integration/access.rs` checks each
/// one: a route added anywhere else is not served.
pub const PLAIN_ROUTES: &[&str] = &[
    "/healthz",
    "/favicon.ico",
    "/pkg/{*file}",
    "/p/{partner}/deals/upload",
    "/p/{partner}/deals.csv",
    "/p/{partner}/goals/edit",
    "/p/{partner}/goals.csv",
    "/p/{partner}/progress.csv",
    "/p/{partner}/tasks/save",
    "/p/{partner}/tasks/events",
    "/p/{partner}/reviews/start",
    "/p/{partner}/reviews/{review}/save",
    "/calendar/{file}",
    "/unsubscribe/{token}",
];

/// A path of [`PLAIN_ROUTES`].
pub fn plain_route(path: &str) -> &'static str {
    PLAIN_ROUTES
        .iter()
        .find(|p| **p == path)
        .unwrap_or_else(|| panic!("{path} is not listed in PLAIN_ROUTES"))
}
