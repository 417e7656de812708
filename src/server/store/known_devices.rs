//! Browsers that signed in to an account before, by the hash of their device
//! cookie (see `server::accounts::attempts`). A few per account: the newest
//! are kept, and a browser forgotten is only an unknown one again.

use crate::server::db::{with_db, Exec, Tx};
use chrono::{DateTime, Utc};

/// Browsers kept per account: a person's laptop, phone, tablet and a few more.
const KEPT_PER_ACCOUNT: i64 = 10;

/// Whether the device cookie with this hash was given to a browser that
/// signed in to `email`.
pub async fn knows<'a>(
    db: impl Into<Exec<'a>>,
    token_hash: &str,
    email: &str,
) -> Result<bool, sqlx::Error> {
    with_db!(db, |e| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM known_devices WHERE token_hash = $1 AND email = $2"
    )
    .bind(token_hash)
    .bind(email)
    .fetch_one(e)
    .await)
    .map(|n| n > 0)
}

/// Remembers a browser that just signed in to `email`, in place of the
/// cookie it brought (`replaces`), and forgets the account's oldest beyond
/// the few kept.
pub async fn remember(
    tx: &mut Tx,
    token_hash: &str,
    email: &str,
    replaces: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    if let Some(old) = replaces {
        with_db!(&mut *tx, |e| sqlx::query(
            "DELETE FROM known_devices WHERE token_hash = $1"
        )
        .bind(old)
        .execute(e)
        .await
        .map(|_| ()))?;
    }
    with_db!(&mut *tx, |e| sqlx::query(
        "INSERT INTO known_devices (token_hash, email, created_at) VALUES ($1, $2, $3)"
    )
    .bind(token_hash)
    .bind(email)
    .bind(now)
    .execute(e)
    .await
    .map(|_| ()))?;
    with_db!(&mut *tx, |e| sqlx::query(
        "DELETE FROM known_devices WHERE email = $1 AND token_hash NOT IN \
         (SELECT token_hash FROM known_devices WHERE email = $1 \
          ORDER BY created_at DESC, token_hash LIMIT $2)"
    )
    .bind(email)
    .bind(KEPT_PER_ACCOUNT)
    .execute(e)
    .await
    .map(|_| ()))?;
    Ok(())
}
