//! The weekly digest: on the day each person chose (Monday unless they
//! changed it), from 08:00 in their time zone, one message with, for every
//! partner they may open, each goal's attainment and pacing, what changed the
//! week before (deals won, targets revised, tasks completed), and their own
//! tasks overdue and due this week. Not sent when there is nothing in it.
//!
//! Members and PDMs receive it, the people who work on the plans; admins run
//! the installation and are not sent every partner's week.

use super::compose::Body;
use crate::i18n::Key;
use crate::model::mail::{digest_week, MailKind};
use crate::model::metrics::{percent, Metric, YearMetrics};
use crate::model::money::Money;
use crate::model::progress::pacing;
use crate::model::{Locale, UserId};
use crate::server::authz::mail_partners;
use crate::server::db::{with_db, Db};
use crate::server::figures::DealFigures;
use crate::server::progress;
use crate::server::state::AppState;
use crate::server::store::digest::{due_tasks, week_changes};
use crate::server::store::mail_outbox::{self, About};
use crate::server::store::users::UserRow;
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use std::collections::HashSet;

/// Tasks listed per partner; the rest are counted.
const TASKS_LISTED: i64 = 10;

/// Who may receive a digest: (id, time zone, digest weekday).
async fn readers(db: &Db, user: Option<UserId>) -> Result<Vec<(UserId, String, i32)>, sqlx::Error> {
    with_db!(db, |e| sqlx::query_as::<_, (UserId, String, i32)>(
        "SELECT id, time_zone, digest_weekday FROM users WHERE deactivated_at IS NULL \
         AND mail_digest AND role IN ('member', 'pdm') AND ($1 IS NULL OR id = $1) ORDER BY id"
    )
    .bind(user)
    .fetch_all(e)
    .await)
}

/// Queues this week's digest for everyone whose digest time has come at
/// `now` and who was not sent it yet; how many were queued. A run as the
/// server starts catches up a digest missed while it was down, within the week.
pub async fn queue_due(db: &Db, now: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    let readers = readers(db, None).await?;
    // The week's keys already queued, read once, so a run that finds
    // everyone served writes nothing.
    let queued: HashSet<String> =
        mail_outbox::keys_since(db, MailKind::Digest, now - Duration::days(8))
            .await?
            .into_iter()
            .collect();
    let mut tx = db.begin().await?;
    let mut added = 0;
    for (user, zone, weekday) in readers {
        let local = now.with_timezone(&zone_of(&zone)).naive_local();
        let Some(week) = digest_week(local, weekday.clamp(1, 7) as u8) else {
            continue;
        };
        let once = format!("{user}.{week}");
        if queued.contains(&format!("{}.{once}", MailKind::Digest.as_str())) {
            continue;
        }
        added += u64::from(queue_week(&mut tx, user, &once, week, now).await?);
    }
    tx.commit().await?;
    Ok(added)
}

/// `partner-map mail digest --now`: this week's digest for everyone (or one
/// person) at once, whatever their day; the scheduled one still comes.
pub async fn queue_now(
    db: &Db,
    user: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let mut added = 0;
    for (user, zone, _) in readers(db, user).await? {
        let local = now.with_timezone(&zone_of(&zone)).naive_local();
        let week = digest_week(local, 1).unwrap_or_else(|| local.date());
        let once = format!("{user}.{week}.now{}", now.timestamp_micros());
        added += u64::from(queue_week(&mut tx, user, &once, week, now).await?);
    }
    tx.commit().await?;
    Ok(added)
}

/// Queues the digest of `week` for `user` under the key `once`.
async fn queue_week(
    tx: &mut crate::server::db::Tx,
    user: UserId,
    once: &str,
    week: NaiveDate,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let about = About {
        period: Some(week.to_string()),
        ..About::default()
    };
    mail_outbox::queue(tx, MailKind::Digest, once, user, &about, now).await
}

fn zone_of(name: &str) -> Tz {
    name.parse::<Tz>().unwrap_or(Tz::UTC)
}

/// The first instant of `date` in `zone`.
fn midnight(zone: Tz, date: NaiveDate) -> DateTime<Utc> {
    let naive = date.and_time(chrono::NaiveTime::MIN);
    zone.from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&naive))
}

