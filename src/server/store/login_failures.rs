//! Failed password checks (logins and password changes), kept in the database
//! so that every app instance counts the same attempts.

use crate::server::db::{with_db, Exec};
use chrono::{DateTime, Utc};

/// Records a failure, from a known browser (`device_hash`) or an unknown
/// one, and returns its id.
pub async fn record<'a>(
    db: impl Into<Exec<'a>>,
    email: &str,
    client_addr: &str,
    device_hash: Option<&str>,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    with_db!(db, |e| {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO login_failures (email, client_addr, device_hash, failed_at) \
         VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(email)
        .bind(client_addr)
        .bind(device_hash)
        .bind(now)
        .fetch_one(e)
        .await
    })
}

pub async fn delete<'a>(db: impl Into<Exec<'a>>, id: i64) -> Result<(), sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "DELETE FROM login_failures WHERE id = $1"
    )
    .bind(id)
    .execute(e)
    .await
    .map(|_| ()))
}

/// Whose failures to count.
#[derive(Clone, Copy, Debug)]
pub enum Counted<'a> {
    /// An account's, from browsers it does not know.
    Account(&'a str),
    /// A client address's, whatever the account.
    Client(&'a str),
    /// One known browser's (the hash of its device cookie).
    Device(&'a str),
}

/// The times of failures since `since`, oldest first.
pub async fn since<'a>(
    db: impl Into<Exec<'a>>,
    whose: Counted<'_>,
    since: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>, sqlx::Error> {
    let (sql, key) = match whose {
        Counted::Account(email) => (
            "SELECT failed_at FROM login_failures \
             WHERE email = $1 AND device_hash IS NULL AND failed_at > $2 ORDER BY failed_at",
            email,
        ),
        Counted::Device(hash) => (
            "SELECT failed_at FROM login_failures WHERE device_hash = $1 AND failed_at > $2 ORDER BY failed_at",
            hash,
        ),
        Counted::Client(addr) => (
            "SELECT failed_at FROM login_failures WHERE client_addr = $1 AND failed_at > $2 ORDER BY failed_at",
            addr,
        ),
    };
    with_db!(db, |e| sqlx::query_scalar::<_, DateTime<Utc>>(sql)
        .bind(key)
        .bind(since)
        .fetch_all(e)
        .await)
}

/// A successful check forgives the account's earlier failures.
pub async fn clear_for_email<'a>(db: impl Into<Exec<'a>>, email: &str) -> Result<(), sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "DELETE FROM login_failures WHERE email = $1"
    )
    .bind(email)
    .execute(e)
    .await
    .map(|_| ()))
}

pub async fn delete_before<'a>(
    db: impl Into<Exec<'a>>,
    before: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "DELETE FROM login_failures WHERE failed_at <= $1"
    )
    .bind(before)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))
}
