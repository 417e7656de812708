//! Server-only code, compiled with `ssr` only. It reads top-down, and an
//! import only ever points down this list:
//!
//! 1. `app` (the Router and `serve`, the background jobs), `cli` (the command
//!    line) and `demo` (the demo workspace): they assemble everything below.
//! 2. The features, a folder each with its endpoints' work and its own
//!    helpers: `deals` (with the HubSpot `import`), `goals`, `progress` (with
//!    the portfolio), `tasks` (with reminders, notifications and the calendar
//!    feed), `reviews`, `admin` and `mail` (the outbox's worker, the messages,
//!    unsubscribing; features queue mail through `store::mail_outbox`). A feature uses another only through that
//!    feature's public functions (a review reads progress through
//!    `progress::figures`), never its internals. `rest`, the JSON API, is a
//!    feature too: its endpoints call the other features' public functions
//!    (`deals::create`, `tasks::save`, `progress::rows`), as the pages do.
//! 3. `accounts`: logging in, changing a password, the throttle, the first
//!    password.
//! 4. `web`, the request edge: security headers and cross-site checks,
//!    cookies, sessions, the form flash, kept pages, static files, island
//!    scripts, error responses and the responders features share. It imports
//!    no feature.
//! 5. The foundation: `authz` (who may touch what), `state` (what handlers
//!    share) and the services it holds (`figures`, `events`, `hashing`,
//!    `rate_limits`), then
//!    `store` (the queries, importing nothing above `db`), `db`, `clock` and
//!    `config`.
//!
//! A helper two features need lives below both, not in the first that needed it.

pub mod app;
pub mod cli;
pub mod demo;

pub mod admin;
pub mod deals;
pub mod goals;
pub mod mail;
pub mod progress;
pub mod rest;
pub mod reviews;
pub mod tasks;

pub mod accounts;
pub mod web;

pub mod auth;
pub mod authz;
pub mod clock;
pub mod config;
pub mod db;
pub mod events;
pub mod figures;
pub mod hashing;
pub mod rate_limits;
pub mod state;
pub mod store;
