//! partner-map: Mutual Action Plans between solutions partners and their vendor's
//! Partner Development Manager.
//!
//! Data flows one way: `ui` (pages) → `api` (server functions) → `server` (database,
//! auth; compiled for the server only). `model` and `i18n` are shared by both sides.

#![recursion_limit = "256"]

pub mod api;
pub mod i18n;
pub mod model;
#[cfg(feature = "ssr")]
pub mod server;
pub mod ui;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(ui::App);
    // Browser tests wait for this before clicking: clicks before hydration are lost.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
