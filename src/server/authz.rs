//! Who may touch what: the one place that decides, for server functions and
//! plain axum handlers alike.
//!
//! - A server function starts with [`authorize`]`(Touches::…)`.
//! - A plain handler takes [`Access`] as an extractor and calls
//!   [`Access::allow`]`(Touches::…)`: the same check, the same answers.
//!
//! Partner data is reached only through a [`PartnerScope`], which only this
//! module can create and which every store function for partner data requires.
//! A child record (deal, task, review) is named by its own id type and resolved
//! to its partner here, before any store function runs, so a foreign id is
//! "not found", never a write to another partner.

use crate::error::AppError;
use crate::model::api_token::Scope;
use crate::model::{Currency, Locale, PartnerId, Role};
use crate::server::auth;
use crate::server::db::{with_db, Exec};
use crate::server::state::AppState;
use crate::server::store::partners::{self, PartnerRow};
pub use crate::server::store::scope::{FeedScope, PartnerOwned, PartnerScope, PortfolioScope};
use crate::server::store::users::UserRow;
use crate::server::store::{api_tokens, membership, sessions};
use axum::extract::FromRequestParts;
use chrono::Utc;
use http::request::Parts;

/// Who is calling, as the session layer (`web::session`) leaves it in the
/// request's extensions, beside the request's language (a [`Locale`]).
/// The signed-in user behind a request, if any.
#[derive(Clone, Debug)]
pub struct SessionUser {
    pub user: UserRow,
    pub token_hash: String,
}

#[derive(Clone, Debug, Default)]
pub struct Caller(pub Option<SessionUser>);

/// A request made with a JSON API token (`server::rest`): the token's own
/// limits, on top of its creator's access, which `Access::allow` asks as for
/// any request of theirs. Put in the request's extensions, beside a
/// [`Caller`] naming the creator, by the API's edge alone: pages never read
/// a token, and the API never reads a session.
#[derive(Clone, Debug)]
pub struct TokenGrant {
    pub id: crate::model::TokenId,
    /// `None`: every partner (an admin's token).
    pub partner: Option<PartnerId>,
    pub scopes: Vec<Scope>,
    pub token_hash: String,
}

impl TokenGrant {
    /// Whether the token, as it is stored now, still works: not revoked, not
    /// expired, its creator active. (Their access is asked separately.)
    pub fn usable(
        token: &api_tokens::TokenRow,
        creator_deactivated: bool,
        now: chrono::DateTime<Utc>,
    ) -> bool {
        token.revoked_at.is_none()
            && token.expires_at.is_none_or(|at| now < at)
            && !creator_deactivated
    }
}

/// Where the request came from, for rate limiting.
#[derive(Clone, Debug)]
pub struct ClientAddr(pub String);

/// What a request touches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Touches {
    /// Nothing private: logging in, choosing a language before logging in.
    Public,
    /// The caller's own account.
    OwnAccount,
    /// The caller's own things that show partner data or outlast the
    /// session: their notifications and a new calendar feed URL. Refused
    /// while a one-time password is still theirs, like partner data: whoever
    /// learned that password must not come away with a lasting feed.
    OwnWork,
    /// One partner's data: its plans, deals, tasks and reviews.
    Partner(PartnerId),
    /// One record of a partner's (a deal, a task…), found by its own id.
    Record(RecordRef),
    /// One record of the partner a URL names: the same as `Record`, and the
    /// record must be that partner's, or it is "not found".
    RecordOf(PartnerId, RecordRef),
    /// The installation itself: partners, users, assignments.
    Installation,
    /// Every partner the caller looks after, at once: a PDM's assigned
    /// partners, every partner for an admin.
    Portfolio,
}

/// A child record's table and id, as [`Touches::Record`] carries it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordRef {
    table: &'static str,
    id: i64,
}

impl Touches {
    pub fn record<T: PartnerOwned>(id: T) -> Touches {
        Touches::Record(RecordRef::of(id))
    }

