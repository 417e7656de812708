//! The caller's own notifications: the list, and marking them read. Every
//! query names the caller, so someone else's notification id is "not found".

use crate::error::AppError;
use crate::model::reviews::Quarter;
use crate::model::NotificationId;
use crate::server::authz::Access;
use crate::server::clock::local_time;
use crate::server::store::notifications;
use crate::views::{NotificationAbout, NotificationList, NotificationView};
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
            .filter_map(|n| {
                let about = match (n.task_id, n.review_year, n.review_quarter) {
                    (Some(task_id), ..) => NotificationAbout::TaskReminder {
                        task_id,
                        title: n.task_title.unwrap_or_default(),
                        due: n.due_at.map(|t| local_time(access, t)).unwrap_or_default(),
                    },
                    (None, Some(year), Some(quarter)) => NotificationAbout::ReviewDue {
                        quarter: Quarter {
                            year,
                            quarter: quarter as u32,
                        },
                    },
                    // The schema's checks make every row one of the above.
                    _ => return None,
                };
                Some(NotificationView {
                    id: n.id,
                    partner_id: n.partner_id,
                    partner_name: n.partner_name,
                    about,
                    sent: local_time(access, n.created_at),
                    unread: n.read_at.is_none(),
                })
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
