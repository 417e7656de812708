//! Each JSON API token's requests in the current minute, in this instance
//! (`server::rest` refuses those over the limit with a 429). Instances count
//! apart: a client spread over two may make up to twice the limit, never more.

use crate::model::api_token::RateWindow;
use crate::model::TokenId;
use chrono::Utc;
use std::collections::HashMap;
use std::sync::Mutex;

/// The window the limit counts in.
const WINDOW_MS: i64 = 60_000;

#[derive(Debug, Default)]
pub struct RateLimits {
    windows: Mutex<HashMap<TokenId, RateWindow>>,
}

impl RateLimits {
    /// Counts a request of `token`; refused, the seconds until it may try again.
    pub fn admit(&self, token: TokenId, per_minute: u32) -> Result<(), u64> {
        let now_ms = Utc::now().timestamp_millis();
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        windows
            .entry(token)
            .or_default()
            .admit(now_ms, per_minute, WINDOW_MS)
    }
}
