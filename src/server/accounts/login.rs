//! Logging in (with the throttle on password checks) and out.

use crate::error::AppError;
use crate::model::{Email, Locale};
use crate::server::accounts::attempts;
use crate::server::auth::{self, ABSOLUTE_TIMEOUT};
use crate::server::authz::Access;
use crate::server::store::{known_devices, sessions, users};
use crate::server::web::cookies;
use chrono::Utc;

pub async fn login(access: &Access, email: &str, password: &str) -> Result<(), AppError> {
    let db = &access.state.db;
    let email = Email::parse(email).map_err(|m| AppError::invalid("email", m))?;
    let now = Utc::now();
    let device = cookies::device(access);
    let attempt = attempts::reserve(db, email.as_str(), &access.client_addr, device, now).await?;
    let found = users::find_with_hash(db, email.as_str()).await?;
    let (user, stored) = match found {
        Some((user, hash)) => (Some(user), Some(hash)),
        None => (None, None),
    };
    let verified = match access.state.passwords.verify(password, stored).await {
        Ok(verified) => verified,
        Err(busy) => {
            attempt.abandoned(db).await?;
            return Err(busy);
        }
    };
    let Some(user) = user.filter(|_| verified) else {
        tracing::info!(email = email.as_str(), client = %access.client_addr, "login failed");
        return Err(AppError::LoginFailed);
    };
    attempt.succeeded(db).await?;

    // Rotate: whatever session the browser brought is ended, and a new id issued.
    let token = auth::new_session_token();
    let mut tx = db.begin().await?;
    if let Some(old) = &access.user {
        sessions::delete(&mut tx, &old.token_hash).await?;
    }
    sessions::create(
        &mut tx,
        &auth::token_hash(&token),
        user.id,
        now,
        now + ABSOLUTE_TIMEOUT,
    )
    .await?;
    users::record_login(&mut tx, user.id, now).await?;
    // A new device cookie at every login: this browser is now one the
    // account knows, whatever failures come from elsewhere.
    let device_token = auth::new_session_token();
    let brought = device.map(auth::token_hash);
    known_devices::remember(
        &mut tx,
        &auth::token_hash(&device_token),
        email.as_str(),
        brought.as_deref(),
        now,
    )
    .await?;
    tx.commit().await?;
    cookies::set_session(access, &token);
    cookies::set_device(access, &device_token);
    if let Some(locale) = Locale::parse(&user.locale) {
        cookies::remember_locale(access, locale);
    }
    tracing::info!(user_id = %user.id, "logged in");
    Ok(())
}

pub async fn logout(access: &Access) -> Result<(), AppError> {
    if let Some(session) = &access.user {
        sessions::delete(&access.state.db, &session.token_hash).await?;
    }
    cookies::clear_session(access);
    Ok(())
}
