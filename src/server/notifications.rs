//! The caller's own notifications: the list, and marking them read. Every
//! query names the caller, so someone else's notification id is "not found".

use crate::error::AppError;
use crate::model::NotificationId;
use crate::server::authz::Access;
use crate::server::deals::local_time;
use crate::server::store::notifications;
use crate::views::{NotificationList, NotificationView};
use chrono::Utc;

/// How many notifications the page lists; older ones stay, marked by "Mark all as read".
const LISTED: usize = 100;

pub async fn list(access: &Access) -> Result<NotificationList, AppError> {
    let user = access.signed_in()?.user.id;
    // One more than listed tells whether there are more.
    let mut rows = notifications::newest(&access.state.db, user, LISTED as i64 + 1).await?;
    let more = rows.len() > LISTED;
    rows.truncate(LISTED);
    Ok(NotificationList {
        notifications: rows
            .into_iter()
            .map(|n| NotificationView {
                id: n.id,
                task_id: n.task_id,
                partner_id: n.partner_id,
                partner_name: n.partner_name,
                task_title: n.task_title,
                due: local_time(access, n.due_at),
                reminded: local_time(access, n.created_at),
                unread: n.read_at.is_none(),
            })
            .collect(),
        more,
    })
}

pub async fn mark_read(access: &Access, id: NotificationId) -> Result<(), AppError> {
    let user = access.signed_in()?.user.id;
    if notifications::mark_read(&access.state.db, user, id, Utc::now()).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

pub async fn mark_all_read(access: &Access) -> Result<u64, AppError> {
    let user = access.signed_in()?.user.id;
    Ok(notifications::mark_all_read(&access.state.db, user, Utc::now()).await?)
}
