//! `make bench`: a weekly digest run for 1,000 partners and 3,000 people.
//!
//! Generated partners (one member each, with deals), two more members per
//! partner, a plan with targets for each and a task per person; then the
//! time to queue everyone's digest (`mail::digest::queue_due`) and to render
//! and deliver every message (`mail::worker::send_due`, writing each as a
//! file: the SMTP server's own time is not ours to measure), and the
//! process's peak memory before and after; and the off-track alerts' check
//! of every partner's goals. On SQLite or, under
//! scripts/with-postgres.sh, PostgreSQL.

#[allow(dead_code)]
mod support;

use chrono::{Datelike, Duration, TimeZone, Utc};
use partner_map::server::db::with_db;
use partner_map::server::demo;
use partner_map::server::mail::{digest, worker};
use std::time::Instant;

const PARTNERS: usize = 1_000;
const MORE_MEMBERS: usize = 2;

/// The process's peak resident memory so far, in MiB (Linux).
fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map(|kib| kib / 1024.0)
        .unwrap_or(0.0)
}

fn main() {
    support::block_on(async {
        let (mut state, _router, scratch) = support::app("mail").await;
        let mail_dir =
            std::env::temp_dir().join(format!("partner-map-bench-mail-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&mail_dir);
        let mut config = (*state.config).clone();
        config.mail.dir = mail_dir.clone();
        state.mail = std::sync::Arc::new(partner_map::server::mail::Mailer::new(&config).unwrap());
        let db = state.db.clone();
        let started = Instant::now();
        demo::data::generate(&db, PARTNERS, 20, 7).await.unwrap();
        let now = Utc::now();
        let year = now.year();
        // Two more members per partner, a plan with targets, and a task each.
        let mut tx = db.begin().await.unwrap();
        let partners: Vec<(i64, String)> = with_db!(&mut tx, |e| sqlx::query_as(
            "SELECT id, time_zone FROM partners ORDER BY id"
        )
        .fetch_all(e)
        .await)
        .unwrap();
        for (partner, zone) in &partners {
            for n in 0..MORE_MEMBERS {
                with_db!(&mut tx, |e| sqlx::query(
                    "INSERT INTO users (email, display_name, password_hash, role, partner_id, locale, time_zone, created_at) \
                     VALUES ($1, $2, 'x', 'member', $3, $4, $5, $6)"
                )
                .bind(format!("more{n}.{partner}@generated.partner-map.test"))
                .bind(format!("Member {n} of {partner}"))
                .bind(partner)
                .bind(if n == 0 { "en" } else { "zh-TW" })
                .bind(zone)
                .bind(now)
                .execute(e)
                .await
                .map(|_| ()))
                .unwrap();
            }
            let plan: i64 = with_db!(&mut tx, |e| sqlx::query_scalar(
                "INSERT INTO goal_plans (partner_id, year, organizational_goal, revenue_goal, people_goal, \
                 market_goal, partnership_goal, created_at, updated_at, version) \
                 VALUES ($1, $2, 'Grow', 'More', 'Hire', 'Taiwan', 'Co-sell', $3, $3, 1) RETURNING id"
            )
            .bind(partner)
            .bind(year)
            .bind(now)
            .fetch_one(e)
            .await)
            .unwrap();
            for month in 1..=12 {
                with_db!(&mut tx, |e| sqlx::query(
                    "INSERT INTO goal_targets (plan_id, metric, month, value) VALUES ($1, 'sourced_deals_closed_won', $2, 2)"
                )
                .bind(plan)
                .bind(month)
                .execute(e)
                .await
                .map(|_| ()))
                .unwrap();
            }
        }
        with_db!(&mut tx, |e| sqlx::query(
            "INSERT INTO tasks (partner_id, title, kind, priority, assignee_id, due_at, reminder, notes, \
             created_at, updated_at, version) \
             SELECT partner_id, 'Follow up with ' || display_name, 'todo', 'none', id, $1, 'none', '', $2, $2, 1 \
             FROM users WHERE role = 'member'"
        )
        .bind(now + Duration::days(2))
        .bind(now)
        .execute(e)
        .await
        .map(|_| ()))
        .unwrap();
        tx.commit().await.unwrap();
        let people: i64 = with_db!(&db, |e| sqlx::query_scalar(
            "SELECT COUNT(*) FROM users WHERE role = 'member'"
        )
        .fetch_one(e)
        .await)
        .unwrap();
        println!(
            "mail: {} partners, {people} people, made in {:.1} s ({})",
            partners.len(),
            started.elapsed().as_secs_f64(),
            db.backend_name()
        );
        // Sunday evening everywhere: everyone's Monday digest is owed.
        let sunday =
            now.date_naive() + Duration::days(6 - i64::from(now.weekday().num_days_from_monday()));
        let at = Utc.from_utc_datetime(&sunday.and_hms_opt(22, 0, 0).unwrap());
        let before = peak_mib();
        let queue = Instant::now();
        let queued = digest::queue_due(&db, at).await.unwrap();
        let queue_s = queue.elapsed().as_secs_f64();
        let render = Instant::now();
        let sent = worker::send_due(&state, at).await.unwrap();
        let render_s = render.elapsed().as_secs_f64();
        let files = std::fs::read_dir(&mail_dir).map(|d| d.count()).unwrap_or(0);
        println!(
            "  digest: queued {queued} in {queue_s:.2} s; rendered and delivered {sent} ({files} files) in {render_s:.2} s \
             ({:.1} ms each); total {:.1} s (target under 60 s)",
            render_s * 1000.0 / sent.max(1) as f64,
            queue_s + render_s
        );
        println!(
            "  peak memory: {before:.0} MiB before the run, {:.0} MiB after (messages are rendered {} at a time)",
            peak_mib(),
            8
        );
        let again = Instant::now();
        let none = digest::queue_due(&db, at + Duration::minutes(1))
            .await
            .unwrap();
        println!(
            "  a second run a minute later queues {none} in {:.2} s",
            again.elapsed().as_secs_f64()
        );
        // The off-track check every minute: the first run reads every
        // partner's figures and records each goal's status; a later one, with
        // nothing changed, writes nothing.
        let first = Instant::now();
        let alerts = partner_map::server::mail::alerts::check(&state, now)
            .await
            .unwrap();
        let first_s = first.elapsed().as_secs_f64();
        let later = Instant::now();
        partner_map::server::mail::alerts::check(&state, now)
            .await
            .unwrap();
        println!(
            "  off-track check of {} partners: {first_s:.2} s the first time ({alerts} alerts), {:.2} s when nothing changed",
            partners.len(),
            later.elapsed().as_secs_f64()
        );
        let _ = std::fs::remove_dir_all(&mail_dir);
        drop(scratch);
    });
}
