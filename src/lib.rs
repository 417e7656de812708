//! partner-map: Mutual Action Plans between solutions partners and their vendor's
//! Partner Development Manager.
//!
//! Data flows one way: `ui` (pages, rendered on the server; islands, hydrated in
//! the browser) → `api` (server functions) → `server` (database, auth; compiled
//! for the server only). `model`, `i18n`, `error` and `views` are shared by both sides.

#![recursion_limit = "256"]

pub mod api;
pub mod error;
pub mod i18n;
pub mod model;
#[cfg(feature = "ssr")]
pub mod server;
pub mod ui;
pub mod views;

/// The browser entry: only the `#[island]` components hydrate; the rest of every
/// page is server-rendered HTML.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Readable panics while developing; release builds abort without the
    // formatting machinery it would add to every visitor's download.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // Browser tests wait for this before clicking: clicks before hydration are
    // lost. The loader hydrates the page's islands right after this returns, in
    // one chain of microtasks, so a zero-delay timer fires once they are all live.
    leptos::prelude::set_timeout(
        || {
            if let Some(body) = leptos::prelude::document().body() {
                let _ = body.set_attribute("data-hydrated", "true");
            }
        },
        std::time::Duration::ZERO,
    );
}
