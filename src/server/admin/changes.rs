//! Running the installation: partners, users, PDM assignments. The one
//! implementation of each administrative change, shared by the admin area in
//! the browser, the command line and the demo seed; every input is parsed into
//! model types first, and every change writes its audit row (who, when, what,
//! old and new value) in the same transaction as the change itself.

use crate::error::AppError;
use crate::i18n::Key;
use crate::model::{
    Currency, DisplayName, Email, Locale, NewPassword, PartnerId, PartnerName, Role, TimeZoneName,
    UserId,
};
use crate::server::db::{Db, Tx};
use crate::server::hashing;
use crate::server::store::audit::{self, Entry};
use crate::server::store::{self, partners, sessions, users};
use chrono::Utc;
use std::fmt;

/// Who makes a change: a signed-in admin, or the command line (the operator
/// holding the database, recorded as "command line").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    Admin { id: UserId, email: String },
    CommandLine,
}

pub const COMMAND_LINE: &str = "command line";

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
            Actor::CommandLine => COMMAND_LINE,
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

async fn audit(
    tx: &mut Tx,
    actor: &Actor,
    kind: &str,
    target: &str,
    old_value: &str,
    new_value: &str,
) -> Result<(), sqlx::Error> {
    let entry = Entry {
        actor_user_id: actor.id(),
        actor: actor.label(),
        kind,
        target,
        old_value,
        new_value,
    };
    audit::write(tx, &entry, Utc::now()).await
}

fn partner_target(id: PartnerId, name: &str) -> String {
    format!("partner {id} ({name})")
}

fn user_target(id: UserId, email: &str) -> String {
    format!("user {id} ({email})")
}

// ---- partners ----------------------------------------------------------

/// Adds a partner, from the command line.
pub async fn add_partner(
    db: &Db,
    name: &str,
    currency: &str,
    time_zone: &str,
) -> Result<PartnerId, AdminError> {
    create_partner(db, &Actor::CommandLine, name, currency, time_zone).await
}

