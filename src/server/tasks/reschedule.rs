//! The quarterly review's "Reschedule": a task moved in the review's own
//! transaction.

use super::view::user_id;
use crate::error::AppError;
use crate::i18n::Key;
use crate::model::tasks::fields;
use crate::model::TaskId;
use crate::server::authz::{Access, PartnerScope};
use crate::server::clock::viewer_zone;
use crate::server::db::Tx;
use crate::server::events::{Announced, Change, TaskEvent};
use crate::server::store::tasks::{self, Saved, TaskFields};
use chrono::Utc;

/// Moves version `expected` of a task to `date` (the same time of day on the
/// viewer's clock), its reminder by as much: the quarterly review's
/// "Reschedule", in the caller's transaction (the review's, under its lock).
/// Everything else about the task stays as saved.
pub async fn reschedule(
    access: &Access,
    tx: &mut Tx,
    scope: &PartnerScope,
    id: TaskId,
    expected: i64,
    date: chrono::NaiveDate,
) -> Result<Announced, AppError> {
    let zone = viewer_zone(access);
    let now = Utc::now();
    let saved = tasks::get(&mut *tx, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let time = saved.due_at.with_timezone(&zone).time();
    let due_at = crate::model::tasks::local_instant(&zone, date.and_time(time))
        .ok_or_else(|| AppError::invalid(fields::DUE_DATE, Key::ErrDateInvalid))?;
    let moved = due_at - saved.due_at;
    let typed = TaskFields {
        title: saved.title.clone(),
        kind: saved.kind(),
        priority: saved.priority(),
        assignee: saved.assignee_id,
        due_at,
        reminder: saved.reminder(),
        remind_at: saved.remind_at.map(|at| at + moved),
        notes: saved.notes.clone(),
        completed: saved.completed_at.is_some(),
    };
    let version = match tasks::update(tx, scope, id, expected, &typed, user_id(access), now).await?
    {
        Saved::Done(_, version) => version,
        Saved::Stale => return Err(AppError::Conflict),
        Saved::Missing => return Err(AppError::NotFound),
    };
    let event = TaskEvent {
        partner: scope.partner_id(),
        task: id,
        change: Change::Updated,
        version,
    };
    Ok(access.state.events.announce(tx, event).await?)
}