    pub fn record_of<T: PartnerOwned>(partner_id: PartnerId, id: T) -> Touches {
        Touches::RecordOf(partner_id, RecordRef::of(id))
    }
}

impl RecordRef {
    fn of<T: PartnerOwned>(id: T) -> RecordRef {
        RecordRef {
            table: T::TABLE,
            id: id.raw(),
        }
    }
}

/// Everything a permitted request needs about itself.
#[derive(Clone, Debug)]
pub struct Access {
    pub state: AppState,
    pub user: Option<SessionUser>,
    pub locale: Locale,
    pub client_addr: String,
    pub parts: Parts,
    /// The token the request was made with, on the JSON API.
    pub token: Option<TokenGrant>,
    /// Whether the token's scope was checked ([`Access::allow_scoped`]).
    scope_checked: bool,
    scope: Option<PartnerScope>,
    portfolio: Option<PortfolioScope>,
}

impl Access {
    /// Reads who is calling from a request's parts (the session middleware has
    /// resolved them). Checks nothing yet.
    pub fn from_parts(state: AppState, parts: Parts) -> Access {
        let user = parts
            .extensions
            .get::<Caller>()
            .cloned()
            .unwrap_or_default()
            .0;
        let locale = parts
            .extensions
            .get::<Locale>()
            .copied()
            .unwrap_or_default();
        let client_addr = parts
            .extensions
            .get::<ClientAddr>()
            .map(|c| c.0.clone())
            .unwrap_or_default();
        let token = parts.extensions.get::<TokenGrant>().cloned();
        Access {
            state,
            user,
            locale,
            client_addr,
            parts,
            token,
            scope_checked: false,
            scope: None,
            portfolio: None,
        }
    }

    /// The signed-in user; `allow` has already refused anonymous callers for
    /// everything but [`Touches::Public`].
    pub fn signed_in(&self) -> Result<&SessionUser, AppError> {
        self.user.as_ref().ok_or(AppError::NotSignedIn)
    }

    /// The partners of the portfolio this access was granted for.
    pub fn portfolio(&self) -> Result<PortfolioScope, AppError> {
        self.portfolio.ok_or(AppError::Forbidden)
    }

