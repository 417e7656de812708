//! The reminder worker: turns task reminders that have fallen due into in-app
//! notifications, each exactly once, however many instances run it at once.
//!
//! Each batch is one transaction that claims due reminders (on PostgreSQL
//! with `FOR UPDATE SKIP LOCKED`, so two instances claim disjoint batches;
//! SQLite's write transactions are serial), notifies each one's recipient and
//! marks it delivered before committing. A crash before the commit leaves the
//! batch due for the next run; the unique index on (task, person, instant)
//! is the last guard against a second notification. Reminders that fell due
//! while no instance was running are simply due at the first run.
//!
//! Each notification queues its email in the same transaction (the mail
//! worker sends it), so the bell and the inbox are told at the same moment.

use crate::model::mail::MailKind;
use crate::model::UserId;
use crate::server::authz::may_open;
use crate::server::db::{Db, Tx};
use crate::server::store::mail_outbox::{self, About};
use crate::server::store::notifications::{self, DueReminder};
use crate::server::store::{membership, partners, users};
use chrono::{DateTime, Utc};

/// Reminders claimed per transaction: a long catch-up commits as it goes and
/// never holds SQLite's write lock (or PostgreSQL's row locks) for long.
const BATCH: i64 = 100;

/// Delivers every reminder due at `now`; how many notifications it added.
pub async fn deliver_due(db: &Db, now: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    let mut delivered = 0;
    loop {
        let mut tx = db.begin().await?;
        let due = notifications::claim_due(&mut tx, now, BATCH).await?;
        // Notifications lock `site_version`, and marking a task reminded its
        // partner's row: partners first, as everywhere (`server::db`).
        let partners: Vec<_> = due.iter().map(|r| r.partner_id).collect();
        partners::lock_in_order(&mut tx, &partners).await?;
        for reminder in &due {
            for user in recipients(&mut tx, reminder).await? {
                if notifications::create(&mut tx, user, reminder, now).await? {
                    delivered += 1;
                    let about = About {
                        partner_id: Some(reminder.partner_id),
                        task_id: Some(reminder.task_id),
                        ..About::default()
                    };
                    let once = format!(
                        "{}.{}.{}",
                        reminder.task_id,
                        user,
                        reminder.remind_at.timestamp()
                    );
                    mail_outbox::queue(&mut tx, MailKind::TaskReminder, &once, user, &about, now)
                        .await?;
                }
            }
            // Marked even when nobody is told, so it is not claimed again.
            notifications::mark_reminded(&mut tx, reminder.task_id, now).await?;
        }
        tx.commit().await?;
        // A short batch was the last: the rest is locked by another instance
        // (which delivers it) or falls due later.
        if (due.len() as i64) < BATCH {
            return Ok(delivered);
        }
    }
}

/// Whom a reminder is for, in order: the task's assignee, else the person who
/// created it. Only someone who may still open the task's partner counts.
pub fn named(reminder: &DueReminder) -> impl Iterator<Item = UserId> {
    reminder.assignee_id.into_iter().chain(reminder.created_by)
}

/// Who is told of a reminder: the first person [`named`] on the task who may
/// still open its partner. When neither may (the assignee was deactivated,
/// moved to another partner or, as a PDM, unassigned, and so was the
/// creator), the partner's active members are told instead: the task is
/// still theirs, and a reminder nobody active receives protects nothing.
async fn recipients(tx: &mut Tx, reminder: &DueReminder) -> Result<Vec<UserId>, sqlx::Error> {
    for user in named(reminder) {
        let Some(user) = users::find(&mut *tx, user).await? else {
            continue;
        };
        if may_open(&mut *tx, &user, reminder.partner_id).await? {
            return Ok(vec![user.id]);
        }
        tracing::debug!(user_id = %user.id, task_id = %reminder.task_id, "reminder passed on: no access");
    }
    membership::active_members(&mut *tx, reminder.partner_id).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PartnerId, TaskId};

    fn reminder(assignee: Option<i64>, creator: Option<i64>) -> DueReminder {
        DueReminder {
            task_id: TaskId(1),
            partner_id: PartnerId(1),
            assignee_id: assignee.map(UserId),
            created_by: creator.map(UserId),
            remind_at: Utc::now(),
        }
    }

    #[test]
    fn the_assignee_comes_first_then_the_creator() {
        let named = |r| named(&r).collect::<Vec<_>>();
        assert_eq!(named(reminder(Some(2), Some(3))), [UserId(2), UserId(3)]);
        assert_eq!(named(reminder(Some(2), None)), [UserId(2)]);
        assert_eq!(named(reminder(None, Some(3))), [UserId(3)]);
        assert_eq!(named(reminder(None, None)), []);
    }
}
