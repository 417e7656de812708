//! In-app notifications: task reminders that fell due, and quarters whose
//! review was not started (`kind` tells them apart).
//!
//! A reminder is due when its task is open, its instant has come and it has
//! not been delivered (`reminded_at` is NULL): the rows of the partial index
//! `tasks_reminders_due`. Saving a task with a new reminder instant clears
//! `reminded_at` (so a moved reminder is due again); completing it takes it
//! out of the index (so it never fires).

use crate::model::reviews::Quarter;
use crate::model::{NotificationId, PartnerId, TaskId, UserId};
use crate::server::db::{with_db, Exec, Tx};
use crate::server::store::membership;
use chrono::{DateTime, Utc};

/// A due reminder, claimed by the transaction that read it.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct DueReminder {
    pub task_id: TaskId,
    pub partner_id: PartnerId,
    pub assignee_id: Option<UserId>,
    pub created_by: Option<UserId>,
    pub remind_at: DateTime<Utc>,
}

/// Up to `limit` reminders due at `now`, oldest first, locked for this
/// transaction (see [`Tx::skip_locked`]) until it marks them delivered.
pub async fn claim_due(
    tx: &mut Tx,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<DueReminder>, sqlx::Error> {
    // The predicate is the partial index's, so the claim reads only due rows.
    let sql = format!(
        "SELECT id AS task_id, partner_id, assignee_id, created_by, remind_at FROM tasks \
         WHERE remind_at <= $1 AND reminded_at IS NULL AND completed_at IS NULL \
         ORDER BY remind_at, id LIMIT $2{}",
        tx.skip_locked()
    );
    with_db!(tx, |e| sqlx::query_as::<_, DueReminder>(&sql)
        .bind(now)
        .bind(limit)
        .fetch_all(e)
        .await)
}

/// Records that a task's reminder was dealt with, whoever received it. The
/// task's version stays: a reminder firing is not an edit, and must not make
/// the save of someone editing the task stale.
pub async fn mark_reminded<'a>(
    db: impl Into<Exec<'a>>,
    task: TaskId,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "UPDATE tasks SET reminded_at = $1 WHERE id = $2"
    )
    .bind(now)
    .bind(task)
    .execute(e)
    .await
    .map(|_| ()))
}

/// Notifies `user` of a reminder; whether a notification was added. A reminder
/// already notified to that person for that instant adds nothing.
pub async fn create<'a>(
    db: impl Into<Exec<'a>>,
    user: UserId,
    reminder: &DueReminder,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    with_db!(db, |e| {
        sqlx::query(
        "INSERT INTO notifications (kind, user_id, partner_id, task_id, remind_at, created_at) \
         VALUES ('task_reminder', $1, $2, $3, $4, $5) ON CONFLICT (task_id, user_id, remind_at) DO NOTHING",
    )
    .bind(user)
    .bind(reminder.partner_id)
    .bind(reminder.task_id)
    .bind(reminder.remind_at)
    .bind(now)
    .execute(e)
    .await
    .map(|r| r.rows_affected() > 0)
    })
}

/// SQL: the notification `n` is shown to its user only while they may open
/// its partner. A PDM unassigned or a member moved away keeps the rows (they
/// come back if access does) but sees nothing of that partner: no task title
/// they could no longer read on its pages.
fn shown(n: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM users su JOIN partners sp ON sp.id = {n}.partner_id \
         WHERE su.id = {n}.user_id AND {})",
        membership::opens("su", "sp")
    )
}

/// How many of a user's notifications are unread and shown
/// (`notifications_by_user`).
pub async fn unread_count<'a>(db: impl Into<Exec<'a>>, user: UserId) -> Result<i64, sqlx::Error> {
    let sql = format!(
        "SELECT COUNT(*) FROM notifications n WHERE n.user_id = $1 AND n.read_at IS NULL AND {}",
        shown("n")
    );
    with_db!(db, |e| sqlx::query_scalar::<_, i64>(&sql)
        .bind(user)
        .fetch_one(e)
        .await)
}

/// A notification with what its list shows of its task (a reminder) or its
/// quarter (a review not started), and of the partner.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: NotificationId,
    pub partner_id: PartnerId,
    pub partner_name: String,
    pub task_id: Option<TaskId>,
    pub task_title: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
    pub review_year: Option<i32>,
    pub review_quarter: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// A user's newest `limit` shown notifications, newest first.
