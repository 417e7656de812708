//! PostgreSQL: the writers that once took row locks in opposite orders run
//! side by side for 30 s without a deadlock. Reminder delivery writes
//! notifications (`site_version`) and marks tasks reminded (their partner's
//! row); starting a review writes the review (the partner's row) and settles
//! the quarter's notices (`site_version`). The lock order in `server::db`
//! makes both take partners first.

use crate::support::*;
use chrono::{Duration, Utc};
use partner_map::model::reviews::Quarter;
use partner_map::model::{PartnerId, UserId};
use partner_map::server::admin;
use partner_map::server::db::{with_db, Db};
use partner_map::server::tasks::reminders::deliver_due;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

const RUN_FOR: std::time::Duration = std::time::Duration::from_secs(30);

/// Open tasks of `partner` whose reminders are due, held by `user`.
async fn due_tasks(db: &Db, partner: PartnerId, user: UserId, n: usize) -> Result<(), sqlx::Error> {
    let now = Utc::now();
    for _ in 0..n {
        with_db!(db, |e| sqlx::query(
            "INSERT INTO tasks (partner_id, title, kind, priority, assignee_id, due_at, reminder, \
             remind_at, notes, created_at, updated_at, version) \
             VALUES ($1, 'Due', 'todo', 'none', $2, $3, 'custom', $4, '', $4, $4, 1)"
        )
        .bind(partner)
        .bind(user)
        .bind(now + Duration::days(1))
        .bind(now - Duration::minutes(1))
        .execute(e)
        .await
        .map(|_| ()))?;
    }
    Ok(())
}

/// Tells `user` that the partner's review of `quarter` is not started.
async fn review_notice(db: &Db, partner: PartnerId, user: UserId, quarter: Quarter) {
    let now = Utc::now();
    with_db!(db, |e| sqlx::query(
        "INSERT INTO notifications (kind, user_id, partner_id, review_year, review_quarter, \
         remind_at, created_at) VALUES ('review_due', $1, $2, $3, $4, $5, $5) ON CONFLICT DO NOTHING"
    )
    .bind(user)
    .bind(partner)
    .bind(quarter.year)
    .bind(quarter.quarter as i32)
    .bind(now)
    .execute(e)
    .await
    .map(|_| ()))
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn reminders_and_review_starts_run_together_without_deadlock() {
    if backend() != "postgres" {
        return;
    }
    let app = spawn_app().await;
    let admin_id = app.user_id("admin@vendor.test").await;
    let admin = app.login("admin@vendor.test").await;
    let mut partners = vec![app.acme, app.formosa];
    for n in 0..6 {
        partners.push(
            admin::add_partner(&app.db, &format!("Partner {n}"), "USD", "UTC")
                .await
                .unwrap(),
        );
    }
    let quarters: Vec<Quarter> = (2000..2026)
        .flat_map(|year| (1..=4).map(move |q| Quarter::new(year, q).unwrap()))
        .collect();
    for quarter in &quarters {
        for partner in &partners {
            review_notice(&app.db, *partner, admin_id, *quarter).await;
        }
    }

    let stop = Arc::new(AtomicBool::new(false));
    let delivered = Arc::new(AtomicU64::new(0));
    let started = Arc::new(AtomicU64::new(0));
    let mut workers = Vec::new();
    for w in 0..2 {
        let (db, stop, delivered, partners) = (
            app.db.clone(),
            stop.clone(),
            delivered.clone(),
            partners.clone(),
        );
        workers.push(tokio::spawn(async move {
            let mut round = w;
            while !stop.load(Ordering::Relaxed) {
                round += 1;
                for partner in partners.iter().skip(round % 3) {
                    due_tasks(&db, *partner, admin_id, 3).await?;
                }
                delivered.fetch_add(deliver_due(&db, Utc::now()).await?, Ordering::Relaxed);
            }
            Ok::<(), sqlx::Error>(())
        }));
    }
    let mut starters = Vec::new();
    for w in 0..3 {
        let (app_router, stop, started, partners, quarters, admin) = (
            app.router.clone(),
            stop.clone(),
            started.clone(),
            partners.clone(),
            quarters.clone(),
            admin.clone(),
        );
        starters.push(tokio::spawn(async move {
            let mut errors = Vec::new();
            'all: for quarter in quarters.iter().skip(w) {
                for partner in &partners {
                    if stop.load(Ordering::Relaxed) {
                        break 'all;
                    }
                    let req = api_request(
                        &format!("/p/{partner}/reviews/start"),
                        &[("quarter", &quarter.code())],
                        Some(&admin),
                        "127.0.0.1:1",
                    );
                    use tower::ServiceExt;
                    let res = app_router.clone().oneshot(req).await.unwrap();
                    let status = res.status();
                    let body = axum::body::to_bytes(res.into_body(), usize::MAX)
                        .await
                        .unwrap();
                    match status.as_u16() {
                        200 => {
                            started.fetch_add(1, Ordering::Relaxed);
                        }
                        // Another starter was first: the review exists.
                        400 => {}
                        _ => errors.push(format!("{status}: {}", String::from_utf8_lossy(&body))),
                    }
                }
            }
            errors
        }));
    }
    tokio::time::sleep(RUN_FOR).await;
    stop.store(true, Ordering::Relaxed);
    for worker in workers {
        if let Err(err) = worker.await.unwrap() {
            panic!("reminder delivery failed: {err}");
        }
    }
    for starter in starters {
        let errors = starter.await.unwrap();
        assert!(errors.is_empty(), "review starts failed: {errors:?}");
    }
    let (delivered, started) = (
        delivered.load(Ordering::Relaxed),
        started.load(Ordering::Relaxed),
    );
    println!("30 s side by side: {delivered} reminders delivered, {started} reviews started");
    assert!(
        delivered > 100 && started > 20,
        "{delivered} delivered, {started} started"
    );
}
