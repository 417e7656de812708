//! Changes made from the list: completing or reopening a task, deleting one.

use super::view::user_id;
use crate::error::AppError;
use crate::i18n::Key;
use crate::model::TaskId;
use crate::server::authz::Access;
use crate::server::events::{Change, TaskEvent};
use crate::server::store::tasks::{self, Saved};
use crate::server::web::forms::{self};
use chrono::Utc;

/// Completes a task or opens it again, from the list.
pub async fn set_done(access: &Access, id: TaskId, done: bool) -> Result<(), AppError> {
    let scope = access.scope()?;
    let mut tx = access.state.db.begin().await?;
    let version =
        match tasks::set_completed(&mut tx, &scope, id, done, user_id(access), Utc::now()).await? {
            Saved::Done(_, version) => version,
            _ => return Err(AppError::NotFound),
        };
    let change = if done {
        Change::Completed
    } else {
        Change::Reopened
    };
    let event = TaskEvent {
        partner: scope.partner_id(),
        task: id,
        change,
        version,
    };
    let announced = access.state.events.announce(&mut tx, event).await?;
    tx.commit().await?;
    announced.committed();
    forms::notice(if done {
        Key::TaskCompletedNotice
    } else {
        Key::TaskReopenedNotice
    });
    Ok(())
}

/// Deletes version `version` of a task; `confirmed` is the ticked box.
pub async fn delete(
    access: &Access,
    id: TaskId,
    version: i64,
    confirmed: bool,
) -> Result<(), AppError> {
    let scope = access.scope()?;
    if !confirmed {
        return Err(AppError::invalid("confirm", Key::ErrConfirmDelete));
    }
    let mut tx = access.state.db.begin().await?;
    match tasks::delete(&mut tx, &scope, id, version).await? {
        Saved::Done(..) => {}
        Saved::Stale => return Err(AppError::Conflict),
        Saved::Missing => return Err(AppError::NotFound),
    }
    let event = TaskEvent {
        partner: scope.partner_id(),
        task: id,
        change: Change::Deleted,
        version: 0,
    };
    let announced = access.state.events.announce(&mut tx, event).await?;
    tx.commit().await?;
    announced.committed();
    forms::landing(&format!("/p/{}/tasks", scope.partner_id()));
    forms::notice(Key::TaskDeleted);
    Ok(())
}
