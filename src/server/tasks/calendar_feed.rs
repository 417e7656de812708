//! The private calendar feed of a user's tasks: its secret URL (made, shown
//! once, replaced, revoked from the settings page) and `GET /calendar/{token}.ics`,
//! which serves it to calendar applications.
//!
//! The secret is the only credential: calendar applications fetch without a
//! session, so the route skips the session lookup, and an unknown or revoked
//! secret is a 404 like any path that does not exist. Only the secret's hash
//! is stored; the URL is shown once, right after it is made.

use crate::error::AppError;
use crate::i18n::Key;
use crate::model::Locale;
use crate::server::auth;
use crate::server::authz::{Access, FeedScope};
use crate::server::clock::local_time;
use crate::server::config::Config;
use crate::server::state::AppState;
use crate::server::store::task_feed::FeedTaskRow;
use crate::server::store::{calendar_feeds, task_feed, users};
use crate::server::tasks::ical::{Calendar, Event};
use crate::server::web::cookies;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use http::header::{CACHE_CONTROL, CONTENT_TYPE, HOST};
use http::HeaderMap;

/// The feed's route. axum cannot match a parameter with a suffix
/// (`{token}.ics`), so the route takes the whole file name and the handler
/// strips the suffix, which calendar applications expect.
pub const ROUTE: &str = "/calendar/{file}";
const SUFFIX: &str = ".ics";

/// Completed tasks stay in the feed this long after completion, so the week
/// just done still reads complete; older ones would only grow every fetch.
/// Open tasks are always in it, overdue ones included.
const COMPLETED_KEPT: Duration = Duration::days(30);

/// Makes the caller a new feed URL, revoking the one they had; its full
/// address, which nothing keeps.
pub async fn create(access: &Access) -> Result<String, AppError> {
    let user = access.signed_in()?.user.id;
    let token = auth::new_session_token();
    calendar_feeds::replace(
        &access.state.db,
        user,
        &auth::token_hash(&token),
        Utc::now(),
    )
    .await?;
    let path = ROUTE.replace("{file}", &format!("{token}{SUFFIX}"));
    Ok(format!(
        "{}{path}",
        origin(&access.state.config, &access.parts.headers)
    ))
}

/// Stops the caller's feed; its URL answers 404 from now on.
pub async fn revoke(access: &Access) -> Result<(), AppError> {
    let user = access.signed_in()?.user.id;
    calendar_feeds::revoke(&access.state.db, user).await?;
    Ok(())
}

/// Since when the caller's feed URL is active, in their time zone; `None`: no URL.
pub async fn active_since(access: &Access) -> Result<Option<String>, AppError> {
    let user = access.signed_in()?.user.id;
    let created = calendar_feeds::created_at(&access.state.db, user).await?;
    Ok(created.map(|at| local_time(access, at)))
}

/// `GET /calendar/{token}.ics`: the tasks the feed's owner may see now, as
/// iCalendar. Reads only.
pub async fn serve(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let token = file.strip_suffix(SUFFIX).ok_or(AppError::NotFound)?;
    let owner = calendar_feeds::owner(&state.db, &auth::token_hash(token))
        .await?
        .ok_or(AppError::NotFound)?;
    let owner = users::find(&state.db, owner)
        .await?
        .ok_or(AppError::NotFound)?;
    let scope = FeedScope::of(&state, &owner).await?;
    let tasks = task_feed::tasks(&state.db, &scope, Utc::now() - COMPLETED_KEPT).await?;
    let locale = Locale::parse(&owner.locale).unwrap_or_default();
    let calendar = Calendar {
        name: Key::CalendarFeedName.text(locale),
        events: tasks.iter().map(event).collect(),
    };
    let headers = [
        (CONTENT_TYPE, "text/calendar; charset=utf-8"),
        // Private to its owner and changing: no cache, shared or not, keeps it.
        (CACHE_CONTROL, "no-store"),
    ];
    Ok((headers, calendar.render()).into_response())
}

/// A task as a calendar event.
///
/// VEVENT, not VTODO, although a task with a due time is a to-do in RFC 5545:
/// Google Calendar, Outlook and Apple Calendar, where people keep their days,
/// show only the events of a subscribed calendar and silently drop its to-dos.
/// The event sits at the due time. Its STATUS cannot say "completed" (that
/// value is VTODO's), so a completed task is marked in its title instead, and
/// its reminder is dropped, as completing a task cancels the reminder.
fn event(task: &FeedTaskRow) -> Event {
    let done = task.completed_at.is_some();
    Event {
        uid: format!("task-{}@partner-map", task.id),
        summary: if done {
            format!("✓ {}", task.title)
        } else {
            task.title.clone()
        },
        description: task.notes.clone(),
        // A PDM's feed mixes partners: the partner says whose task it is.
        categories: vec![task.partner_name.clone()],
        start: task.due_at,
        alarm: task.remind_at.filter(|_| !done),
        created: task.created_at,
        last_modified: task.updated_at,
    }
}

/// The site's origin for a URL that leaves it: `PUBLIC_URL` when configured,
/// as the operator's word on where the site is; else the Host the request
/// came to, over https when the site or its proxy says so (the same test
/// cookies use). A forged Host misleads only whoever forged it: the URL is
/// shown to the person whose request this is, and to nobody else.
fn origin(config: &Config, headers: &HeaderMap) -> String {
    if let Some(url) = &config.public_url {
        return url.clone();
    }
    let scheme = if cookies::secure_for(config, headers) {
        "https"
    } else {
        "http"
    };
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .unwrap_or_else(|| config.site_addr.to_string());
    format!("{scheme}://{host}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        h
    }

    #[test]
    fn the_origin_is_the_public_url_else_the_host() {
        let mut config = Config::for_database("sqlite::memory:");
        let host = headers(&[("host", "map.example:8443")]);
        assert_eq!(origin(&config, &host), "http://map.example:8443");
        let proxied = headers(&[("host", "map.example"), ("x-forwarded-proto", "https")]);
        assert_eq!(origin(&config, &proxied), "https://map.example");
        assert_eq!(origin(&config, &HeaderMap::new()), "http://127.0.0.1:3000");
        config.public_url = Some("https://partners.example.com".into());
        assert_eq!(origin(&config, &host), "https://partners.example.com");
    }

    #[test]
    fn a_completed_task_is_marked_and_loses_its_alarm() {
        let at = Utc::now();
        let mut task = FeedTaskRow {
            id: crate::model::TaskId(9),
            partner_name: "Acme".into(),
            title: "Call the PDM".into(),
            notes: String::new(),
            due_at: at,
            remind_at: Some(at),
            completed_at: None,
            created_at: at,
            updated_at: at,
        };
        let open = event(&task);
        assert_eq!(
            (open.uid.as_str(), open.summary.as_str(), open.alarm),
            ("task-9@partner-map", "Call the PDM", Some(at))
        );
        task.completed_at = Some(at);
        let done = event(&task);
        assert_eq!(
            (done.summary.as_str(), done.alarm),
            ("✓ Call the PDM", None)
        );
    }
}
