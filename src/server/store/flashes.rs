//! One-time flashes: the outcome of a plain form post, kept until the page it
//! lands on has shown it once. The browser holds only a random token.

use crate::server::db::{with_db, Exec};
use chrono::{DateTime, Utc};

pub async fn create<'a>(
    db: impl Into<Exec<'a>>,
    token_hash: &str,
    payload: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "INSERT INTO flashes (token_hash, payload, created_at) VALUES ($1, $2, $3)"
    )
    .bind(token_hash)
    .bind(payload)
    .bind(now)
    .execute(e)
    .await
    .map(|_| ()))
}

/// Reads and deletes a flash in one statement, so it is shown exactly once.
pub async fn take<'a>(
    db: impl Into<Exec<'a>>,
    token_hash: &str,
    created_after: DateTime<Utc>,
) -> Result<Option<String>, sqlx::Error> {
    with_db!(db, |e| sqlx::query_scalar::<_, String>(
        "DELETE FROM flashes WHERE token_hash = $1 AND created_at > $2 RETURNING payload"
    )
    .bind(token_hash)
    .bind(created_after)
    .fetch_optional(e)
    .await)
}

pub async fn delete_before<'a>(
    db: impl Into<Exec<'a>>,
    before: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "DELETE FROM flashes WHERE created_at <= $1"
    )
    .bind(before)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))
}
