//! Failed login attempts, kept in the database so that every app instance
//! counts the same attempts.

use crate::server::db::{with_db, Db};
use chrono::{DateTime, Utc};

pub async fn record(
    db: &Db,
    email: &str,
    client_addr: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    with_db!(db, |pool| {
        sqlx::query(
            "INSERT INTO login_failures (email, client_addr, failed_at) VALUES ($1, $2, $3)",
        )
        .bind(email)
        .bind(client_addr)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ())
    })
}

/// Whose failures to count.
#[derive(Clone, Copy, Debug)]
pub enum Counted<'a> {
    Account(&'a str),
    Client(&'a str),
}

/// The times of failures since `since`, oldest first.
pub async fn since(
    db: &Db,
    whose: Counted<'_>,
    since: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>, sqlx::Error> {
    let (sql, key) = match whose {
        Counted::Account(email) => {
            ("SELECT failed_at FROM login_failures WHERE email = $1 AND failed_at > $2 ORDER BY failed_at", email)
        }
        Counted::Client(addr) => {
            ("SELECT failed_at FROM login_failures WHERE client_addr = $1 AND failed_at > $2 ORDER BY failed_at", addr)
        }
    };
    with_db!(db, |pool| sqlx::query_scalar::<_, DateTime<Utc>>(sql)
        .bind(key)
        .bind(since)
        .fetch_all(pool)
        .await)
}

/// A successful login forgives the account's earlier failures.
pub async fn clear_for_email(db: &Db, email: &str) -> Result<(), sqlx::Error> {
    with_db!(db, |pool| {
        sqlx::query("DELETE FROM login_failures WHERE email = $1")
            .bind(email)
            .execute(pool)
            .await
            .map(|_| ())
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