/// Writes the digest of the week starting `week` for `to` into `body`; its
/// subject, or `None` when there is nothing to tell.
pub async fn compose(
    state: &AppState,
    to: &UserRow,
    week: NaiveDate,
    locale: Locale,
    body: &mut Body,
    now: DateTime<Utc>,
) -> Result<Option<String>, sqlx::Error> {
    let db = &state.db;
    let site = &state.mail.site_url;
    let zone = zone_of(&to.time_zone);
    let last_week = (week - Duration::days(7), week);
    let instants = (midnight(zone, last_week.0), midnight(zone, last_week.1));
    let week_end = midnight(zone, week + Duration::days(7));
    let mut told = false;
    for (partner, scope) in mail_partners(db, to).await? {
        let deals = DealFigures::open(db, &state.figures, &scope).await?;
        let year = crate::server::clock::partner_today(&partner).year();
        let figures = progress::figures(&deals, db, &scope, &partner, year).await?;
        let goals = goal_lines(
            &figures.actuals,
            figures.targets.as_ref(),
            figures.elapsed,
            partner.currency,
            locale,
        );
        let changes = week_changes(db, &scope, last_week, instants).await?;
        let (tasks, total) = due_tasks(db, &scope, to.id, week_end, TASKS_LISTED).await?;
        if goals.is_empty() && changes.is_empty() && tasks.is_empty() {
            continue;
        }
        told = true;
        body.heading(&partner.name);
        for line in &goals {
            body.para(line);
        }
        if !changes.is_empty() {
            let mrr = Money::new(changes.won_mrr, partner.currency).display();
            body.para(&Key::MailDigestLastWeek.format(
                locale,
                &[
                    ("won", &changes.deals_won.to_string()),
                    ("mrr", &mrr),
                    ("revised", &changes.targets_revised.to_string()),
                    ("completed", &changes.tasks_completed.to_string()),
                ],
            ));
        }
        let (overdue, due): (Vec<_>, Vec<_>) = tasks.iter().partition(|t| t.due_at < now);
        for (heading, list) in [
            (Key::MailDigestOverdue, overdue),
            (Key::MailDigestDueThisWeek, due),
        ] {
            if list.is_empty() {
                continue;
            }
            let lines: Vec<String> = list
                .iter()
                .map(|t| {
                    format!(
                        "{} ({})",
                        t.title,
                        t.due_at.with_timezone(&zone).format("%Y-%m-%d %H:%M")
                    )
                })
                .collect();
            body.list(heading.text(locale), &lines);
        }
        if total > TASKS_LISTED {
            body.para(
                &Key::MailDigestMoreTasks
                    .format(locale, &[("count", &(total - TASKS_LISTED).to_string())]),
            );
        }
        body.button(
            Key::MailOpenProgress.text(locale),
            &format!("{site}/p/{}/progress", partner.id),
        );
    }
    Ok(told.then(|| {
        Key::MailDigestSubject.format(locale, &[("date", &week.format("%Y-%m-%d").to_string())])
    }))
}

/// A line per goal with a target this year: its attainment and how it paces.
fn goal_lines(
    actuals: &YearMetrics,
    targets: Option<&YearMetrics>,
    elapsed: crate::model::progress::Elapsed,
    currency: crate::model::Currency,
    locale: Locale,
) -> Vec<String> {
    let Some(targets) = targets else {
        return Vec::new();
    };
    Metric::ALL
        .into_iter()
        .filter_map(|metric| {
            let pace = pacing(actuals, targets, metric, elapsed);
            let status = pace.status?;
            let actual = actuals.total(metric);
            let shown = |v: i64| {
                if metric.is_money() {
                    Money::new(v, currency).display()
                } else {
                    v.to_string()
                }
            };
            Some(Key::MailDigestGoal.format(
                locale,
                &[
                    ("goal", metric.label().text(locale)),
                    ("actual", &shown(actual)),
                    ("target", &shown(pace.annual_target)),
                    (
                        "percent",
                        &percent(actual, pace.annual_target).unwrap_or(0).to_string(),
                    ),
                    ("status", status.label().text(locale)),
                ],
            ))
        })
        .collect()
}
