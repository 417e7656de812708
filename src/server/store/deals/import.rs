//! An import's writes: many deals in few statements, inside the caller's
//! transaction, and the planner's statistics refreshed after a bulk write.

use super::*;

/// Rows per INSERT: 18 parameters each, well under SQLite's 32,766 and
/// PostgreSQL's 65,535.
const BATCH: usize = 500;

/// Adds many deals in few statements (inside the caller's transaction).
pub async fn insert_many(
    tx: &mut Tx,
    scope: &PartnerScope,
    deals: &[DealFields],
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    // SQLite looks each numbered parameter up by name, which grows with their
    // number: a statement of thousands binds plain `?` instead.
    let numbered = !matches!(tx, Tx::Sqlite(..));
    // The partner, the fields, then who and when (created and updated).
    let width = FIELD_COLUMNS.len() + 5;
    for chunk in deals.chunks(BATCH) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| {
                let b = i * width;
                let p: Vec<String> = (b + 1..=b + width)
                    .map(|n| {
                        if numbered {
                            format!("${n}")
                        } else {
                            "?".into()
                        }
                    })
                    .collect();
                format!("({}, 1)", p.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO deals (partner_id, {}, created_by, created_at, updated_by, updated_at, version) VALUES {}",
            FIELD_COLUMNS.join(", "),
            rows.join(", ")
        );
        with_db!(&mut *tx, |e| {
            let mut q = sqlx::query(&sql);
            for deal in chunk {
                q = bind_fields!(q.bind(scope.partner_id()), deal)
                    .bind(by)
                    .bind(now)
                    .bind(by)
                    .bind(now);
            }
            q.execute(e).await.map(|_| ())
        })?;
    }
    Ok(())
}

/// Overwrites deals an import found changed, whatever their version (the file
/// is the newer truth), raising each one's version.
pub async fn overwrite_many(
    tx: &mut Tx,
    scope: &PartnerScope,
    deals: &[(DealId, DealFields)],
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let sql = format!(
        "UPDATE deals SET {}, updated_by = $16, updated_at = $17, version = version + 1 \
         WHERE partner_id = $1 AND id = $2",
        assignments(3)
    );
    for (id, deal) in deals {
        with_db!(&mut *tx, |e| bind_fields!(
            sqlx::query(&sql).bind(scope.partner_id()).bind(*id),
            deal
        )
        .bind(by)
        .bind(now)
        .execute(e)
        .await
        .map(|_| ()))?;
    }
    Ok(())
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
