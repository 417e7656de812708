//! The database: SQLite (embedded default) or PostgreSQL, chosen by `DATABASE_URL`.
//!
//! Store functions take `impl Into<Exec>`: the pool (`&db`) or an open write
//! transaction (`&mut tx`) alike, so a write that spans several tables composes
//! the same functions every other caller uses:
//!
//! ```ignore
//! let mut tx = db.begin().await?;
//! store::targets::replace(&mut tx, &scope, &targets).await?;
//! store::revisions::record(&mut tx, &scope, &changes).await?;
//! tx.commit().await?;
//! ```
//!
//! # Dialect policy: one query text for both backends
//!
//! Every query is written once and run through [`with_db!`], which compiles it
//! for each backend. What differs between SQLite and PostgreSQL is settled here,
//! and the migration parity test (`tests/integration/schema.rs`) keeps the two schemas alike:
//!
//! - **Parameters**: `$1`, `$2`…; sqlx-sqlite binds them too.
//! - **Ids and integers**: `INTEGER PRIMARY KEY` in SQLite, `BIGSERIAL` / `BIGINT`
//!   in PostgreSQL; Rust reads every one as `i64` through the id types of
//!   `model::ids`. Money is integer minor units in `BIGINT`, never a float.
//! - **Aggregates**: PostgreSQL's `SUM` of a `BIGINT` is `NUMERIC` and `COUNT` is
//!   `BIGINT`: write `CAST(SUM(x) AS BIGINT)` and `COALESCE(..., 0)`, which both read as `i64`.
//! - **Instants**: `TEXT` (RFC 3339, UTC) in SQLite, `TIMESTAMPTZ` in PostgreSQL,
//!   bound and read as `DateTime<Utc>`; compare them only with bound parameters,
//!   never with `now()` or `CURRENT_TIMESTAMP` (the clock is Rust's, so tests can move it).
//!   Calendar dates are `TEXT` `YYYY-MM-DD` and `DATE`, read as `NaiveDate`.
//! - **Months and quarters**: no date functions in SQL (`strftime` and
//!   `date_trunc` differ). A table that is grouped by month stores the month as
//!   an integer column (`year * 100 + month`) written from Rust, or the rows are
//!   fetched and summed by the rules in `model/`, which are the one definition of
//!   every metric.
//! - **Booleans**: `INTEGER` 0/1 in SQLite, `BOOLEAN` in PostgreSQL; bind `bool`.
//! - **Upserts**: `INSERT … ON CONFLICT (cols) DO UPDATE SET c = excluded.c` or
//!   `DO NOTHING`, which both accept. `RETURNING` works in both.
//! - **Text matching**: `lower(x) = lower($1)`; no `ILIKE`.
//! - **Locking**: SQLite write transactions begin `IMMEDIATE` and so run one at a
//!   time; PostgreSQL runs them at once, so a read-then-write rule that must hold
//!   across concurrent requests takes [`Tx::serialize_on`] first.
//! - **Claiming rows** (a queue several instances work on): the claiming
//!   `SELECT` ends with [`Tx::skip_locked`], the one clause written per backend.
//! - **Lock order** (PostgreSQL; SQLite's one writer cannot deadlock): the
//!   version triggers (migrations 0010, 0012) lock a partner's row when one of
//!   its records is written and the `site_version` row when something every
//!   page may show is. A transaction takes them in one order: **partner rows
//!   first, by id, then `site_version`**. So it writes partner records before
//!   site-wide ones; one that cannot (reminder delivery writes notifications
//!   for many partners) locks its partners up front with
//!   `store::partners::lock_in_order`. `tests/integration/deadlock.rs` runs
//!   the two writers that once took them in opposite orders side by side.

use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqliteDb),
    Postgres(PgPool),
}

/// The SQLite pool, and the queue its writers wait in.
///
/// SQLite lets one writer in at a time; the others wait in its busy handler,
/// which sleeps 1, 2, 5, 10… 25 ms between tries, so a writer that loses a
/// few times waits far longer than the lock was held (32 concurrent task
/// saves: p99 over 60 ms, with p50 near 12). Writers of this process take
/// their turn here instead, woken the moment the last one commits; readers
/// are not queued (WAL lets them read meanwhile).
#[derive(Clone, Debug)]
pub struct SqliteDb {
    pool: SqlitePool,
    writers: Arc<tokio::sync::Mutex<()>>,
}

impl std::ops::Deref for SqliteDb {
    type Target = SqlitePool;
    fn deref(&self) -> &SqlitePool {
        &self.pool
    }
}

