//! Who may touch what: the one place that decides. Every server function starts
//! by stating what it touches and calling [`authorize`].

use crate::api::error::AppError;
use crate::model::{Locale, Role};
use crate::server::session::{Caller, ClientAddr, RequestLocale, SessionUser};
use crate::server::state::AppState;
use crate::server::store::partners;
use http::request::Parts;
use leptos::prelude::*;

/// What a server function touches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Touches {
    /// Nothing private: logging in, choosing a language before logging in.
    Public,
    /// The caller's own account.
    OwnAccount,
    /// One partner's data: its plans, deals, tasks and reviews.
    Partner(i64),
    /// The installation itself: partners, users, assignments.
    Installation,
}

/// Everything a permitted server function needs about its request.
#[derive(Clone, Debug)]
pub struct Access {
    pub state: AppState,
    pub user: Option<SessionUser>,
    pub locale: Locale,
    pub client_addr: String,
    pub parts: Parts,
}

impl Access {
    /// The signed-in user; `authorize` has already refused anonymous callers
    /// for everything but [`Touches::Public`].
    pub fn signed_in(&self) -> Result<&SessionUser, AppError> {
        self.user.as_ref().ok_or(AppError::NotSignedIn)
    }
}

/// Decides whether the current request may touch `touches`.
pub async fn authorize(touches: Touches) -> Result<Access, AppError> {
    let access = current_access()?;
    let Some(session) = access.user.as_ref() else {
        return match touches {
            Touches::Public => Ok(access),
            _ => Err(AppError::NotSignedIn),
        };
    };
    let user = &session.user;
    let role = Role::parse(&user.role).ok_or(AppError::Forbidden)?;
    let permitted = match touches {
        Touches::Public | Touches::OwnAccount => true,
        Touches::Installation => role == Role::Admin,
        Touches::Partner(partner_id) => match role {
            Role::Member => user.partner_id == Some(partner_id),
            Role::Pdm => partners::is_assigned(&access.state.db, user.id, partner_id).await?,
            Role::Admin => {
                // Admins reach every partner; a missing one is "not found", not "forbidden".
                return match partners::find(&access.state.db, partner_id).await? {
                    Some(_) => Ok(access),
                    None => Err(AppError::NotFound),
                };
            }
        },
    };
    if permitted {
        Ok(access)
    } else {
        tracing::warn!(user_id = user.id, ?touches, "access refused");
        Err(AppError::Forbidden)
    }
}

fn current_access() -> Result<Access, AppError> {
    let internal = || AppError::Internal {
        reference: "context".into(),
    };
    let state = use_context::<AppState>().ok_or_else(internal)?;
    let parts = use_context::<Parts>().ok_or_else(internal)?;
    let user = parts
        .extensions
        .get::<Caller>()
        .cloned()
        .unwrap_or_default()
        .0;
    let locale = parts
        .extensions
        .get::<RequestLocale>()
        .map(|l| l.0)
        .unwrap_or_default();
    let client_addr = parts
        .extensions
        .get::<ClientAddr>()
        .map(|c| c.0.clone())
        .unwrap_or_default();
    Ok(Access {
        state,
        user,
        locale,
        client_addr,
        parts,
    })
}

/// The partners a user may open, in the order the switcher shows them.
pub async fn visible_partners(
    state: &AppState,
    user: &SessionUser,
) -> Result<Vec<partners::PartnerRow>, AppError> {
    let db = &state.db;
    Ok(match Role::parse(&user.user.role) {
        Some(Role::Admin) => partners::all(db).await?,
        Some(Role::Pdm) => partners::assigned_to(db, user.user.id).await?,
        Some(Role::Member) => match user.user.partner_id {
            Some(id) => partners::find(db, id).await?.into_iter().collect(),
            None => Vec::new(),
        },
        None => Vec::new(),
    })
}