pub async fn create_partner(
    db: &Db,
    actor: &Actor,
    name: &str,
    currency: &str,
    time_zone: &str,
) -> Result<PartnerId, AdminError> {
    let name = PartnerName::parse(name).map_err(|k| AdminError::Invalid("name", k))?;
    let currency = Currency::parse(currency.trim())
        .ok_or(AdminError::Invalid("currency", Key::ErrCurrencyInvalid))?;
    let time_zone =
        TimeZoneName::parse(time_zone).map_err(|k| AdminError::Invalid("time_zone", k))?;
    let mut tx = db.begin().await?;
    let id = partners::create(
        &mut tx,
        name.as_str(),
        currency.code(),
        time_zone.as_str(),
        Utc::now(),
    )
    .await?;
    let new = format!(
        "name={}; currency={}; time_zone={}",
        name.as_str(),
        currency.code(),
        time_zone.as_str()
    );
    audit(
        &mut tx,
        actor,
        "partner.create",
        &partner_target(id, name.as_str()),
        "",
        &new,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Renames a partner and sets its time zone.
pub async fn update_partner(
    db: &Db,
    actor: &Actor,
    id: PartnerId,
    name: &str,
    time_zone: &str,
) -> Result<(), AdminError> {
    let name = PartnerName::parse(name).map_err(|k| AdminError::Invalid("name", k))?;
    let time_zone =
        TimeZoneName::parse(time_zone).map_err(|k| AdminError::Invalid("time_zone", k))?;
    let mut tx = db.begin().await?;
    let old = partners::admin_find(&mut tx, id)
        .await?
        .ok_or(AdminError::PartnerNotFound(id))?;
    partners::update(&mut tx, id, name.as_str(), time_zone.as_str()).await?;
    let target = partner_target(id, name.as_str());
    if old.name != name.as_str() {
        audit(
            &mut tx,
            actor,
            "partner.rename",
            &target,
            &old.name,
            name.as_str(),
        )
        .await?;
    }
    if old.time_zone != time_zone.as_str() {
        audit(
            &mut tx,
            actor,
            "partner.time_zone",
            &target,
            &old.time_zone,
            time_zone.as_str(),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Archives a partner (`archived`) or restores it. An archived partner keeps
/// its data but leaves every switcher and portfolio, and its members and PDMs
/// can no longer open it.
pub async fn set_partner_archived(
    db: &Db,
    actor: &Actor,
    id: PartnerId,
    archived: bool,
) -> Result<(), AdminError> {
    let mut tx = db.begin().await?;
    let old = partners::admin_find(&mut tx, id)
        .await?
        .ok_or(AdminError::PartnerNotFound(id))?;
    if old.archived_at.is_some() != archived {
        partners::set_archived(&mut tx, id, archived.then(Utc::now)).await?;
        let (kind, old_value, new_value) = if archived {
            ("partner.archive", "active", "archived")
        } else {
            ("partner.restore", "archived", "active")
        };
        audit(
            &mut tx,
            actor,
            kind,
            &partner_target(id, &old.name),
            old_value,
            new_value,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

// ---- users -------------------------------------------------------------

pub struct UserInput<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub partner_id: Option<PartnerId>,
    pub password: &'a str,
    pub locale: Locale,
    pub time_zone: &'a str,
}

/// Adds a user with the password given, from the command line.
pub async fn add_user(db: &Db, input: UserInput<'_>) -> Result<UserId, AdminError> {
    create_user(db, &Actor::CommandLine, input, false).await
}

/// Checks a role and partner pair: a member belongs to exactly one existing
/// partner, everyone else to none.
async fn check_partner(
    tx: &mut Tx,
    role: Role,
    partner_id: Option<PartnerId>,
) -> Result<(), AdminError> {
    match (role, partner_id) {
        (Role::Member, None) => Err(AdminError::PartnerRequired),
        (Role::Member, Some(id)) => {
            partners::find(&mut *tx, id)
                .await?
                .ok_or(AdminError::PartnerNotFound(id))?;
            Ok(())
        }
        (_, Some(_)) => Err(AdminError::PartnerNotAllowed),
        (_, None) => Ok(()),
    }
}

/// Adds a user. `one_time`: the password is one the user must replace at
/// their first login.
pub async fn create_user(
    db: &Db,
    actor: &Actor,
    input: UserInput<'_>,
    one_time: bool,
) -> Result<UserId, AdminError> {
    let email = Email::parse(input.email).map_err(|k| AdminError::Invalid("email", k))?;
    let name = DisplayName::parse(input.name).map_err(|k| AdminError::Invalid("name", k))?;
    let password =
        NewPassword::parse(input.password).map_err(|k| AdminError::Invalid("password", k))?;
    let time_zone =
        TimeZoneName::parse(input.time_zone).map_err(|k| AdminError::Invalid("time_zone", k))?;
    if input.role == Role::Member && input.partner_id.is_none() {
        return Err(AdminError::PartnerRequired);
    }
    if users::find_by_email(db, email.as_str()).await?.is_some() {
        return Err(AdminError::EmailTaken);
    }
    let hash = hashing::shared()
        .hash(password.expose())
        .await
        .map_err(|e| AdminError::Hash(e.to_string()))?;
    let mut tx = db.begin().await?;
    check_partner(&mut tx, input.role, input.partner_id).await?;
    let new = users::NewUser {
        email: email.as_str(),
        display_name: name.as_str(),
        password_hash: &hash,
        role: input.role,
        partner_id: input.partner_id,
        locale: input.locale.tag(),
        time_zone: time_zone.as_str(),
    };
    let id = users::create(&mut tx, &new, Utc::now())
        .await
        .map_err(|e| {
            if store::is_unique_violation(&e) {
                AdminError::EmailTaken
            } else {
                AdminError::Database(e)
            }
        })?;
    if one_time {
        users::set_password(&mut tx, id, &hash, true).await?;
    }
    let value = format!(
        "name={}; role={}; partner={}",
        name.as_str(),
        input.role.as_str(),
        input.partner_id.map(|p| p.to_string()).unwrap_or_default()
    );
    audit(
        &mut tx,
        actor,
        "user.create",
        &user_target(id, email.as_str()),
        "",
        &value,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

async fn find_user(tx: &mut Tx, id: UserId) -> Result<users::AdminUserRow, AdminError> {
    users::admin_find(&mut *tx, id)
        .await?
        .ok_or_else(|| AdminError::UserNotFound(id.to_string()))
}

/// Refuses a change that takes an active admin away when they are the last.
async fn keep_an_admin(tx: &mut Tx, user: &users::AdminUserRow) -> Result<(), AdminError> {
    tx.serialize_on("admins").await?;
    if user.role == Role::Admin
        && user.deactivated_at.is_none()
        && users::count_active_admins(&mut *tx).await? <= 1
    {
        return Err(AdminError::LastAdmin);
    }
    Ok(())
}

/// Changes a user's role and partner. A PDM who stops being one loses their
/// assignments; the last active admin keeps their role.
pub async fn change_role(
    db: &Db,
    actor: &Actor,
    id: UserId,
    role: Role,
    partner_id: Option<PartnerId>,
) -> Result<(), AdminError> {
    let mut tx = db.begin().await?;
    let user = find_user(&mut tx, id).await?;
    if user.role == Role::Admin && role != Role::Admin {
        keep_an_admin(&mut tx, &user).await.map_err(|e| match e {
            AdminError::LastAdmin => AdminError::Invalid("role", Key::ErrLastAdmin),
            other => other,
        })?;
    }
    check_partner(&mut tx, role, partner_id).await?;
    if user.role == role && user.partner_id == partner_id {
        return Ok(());
    }
    users::set_role(&mut tx, id, role, partner_id).await?;
    if user.role == Role::Pdm && role != Role::Pdm {
        partners::unassign_all_of(&mut tx, id).await?;
    }
    let describe = |role: Role, partner: Option<PartnerId>| {
        format!(
            "role={}; partner={}",
            role.as_str(),
            partner.map(|p| p.to_string()).unwrap_or_default()
        )
    };
    audit(
        &mut tx,
        actor,
        "user.role",
        &user_target(id, &user.email),
        &describe(user.role, user.partner_id),
        &describe(role, partner_id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A new one-time password: 20 characters from an alphabet without look-alikes
/// (about 95 bits), in groups of five for reading it out.
pub fn one_time_password() -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut out = String::new();
    for i in 0..20 {
        if i > 0 && i % 5 == 0 {
            out.push('-');
        }
        let n = OsRng.next_u32() as usize % ALPHABET.len();
        out.push(ALPHABET[n] as char);
    }
    out
}

/// Gives a user a new one-time password (`password`, else a generated one),
/// which they must replace at their next login, and ends every session of
/// theirs. Returns the password, to be shown once.
pub async fn reset_password(
    db: &Db,
    actor: &Actor,
    id: UserId,
    password: Option<&str>,
) -> Result<String, AdminError> {
    let password = match password.filter(|p| !p.is_empty()) {
        Some(p) => p.to_string(),
        None => one_time_password(),
    };
    let checked = NewPassword::parse(&password).map_err(|k| AdminError::Invalid("password", k))?;
    let hash = hashing::shared()
        .hash(checked.expose())
        .await
        .map_err(|e| AdminError::Hash(e.to_string()))?;
    let mut tx = db.begin().await?;
    let user = find_user(&mut tx, id).await?;
    users::set_password(&mut tx, id, &hash, true).await?;
    let ended = sessions::delete_all_of(&mut tx, id).await?;
    audit(
        &mut tx,
        actor,
        "user.reset_password",
        &user_target(id, &user.email),
        "",
        &format!("one-time password set; {ended} sessions ended"),
    )
    .await?;
    tx.commit().await?;
    Ok(password)
}

/// Deactivates a user (`active` false: they cannot log in, their sessions
/// end) or reactivates them. The last active admin cannot be deactivated.
pub async fn set_user_active(
    db: &Db,
    actor: &Actor,
    id: UserId,
    active: bool,
) -> Result<(), AdminError> {
    let mut tx = db.begin().await?;
    let user = find_user(&mut tx, id).await?;
    if user.deactivated_at.is_none() == active {
        return Ok(());
    }
    if !active {
        keep_an_admin(&mut tx, &user).await?;
    }
    users::set_deactivated(&mut tx, id, (!active).then(Utc::now)).await?;
    let ended = if active {
        0
    } else {
        sessions::delete_all_of(&mut tx, id).await?
    };
    let (kind, old_value, new_value) = if active {
        (
            "user.reactivate",
            "deactivated".to_string(),
            "active".to_string(),
        )
    } else {
        (
            "user.deactivate",
            "active".to_string(),
            format!("deactivated; {ended} sessions ended"),
        )
    };
    audit(
        &mut tx,
        actor,
        kind,
        &user_target(id, &user.email),
        &old_value,
        &new_value,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The user with this email, for the command line.
pub async fn user_id_by_email(db: &Db, email: &str) -> Result<UserId, AdminError> {
    let email = Email::parse(email).map_err(|k| AdminError::Invalid("email", k))?;
    users::find_by_email(db, email.as_str())
        .await?
        .map(|u| u.id)
        .ok_or_else(|| AdminError::UserNotFound(email.as_str().to_string()))
}

// ---- PDM assignments ---------------------------------------------------

/// Lets a PDM (by email) manage a partner, from the command line.
pub async fn assign_pdm(db: &Db, pdm_email: &str, partner_id: PartnerId) -> Result<(), AdminError> {
    let pdm = user_id_by_email(db, pdm_email).await?;
    set_assignment(db, &Actor::CommandLine, pdm, partner_id, true).await
}

/// Assigns (`assigned`) or unassigns a PDM to or from a partner; doing it
/// twice changes nothing and writes no second audit row.
pub async fn set_assignment(
    db: &Db,
    actor: &Actor,
    pdm_id: UserId,
    partner_id: PartnerId,
    assigned: bool,
) -> Result<(), AdminError> {
    let mut tx = db.begin().await?;
    let pdm = find_user(&mut tx, pdm_id).await?;
    if pdm.role != Role::Pdm {
        return Err(AdminError::NotAPdm(pdm.email));
    }
    let partner = partners::admin_find(&mut tx, partner_id)
        .await?
        .ok_or(AdminError::PartnerNotFound(partner_id))?;
    let was = partners::assignments(&mut tx)
        .await?
        .iter()
        .any(|a| a.pdm_id == pdm_id && a.partner_id == partner_id);
    if was == assigned {
        return Ok(());
    }
    if assigned {
        partners::assign_pdm(&mut tx, pdm_id, partner_id).await?;
    } else {
        partners::unassign_pdm(&mut tx, pdm_id, partner_id).await?;
    }
    let (kind, old, new) = if assigned {
        ("pdm.assign", "", "assigned")
    } else {
        ("pdm.unassign", "assigned", "")
    };
    audit(
        &mut tx,
        actor,
        kind,
        &format!(
            "{} → {}",
            user_target(pdm_id, &pdm.email),
            partner_target(partner_id, &partner.name)
        ),
        old,
        new,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The audit row of a default task's change, in the change's own transaction.
pub async fn audit_default_task(
    tx: &mut Tx,
    actor: &Actor,
    kind: &str,
    target: &str,
    old_value: &str,
    new_value: &str,
) -> Result<(), sqlx::Error> {
    audit(tx, actor, kind, target, old_value, new_value).await
}
