//! The throttle on password checks (logins and the current password when
//! changing it): at most 5 failures per account and 20 per client address in 15
//! minutes, counted in the database so that every instance sees the same.
//!
//! An attempt is counted as a failure *before* the password is checked and
//! forgiven only when it turns out right. The count and the provisional failure
//! are written in one transaction serialized per account and per address, so
//! 50 parallel guesses get at most 5 checks, not 50.

use crate::error::AppError;
use crate::model::throttle::{whole_minutes_up, Throttle};
use crate::server::db::Db;
use crate::server::store::login_failures::{self, Counted};
use chrono::{DateTime, Utc};

/// A reserved password check; settle it with [`Attempt::succeeded`] or
/// [`Attempt::abandoned`], or leave it counted as the failure it is.
#[must_use]
pub struct Attempt {
    email: String,
    id: i64,
}

/// Reserves one password check for `email` from `client`, or says how long to wait.
pub async fn reserve(
    db: &Db,
    email: &str,
    client: &str,
    now: DateTime<Utc>,
) -> Result<Attempt, AppError> {
    let since = now
        - Throttle::PER_ACCOUNT
            .window
            .max(Throttle::PER_CLIENT.window);
    let mut tx = db.begin().await?;
    // Always account first, then address: the same order everywhere cannot deadlock.
    tx.serialize_on(&format!("password-account:{email}"))
        .await?;
    tx.serialize_on(&format!("password-client:{client}"))
        .await?;
    let by_account = login_failures::since(&mut tx, Counted::Account(email), since).await?;
    let by_client = login_failures::since(&mut tx, Counted::Client(client), since).await?;
    let wait = [
        Throttle::PER_ACCOUNT.wait(&by_account, now),
        Throttle::PER_CLIENT.wait(&by_client, now),
    ]
    .into_iter()
    .flatten()
    .max();
    if let Some(wait) = wait {
        tracing::warn!(email, client, "password checks throttled");
        return Err(AppError::TooManyAttempts {
            retry_after_minutes: whole_minutes_up(wait),
        });
    }
    let id = login_failures::record(&mut tx, email, client, now).await?;
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
