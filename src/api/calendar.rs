//! The caller's private calendar feed, managed from the settings page.

use crate::error::AppError;
use leptos::prelude::*;

/// The form field that carries a new feed URL back to the settings page, once.
pub const FEED_URL_FIELD: &str = "calendar_url";

/// Since when the caller's calendar URL is active (their time zone); `None`: no URL.
#[server(prefix = "/api", endpoint = "calendar_feed")]
pub async fn calendar_feed() -> Result<Option<String>, AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::OwnAccount).await?;
    crate::server::tasks::calendar_feed::active_since(&access).await
}

/// Makes a new calendar URL, revoking the caller's current one; the URL, which
/// only this answer (or, after a plain post, its one-time flash) ever holds.
#[server(prefix = "/api", endpoint = "calendar_feed_create")]
pub async fn create_calendar_feed() -> Result<String, AppError> {
    use crate::i18n::Key;
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::OwnWork).await?;
    let url = crate::server::tasks::calendar_feed::create(&access).await?;
    crate::server::web::forms::landing("/settings");
    crate::server::web::forms::notice(Key::CalendarFeedCreated);
    crate::server::web::forms::carry(&[(FEED_URL_FIELD, &url)]);
    Ok(url)
}

/// Stops sharing: the caller's calendar URL answers 404 from now on.
#[server(prefix = "/api", endpoint = "calendar_feed_revoke")]
pub async fn revoke_calendar_feed() -> Result<(), AppError> {
    use crate::i18n::Key;
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::OwnAccount).await?;
    crate::server::tasks::calendar_feed::revoke(&access).await?;
    crate::server::web::forms::landing("/settings");
    crate::server::web::forms::notice(Key::CalendarFeedRevoked);
    Ok(())
}
