//! The request edge: what every request passes through, whatever feature it
//! reaches. It imports no feature.
//!
//! - `security`: security headers, the page policy, cross-site requests refused.
//! - `session`: who is calling, their language and flash, resolved once.
//! - `cookies`: the cookies a server function sets.
//! - `forms`: plain form posts and their one-time flash.
//! - `api_status`: a server function's failure gets its HTTP status.
//! - `guard`: no request hangs (a time limit) or takes the process down (a
//!   panic is a 500).
//! - `body_pace`: a request body that arrives too slowly is cut.
//! - `page_cache`: the page layer, which reads each page's HTML once: no WASM
//!   where no island is (`island_scripts`), and pages kept while nothing they
//!   show has changed.
//! - `static_files`: the built site's files.
//! - `errors`, `respond`, `views`: failures logged once, the responders and
//!   the stored rows as the browser sees them, shared by the features.

pub mod api_status;
pub mod body_pace;
pub mod cookies;
pub mod errors;
pub mod forms;
pub mod guard;
pub mod island_scripts;
pub mod page_cache;
pub mod respond;
pub mod routes;
pub mod security;
pub mod session;
pub mod static_files;
pub mod views;
