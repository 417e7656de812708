//! Users: adding, role and partner, one-time passwords, deactivating.

use super::*;

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
pub(super) async fn check_partner(
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
    let value = Fields::new()
        .with(Field::Name, name.as_str())
        .with(Field::Role, input.role.as_str())
        .with(Field::Partner, partner_field(input.partner_id));
    audit(
        &mut tx,
        actor,
        Kind::UserCreate,
        &user_target(id, email.as_str()),
        "",
        &value.to_stored(),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub(super) async fn find_user(tx: &mut Tx, id: UserId) -> Result<users::AdminUserRow, AdminError> {
    users::admin_find(&mut *tx, id)
        .await?
        .ok_or_else(|| AdminError::UserNotFound(id.to_string()))
}

/// Refuses a change that takes an active admin away when they are the last.
pub(super) async fn keep_an_admin(
    tx: &mut Tx,
    user: &users::AdminUserRow,
) -> Result<(), AdminError> {
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
        Fields::new()
            .with(Field::Role, role.as_str())
            .with(Field::Partner, partner_field(partner))
            .to_stored()
    };
    audit(
        &mut tx,
        actor,
        Kind::UserRole,
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
    let ended = credentials::end_all(&mut tx, id).await?;
    audit(
        &mut tx,
        actor,
        Kind::UserResetPassword,
        &user_target(id, &user.email),
        "",
        &ended_fields("one_time_password", ended),
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
        Ended::default()
    } else {
        credentials::end_all(&mut tx, id).await?
    };
    let (kind, old_value, new_value) = if active {
        (
            Kind::UserReactivate,
            "deactivated".to_string(),
            "active".to_string(),
        )
    } else {
        (
            Kind::UserDeactivate,
            "active".to_string(),
            ended_fields("deactivated", ended),
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

/// A user's partner as the log stores it: its id, or nothing.
fn partner_field(partner: Option<PartnerId>) -> String {
    partner.map(|p| p.to_string()).unwrap_or_default()
}

/// A user's new state and the sessions and calendar feeds that ended with it.
fn ended_fields(state: &str, ended: Ended) -> String {
    Fields::new()
        .with(Field::State, state)
        .with(Field::SessionsEnded, ended.sessions)
        .with(Field::FeedsEnded, ended.feeds)
        .to_stored()
}
