//! Background jobs: work the server does on a schedule rather than in answer to
//! a request. Each job is a named function run every so often on its own task,
//! the first time as the server starts; a failure is logged and the job runs
//! again at its next turn. Only `serve` starts them: the tests build the app
//! without jobs and run a job's function themselves.
//!
//! When the server stops, a job stops between two runs: a run in progress is
//! finished (each is one or a few transactions), unless the server's drain
//! time is up first, when it is dropped and its transaction rolls back.

use crate::server::auth::IDLE_TIMEOUT;
use crate::server::mail;
use crate::server::reviews;
use crate::server::state::AppState;
use crate::server::store::{
    deal_imports, flashes, login_failures, mail_choices, mail_outbox, sessions,
};
use crate::server::tasks::reminders;
use chrono::{Duration, Utc};
use std::future::Future;
use std::pin::Pin;
use tokio::sync::watch;
use tokio::task::JoinSet;

type JobFuture = Pin<Box<dyn Future<Output = Result<u64, sqlx::Error>> + Send>>;

struct Job {
    name: &'static str,
    every: std::time::Duration,
    run: fn(AppState) -> JobFuture,
}

const TEN_MINUTES: std::time::Duration = std::time::Duration::from_secs(600);

const JOBS: &[Job] = &[
    Job {
        name: "deliver due reminders",
        // A reminder shows within seconds of its time; a run that finds nothing
        // due is one indexed query.
        every: std::time::Duration::from_secs(10),
        run: |state| Box::pin(async move { reminders::deliver_due(&state.db, Utc::now()).await }),
    },
    Job {
        name: "send mail",
        // `partner-map mail digest --now` promises its mail within 10 s.
        every: std::time::Duration::from_secs(5),
        run: |state| Box::pin(async move { mail::worker::send_due(&state, Utc::now()).await }),
    },
    Job {
        name: "queue weekly digests",
        // Due from 08:00 in each reader's zone: a run every minute sends it
        // by 08:01.
        every: std::time::Duration::from_secs(60),
        run: |state| Box::pin(async move { mail::digest::queue_due(&state.db, Utc::now()).await }),
    },
    Job {
        name: "alert goals that fell behind",
        // A run reads each partner's figures (kept in memory while current)
        // and writes only what changed.
        every: std::time::Duration::from_secs(60),
        run: |state| Box::pin(async move { mail::alerts::check(&state, Utc::now()).await }),
    },
    Job {
        name: "notify quarters whose review was not started",
        // A quarter ends at midnight somewhere every few hours; a run that
        // finds everyone told is one query per time zone in use.
        every: TEN_MINUTES,
        run: |state| Box::pin(async move { reviews::due::notify(&state.db, Utc::now()).await }),
    },
    Job {
        name: "forget expired sessions",
        every: TEN_MINUTES,
        run: |state| {
            Box::pin(async move {
                let now = Utc::now();
                sessions::delete_expired(&state.db, now, now - IDLE_TIMEOUT).await
            })
        },
    },
    Job {
        name: "forget old login failures",
        every: TEN_MINUTES,
        run: |state| {
            Box::pin(async move {
                login_failures::delete_before(&state.db, Utc::now() - Duration::days(1)).await
            })
        },
    },
    Job {
        name: "forget unread flashes",
        // Unreadable once their cookie has expired (5 minutes: they are
        // sealed with its token); an hour leaves room for clocks.
        every: TEN_MINUTES,
        run: |state| {
            Box::pin(async move {
                flashes::delete_before(&state.db, Utc::now() - Duration::hours(1)).await
            })
        },
    },
    Job {
        name: "forget old deal uploads",
        every: TEN_MINUTES,
        // A day is long enough to finish an import and to look at what it did.
        run: |state| {
            Box::pin(
                async move { deal_imports::purge(&state.db, Utc::now() - Duration::days(1)).await },
            )
        },
    },
    Job {
        name: "forget old mail",
        every: TEN_MINUTES,
        // Ninety days of sent mail on /admin/mail answers "did they get it?";
        // an unsubscribe link works for a year.
        run: |state| {
            Box::pin(async move {
                let now = Utc::now();
                let mail = mail_outbox::purge(&state.db, now - Duration::days(90)).await?;
                let links =
                    mail_choices::purge_tokens(&state.db, now - Duration::days(365)).await?;
                Ok(mail + links)
            })
        },
    },
];

/// The running jobs.
pub struct Jobs(JoinSet<()>);

/// Starts every job on its own task, each to stop once `stopping` is true.
pub fn start(state: &AppState, stopping: watch::Receiver<bool>) -> Jobs {
    let mut jobs = JoinSet::new();
    for job in JOBS {
        let state = state.clone();
        let mut stopping = stopping.clone();
        jobs.spawn(async move {
            // The first tick is at once: a restarted server catches up at start.
            let mut tick = tokio::time::interval(job.every);
            loop {
                tokio::select! {
                    biased;
                    _ = stopping.wait_for(|stopping| *stopping) => return,
                    _ = tick.tick() => {}
                }
                match (job.run)(state.clone()).await {
                    Ok(n) => tracing::debug!(job = job.name, rows = n, "job done"),
                    Err(err) => tracing::warn!(job = job.name, error = %err, "job failed"),
                }
            }
        });
    }
    Jobs(jobs)
}

impl Jobs {
    /// Waits for every job to stop, until `deadline`; then drops the runs
    /// still going. Returns how many were dropped.
    pub async fn stopped(mut self, deadline: tokio::time::Instant) -> usize {
        let finished = tokio::time::timeout_at(deadline, async {
            while self.0.join_next().await.is_some() {}
        })
        .await;
        let left = self.0.len();
        if finished.is_err() {
            tracing::warn!(
                jobs = left,
                "jobs still running at the end of the drain time: stopped"
            );
            self.0.shutdown().await;
        }
        left
    }
}
