//! The caller's notifications: the list, and marking them read. Only their
//! owner reaches them (see `server::tasks::notifications`).

use crate::error::AppError;
use crate::model::NotificationId;
use crate::views::NotificationList;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "notifications")]
pub async fn open_notifications() -> Result<NotificationList, AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::OwnWork).await?;
    crate::server::tasks::notifications::list(&access).await
}

#[server(prefix = "/api", endpoint = "notification_read")]
pub async fn mark_notification_read(notification_id: NotificationId) -> Result<(), AppError> {
    use crate::i18n::Key;
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::OwnWork).await?;
    crate::server::tasks::notifications::mark_read(&access, notification_id).await?;
    crate::server::web::forms::landing("/notifications");
    crate::server::web::forms::notice(Key::NotificationMarkedRead);
    Ok(())
}

#[server(prefix = "/api", endpoint = "notifications_read")]
pub async fn mark_all_notifications_read() -> Result<(), AppError> {
    use crate::i18n::Key;
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::OwnWork).await?;
    crate::server::tasks::notifications::mark_all_read(&access).await?;
    crate::server::web::forms::landing("/notifications");
    crate::server::web::forms::notice(Key::NotificationsAllMarkedRead);
    Ok(())
}
