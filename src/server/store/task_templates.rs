//! The default tasks (templates) a new task can start from, kept by admins:
//! ordered, in both languages, retired rather than lost while in use.

use crate::model::tasks::{Priority, TaskType};
use crate::model::TemplateId;
use crate::server::db::{with_db, Exec};
use chrono::{DateTime, Utc};

/// A default task.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct TemplateRow {
    pub id: TemplateId,
    pub position: i64,
    pub title_en: String,
    pub title_zh_tw: String,
    pub kind: String,
    pub priority: String,
    pub due_preset: String,
    pub notes_en: String,
    pub notes_zh_tw: String,
}

pub async fn templates<'a>(db: impl Into<Exec<'a>>) -> Result<Vec<TemplateRow>, sqlx::Error> {
    with_db!(db, |e| {
        sqlx::query_as::<_, TemplateRow>(
        "SELECT id, position, title_en, title_zh_tw, kind, priority, due_preset, notes_en, notes_zh_tw \
         FROM task_templates WHERE retired_at IS NULL ORDER BY position, id"
    )
    .fetch_all(e)
    .await
    })
}

/// Every default task, retired ones too, for the admin area: each with whether it is retired.
pub async fn all_templates<'a>(
    db: impl Into<Exec<'a>>,
) -> Result<Vec<(TemplateRow, bool)>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        t: TemplateRow,
        retired: bool,
    }
    let rows = with_db!(db, |e| {
        sqlx::query_as::<_, Row>(
        "SELECT id, position, title_en, title_zh_tw, kind, priority, due_preset, notes_en, notes_zh_tw, \
         (retired_at IS NOT NULL) AS retired FROM task_templates ORDER BY position, id"
    )
    .fetch_all(e)
    .await
    })?;
    Ok(rows.into_iter().map(|r| (r.t, r.retired)).collect())
}

/// Retires (`Some(when)`) or restores (`None`) a default task; whether it exists.
pub async fn set_template_retired<'a>(
    db: impl Into<Exec<'a>>,
    id: TemplateId,
    at: Option<DateTime<Utc>>,
) -> Result<bool, sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "UPDATE task_templates SET retired_at = $1 WHERE id = $2"
    )
    .bind(at)
    .bind(id)
    .execute(e)
    .await
    .map(|r| r.rows_affected() == 1))
}

pub async fn set_template_position<'a>(
    db: impl Into<Exec<'a>>,
    id: TemplateId,
    position: i64,
) -> Result<(), sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "UPDATE task_templates SET position = $1 WHERE id = $2"
    )
    .bind(position)
    .bind(id)
    .execute(e)
    .await
    .map(|_| ()))
}

/// A default task as an admin saves it.
#[derive(Clone, Debug, PartialEq)]
pub struct TemplateFields {
    pub position: i64,
    pub title_en: String,
    pub title_zh_tw: String,
    pub kind: TaskType,
    pub priority: Priority,
    pub due_preset: crate::model::tasks::DuePreset,
    pub notes_en: String,
    pub notes_zh_tw: String,
}

/// Adds a default task (`None`) or replaces one; whether it was there to replace.
pub async fn save_template<'a>(
    db: impl Into<Exec<'a>>,
    id: Option<TemplateId>,
    t: &TemplateFields,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let sql = match id {
        None => "INSERT INTO task_templates (position, title_en, title_zh_tw, kind, priority, due_preset, \
                     notes_en, notes_zh_tw, updated_at) VALUES ($2, $3, $4, $5, $6, $7, $8, $9, $10)",
        Some(_) => "UPDATE task_templates SET position = $2, title_en = $3, title_zh_tw = $4, kind = $5, \
                     priority = $6, due_preset = $7, notes_en = $8, notes_zh_tw = $9, updated_at = $10 \
                     WHERE id = $1",
    };
    let written = with_db!(db, |e| sqlx::query(sql)
        .bind(id.map(|i| i.0).unwrap_or_default())
        .bind(t.position)
        .bind(&t.title_en)
        .bind(&t.title_zh_tw)
        .bind(t.kind.as_str())
        .bind(t.priority.as_str())
        .bind(t.due_preset.as_str())
        .bind(&t.notes_en)
        .bind(&t.notes_zh_tw)
        .bind(now)
        .execute(e)
        .await?
        .rows_affected());
    Ok(written == 1)
}

/// Removes a default task; tasks made from it keep what they copied.
pub async fn delete_template<'a>(
    db: impl Into<Exec<'a>>,
    id: TemplateId,
) -> Result<bool, sqlx::Error> {
    let deleted = with_db!(db, |e| sqlx::query(
        "DELETE FROM task_templates WHERE id = $1"
    )
    .bind(id)
    .execute(e)
    .await?
    .rows_affected());
    Ok(deleted == 1)
}
