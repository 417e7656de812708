//! The database layer under concurrent writers, on SQLite or PostgreSQL.

use crate::support::*;
use partner_map::server::db::{with_db, Db};
use partner_map::server::store::{login_failures, partners};

/// Each writer reads, then writes, inside one transaction: the pattern that
/// fails at once with SQLITE_BUSY when transactions begin deferred.
async fn read_then_write(db: &Db, n: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    // The same store function the app uses, inside the transaction.
    let count = partners::count(&mut tx).await?;
    partners::create(
        &mut tx,
        &format!("writer {n} saw {count}"),
        "USD",
        "UTC",
        chrono::Utc::now(),
    )
    .await?;
    tx.commit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_write_transactions_all_succeed() {
    let app = spawn_app().await;
    let before = partners::count(&app.db).await.unwrap();
    let tasks: Vec<_> = (0..64)
        .map(|n| {
            let db = app.db.clone();
            tokio::spawn(async move { read_then_write(&db, n).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().expect("a concurrent writer failed");
    }
    assert_eq!(partners::count(&app.db).await.unwrap(), before + 64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_plain_writes_all_succeed() {
    let app = spawn_app().await;
    let now = chrono::Utc::now();
    let tasks: Vec<_> = (0..100)
        .map(|n| {
            let db = app.db.clone();
            tokio::spawn(async move {
                login_failures::record(&db, &format!("u{n}@x.test"), "10.0.0.1", None, now).await
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().expect("a concurrent write failed");
    }
    let seen = login_failures::since(
        &app.db,
        login_failures::Counted::Client("10.0.0.1"),
        now - chrono::Duration::minutes(1),
    )
    .await
    .unwrap();
    assert_eq!(seen.len(), 100);
}

#[tokio::test]
async fn a_failed_transaction_leaves_nothing_behind() {
    let app = spawn_app().await;
    let before = partners::count(&app.db).await.unwrap();
    let result: Result<(), sqlx::Error> = async {
        let mut tx = app.db.begin().await?;
        partners::create(&mut tx, "half", "USD", "UTC", chrono::Utc::now()).await?;
        // Violates the currency CHECK: the whole transaction must roll back.
        with_db!(&mut tx, |e| sqlx::query(
            "INSERT INTO partners (name, currency, time_zone, created_at) VALUES ('bad', 'DOLLARS', 'UTC', $1)"
        )
        .bind(chrono::Utc::now())
        .execute(e)
        .await
        .map(|_| ()))?;
        tx.commit().await
    }
    .await;
    assert!(result.is_err());
    assert_eq!(partners::count(&app.db).await.unwrap(), before);
}

#[tokio::test]
async fn sqlite_runs_in_wal_mode_with_foreign_keys() {
    let app = spawn_app().await;
    if let Db::Sqlite(pool) = &app.db {
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&**pool)
            .await
            .unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&**pool)
            .await
            .unwrap();
        assert_eq!(fk, 1);
    }
    // On both: a user cannot point at a partner that does not exist.
    let err = partner_map::server::admin::add_user(
        &app.db,
        partner_map::server::admin::UserInput {
            email: "ghost@x.test",
            name: "Ghost",
            role: partner_map::model::Role::Member,
            partner_id: Some(partner_map::model::PartnerId(987_654)),
            password: PASSWORD,
            locale: partner_map::model::Locale::En,
            time_zone: "UTC",
        },
    )
    .await;
    assert!(err.is_err());
}

#[tokio::test]
async fn money_and_instants_round_trip() {
    let app = spawn_app().await;
    let at = chrono::DateTime::parse_from_rfc3339("2026-03-31T16:30:00.123456Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    login_failures::record(&app.db, "t@x.test", "c", None, at)
        .await
        .unwrap();
    let back = login_failures::since(
        &app.db,
        login_failures::Counted::Account("t@x.test"),
        at - chrono::Duration::seconds(1),
    )
    .await
    .unwrap();
    assert_eq!(back, vec![at]);
}
