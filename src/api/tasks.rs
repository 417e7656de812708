//! A partner's action tasks, as the Go-to-market page reads and changes them
//! from the list. The panel's save is a plain route (`server::tasks`), since
//! it carries the conflict view's choices as well as the task's fields.

use crate::error::AppError;
use crate::model::{PartnerId, TaskId};
use crate::views::TasksView;
use leptos::prelude::*;

/// The list as filtered by `query` (the page URL's query string), with the
/// panel it names open.
#[server(prefix = "/api", endpoint = "tasks")]
pub async fn open_tasks(partner_id: PartnerId, query: String) -> Result<TasksView, AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::Partner(partner_id)).await?;
    crate::server::tasks::view(&access, &query).await
}

/// Marks a task completed (`done` = "true") or open again, in one click.
#[server(prefix = "/api", endpoint = "task_done")]
pub async fn set_task_done(task_id: TaskId, done: String) -> Result<(), AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::record(task_id)).await?;
    crate::server::tasks::set_done(&access, task_id, done == "true").await
}

/// Deletes a task; `confirm` is the ticked confirmation box.
#[server(prefix = "/api", endpoint = "task_delete")]
pub async fn delete_task(
    task_id: TaskId,
    version: i64,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::record(task_id)).await?;
    crate::server::tasks::delete(&access, task_id, version, confirm.is_some()).await
}
