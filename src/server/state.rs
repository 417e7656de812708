//! What every request handler shares: the database, the configuration, the
//! password workers and Leptos' options.

use crate::server::config::Config;
use crate::server::db::Db;
use crate::server::events::Events;
use crate::server::figures::FigureCache;
use crate::server::hashing::PasswordWork;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub passwords: PasswordWork,
    pub leptos_options: LeptosOptions,
    /// Live task changes, for the pages that show them.
    pub events: Events,
    /// Figures computed from deals, while current (`server::figures`).
    pub figures: Arc<FigureCache>,
    /// How mail is sent (`server::mail`).
    pub mail: Arc<crate::server::mail::Mailer>,
    /// Each API token's requests this minute (`server::rest`).
    pub api_limits: Arc<crate::server::rate_limits::RateLimits>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
