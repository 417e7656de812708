//! The default tasks, as admins keep them: the library every partner's
//! "Create task" menu offers, in both languages.

use crate::error::{AppError, Validation};
use crate::i18n::Key;
use crate::model::audit::{Field, Fields, Kind, Target};
use crate::model::tasks::{parse_notes, DuePreset, Priority, TaskTitle, TaskType};
use crate::model::TemplateId;
use crate::server::admin::{area, changes};
use crate::server::authz::Access;
use crate::server::db::Tx;
use crate::server::store::task_templates::{self as templates, TemplateFields, TemplateRow};
use crate::server::web::forms;
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
    Ok(templates::all_templates(&access.state.db)
        .await?
        .into_iter()
        .map(|(t, retired)| DefaultTaskView {
            retired,
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
    let actor = area::actor(access)?;
    let db = &access.state.db;
    let mut tx = db.begin().await?;
    let old = match id {
        Some(id) => Some(describe(&find(&mut tx, id).await?.0)),
        None => None,
    };
    if !templates::save_template(&mut tx, id, &fields, Utc::now()).await? {
        return Err(AppError::NotFound);
    }
    let new = Fields::new()
        .with(Field::Position, fields.position)
        .with(Field::TitleEn, &fields.title_en)
        .with(Field::TitleZhTw, &fields.title_zh_tw)
        .with(Field::TaskKind, fields.kind.as_str())
        .with(Field::Priority, fields.priority.as_str())
        .with(Field::Due, fields.due_preset.as_str())
        .to_stored();
    let kind = if id.is_some() {
        Kind::DefaultTaskUpdate
    } else {
        Kind::DefaultTaskCreate
    };
    let target = Target::DefaultTask {
        id: id.map(|id| id.0),
        title: Some(fields.title_en.clone()),
    };
    changes::audit_default_task(
        &mut tx,
        &actor,
        kind,
        &target,
        old.as_deref().unwrap_or_default(),
        &new,
    )
    .await?;
    tx.commit().await?;
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
    let actor = area::actor(access)?;
    let mut tx = access.state.db.begin().await?;
    let (old, _) = find(&mut tx, id).await?;
    if !templates::delete_template(&mut tx, id).await? {
        return Err(AppError::NotFound);
    }
    let target = default_task_target(&old);
    changes::audit_default_task(
        &mut tx,
        &actor,
        Kind::DefaultTaskDelete,
        &target,
        &describe(&old),
        "",
    )
    .await?;
    tx.commit().await?;
    forms::notice(Key::DefaultTaskDeleted);
    Ok(())
}

fn describe(t: &TemplateRow) -> String {
    Fields::new()
        .with(Field::Position, t.position)
        .with(Field::TitleEn, &t.title_en)
        .with(Field::TitleZhTw, &t.title_zh_tw)
        .with(Field::TaskKind, &t.kind)
        .with(Field::Priority, &t.priority)
        .with(Field::Due, &t.due_preset)
        .to_stored()
}

fn default_task_target(t: &TemplateRow) -> Target {
    Target::DefaultTask {
        id: Some(t.id.0),
        title: Some(t.title_en.clone()),
    }
}

/// A default task, and whether it is retired.
async fn find(tx: &mut Tx, id: TemplateId) -> Result<(TemplateRow, bool), AppError> {
    templates::all_templates(&mut *tx)
        .await?
        .into_iter()
        .find(|(t, _)| t.id == id)
        .ok_or(AppError::NotFound)
}

/// Retires a default task (`retired`: the task panel no longer offers it, but
/// it is kept) or restores it.
pub async fn retire(access: &Access, id: TemplateId, retired: bool) -> Result<(), AppError> {
    let actor = area::actor(access)?;
    let mut tx = access.state.db.begin().await?;
    let (old, was_retired) = find(&mut tx, id).await?;
    // Retired twice (a second click, another admin): nothing changes, so
    // nothing is written to the audit log either.
    if was_retired != retired {
        templates::set_template_retired(&mut tx, id, retired.then(Utc::now)).await?;
        let (kind, before, after) = if retired {
            (Kind::DefaultTaskRetire, "offered", "retired")
        } else {
            (Kind::DefaultTaskRestore, "retired", "offered")
        };
        let target = default_task_target(&old);
        changes::audit_default_task(&mut tx, &actor, kind, &target, before, after).await?;
    }
    tx.commit().await?;
    forms::notice(if retired {
        Key::DefaultTaskRetired
    } else {
        Key::DefaultTaskRestored
    });
    Ok(())
}

/// Moves a default task one place up (`up`) or down the menu: it swaps
/// places with its neighbour.
pub async fn reorder(access: &Access, id: TemplateId, up: bool) -> Result<(), AppError> {
    let actor = area::actor(access)?;
    let mut tx = access.state.db.begin().await?;
    let all: Vec<TemplateRow> = templates::all_templates(&mut tx)
        .await?
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    let at = all
        .iter()
        .position(|t| t.id == id)
        .ok_or(AppError::NotFound)?;
    let other = if up {
        at.checked_sub(1)
    } else {
        Some(at + 1).filter(|i| *i < all.len())
    };
    if let Some(other) = other {
        // Positions renumbered 1, 2, 3… in the new order, so that equal
        // positions cannot keep two tasks from swapping.
        let mut order: Vec<&TemplateRow> = all.iter().collect();
        order.swap(at, other);
        for (i, t) in order.iter().enumerate() {
            let position = i as i64 + 1;
            if t.position != position {
                templates::set_template_position(&mut tx, t.id, position).await?;
            }
        }
        let target = default_task_target(&all[at]);
        let place = |i: usize| Fields::new().with(Field::Position, i + 1).to_stored();
        changes::audit_default_task(
            &mut tx,
            &actor,
            Kind::DefaultTaskReorder,
            &target,
            &place(at),
            &place(other),
        )
        .await?;
    }
    tx.commit().await?;
    forms::notice(Key::DefaultTaskMoved);
    Ok(())
}
