//! Running the installation: partners, users, PDM assignments. The one
//! implementation of each administrative change, shared by the admin area in
//! the browser, the command line and the demo seed; every input is parsed into
//! model types first, and every change writes its audit row (who, when, what,
//! old and new value) in the same transaction as the change itself.

use crate::error::AppError;
use crate::i18n::Key;
use crate::model::audit::{self as audit_words, Field, Fields, Kind, Target};
use crate::model::{
    Currency, DisplayName, Email, Locale, NewPassword, PartnerId, PartnerName, Role, TimeZoneName,
    UserId,
};
use crate::server::db::{Db, Tx};
use crate::server::hashing;
use crate::server::store::audit::{self, Entry};
use crate::server::store::credentials::{self, Ended};
use crate::server::store::{self, partners, users};
use chrono::Utc;
use std::fmt;

mod assignment;
mod partner;
mod user;

pub use assignment::*;
pub use partner::*;
pub use user::*;

/// Who makes a change: a signed-in admin, or the command line (the operator
/// holding the database, recorded as [`audit_words::COMMAND_LINE`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    Admin { id: UserId, email: String },
    CommandLine,
}

impl Actor {
    fn id(&self) -> Option<UserId> {
        match self {
            Actor::Admin { id, .. } => Some(*id),
            Actor::CommandLine => None,
        }
    }

    fn label(&self) -> &str {
        match self {
            Actor::Admin { email, .. } => email,
            Actor::CommandLine => audit_words::COMMAND_LINE,
        }
    }
}

#[derive(Debug)]
pub enum AdminError {
    /// The field's name in the forms (`name`, `currency`, `time_zone`, …) and the problem.
    Invalid(&'static str, Key),
    EmailTaken,
    PartnerNotFound(PartnerId),
    PartnerRequired,
    PartnerNotAllowed,
    NotAPdm(String),
    UserNotFound(String),
    /// The change would leave the installation without an active admin.
    LastAdmin,
    Database(sqlx::Error),
    Hash(String),
}

impl fmt::Display for AdminError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AdminError::Invalid(field, key) => {
                write!(f, "{}: {}", field.replace('_', " "), key.text(Locale::En))
            }
            AdminError::EmailTaken => write!(f, "a user with this email already exists"),
            AdminError::PartnerNotFound(id) => write!(f, "no partner has id {id}"),
            AdminError::PartnerRequired => write!(f, "a member needs --partner ID"),
            AdminError::PartnerNotAllowed => write!(
                f,
                "only members belong to a partner; PDMs are assigned with `pdm assign`"
            ),
            AdminError::NotAPdm(email) => write!(f, "{email} is not a PDM"),
            AdminError::UserNotFound(email) => write!(f, "no user has the email {email}"),
            AdminError::LastAdmin => write!(f, "{}", Key::ErrLastAdmin.text(Locale::En)),
            AdminError::Database(e) => write!(f, "database error: {e}"),
            AdminError::Hash(e) => write!(f, "password hashing failed: {e}"),
        }
    }
}

impl From<sqlx::Error> for AdminError {
    fn from(e: sqlx::Error) -> Self {
        AdminError::Database(e)
    }
}

/// How the browser is told: a message on the field it is about.
impl From<AdminError> for AppError {
    fn from(e: AdminError) -> Self {
        match e {
            AdminError::Invalid(field, key) => AppError::invalid(field, key),
            AdminError::EmailTaken => AppError::invalid("email", Key::ErrEmailTaken),
            AdminError::PartnerNotFound(_) => AppError::invalid("partner_id", Key::ErrChooseOption),
            AdminError::PartnerRequired => {
                AppError::invalid("partner_id", Key::ErrMemberNeedsPartner)
            }
            AdminError::PartnerNotAllowed => {
                AppError::invalid("partner_id", Key::ErrOnlyMembersHavePartner)
            }
            AdminError::NotAPdm(_) => AppError::invalid("pdm_id", Key::ErrChooseOption),
            AdminError::UserNotFound(_) => AppError::NotFound,
            AdminError::LastAdmin => AppError::invalid("user_id", Key::ErrLastAdmin),
            AdminError::Database(e) => AppError::from(e),
            AdminError::Hash(e) => {
                tracing::error!(error = %e, "password hashing failed");
                AppError::Busy
            }
        }
    }
}

pub(super) async fn audit(
    tx: &mut Tx,
    actor: &Actor,
    kind: Kind,
    target: &Target,
    old_value: &str,
    new_value: &str,
) -> Result<(), sqlx::Error> {
    let entry = Entry {
        actor_user_id: actor.id(),
        actor: actor.label(),
        kind: kind.as_str(),
        target: &target.to_stored(),
        old_value,
        new_value,
    };
    audit::write(tx, &entry, Utc::now()).await
}

pub(super) fn partner_target(id: PartnerId, name: &str) -> Target {
    Target::Partner {
        id: id.0,
        name: name.to_string(),
    }
}

pub(super) fn user_target(id: UserId, email: &str) -> Target {
    Target::User {
        id: id.0,
        email: email.to_string(),
    }
}

// ---- partners ----------------------------------------------------------

/// The audit row of a default task's change, in the change's own transaction.
pub async fn audit_default_task(
    tx: &mut Tx,
    actor: &Actor,
    kind: Kind,
    target: &Target,
    old_value: &str,
    new_value: &str,
) -> Result<(), sqlx::Error> {
    audit(tx, actor, kind, target, old_value, new_value).await
}
