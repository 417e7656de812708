//! Server functions: the only way the browser reaches data. Each one is thin:
//! it states what it touches (checked by `server::authz`), parses its input into
//! model types and calls the store. Every endpoint has a fixed path under /api/.
//!
//! The same function serves a plain form post (the page comes back through
//! `server::web::forms`, with a flash) and an island's direct call (JSON).

pub mod admin;
pub mod calendar;
pub mod deals;
pub mod default_tasks;
pub mod goals;
pub mod notifications;
pub mod partners;
pub mod progress;
pub mod reviews;
pub mod session;
pub mod settings;
pub mod tasks;
pub mod tokens;

pub use crate::error::AppError;
