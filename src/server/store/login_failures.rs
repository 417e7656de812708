//! Failed login attempts, kept in the database so that every app instance
//! counts the same attempts.

use crate::server::db::{with_db, Db};
use chrono::{DateTime, Utc};

pub async fn record(db: &Db, email: &str, client_addr: &str, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    with_db!(db, |pool| {
        sqlx::query("INSERT INTO login_failures (email, client_addr, failed_at) VALUES ($1, $2, $3)")
            .bind(email)
            .bind(client_addr)
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ())
    })
}

/// The times of failures for this account since `since`, oldest first.
pub async fn for_email_since(db: &Db, email: &str, since: DateTime<Utc>) -> Result<Vec<DateTime<Utc>>, sqlx::Error> {
    with_db!(db, |pool| {
        sqlx::query_scalar::<_, DateTime<Utc>>(
            "SELECT failed_at FROM login_failures WHERE email = $1 AND failed_at > $2 ORDER BY failed_at",
        )
        .bind(email)
        .bind(since)
        .fetch_all(pool)
        .await
    })
}

/// The times of failures from this client address since `since`, oldest first.
pub async fn for_client_since(db: &Db, client_addr: &str, since: DateTime<Utc>) -> Result<Vec<DateTime<Utc>>, sqlx::Error> {
    with_db!(db, |pool| {
        sqlx::query_scalar::<_, DateTime<Utc>>(
            "SELECT failed_at FROM login_failures WHERE client_addr = $1 AND failed_at > $2 ORDER BY failed_at",
        )
        .bind(client_addr)
        .bind(since)
        .fetch_all(pool)
        .await
    })
}

/// A successful login forgives the account's earlier failures.
pub async fn clear_for_email(db: &Db, email: &str) -> Result<(), sqlx::Error> {
    with_db!(db, |pool| {
        sqlx::query("DELETE FROM login_failures WHERE email = $1").bind(email).execute(pool).await.map(|_| ())
    })
}

pub async fn delete_before(db: &Db, before: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    with_db!(db, |pool| {
        sqlx::query("DELETE FROM login_failures WHERE failed_at <= $1")
            .bind(before)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
    })
}
