//! An import's writes: many deals in few statements, inside the caller's
//! transaction, and the planner's statistics refreshed after a bulk write.

use super::*;
use crate::model::PartnerId;
use sqlx::pool::PoolConnection;

/// Rows per INSERT: 21 parameters each, well under SQLite's 32,766 and
/// PostgreSQL's 65,535.
const BATCH: usize = 500;

/// Where an import's new deals wait on SQLite until its write transaction
/// moves them into `deals`: a TEMP table, which only its connection sees.
const STAGED: &str = "temp.staged_deals";

/// Adds many deals in few statements (inside the caller's transaction);
/// `imported` when an import writes them.
pub async fn insert_many(
    tx: &mut Tx,
    scope: &PartnerScope,
    deals: &[DealFields],
    by: Option<UserId>,
    now: DateTime<Utc>,
    imported: Option<DateTime<Utc>>,
) -> Result<(), sqlx::Error> {
    let sqlite = matches!(tx, Tx::Sqlite(..));
    let inserts = Inserts::new(sqlite, scope, deals, by, now, imported)?;
    inserts.write(tx).await
}

/// The statements that add many deals, built (their text and every value
/// bound) before the write transaction, so that it only runs them.
///
/// The deals go in in create-date order (the file's order among equal
/// dates), so that the indexes led by the create date or month are filled at
/// their end rather than all over.
pub struct Inserts {
    statements: Vec<(String, Args)>,
    /// The deals wait in [`STAGED`], and the transaction moves them.
    staged: bool,
    /// The partner whose `deals_version` the statements bump once, when an
    /// import writes them (SQLite's trigger skips the deals an import
    /// creates: migrations/sqlite/0013).
    bump: Option<PartnerId>,
}

/// A statement's values, for one backend or the other.
pub enum Args {
    Sqlite(sqlx::sqlite::SqliteArguments<'static>),
    Postgres(sqlx::postgres::PgArguments),
}

/// The columns an added deal fills, in the order they are bound.
fn insert_columns() -> String {
    format!(
        "partner_id, {}, created_by, created_at, updated_by, updated_at, imported_at, version",
        FIELD_COLUMNS.join(", ")
    )
}

/// Values added one by one, as a query binds them (so that [`bind_fields!`]
/// fills it); the first value that cannot be encoded is kept as the error.
struct Bound<A> {
    args: A,
    error: Option<sqlx::error::BoxDynError>,
}

impl<A: sqlx::Arguments<'static>> Bound<A> {
    fn bind<T>(mut self, value: T) -> Self
    where
        T: 'static + sqlx::Encode<'static, A::Database> + sqlx::Type<A::Database>,
    {
        if let Err(e) = self.args.add(value) {
            self.error.get_or_insert(e);
        }
        self
    }

    fn done(self) -> Result<A, sqlx::Error> {
        match self.error {
            None => Ok(self.args),
            Some(e) => Err(sqlx::Error::Encode(e)),
        }
    }
}

impl Inserts {
    /// For SQLite when `sqlite`, else for PostgreSQL, straight into `deals`.
    pub fn new(
        sqlite: bool,
        scope: &PartnerScope,
        deals: &[DealFields],
        by: Option<UserId>,
        now: DateTime<Utc>,
        imported: Option<DateTime<Utc>>,
    ) -> Result<Inserts, sqlx::Error> {
        Inserts::into_table("deals", sqlite, scope, deals, by, now, imported)
    }

    /// Prepares the deals an import creates and begins the write transaction
    /// that adds them, so that the transaction holds the writer only to move
    /// them in.
    ///
    /// On SQLite, whose one writer everyone else's saves wait for, the rows
    /// are first copied into a TEMP table on the connection the transaction
    /// then begins on, and the transaction adds them with one `INSERT …
    /// SELECT`: 205,000 rows held the writer under a second where the same
    /// statements run inside it held it 3.7 s (`cargo bench --bench deals --
    /// hold`). Writing to a TEMP table takes no lock on the database. When
    /// the transaction is rolled back instead of committed, the TEMP table
    /// stays with its connection until the next import on it drops it, or
    /// the pool retires the connection (30 minutes at most).
    /// PostgreSQL's writers do not queue behind one another: its
    /// statements are built here and run in the transaction.
    pub async fn begin(
        db: &Db,
        scope: &PartnerScope,
        deals: &[DealFields],
        by: Option<UserId>,
        now: DateTime<Utc>,
        imported: Option<DateTime<Utc>>,
    ) -> Result<(Tx, Inserts), sqlx::Error> {
        let sqlite = match db {
            Db::Sqlite(pool) => pool,
            Db::Postgres(_) => {
                let inserts = Inserts::new(false, scope, deals, by, now, imported)?;
                return Ok((db.begin().await?, inserts));
            }
        };
        let mut inserts = Inserts::into_table(STAGED, true, scope, deals, by, now, imported)?;
        let mut conn: PoolConnection<sqlx::Sqlite> = sqlite.acquire().await?;
        sqlx::query(&format!("DROP TABLE IF EXISTS {STAGED}"))
            .execute(&mut *conn)
            .await?;
        // Its columns as `deals` has them, without the constraints: the
        // insert into `deals` checks those.
        sqlx::query(&format!(
            "CREATE TABLE {STAGED} AS SELECT {} FROM deals WHERE 0",
            insert_columns()
        ))
        .execute(&mut *conn)
        .await?;
        for (sql, args) in std::mem::take(&mut inserts.statements) {
            let Args::Sqlite(args) = args else {
                unreachable!("built for SQLite above")
            };
            sqlx::query_with(&sql, args).execute(&mut *conn).await?;
        }
        inserts.staged = true;
        Ok((db.begin_on(conn).await?, inserts))
    }

