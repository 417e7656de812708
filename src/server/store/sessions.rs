//! Server-side sessions, shared by every app instance that uses the database.

use crate::model::UserId;
use crate::server::db::{with_db, Exec};
use crate::server::store::users::UserRow;
use chrono::{DateTime, Utc};

/// A session with its user, read in one query: this runs on every request.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SessionRow {
    #[sqlx(flatten)]
    pub user: UserRow,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

pub async fn create<'a>(
    db: impl Into<Exec<'a>>,
    token_hash: &str,
    user: UserId,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    with_db!(db, |e| {
        sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)",
    )
    .bind(token_hash)
    .bind(user)
    .bind(now)
    .bind(expires_at)
    .execute(e)
    .await
    .map(|_| ())
    })
}

pub async fn find<'a>(
    db: impl Into<Exec<'a>>,
    token_hash: &str,
) -> Result<Option<SessionRow>, sqlx::Error> {
    with_db!(db, |e| sqlx::query_as::<_, SessionRow>(
        "SELECT u.id, u.email, u.display_name, u.role, u.partner_id, u.locale, u.time_zone, \
         u.must_change_password, s.last_seen_at, s.expires_at \
         FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND u.deactivated_at IS NULL",
    )
    .bind(token_hash)
    .fetch_optional(e)
    .await)
}

pub async fn touch<'a>(
    db: impl Into<Exec<'a>>,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2"
    )
    .bind(now)
    .bind(token_hash)
    .execute(e)
    .await
    .map(|_| ()))
}

pub async fn delete<'a>(db: impl Into<Exec<'a>>, token_hash: &str) -> Result<(), sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "DELETE FROM sessions WHERE token_hash = $1"
    )
    .bind(token_hash)
    .execute(e)
    .await
    .map(|_| ()))
}

/// Ends every session of `user` but the one with `keep_token_hash`; how many.
/// Ending someone's access goes through `store::credentials`, which ends
/// their calendar feed with it.
pub async fn delete_others<'a>(
    db: impl Into<Exec<'a>>,
    user: UserId,
    keep_token_hash: &str,
) -> Result<u64, sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2"
    )
    .bind(user)
    .bind(keep_token_hash)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))
}

/// Drops sessions past their absolute expiry or idle since `idle_before`.
pub async fn delete_expired<'a>(
    db: impl Into<Exec<'a>>,
    now: DateTime<Utc>,
    idle_before: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2"
    )
    .bind(now)
    .bind(idle_before)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))
}

/// Ends every session of `user`; how many (see `store::credentials`).
pub async fn delete_all_of<'a>(db: impl Into<Exec<'a>>, user: UserId) -> Result<u64, sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "DELETE FROM sessions WHERE user_id = $1"
    )
    .bind(user)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))
}

pub async fn count_of<'a>(db: impl Into<Exec<'a>>, user: UserId) -> Result<i64, sqlx::Error> {
    with_db!(db, |e| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM sessions WHERE user_id = $1"
    )
    .bind(user)
    .fetch_one(e)
    .await)
}
