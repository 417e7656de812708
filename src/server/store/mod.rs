//! Queries, one module per group of tables. Each function is written once for
//! both backends and runs on the pool or inside a transaction (see `server::db`).
//! Functions that read or write one partner's data take its `PartnerScope`.

pub mod api_tokens;
pub mod audit;
pub mod calendar_feeds;
pub mod credentials;
pub mod deal_imports;
pub mod deal_metrics;
pub mod deal_stages;
pub mod deals;
pub mod digest;
pub mod flashes;
pub mod forecast;
pub mod goal_pacing;
pub mod goals;
pub mod known_devices;
pub mod login_failures;
pub mod mail_choices;
pub mod mail_outbox;
pub mod membership;
pub mod notifications;
pub mod partners;
pub mod portfolio;
pub mod reviews;
pub mod scope;
pub mod sessions;
pub mod task_feed;
pub mod task_templates;
pub mod tasks;
pub mod users;

/// Whether an error is a violated UNIQUE constraint, on either backend.
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}