    /// Whether the caller may reopen a completed quarterly review of a
    /// partner they reach: admins alone, so that what both sides signed off
    /// stays as it was unless the installation's owner says otherwise.
    pub fn may_reopen_reviews(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|s| s.user.role == Role::Admin)
    }

    /// The partner this access was granted for.
    pub fn scope(&self) -> Result<PartnerScope, AppError> {
        self.scope.ok_or(AppError::Forbidden)
    }

    /// The partner of the granted scope, with its currency.
    pub async fn partner(&self) -> Result<(PartnerScope, PartnerRow, Currency), AppError> {
        let scope = self.scope()?;
        let partner = partners::get(&self.state.db, &scope)
            .await?
            .ok_or(AppError::NotFound)?;
        let currency = partner.currency;
        Ok((scope, partner, currency))
    }

    /// The check for the JSON API: the token must hold `scope`, then
    /// [`Access::allow`] as for every request.
    pub async fn allow_scoped(
        mut self,
        scope: Scope,
        touches: Touches,
    ) -> Result<Access, AppError> {
        if let Some(grant) = &self.token {
            if !grant.scopes.contains(&scope) {
                tracing::warn!(token_id = %grant.id, ?scope, "token lacks the scope");
                return Err(AppError::Forbidden);
            }
        }
        self.scope_checked = true;
        self.allow(touches).await
    }

    /// The one check: whether this caller may touch `touches`. A token's
    /// request may touch partner data only, of the token's partner, and only
    /// through [`Access::allow_scoped`].
    pub async fn allow(mut self, touches: Touches) -> Result<Access, AppError> {
        let Some(session) = self.user.as_ref() else {
            if self.token.is_some() {
                return self.allow_operator_token(touches).await;
            }
            return match touches {
                Touches::Public => Ok(self),
                _ => Err(AppError::NotSignedIn),
            };
        };
        let user = &session.user;
        let refused = |status: AppError| {
            tracing::warn!(user_id = %user.id, ?touches, "access refused");
            Err(status)
        };
        // A token reaches partner data, nothing of the account or the
        // installation, whoever made it, and only for a scope it holds.
        if self.token.is_some()
            && (!self.scope_checked
                || !matches!(
                    touches,
                    Touches::Public
                        | Touches::Partner(_)
                        | Touches::Record(_)
                        | Touches::RecordOf(..)
                ))
        {
            return refused(AppError::Forbidden);
        }
        // Until a one-time password is replaced, the user's own account is all
        // they may touch (`server::accounts::first_password` sends their pages there).
        if user.must_change_password && !matches!(touches, Touches::Public | Touches::OwnAccount) {
            return refused(AppError::Forbidden);
        }
        let (partner_id, refusal) = match touches {
            Touches::Public | Touches::OwnAccount | Touches::OwnWork => return Ok(self),
            Touches::Installation if user.role == Role::Admin => return Ok(self),
            Touches::Installation => return refused(AppError::Forbidden),
            Touches::Portfolio => {
                self.portfolio = Some(PortfolioScope::granted(match user.role {
                    Role::Admin => None,
                    Role::Pdm => Some(user.id),
                    Role::Member => return refused(AppError::Forbidden),
                }));
                return Ok(self);
            }
            // Admins reach every partner, so for them a refusal means it does not exist.
            Touches::Partner(partner_id) if user.role == Role::Admin => {
                (partner_id, AppError::NotFound)
            }
            Touches::Partner(partner_id) => (partner_id, AppError::Forbidden),
            // A record the caller may not see is "not found": its id says nothing.
            Touches::Record(record) => match owner_of(&self.state, record).await? {
                Some(owner) => (owner, AppError::NotFound),
                None => return Err(AppError::NotFound),
            },
            Touches::RecordOf(partner_id, record) => match owner_of(&self.state, record).await? {
                Some(owner) if owner == partner_id => (owner, AppError::NotFound),
                _ => return Err(AppError::NotFound),
            },
        };
        if let Some(grant) = &self.token {
            if grant.partner.is_some_and(|p| p != partner_id) {
                // The token's partner is its whole world: another partner's
                // records are "not found", another partner itself forbidden.
                return refused(refusal);
            }
        }
        if !may_open(&self.state.db, user, partner_id).await? {
            return refused(refusal);
        }
        self.scope = Some(PartnerScope::granted(partner_id));
        Ok(self)
    }
}

impl Access {
    /// Whether this access still holds now: its session still exists and is
    /// live, and its user, as they are now, may still touch `touches`. For
    /// answers that last (a live stream), which must end when access does:
    /// at logout, deactivation, a password reset or an unassignment.
    pub async fn still_holds(&self, touches: Touches) -> bool {
        if let Some(grant) = &self.token {
            return self.token_still_holds(grant, touches).await;
        }
        let Some(session) = &self.user else {
            return touches == Touches::Public;
        };
        let row = match sessions::find(&self.state.db, &session.token_hash).await {
            Ok(Some(row)) if auth::session_live(row.expires_at, row.last_seen_at, Utc::now()) => {
                row
            }
            Ok(_) => return false,
            Err(err) => {
                // Unsure is no: the reader reconnects and is checked afresh.
                tracing::warn!(error = %err, "access re-check failed");
                return false;
            }
        };
        let mut again = Access::from_parts(self.state.clone(), self.parts.clone());
        again.user = Some(SessionUser {
            user: row.user,
            token_hash: session.token_hash.clone(),
        });
        again.allow(touches).await.is_ok()
    }
}

