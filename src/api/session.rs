//! Logging in and out, and what the UI needs to know about the current session.

use crate::api::error::AppError;
use crate::model::{Locale, Role};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserView {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub partner_id: Option<i64>,
    pub time_zone: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartnerView {
    pub id: i64,
    pub name: String,
    pub currency: String,
    pub time_zone: String,
}

/// The language of the page, and who is signed in with the partners they may open.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub locale: Locale,
    pub user: Option<UserView>,
    pub partners: Vec<PartnerView>,
}

#[server(prefix = "/api", endpoint = "session")]
pub async fn current_session() -> Result<SessionInfo, AppError> {
    use crate::server::authz::{authorize, visible_partners, Touches};
    let access = authorize(Touches::Public).await?;
    let Some(session) = access.user.as_ref() else {
        return Ok(SessionInfo {
            locale: access.locale,
            user: None,
            partners: Vec::new(),
        });
    };
    let partners = visible_partners(&access.state, session).await?;
    Ok(SessionInfo {
        locale: access.locale,
        user: Some(crate::server::views::user_view(&session.user)),
        partners: partners
            .iter()
            .map(crate::server::views::partner_view)
            .collect(),
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
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::Public).await?;
    crate::server::login::login(&access, &email, &password).await?;
    crate::server::edge::redirect_form_post(&safe_next(next.as_deref()));
    Ok(())
}

#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::Public).await?;
    crate::server::login::logout(&access).await?;
    crate::server::edge::redirect_form_post("/login");
    Ok(())
}

/// Only paths on this site: an open redirect would let a phishing link log a
/// user in and send them elsewhere. Only visible ASCII, too: the path becomes a
/// `Location` header, which cannot carry anything else.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && path.bytes().all(|b| b.is_ascii_graphic()) =>
        {
            path.to_string()
        }
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/p/2/goals")), "/p/2/goals");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
        assert_eq!(safe_next(Some("/p/1\r\nSet-Cookie: x=1")), "/");
        assert_eq!(safe_next(Some("/目標")), "/");
    }
}