    fn into_table(
        table: &str,
        sqlite: bool,
        scope: &PartnerScope,
        deals: &[DealFields],
        by: Option<UserId>,
        now: DateTime<Utc>,
        imported: Option<DateTime<Utc>>,
    ) -> Result<Inserts, sqlx::Error> {
        let mut deals: Vec<&DealFields> = deals.iter().collect();
        deals.sort_by_key(|d| d.create_date);
        // The partner, the fields, then who and when (created, updated and
        // imported).
        let width = FIELD_COLUMNS.len() + 6;
        let mut statements = Vec::new();
        for chunk in deals.chunks(BATCH) {
            // SQLite looks each numbered parameter up by name, which grows
            // with their number: a statement of thousands binds plain `?`.
            let rows: Vec<String> = (0..chunk.len())
                .map(|i| {
                    let b = i * width;
                    let p: Vec<String> = (b + 1..=b + width)
                        .map(|n| match sqlite {
                            true => "?".into(),
                            false => format!("${n}"),
                        })
                        .collect();
                    format!("({}, 1)", p.join(", "))
                })
                .collect();
            let sql = format!(
                "INSERT INTO {table} ({}) VALUES {}",
                insert_columns(),
                rows.join(", ")
            );
            macro_rules! fill {
                ($args:expr) => {{
                    let mut q = Bound {
                        args: $args,
                        error: None,
                    };
                    for &deal in chunk {
                        q = bind_fields!(q.bind(scope.partner_id()), deal)
                            .bind(by)
                            .bind(now)
                            .bind(by)
                            .bind(now)
                            .bind(imported);
                    }
                    q.done()?
                }};
            }
            let args = match sqlite {
                true => Args::Sqlite(fill!(Default::default())),
                false => Args::Postgres(fill!(Default::default())),
            };
            statements.push((sql, args));
        }
        let bump = (imported.is_some() && !deals.is_empty()).then(|| scope.partner_id());
        Ok(Inserts {
            statements,
            staged: false,
            bump,
        })
    }

    /// Runs the statements in the caller's transaction.
    pub async fn write(self, tx: &mut Tx) -> Result<(), sqlx::Error> {
        if self.staged {
            // In the order they were staged: create-date order.
            let columns = insert_columns();
            with_db!(&mut *tx, |e| sqlx::query(&format!(
                "INSERT INTO deals ({columns}) SELECT {columns} FROM {STAGED} ORDER BY rowid"
            ))
            .execute(e)
            .await
            .map(|_| ()))?;
            with_db!(&mut *tx, |e| sqlx::query(&format!("DROP TABLE {STAGED}"))
                .execute(e)
                .await
                .map(|_| ()))?;
        }
        for (sql, args) in self.statements {
            match (&mut *tx, args) {
                (Tx::Sqlite(tx, _), Args::Sqlite(args)) => {
                    sqlx::query_with(&sql, args).execute(&mut **tx).await?;
                }
                (Tx::Postgres(tx), Args::Postgres(args)) => {
                    sqlx::query_with(&sql, args).execute(&mut **tx).await?;
                }
                _ => {
                    return Err(sqlx::Error::Protocol(
                        "inserts built for the other database".into(),
                    ))
                }
            }
        }
        if let Some(partner) = self.bump {
            with_db!(&mut *tx, |e| sqlx::query(
                "UPDATE partners SET deals_version = deals_version + 1 WHERE id = $1"
            )
            .bind(partner)
            .execute(e)
            .await
            .map(|_| ()))?;
        }
        Ok(())
    }
}

/// Overwrites deals an import found changed, each only at the version it
/// was compared at, raising it and marking it imported: false when one of them
/// was changed or removed meanwhile (the caller then writes nothing).
pub async fn overwrite_many(
    tx: &mut Tx,
    scope: &PartnerScope,
    deals: &[(DealId, i64, &DealFields)],
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let sql = format!(
        "UPDATE deals SET {}, updated_by = $19, updated_at = $20, imported_at = $20, \
         version = version + 1 WHERE partner_id = $1 AND id = $2 AND version = $3",
        assignments(4)
    );
    for (id, version, deal) in deals {
        let written = with_db!(&mut *tx, |e| bind_fields!(
            sqlx::query(&sql)
                .bind(scope.partner_id())
                .bind(*id)
                .bind(*version),
            deal
        )
        .bind(by)
        .bind(now)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
        if written != 1 {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Rows written at once from which the planner's statistics are refreshed.
const BULK_WRITE: usize = 10_000;

/// After `written` deals were created or changed at once: refreshes the
/// planner's statistics when that was a bulk write. PostgreSQL plans with them
/// (a partner that grew from a hundred deals to a hundred thousand would be
/// planned as small until autovacuum came by); SQLite's planner works from the
/// schema alone.
pub async fn after_bulk_write(db: &Db, written: usize) -> Result<(), sqlx::Error> {
    match db {
        Db::Postgres(pool) if written >= BULK_WRITE => {
            sqlx::query("ANALYZE deals").execute(pool).await.map(|_| ())
        }
        _ => Ok(()),
    }
}
