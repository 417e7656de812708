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

use crate::model::UserId;
use crate::server::authz::may_open;
use crate::server::db::Db;
use crate::server::store::notifications::{self, DueReminder};
use crate::server::store::users;
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
        for reminder in &due {
            if let Some(user) = recipient(reminder) {
                if may_still_see(&mut tx, user, reminder).await?
                    && notifications::create(&mut tx, user, reminder, now).await?
                {
                    delivered += 1;
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

/// Who a reminder is for: the task's assignee, or the person who created it
/// when nobody is assigned (or the assignee's account is gone).
pub fn recipient(reminder: &DueReminder) -> Option<UserId> {
    reminder.assignee_id.or(reminder.created_by)
}

/// Whether the recipient still exists and may still open the task's partner.
async fn may_still_see(
    tx: &mut crate::server::db::Tx,
    user: UserId,
    reminder: &DueReminder,
) -> Result<bool, sqlx::Error> {
    let Some(user) = users::find(&mut *tx, user).await? else {
        return Ok(false);
    };
    let allowed = may_open(&mut *tx, &user, reminder.partner_id).await?;
    if !allowed {
        tracing::debug!(user_id = %user.id, task_id = %reminder.task_id, "reminder not delivered: no access");
    }
    Ok(allowed)
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
    fn the_assignee_is_reminded_else_the_creator() {
        assert_eq!(recipient(&reminder(Some(2), Some(3))), Some(UserId(2)));
        assert_eq!(recipient(&reminder(Some(2), None)), Some(UserId(2)));
        assert_eq!(recipient(&reminder(None, Some(3))), Some(UserId(3)));
        assert_eq!(recipient(&reminder(None, None)), None);
    }
}