/// An open write transaction; dropped without [`Tx::commit`], it rolls back.
pub enum Tx {
    /// With this process's writer turn, held until the transaction ends.
    Sqlite(
        sqlx::Transaction<'static, sqlx::Sqlite>,
        tokio::sync::OwnedMutexGuard<()>,
    ),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// Where a query runs: a pool or a transaction's connection, on either backend.
pub enum Exec<'a> {
    SqlitePool(&'a SqlitePool),
    PgPool(&'a PgPool),
    SqliteConn(&'a mut SqliteConnection),
    PgConn(&'a mut PgConnection),
}

impl<'a> From<&'a Db> for Exec<'a> {
    fn from(db: &'a Db) -> Self {
        match db {
            Db::Sqlite(pool) => Exec::SqlitePool(pool),
            Db::Postgres(pool) => Exec::PgPool(pool),
        }
    }
}

impl<'a> From<&'a mut Tx> for Exec<'a> {
    fn from(tx: &'a mut Tx) -> Self {
        match tx {
            Tx::Sqlite(tx, _) => Exec::SqliteConn(tx),
            Tx::Postgres(tx) => Exec::PgConn(tx),
        }
    }
}

/// Runs `$body` with `$e` bound to the executor `$exec` resolves to (a pool or
/// a transaction), compiling the body once per backend and executor kind.
#[macro_export]
macro_rules! with_db {
    ($exec:expr, |$e:ident| $body:expr) => {
        match ::core::convert::Into::<$crate::server::db::Exec<'_>>::into($exec) {
            $crate::server::db::Exec::SqlitePool($e) => $body,
            $crate::server::db::Exec::PgPool($e) => $body,
            $crate::server::db::Exec::SqliteConn($e) => $body,
            $crate::server::db::Exec::PgConn($e) => $body,
        }
    };
}

pub use crate::with_db;

/// `text` as a LIKE pattern that matches it literally (`%` and `_` typed by a
/// person are not wildcards), to be used with `ESCAPE '\'`, which SQLite
/// needs spelled out.
pub fn like_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// A LIKE pattern for "contains `text`" as a search box means it: trimmed,
/// lower-cased, matched literally, and cut to `max_chars`, the longest value
/// the searched fields hold (more could match nothing; and SQLite refuses a
/// pattern over 50,000 bytes with "LIKE or GLOB pattern too complex"). Every
/// search box and text filter goes through here.
pub fn contains_pattern(text: &str, max_chars: usize) -> String {
    let text = text.trim().to_lowercase();
    let cut: String = text.chars().take(max_chars).collect();
    format!("%{}%", like_escape(&cut))
}

/// How long a PostgreSQL connection may sit unused before it is checked
/// with a ping on its next use.
const PING_WHEN_IDLE_FOR: Duration = Duration::from_secs(5);

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
                .busy_timeout(Duration::from_secs(10))
                // Reads through the OS page cache without a copy per page, and
                // a page cache per connection large enough for a partner's deals.
                .pragma("mmap_size", "268435456")
                .pragma("cache_size", "-16000");
            if let Some(parent) = options.get_filename().parent() {
                if !parent.as_os_str().is_empty() {
                    std::fs::create_dir_all(parent).map_err(sqlx::Error::Io)?;
                }
            }
            // An embedded database's connection cannot drop: no ping before use.
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .test_before_acquire(false)
                .connect_with(options)
                .await?;
            Ok(Db::Sqlite(SqliteDb {
                pool,
                writers: Arc::default(),
            }))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            // Partners differ in size by orders of magnitude: every statement is
            // planned for the partner it names (a plan cached for one tenant can
            // be a full scan for another). And requests are many and small:
            // parallel workers would cost more to start than they save.
            let options = PgConnectOptions::from_str(url)?.options([
                ("plan_cache_mode", "force_custom_plan"),
                ("max_parallel_workers_per_gather", "0"),
            ]);
            // sqlx pings every connection it hands out by default: a round trip
            // before each query, a third of a task save's. A connection in
            // steady use is alive; one idle for a while (the server may have
            // restarted, a firewall may have dropped it) is pinged first and
            // replaced if it does not answer.
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .test_before_acquire(false)
                .before_acquire(|conn, meta| {
                    Box::pin(async move {
                        if meta.idle_for < PING_WHEN_IDLE_FOR {
                            return Ok(true);
                        }
                        Ok(sqlx::Connection::ping(conn).await.is_ok())
                    })
                })
                .connect_with(options)
                .await?;
            Ok(Db::Postgres(pool))
        } else {
            Err(sqlx::Error::Configuration(
                "DATABASE_URL must start with sqlite:// or postgres://".into(),
            ))
        }
    }

    /// Begins a write transaction.
    ///
    /// SQLite transactions begin IMMEDIATE: a deferred one that reads and then
    /// writes fails at once with SQLITE_BUSY when another writer got there first,
    /// skipping the busy timeout. IMMEDIATE takes the write lock up front and waits.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Db::Sqlite(db) => {
                let turn = db.writers.clone().lock_owned().await;
                Tx::Sqlite(db.pool.begin_with("BEGIN IMMEDIATE").await?, turn)
            }
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// Begins a write transaction (as [`Db::begin`]) on a SQLite connection
    /// the caller took from the pool and prepared: what it left in that
    /// connection's TEMP tables is there in the transaction.
    pub async fn begin_on(
        &self,
        conn: sqlx::pool::PoolConnection<sqlx::Sqlite>,
    ) -> Result<Tx, sqlx::Error> {
        let Db::Sqlite(db) = self else {
            return Err(sqlx::Error::Configuration(
                "a SQLite connection for a PostgreSQL database".into(),
            ));
        };
        let turn = db.writers.clone().lock_owned().await;
        // `Pool::begin_with` does this with a connection it acquires itself.
        let tx = sqlx::Transaction::begin(conn, Some("BEGIN IMMEDIATE".into())).await?;
        Ok(Tx::Sqlite(tx, turn))
    }

    /// Brings the schema up to date. The two backends keep their migrations in
    /// step, one file each per change.
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self {
            Db::Sqlite(db) => sqlx::migrate!("./migrations/sqlite").run(&db.pool).await,
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
        with_db!(self, |e| sqlx::query("SELECT 1")
            .execute(e)
            .await
            .map(|_| ()))
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(pool) => pool.close().await,
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

impl Tx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            // The turn passes on once the commit is done.
            Tx::Sqlite(tx, _turn) => tx.commit().await,
            Tx::Postgres(tx) => tx.commit().await,
        }
    }

    /// Makes concurrent transactions that name the same `key` run one after the
    /// other until they end, so a rule that reads and then writes (a count
    /// against a limit) holds under parallel requests. SQLite's IMMEDIATE
    /// transactions are serial already; PostgreSQL takes a transaction-scoped
    /// advisory lock on the key's hash.
    pub async fn serialize_on(&mut self, key: &str) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(..) => Ok(()),
            Tx::Postgres(tx) => sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(lock_key(key))
                .execute(&mut **tx)
                .await
                .map(|_| ()),
        }
    }

    /// What a `SELECT` that claims rows for this transaction ends with.
    /// PostgreSQL locks the rows it returns and passes over rows another
    /// transaction holds, so workers on several instances claim disjoint rows
    /// instead of waiting for each other. SQLite has no row locks and needs
    /// none: its IMMEDIATE write transactions run one at a time.
    pub fn skip_locked(&self) -> &'static str {
        match self {
            Tx::Sqlite(..) => "",
            Tx::Postgres(_) => " FOR UPDATE SKIP LOCKED",
        }
    }

    /// `FOR UPDATE` on PostgreSQL, to lock the rows a `SELECT` reads until
    /// the transaction ends (see "Lock order" above); nothing on SQLite,
    /// whose write transaction holds the whole database already.
    pub fn for_update(&self) -> &'static str {
        match self {
            Tx::Sqlite(..) => "",
            Tx::Postgres(_) => " FOR UPDATE",
        }
    }
}

/// A stable 64-bit key for an advisory lock (FNV-1a: the same on every instance).
fn lock_key(key: &str) -> i64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    }) as i64
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_like_pattern_matches_what_was_typed_literally() {
        assert_eq!(super::like_escape("50%_off\\x"), "50\\%\\_off\\\\x");
        assert_eq!(super::like_escape("plain"), "plain");
        assert_eq!(super::contains_pattern(" Ab_C ", 10), "%ab\\_c%");
        let long = super::contains_pattern(&"x".repeat(50_000), 254);
        assert_eq!(long.len(), 256);
    }

    use super::lock_key;

    #[test]
    fn lock_keys_are_stable_and_distinct() {
        assert_eq!(lock_key("login:a@b.test"), lock_key("login:a@b.test"));
        assert_ne!(lock_key("login:a@b.test"), lock_key("login:b@b.test"));
    }
}
