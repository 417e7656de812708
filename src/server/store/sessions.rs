//! Server-side sessions, shared by every app instance that uses the database.

use crate::server::db::{with_db, Db};
use chrono::{DateTime, Utc};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SessionRow {
    pub user_id: i64,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

pub async fn create(
    db: &Db,
    token_hash: &str,
    user_id: i64,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    with_db!(db, |pool| {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .execute(pool)
        .await
        .map(|_| ())
    })
}

pub async fn find(db: &Db, token_hash: &str) -> Result<Option<SessionRow>, sqlx::Error> {
    with_db!(db, |pool| {
        sqlx::query_as::<_, SessionRow>(
            "SELECT user_id, last_seen_at, expires_at FROM sessions WHERE token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(pool)
        .await
    })
}

pub async fn touch(db: &Db, token_hash: &str, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    with_db!(db, |pool| {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(token_hash)
            .execute(pool)
            .await
            .map(|_| ())
    })
}

pub async fn delete(db: &Db, token_hash: &str) -> Result<(), sqlx::Error> {
    with_db!(db, |pool| {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(pool)
            .await
            .map(|_| ())
    })
}

/// Drops sessions past their absolute expiry or idle since `idle_before`.
pub async fn delete_expired(
    db: &Db,
    now: DateTime<Utc>,
    idle_before: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    with_db!(db, |pool| {
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2")
            .bind(now)
            .bind(idle_before)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
    })
}