pub async fn newest<'a>(
    db: impl Into<Exec<'a>>,
    user: UserId,
    limit: i64,
) -> Result<Vec<NotificationRow>, sqlx::Error> {
    let sql = format!(
        "SELECT n.id, n.partner_id, p.name AS partner_name, n.task_id, t.title AS task_title, \
         t.due_at, n.review_year, n.review_quarter, n.created_at, n.read_at FROM notifications n \
         LEFT JOIN tasks t ON t.id = n.task_id JOIN partners p ON p.id = n.partner_id \
         WHERE n.user_id = $1 AND {} ORDER BY n.created_at DESC, n.id DESC LIMIT $2",
        shown("n")
    );
    with_db!(db, |e| sqlx::query_as::<_, NotificationRow>(&sql)
        .bind(user)
        .bind(limit)
        .fetch_all(e)
        .await)
}

/// Tells the members and PDMs of the active partners in `time_zone`, created
/// before `quarter` ended (at `ended`), that its review has not been started;
/// how many notifications it added. Someone already told about that quarter
/// of that partner is not told again, whether or not they read it.
pub async fn notify_review_due<'a>(
    db: impl Into<Exec<'a>>,
    time_zone: &str,
    quarter: Quarter,
    ended: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let sql = format!(
        "INSERT INTO notifications (kind, user_id, partner_id, review_year, review_quarter, remind_at, created_at) \
         SELECT 'review_due', u.id, p.id, $1, $2, $3, $4 FROM partners p \
         JOIN users u ON {} \
         WHERE p.time_zone = $5 AND p.archived_at IS NULL AND p.created_at < $3 \
           AND NOT EXISTS (SELECT 1 FROM reviews r \
               WHERE r.partner_id = p.id AND r.year = $1 AND r.quarter = $2) \
         ON CONFLICT DO NOTHING",
        membership::belongs("u", "p.id")
    );
    with_db!(db, |e| {
        sqlx::query(&sql)
            .bind(quarter.year)
            .bind(quarter.quarter as i32)
            .bind(ended)
            .bind(now)
            .bind(time_zone)
            .execute(e)
            .await
            .map(|r| r.rows_affected())
    })
}

/// The partners whose members were told at `now` that `quarter`'s review
/// has not been started (by [`notify_review_due`], in this transaction).
pub async fn review_due_partners(
    tx: &mut Tx,
    quarter: Quarter,
    now: DateTime<Utc>,
) -> Result<Vec<PartnerId>, sqlx::Error> {
    with_db!(&mut *tx, |e| sqlx::query_scalar::<_, PartnerId>(
        "SELECT DISTINCT partner_id FROM notifications WHERE kind = 'review_due' \
         AND review_year = $1 AND review_quarter = $2 AND created_at = $3 ORDER BY partner_id"
    )
    .bind(quarter.year)
    .bind(quarter.quarter as i32)
    .bind(now)
    .fetch_all(e)
    .await)
}

/// Once a quarter's review is started, the notifications saying it was not
/// are read for everyone: they no longer ask anything of anyone.
pub async fn settle_review_due(
    tx: &mut Tx,
    partner: PartnerId,
    quarter: Quarter,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    with_db!(&mut *tx, |e| sqlx::query(
        "UPDATE notifications SET read_at = $1 WHERE kind = 'review_due' AND partner_id = $2 \
         AND review_year = $3 AND review_quarter = $4 AND read_at IS NULL",
    )
    .bind(now)
    .bind(partner)
    .bind(quarter.year)
    .bind(quarter.quarter as i32)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))
}

/// Marks one of the user's notifications read (keeping when it was first
/// read); false when the user has no notification `id`.
pub async fn mark_read<'a>(
    db: impl Into<Exec<'a>>,
    user: UserId,
    id: NotificationId,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "UPDATE notifications SET read_at = COALESCE(read_at, $1) WHERE id = $2 AND user_id = $3",
    )
    .bind(now)
    .bind(id)
    .bind(user)
    .execute(e)
    .await
    .map(|r| r.rows_affected() > 0))
}

/// Marks every unread notification of the user read; how many there were.
pub async fn mark_all_read<'a>(
    db: impl Into<Exec<'a>>,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL",
    )
    .bind(now)
    .bind(user)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))
}
