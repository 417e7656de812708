//! The default tasks, for admins: the library behind every partner's
//! "Create task" menu.

use crate::error::AppError;
use crate::model::TemplateId;
use crate::views::DefaultTaskView;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "default_tasks")]
pub async fn open_default_tasks() -> Result<Vec<DefaultTaskView>, AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::Installation).await?;
    crate::server::admin::default_tasks::list(&access).await
}

/// Adds a default task (no `template_id`) or saves one.
#[server(prefix = "/api", endpoint = "default_task_save")]
#[allow(clippy::too_many_arguments)]
pub async fn save_default_task(
    #[server(default)] template_id: Option<TemplateId>,
    position: String,
    title_en: String,
    title_zh_tw: String,
    kind: String,
    priority: String,
    due_preset: String,
    notes_en: String,
    notes_zh_tw: String,
) -> Result<(), AppError> {
    use crate::server::admin::default_tasks::{save, TemplateForm};
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::Installation).await?;
    let form = TemplateForm {
        position: &position,
        title_en: &title_en,
        title_zh_tw: &title_zh_tw,
        kind: &kind,
        priority: &priority,
        due_preset: &due_preset,
        notes_en: &notes_en,
        notes_zh_tw: &notes_zh_tw,
    };
    save(&access, template_id, &form).await
}

#[server(prefix = "/api", endpoint = "default_task_delete")]
pub async fn delete_default_task(
    template_id: TemplateId,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::Installation).await?;
    crate::server::admin::default_tasks::delete(&access, template_id, confirm.is_some()).await
}

/// Retires a default task: kept, but no longer offered by the task panel.
#[server(prefix = "/api", endpoint = "default_task_retire")]
pub async fn retire_default_task(template_id: TemplateId) -> Result<(), AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::Installation).await?;
    crate::server::admin::default_tasks::retire(&access, template_id, true).await
}

/// Offers a retired default task again.
#[server(prefix = "/api", endpoint = "default_task_restore")]
pub async fn restore_default_task(template_id: TemplateId) -> Result<(), AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::Installation).await?;
    crate::server::admin::default_tasks::retire(&access, template_id, false).await
}

/// Moves a default task one place `up` or `down` in the menu.
#[server(prefix = "/api", endpoint = "default_task_move")]
pub async fn move_default_task(template_id: TemplateId, direction: String) -> Result<(), AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::Installation).await?;
    let up = match direction.as_str() {
        "up" => true,
        "down" => false,
        _ => return Err(AppError::BadRequest),
    };
    crate::server::admin::default_tasks::reorder(&access, template_id, up).await
}