impl Access {
    /// A token made on the command line acts as the operator, who holds the
    /// database: any partner that exists, within the token's own partner.
    async fn allow_operator_token(mut self, touches: Touches) -> Result<Access, AppError> {
        let Some(grant) = &self.token else {
            return Err(AppError::NotSignedIn);
        };
        if !self.scope_checked {
            return Err(AppError::Forbidden);
        }
        let partner_id = match touches {
            Touches::Partner(id) => id,
            Touches::Record(record) => owner_of(&self.state, record)
                .await?
                .ok_or(AppError::NotFound)?,
            Touches::RecordOf(id, record) => match owner_of(&self.state, record).await? {
                Some(owner) if owner == id => owner,
                _ => return Err(AppError::NotFound),
            },
            _ => return Err(AppError::Forbidden),
        };
        if grant.partner.is_some_and(|p| p != partner_id)
            || !partners::exists(&self.state.db, partner_id).await?
        {
            return Err(AppError::NotFound);
        }
        self.scope = Some(PartnerScope::granted(partner_id));
        Ok(self)
    }

    async fn token_still_holds(&self, grant: &TokenGrant, touches: Touches) -> bool {
        let presented = match api_tokens::find_by_hash(&self.state.db, &grant.token_hash).await {
            Ok(Some(presented)) => presented,
            Ok(None) => return false,
            Err(err) => {
                tracing::warn!(error = %err, "token re-check failed");
                return false;
            }
        };
        let (Some(creator), true) = (
            presented.creator(),
            TokenGrant::usable(
                &presented.token,
                presented.creator.creator_deactivated,
                Utc::now(),
            ),
        ) else {
            return false;
        };
        let mut again = Access::from_parts(self.state.clone(), self.parts.clone());
        again.user = match creator {
            api_tokens::Creator::User(user) => Some(SessionUser {
                user,
                token_hash: String::new(),
            }),
            api_tokens::Creator::CommandLine => None,
        };
        // The scope was checked when the stream opened; a token's scopes never change.
        again.scope_checked = true;
        again.allow(touches).await.is_ok()
    }
}

/// Whether a user may open a partner's workspace: the rule every request is
/// held to, and the reminder worker too before it notifies someone of a task
/// (`server::tasks::reminders`), so a member who moved away or a PDM no longer
/// assigned is told nothing more of that partner.
pub async fn may_open<'a>(
    db: impl Into<Exec<'a>>,
    user: &UserRow,
    partner_id: PartnerId,
) -> Result<bool, sqlx::Error> {
    match user.role {
        Role::Admin => partners::exists(db, partner_id).await,
        // An archived partner is closed to its members and PDMs (its data is
        // kept, and admins can still open it and restore it); a deactivated
        // user belongs to nothing.
        Role::Member | Role::Pdm => membership::belongs_to(db, user.id, partner_id).await,
    }
}

/// What a message to `recipient` about `partner` may show: that partner's
/// data, when the pages would show it to them ([`may_open`]). Checked when
/// the message is rendered, not only when it was queued: someone who lost
/// access meanwhile is sent nothing about the partner.
pub async fn mail_scope<'a>(
    db: impl Into<Exec<'a>>,
    recipient: &UserRow,
    partner_id: PartnerId,
) -> Result<Option<PartnerScope>, sqlx::Error> {
    Ok(may_open(db, recipient, partner_id)
        .await?
        .then(|| PartnerScope::granted(partner_id)))
}

/// The partners a digest to `recipient` tells of: those they may open, by
/// the rule of the pages (a member's own partner, a PDM's assigned ones,
/// while open); none for admins, who run the installation.
pub async fn mail_partners(
    db: &crate::server::db::Db,
    recipient: &UserRow,
) -> Result<Vec<(partners::PartnerRow, PartnerScope)>, sqlx::Error> {
    let partners = match recipient.role {
        Role::Admin => Vec::new(),
        Role::Pdm => partners::assigned_to(db, recipient.id).await?,
        Role::Member => match recipient.partner_id {
            Some(id) => partners::find_active(db, id).await?.into_iter().collect(),
            None => Vec::new(),
        },
    };
    let mut readable = Vec::with_capacity(partners.len());
    for partner in partners {
        // The one rule, asked again: an archived partner, a deactivated reader.
        if let Some(scope) = mail_scope(db, recipient, partner.id).await? {
            readable.push((partner, scope));
        }
    }
    Ok(readable)
}

