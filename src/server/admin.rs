//! Running the installation: partners, users and PDM assignments. Used by the
//! command line and the demo seed; every input is parsed into model types first.

use crate::i18n::Key;
use crate::model::{
    Currency, DisplayName, Email, Locale, NewPassword, PartnerId, PartnerName, Role, TimeZoneName,
    UserId,
};
use crate::server::auth;
use crate::server::db::Db;
use crate::server::store::{self, partners, users};
use chrono::Utc;
use std::fmt;

#[derive(Debug)]
pub enum AdminError {
    Invalid(&'static str, Key),
    EmailTaken,
    PartnerNotFound(PartnerId),
    PartnerRequired,
    PartnerNotAllowed,
    NotAPdm(String),
    UserNotFound(String),
    Database(sqlx::Error),
    Hash(String),
}

impl fmt::Display for AdminError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AdminError::Invalid(field, key) => write!(f, "{field}: {}", key.text(Locale::En)),
            AdminError::EmailTaken => write!(f, "a user with this email already exists"),
            AdminError::PartnerNotFound(id) => write!(f, "no partner has id {id}"),
            AdminError::PartnerRequired => write!(f, "a member needs --partner ID"),
            AdminError::PartnerNotAllowed => write!(
                f,
                "only members belong to a partner; PDMs are assigned with `pdm assign`"
            ),
            AdminError::NotAPdm(email) => write!(f, "{email} is not a PDM"),
            AdminError::UserNotFound(email) => write!(f, "no user has the email {email}"),
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

pub async fn add_partner(
    db: &Db,
    name: &str,
    currency: &str,
    time_zone: &str,
) -> Result<PartnerId, AdminError> {
    let name = PartnerName::parse(name).map_err(|k| AdminError::Invalid("name", k))?;
    let currency =
        Currency::parse(currency).ok_or(AdminError::Invalid("currency", Key::ErrBadRequest))?;
    let time_zone =
        TimeZoneName::parse(time_zone).map_err(|k| AdminError::Invalid("time zone", k))?;
    Ok(partners::create(
        db,
        name.as_str(),
        currency.code(),
        time_zone.as_str(),
        Utc::now(),
    )
    .await?)
}

pub struct UserInput<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub partner_id: Option<PartnerId>,
    pub password: &'a str,
    pub locale: Locale,
    pub time_zone: &'a str,
}

pub async fn add_user(db: &Db, input: UserInput<'_>) -> Result<UserId, AdminError> {
    let email = Email::parse(input.email).map_err(|k| AdminError::Invalid("email", k))?;
    let name = DisplayName::parse(input.name).map_err(|k| AdminError::Invalid("name", k))?;
    let password =
        NewPassword::parse(input.password).map_err(|k| AdminError::Invalid("password", k))?;
    let time_zone =
        TimeZoneName::parse(input.time_zone).map_err(|k| AdminError::Invalid("time zone", k))?;
    match (input.role, input.partner_id) {
        (Role::Member, None) => return Err(AdminError::PartnerRequired),
        (Role::Member, Some(id)) => {
            partners::find(db, id)
                .await?
                .ok_or(AdminError::PartnerNotFound(id))?;
        }
        (_, Some(_)) => return Err(AdminError::PartnerNotAllowed),
        (_, None) => {}
    }
    let hash = auth::hash_password_blocking(password.expose().to_string())
        .await
        .map_err(AdminError::Hash)?;
    let new = users::NewUser {
        email: email.as_str(),
        display_name: name.as_str(),
        password_hash: &hash,
        role: input.role,
        partner_id: input.partner_id,
        locale: input.locale.tag(),
        time_zone: time_zone.as_str(),
    };
    users::create(db, &new, Utc::now()).await.map_err(|e| {
        if store::is_unique_violation(&e) {
            AdminError::EmailTaken
        } else {
            AdminError::Database(e)
        }
    })
}

pub async fn assign_pdm(db: &Db, pdm_email: &str, partner_id: PartnerId) -> Result<(), AdminError> {
    let email = Email::parse(pdm_email).map_err(|k| AdminError::Invalid("email", k))?;
    let pdm = users::find_by_email(db, email.as_str())
        .await?
        .ok_or_else(|| AdminError::UserNotFound(email.as_str().to_string()))?;
    if pdm.role != Role::Pdm {
        return Err(AdminError::NotAPdm(pdm.email));
    }
    partners::find(db, partner_id)
        .await?
        .ok_or(AdminError::PartnerNotFound(partner_id))?;
    Ok(partners::assign_pdm(db, pdm.id, partner_id).await?)
}
