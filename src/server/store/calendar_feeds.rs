//! Private calendar feeds: at most one per user, found by the hash of its
//! secret (the secret itself is never stored).

use crate::model::UserId;
use crate::server::db::{with_db, Exec};
use chrono::{DateTime, Utc};

/// Makes `token_hash` the user's feed, replacing (and so revoking) any other.
pub async fn replace<'a>(
    db: impl Into<Exec<'a>>,
    user: UserId,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    with_db!(db, |e| {
        sqlx::query(
        "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at"
    )
    .bind(user)
    .bind(token_hash)
    .bind(now)
    .execute(e)
    .await
    .map(|_| ())
    })
}

/// Stops the user's feed; whether there was one.
pub async fn revoke<'a>(db: impl Into<Exec<'a>>, user: UserId) -> Result<bool, sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "DELETE FROM calendar_feeds WHERE user_id = $1"
    )
    .bind(user)
    .execute(e)
    .await
    .map(|r| r.rows_affected() > 0))
}

/// When the user's current feed was made, if they have one.
pub async fn created_at<'a>(
    db: impl Into<Exec<'a>>,
    user: UserId,
) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    with_db!(db, |e| sqlx::query_scalar::<_, DateTime<Utc>>(
        "SELECT created_at FROM calendar_feeds WHERE user_id = $1"
    )
    .bind(user)
    .fetch_optional(e)
    .await)
}

/// Whose feed the secret with this hash opens: nobody's once its owner is
/// deactivated (deactivating also revokes it; this holds even for a row
/// written by an older version).
pub async fn owner<'a>(
    db: impl Into<Exec<'a>>,
    token_hash: &str,
) -> Result<Option<UserId>, sqlx::Error> {
    with_db!(db, |e| sqlx::query_scalar::<_, UserId>(
        "SELECT f.user_id FROM calendar_feeds f JOIN users u ON u.id = f.user_id \
         WHERE f.token_hash = $1 AND u.deactivated_at IS NULL"
    )
    .bind(token_hash)
    .fetch_optional(e)
    .await)
}
