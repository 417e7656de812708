//! Logging in and out, with the throttle on failed attempts, and password changes.

use crate::api::error::{AppError, FieldError};
use crate::i18n::Key;
use crate::model::throttle::{whole_minutes_up, Throttle};
use crate::model::{Email, Locale, NewPassword};
use crate::server::auth::{self, ABSOLUTE_TIMEOUT, LOCALE_COOKIE, SESSION_COOKIE};
use crate::server::authz::Access;
use crate::server::errors::internal;
use crate::server::store::login_failures::{self, Counted};
use crate::server::store::{sessions, users};
use chrono::{Duration, Utc};
use http::header::SET_COOKIE;
use http::HeaderValue;
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

pub async fn login(access: &Access, email: &str, password: &str) -> Result<(), AppError> {
    let db = &access.state.db;
    let email = Email::parse(email).map_err(|m| AppError::invalid("email", m))?;
    let now = Utc::now();
    let since = now
        - Throttle::PER_ACCOUNT
            .window
            .max(Throttle::PER_CLIENT.window);
    let by_account = login_failures::since(db, Counted::Account(email.as_str()), since).await?;
    let by_client = login_failures::since(db, Counted::Client(&access.client_addr), since).await?;
    let wait = [
        Throttle::PER_ACCOUNT.wait(&by_account, now),
        Throttle::PER_CLIENT.wait(&by_client, now),
    ]
    .into_iter()
    .flatten()
    .max();
    if let Some(wait) = wait {
        tracing::warn!(email = email.as_str(), client = %access.client_addr, "login throttled");
        return Err(AppError::TooManyAttempts {
            retry_after_minutes: whole_minutes_up(wait),
        });
    }

    let user = users::find_by_email(db, email.as_str()).await?;
    let stored = match &user {
        Some(u) => users::password_hash(db, u.id).await?,
        None => None,
    };
    let verified = auth::verify_password_blocking(password.to_string(), stored).await;
    let Some(user) = user.filter(|_| verified) else {
        login_failures::record(db, email.as_str(), &access.client_addr, now).await?;
        tracing::info!(email = email.as_str(), client = %access.client_addr, "login failed");
        return Err(AppError::LoginFailed);
    };

    login_failures::clear_for_email(db, email.as_str()).await?;
    // Rotate: whatever session the browser brought is ended, and a new id issued.
    if let Some(old) = &access.user {
        sessions::delete(db, &old.token_hash).await?;
    }
    let token = auth::new_session_token();
    sessions::create(
        db,
        &auth::token_hash(&token),
        user.id,
        now,
        now + ABSOLUTE_TIMEOUT,
    )
    .await?;
    set_cookie(auth::set_cookie(
        SESSION_COOKIE,
        &token,
        ABSOLUTE_TIMEOUT,
        true,
        secure(access),
    ));
    if let Some(locale) = Locale::parse(&user.locale) {
        remember_locale(access, locale);
    }
    tracing::info!(user_id = user.id, "logged in");
    Ok(())
}

pub async fn logout(access: &Access) -> Result<(), AppError> {
    if let Some(session) = &access.user {
        sessions::delete(&access.state.db, &session.token_hash).await?;
    }
    set_cookie(auth::set_cookie(
        SESSION_COOKIE,
        "",
        Duration::zero(),
        true,
        secure(access),
    ));
    Ok(())
}

pub async fn change_password(
    access: &Access,
    current: &str,
    new: &str,
    confirm: &str,
) -> Result<(), AppError> {
    let session = access.signed_in()?;
    let db = &access.state.db;
    let mut errors = Vec::new();
    let new = match NewPassword::parse(new) {
        Ok(p) if p.expose() == confirm => Some(p),
        Ok(_) => {
            errors.push(FieldError {
                field: "confirm_password".into(),
                message: Key::ErrPasswordMismatch,
            });
            None
        }
        Err(message) => {
            errors.push(FieldError {
                field: "new_password".into(),
                message,
            });
            None
        }
    };
    let stored = users::password_hash(db, session.user.id).await?;
    if !auth::verify_password_blocking(current.to_string(), stored).await {
        errors.insert(
            0,
            FieldError {
                field: "current_password".into(),
                message: Key::ErrCurrentPasswordWrong,
            },
        );
    }
    let Some(new) = new.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let hash = auth::hash_password_blocking(new.expose().to_string())
        .await
        .map_err(|e| internal("password hash", &e))?;
    users::change_password(db, session.user.id, &hash, &session.token_hash).await?;
    tracing::info!(user_id = session.user.id, "password changed");
    Ok(())
}

/// Remembers the language in a cookie, for pages served before login.
pub fn remember_locale(access: &Access, locale: Locale) {
    set_cookie(auth::set_cookie(
        LOCALE_COOKIE,
        locale.tag(),
        Duration::days(365),
        false,
        secure(access),
    ));
}

fn secure(access: &Access) -> bool {
    access.state.config.secure_cookies
        || access
            .parts
            .headers
            .get("x-forwarded-proto")
            .is_some_and(|v| v.as_bytes() == b"https")
}

fn set_cookie(cookie: String) {
    if let (Some(res), Ok(value)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(&cookie),
    ) {
        res.append_header(SET_COOKIE, value);
    }
}
