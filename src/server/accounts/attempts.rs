//! The throttle on password checks (logins and the current password when
//! changing it), counted in the database so that every instance sees the same.
//! Failures come in two kinds, as in the device-cookie scheme OWASP describes:
//!
//! - from a browser that signed in to the account before (it brings a device
//!   cookie that `known_devices` holds for that account): at most 5 per
//!   browser in 15 minutes, its own;
//! - from any other browser: at most 5 per account and 20 per client address
//!   in 15 minutes.
//!
//! A guesser has no device cookie for the account, so they still get five
//! tries a quarter hour; and what they spend never locks the owner's own
//! browser, so knowing a colleague's email is no way to keep them out.
//!
//! An attempt is counted as a failure *before* the password is checked and
//! forgiven only when it turns out right. The count and the provisional failure
//! are written in one transaction serialized per account and per address, so
//! 50 parallel guesses get at most 5 checks, not 50.

use crate::error::AppError;
use crate::model::throttle::{whole_minutes_up, Throttle};
use crate::server::auth;
use crate::server::db::Db;
use crate::server::store::known_devices;
use crate::server::store::login_failures::{self, Counted};
use chrono::{DateTime, Utc};

/// A reserved password check; settle it with [`Attempt::succeeded`] or
/// [`Attempt::abandoned`], or leave it counted as the failure it is.
#[must_use]
pub struct Attempt {
    email: String,
    id: i64,
}

/// Reserves one password check for `email` from `client`, whose browser
/// brought the device cookie `device` (if any), or says how long to wait.
pub async fn reserve(
    db: &Db,
    email: &str,
    client: &str,
    device: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Attempt, AppError> {
    let known = match device.map(auth::token_hash) {
        Some(hash) if known_devices::knows(db, &hash, email).await? => Some(hash),
        _ => None,
    };
    let since = now
        - Throttle::PER_ACCOUNT
            .window
            .max(Throttle::PER_CLIENT.window)
            .max(Throttle::PER_DEVICE.window);
    let mut tx = db.begin().await?;
    let wait = match &known {
        Some(hash) => {
            tx.serialize_on(&format!("password-device:{hash}")).await?;
            let by_device = login_failures::since(&mut tx, Counted::Device(hash), since).await?;
            Throttle::PER_DEVICE.wait(&by_device, now)
        }
        None => {
            // Always account first, then address: the same order everywhere cannot deadlock.
            tx.serialize_on(&format!("password-account:{email}"))
                .await?;
            tx.serialize_on(&format!("password-client:{client}"))
                .await?;
            let by_account = login_failures::since(&mut tx, Counted::Account(email), since).await?;
            let by_client = login_failures::since(&mut tx, Counted::Client(client), since).await?;
            [
                Throttle::PER_ACCOUNT.wait(&by_account, now),
                Throttle::PER_CLIENT.wait(&by_client, now),
            ]
            .into_iter()
            .flatten()
            .max()
        }
    };
    if let Some(wait) = wait {
        tracing::warn!(
            email,
            client,
            known_device = known.is_some(),
            "password checks throttled"
        );
        return Err(AppError::TooManyAttempts {
            retry_after_minutes: whole_minutes_up(wait),
        });
    }
    let id = login_failures::record(&mut tx, email, client, known.as_deref(), now).await?;
    tx.commit().await?;
    Ok(Attempt {
        email: email.to_string(),
        id,
    })
}

impl Attempt {
    /// The password was right: the account's failures are forgiven.
    pub async fn succeeded(self, db: &Db) -> Result<(), AppError> {
        Ok(login_failures::clear_for_email(db, &self.email).await?)
    }

    /// The password was never checked (the server was busy): it does not count.
    pub async fn abandoned(self, db: &Db) -> Result<(), AppError> {
        Ok(login_failures::delete(db, self.id).await?)
    }
}