async fn owner_of(state: &AppState, record: RecordRef) -> Result<Option<PartnerId>, AppError> {
    // The table name comes from a `PartnerOwned` impl, a constant in our code.
    let sql = format!("SELECT partner_id FROM {} WHERE id = $1", record.table);
    Ok(with_db!(&state.db, |e| {
        sqlx::query_scalar::<_, PartnerId>(&sql)
            .bind(record.id)
            .fetch_optional(e)
            .await
    })?)
}

/// For server functions: the check, on the request the function is serving.
pub async fn authorize(touches: Touches) -> Result<Access, AppError> {
    current_access()?.allow(touches).await
}

fn current_access() -> Result<Access, AppError> {
    use leptos::prelude::use_context;
    let internal = || AppError::Internal {
        reference: "context".into(),
    };
    let state = use_context::<AppState>().ok_or_else(internal)?;
    let parts = use_context::<Parts>().ok_or_else(internal)?;
    Ok(Access::from_parts(state, parts))
}

/// For plain handlers: `async fn export(access: Access, …)`, then `access.allow(…)`.
impl FromRequestParts<AppState> for Access {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Access, AppError> {
        Ok(Access::from_parts(state.clone(), parts.clone()))
    }
}

/// How many partners the switcher lists at most: a PDM may look after
/// hundreds, and every page carries the switcher. The portfolio lists all.
pub const SWITCHER_LIMIT: i64 = 15;

/// The partners the switcher offers (the first [`SWITCHER_LIMIT`] the user may
/// open, by name, and the one in view if it is further down), and how many
/// the user may open in all.
pub async fn switcher_partners(
    state: &AppState,
    user: &SessionUser,
    in_view: Option<PartnerId>,
) -> Result<(Vec<partners::PartnerRow>, usize), AppError> {
    let db = &state.db;
    let (mut listed, total) = match user.user.role {
        Role::Member => {
            let own = partners_visible_to(state, &user.user).await?;
            let total = own.len() as i64;
            (own, total)
        }
        Role::Pdm => partners::first_of(db, Some(user.user.id), SWITCHER_LIMIT).await?,
        Role::Admin => partners::first_of(db, None, SWITCHER_LIMIT).await?,
    };
    if let Some(id) = in_view.filter(|id| !listed.iter().any(|p| p.id == *id)) {
        if may_open(db, &user.user, id).await? {
            listed.extend(partners::find_active(db, id).await?);
        }
    }
    Ok((listed, usize::try_from(total).unwrap_or(0)))
}

/// The partners `user` may open, whether or not they are signed in: the one
/// rule behind [`switcher_partners`] and [`FeedScope`].
async fn partners_visible_to(
    state: &AppState,
    user: &UserRow,
) -> Result<Vec<partners::PartnerRow>, AppError> {
    let db = &state.db;
    Ok(match user.role {
        Role::Admin => partners::all(db).await?,
        Role::Pdm => partners::assigned_to(db, user.id).await?,
        Role::Member => match user.partner_id {
            Some(id) => partners::find_active(db, id).await?.into_iter().collect(),
            None => Vec::new(),
        },
    })
}

impl FeedScope {
    /// The partners `owner` may open now: the only way a feed's scope is made.
    pub async fn of(state: &AppState, owner: &UserRow) -> Result<FeedScope, AppError> {
        let partners = partners_visible_to(state, owner).await?;
        Ok(FeedScope::granted(
            partners.into_iter().map(|p| p.id).collect(),
        ))
    }
}
