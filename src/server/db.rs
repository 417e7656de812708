//! The database: SQLite (embedded default) or PostgreSQL, chosen by `DATABASE_URL`.
//!
//! Every query is written once, with `$1`-style parameters that both backends
//! accept, and run through [`with_db!`], which compiles the body once per backend.
//! Instants are `DateTime<Utc>`, calendar dates `NaiveDate`, money integer minor units.

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::str::FromStr;
use std::time::Duration;

#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the configured backend's pool.
#[macro_export]
macro_rules! with_db {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::server::db::Db::Sqlite($pool) => $body,
            $crate::server::db::Db::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` inside a write transaction bound to `$tx`, committing when it
/// finishes without `?` returning early (an early return rolls back on drop).
///
/// SQLite transactions begin IMMEDIATE: a deferred one that reads and then writes
/// fails at once with SQLITE_BUSY when another writer got there first, skipping
/// the busy timeout. IMMEDIATE takes the write lock up front and waits for it.
#[macro_export]
macro_rules! write_tx {
    ($db:expr, |$tx:ident| $body:expr) => {
        match $db {
            $crate::server::db::Db::Sqlite(pool) => {
                let mut $tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
            $crate::server::db::Db::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
        }
    };
}

pub use crate::{with_db, write_tx};

impl Db {
    /// Connects to `url` (`sqlite://path` or `postgres://...`), creating a missing
    /// SQLite file and its folder.
    pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            if let Some(parent) = options.get_filename().parent() {
                if !parent.as_os_str().is_empty() {
                    std::fs::create_dir_all(parent).map_err(sqlx::Error::Io)?;
                }
            }
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .connect_with(options)
                .await?;
            Ok(Db::Sqlite(pool))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await?;
            Ok(Db::Postgres(pool))
        } else {
            Err(sqlx::Error::Configuration(
                "DATABASE_URL must start with sqlite:// or postgres://".into(),
            ))
        }
    }

    /// Brings the schema up to date. The two backends keep their migrations in
    /// step, one file each per change.
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self {
            Db::Sqlite(pool) => sqlx::migrate!("./migrations/sqlite").run(pool).await,
            Db::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await,
        }
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    /// For `/healthz`: a round trip to the database.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        with_db!(self, |pool| sqlx::query("SELECT 1")
            .execute(pool)
            .await
            .map(|_| ()))
    }

    pub async fn close(&self) {
        with_db!(self, |pool| pool.close().await)
    }
}
