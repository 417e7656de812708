//! The default tasks, as admins keep them: the library every partner's
//! "Create task" menu offers, in both languages.

use crate::error::{AppError, Validation};
use crate::i18n::Key;
use crate::model::tasks::{parse_notes, DuePreset, Priority, TaskTitle, TaskType};
use crate::model::TemplateId;
use crate::server::authz::Access;
use crate::server::forms;
use crate::server::store::tasks::{self, TemplateFields};
use crate::views::DefaultTaskView;
use chrono::Utc;

/// A default task's form, as posted.
pub struct TemplateForm<'a> {
    pub position: &'a str,
    pub title_en: &'a str,
    pub title_zh_tw: &'a str,
    pub kind: &'a str,
    pub priority: &'a str,
    pub due_preset: &'a str,
    pub notes_en: &'a str,
    pub notes_zh_tw: &'a str,
}

pub async fn list(access: &Access) -> Result<Vec<DefaultTaskView>, AppError> {
    Ok(tasks::templates(&access.state.db)
        .await?
        .into_iter()
        .map(|t| DefaultTaskView {
            id: t.id,
            position: t.position,
            title_en: t.title_en,
            title_zh_tw: t.title_zh_tw,
            kind: TaskType::parse(&t.kind).unwrap_or(TaskType::Todo),
            priority: Priority::parse(&t.priority).unwrap_or(Priority::None),
            due_preset: DuePreset::parse(&t.due_preset).unwrap_or(crate::model::tasks::DEFAULT_DUE),
            notes_en: t.notes_en,
            notes_zh_tw: t.notes_zh_tw,
        })
        .collect())
}

/// Both titles follow the rule of a task's title; the due date is a preset
/// (a default task cannot name a fixed day).
fn parse(form: &TemplateForm<'_>) -> Result<TemplateFields, AppError> {
    let mut check = Validation::new();
    let position = check.check(
        "position",
        form.position
            .trim()
            .parse::<i64>()
            .map_err(|_| Key::ErrPositionInvalid),
    );
    let title_en = check.check("title_en", TaskTitle::parse(form.title_en));
    let title_zh_tw = check.check("title_zh_tw", TaskTitle::parse(form.title_zh_tw));
    let kind = check.check(
        "kind",
        TaskType::parse(form.kind).ok_or(Key::ErrChooseOption),
    );
    let priority = check.check(
        "priority",
        Priority::parse(form.priority).ok_or(Key::ErrChooseOption),
    );
    let due_preset = check.check(
        "due_preset",
        DuePreset::parse(form.due_preset)
            .filter(|p| *p != DuePreset::Custom)
            .ok_or(Key::ErrChooseOption),
    );
    let notes_en = check.check("notes_en", parse_notes(form.notes_en));
    let notes_zh_tw = check.check("notes_zh_tw", parse_notes(form.notes_zh_tw));
    let fields = (|| {
        Some(TemplateFields {
            position: position?,
            title_en: title_en?.as_str().to_string(),
            title_zh_tw: title_zh_tw?.as_str().to_string(),
            kind: kind?,
            priority: priority?,
            due_preset: due_preset?,
            notes_en: notes_en?,
            notes_zh_tw: notes_zh_tw?,
        })
    })();
    check.finish(fields)
}

pub async fn save(
    access: &Access,
    id: Option<TemplateId>,
    form: &TemplateForm<'_>,
) -> Result<(), AppError> {
    let fields = parse(form)?;
    if !tasks::save_template(&access.state.db, id, &fields, Utc::now()).await? {
        return Err(AppError::NotFound);
    }
    forms::notice(if id.is_some() {
        Key::Saved
    } else {
        Key::DefaultTaskAdded
    });
    Ok(())
}

pub async fn delete(access: &Access, id: TemplateId, confirmed: bool) -> Result<(), AppError> {
    if !confirmed {
        return Err(AppError::invalid("confirm", Key::ErrConfirmDelete));
    }
    if !tasks::delete_template(&access.state.db, id).await? {
        return Err(AppError::NotFound);
    }
    forms::notice(Key::DefaultTaskDeleted);
    Ok(())
}
