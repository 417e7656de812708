//! A partner's live task stream lasts only as long as its reader's access:
//! it ends within a re-check of a logout, a deactivation or an unassignment,
//! and passes on no change once access is gone. Streams are capped per user.
//! On PostgreSQL, a lost connection to the database's notifications makes
//! every open page reload its list rather than miss what went by.

use crate::support::*;
use axum::http::StatusCode;
use partner_map::server::admin::{set_assignment, set_user_active, Actor};
use partner_map::server::events::STREAMS_PER_USER;
use partner_map::server::store::tasks as task_store;
use partner_map::server::{authz::PartnerScope, events::Change, events::TaskEvent};
use std::time::Duration;

/// The re-check interval in these tests (30 s in service).
const RECHECK: Duration = Duration::from_millis(300);

/// Whether the stream ends within a few re-checks.
async fn ends(stream: &mut axum::body::Body) -> bool {
    // "\0" never comes: read until the end or the limit.
    read_for(stream, "\0", RECHECK * 10).await.1
}

/// Takes Acme away from its PDM, as an admin does.
async fn unassign_the_pdm(app: &TestApp) {
    let id = app.user_id("pdm@vendor.test").await;
    set_assignment(&app.db, &Actor::CommandLine, id, app.acme, false)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_stream_ends_within_a_recheck_of_logout_deactivation_or_unassignment() {
    let app = spawn_app_with(|c| c.stream_recheck = RECHECK).await;

    let member = app.login("member@acme.test").await;
    let mut stream = app.open_stream(app.acme, &member).await;
    assert!(!ends(&mut stream).await, "a stream with access stays open");
    let out = app.call("/api/logout", &[], Some(&member)).await;
    assert_eq!(out.status, StatusCode::OK, "{}", out.body);
    assert!(ends(&mut stream).await, "still open after logout");

    let formosa = app.login("member@formosa.test").await;
    let mut stream = app.open_stream(app.formosa, &formosa).await;
    let id = app.user_id("member@formosa.test").await;
    set_user_active(&app.db, &Actor::CommandLine, id, false)
        .await
        .unwrap();
    assert!(ends(&mut stream).await, "still open after deactivation");

    let pdm = app.login("pdm@vendor.test").await;
    let mut stream = app.open_stream(app.acme, &pdm).await;
    unassign_the_pdm(&app).await;
    assert!(ends(&mut stream).await, "still open after unassignment");
    // And it cannot be opened again.
    let again = app.stream_request(app.acme, &pdm).await;
    assert_eq!(again.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn no_change_reaches_a_reader_who_lost_access_before_the_next_recheck() {
    // The service's own re-check interval: only the check on each change can end it.
    let app = spawn_app().await;
    let pdm = app.login("pdm@vendor.test").await;
    let mut stream = app.open_stream(app.acme, &pdm).await;
    unassign_the_pdm(&app).await;
    // A change saved by the partner's member, announced as a save announces it.
    let scope = PartnerScope::for_operator(app.acme);
    let mut tx = app.db.begin().await.unwrap();
    let task = task_store::create(
        &mut tx,
        &scope,
        &open_task("Private now"),
        None,
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let event = TaskEvent {
        partner: app.acme,
        task,
        change: Change::Created,
        version: 1,
    };
    let announced = app.state.events.announce(&mut tx, event).await.unwrap();
    tx.commit().await.unwrap();
    announced.committed();
    let (seen, ended) = read_for(&mut stream, "\"task\"", Duration::from_secs(5)).await;
    assert!(!seen.contains("\"task\""), "{seen}");
    assert!(ended, "the stream ends at the change it may not pass on");
}

#[tokio::test]
async fn open_streams_are_capped_per_user() {
    let app = spawn_app().await;
    let member = app.login("member@acme.test").await;
    let mut open = Vec::new();
    for _ in 0..STREAMS_PER_USER {
        open.push(app.open_stream(app.acme, &member).await);
    }
    let over = app.stream_request(app.acme, &member).await;
    assert_eq!(over.status(), StatusCode::SERVICE_UNAVAILABLE);
    // Another person is not held back by them.
    let pdm = app.login("pdm@vendor.test").await;
    let _theirs = app.open_stream(app.acme, &pdm).await;
    // A closed tab gives its place back.
    drop(open.pop());
    let _again = app.open_stream(app.acme, &member).await;
}

#[tokio::test]
async fn after_the_database_connection_is_lost_every_open_page_reloads() {
    if backend() != "postgres" {
        return;
    }
    let app = spawn_app().await;
    let member = app.login("member@acme.test").await;
    let mut stream = app.open_stream(app.acme, &member).await;
    // Ends this app's listening connection, as a database restart or a
    // network cut would.
    let ended: Vec<bool> = partner_map::server::db::with_db!(&app.db, |e| sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'"
    )
    .fetch_all(e)
    .await)
    .unwrap();
    assert_eq!(ended, vec![true], "one listening connection");
    let seen = read_for(&mut stream, "event: reload", Duration::from_secs(10))
        .await
        .0;
    assert!(seen.contains("event: reload"), "{seen}");
}
