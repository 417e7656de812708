//! Logging in and out, and what the UI needs to know about the current session.

use crate::error::AppError;
use crate::views::SessionInfo;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "session")]
pub async fn current_session() -> Result<SessionInfo, AppError> {
    use crate::model::area::parse_workspace_path;
    use crate::server::authz::{authorize, switcher_partners, Touches};
    use crate::server::web::session::Flash;
    let access = authorize(Touches::Public).await?;
    let flash = access
        .parts
        .extensions
        .get::<Flash>()
        .and_then(|f| f.0.clone());
    let Some(session) = access.user.as_ref() else {
        return Ok(SessionInfo {
            locale: access.locale,
            user: None,
            partners: Vec::new(),
            partner_count: 0,
            unread_notifications: 0,
            flash,
        });
    };
    let in_view = parse_workspace_path(access.parts.uri.path()).map(|(id, _)| id);
    let (partners, partner_count) = switcher_partners(&access.state, session, in_view).await?;
    let unread =
        crate::server::store::notifications::unread_count(&access.state.db, session.user.id)
            .await?;
    Ok(SessionInfo {
        locale: access.locale,
        user: Some(crate::server::web::views::user_view(&session.user)),
        partners: partners
            .iter()
            .map(crate::server::web::views::partner_view)
            .collect(),
        partner_count,
        unread_notifications: u32::try_from(unread).unwrap_or(u32::MAX),
        flash,
    })
}

/// Checks the password, starts a new session (a new id: never one the browser
/// brought along) and sends the browser to `next` or the start page.
#[server(prefix = "/api", endpoint = "login")]
pub async fn login(
    email: String,
    password: String,
    #[server(default)] next: Option<String>,
) -> Result<(), AppError> {
    use crate::model::navigation::safe_next;
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::Public).await?;
    crate::server::accounts::login::login(&access, &email, &password).await?;
    crate::server::web::forms::landing(&safe_next(next.as_deref()));
    Ok(())
}

#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::Public).await?;
    crate::server::accounts::login::logout(&access).await?;
    crate::server::web::forms::landing("/login");
    Ok(())
}
