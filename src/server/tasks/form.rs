//! The panel's form: its fields as typed, each problem on its field, and
//! after a conflict the fields the person chose to keep as saved.

use crate::error::{AppError, Validation};
use crate::i18n::Key;
use crate::model::tasks::panel::COMPARED;
use crate::model::tasks::{
    fields, parse_notes, schedule, DueInput, Priority, ReminderInput, TaskTitle, TaskType,
};
use crate::model::{TaskId, UserId};
use crate::server::authz::{Access, PartnerScope};
use crate::server::clock::viewer_zone;
use crate::server::store::tasks::{self, TaskFields, TaskRow};
use crate::server::web::forms::Submitted;
use chrono::Utc;

/// After a conflict, whether the user chose to keep the saved value of `field`.
pub(super) fn keeps_theirs(form: &Submitted, field: &str) -> bool {
    form.get(&format!("keep_{field}")) == "theirs"
}

/// The panel's fields as typed, or each problem on its field. `task` is the
/// task being edited, if it exists yet.
pub(super) async fn read_fields(
    access: &Access,
    scope: &PartnerScope,
    task: Option<TaskId>,
    form: &Submitted,
) -> Result<TaskFields, AppError> {
    let mut check = Validation::new();
    let title = check.check("title", TaskTitle::parse(form.get("title")));
    let kind = check.check(
        "kind",
        TaskType::parse(form.get("kind")).ok_or(Key::ErrChooseOption),
    );
    let priority = check.check(
        "priority",
        Priority::parse(form.get("priority")).ok_or(Key::ErrChooseOption),
    );
    let notes = check.check("notes", parse_notes(form.get("notes")));
    let assignee = match form.get("assignee").trim() {
        "" => Some(None),
        raw => {
            let found = match raw.parse::<UserId>() {
                Ok(id) if may_keep_or_hold(access, scope, task, id).await? => Some(id),
                _ => None,
            };
            check.check("assignee", found.map(Some).ok_or(Key::ErrAssigneeOutside))
        }
    };
    let zone = viewer_zone(access);
    let today = Utc::now().with_timezone(&zone).date_naive();
    let when = schedule(
        &zone,
        today,
        DueInput {
            preset: form.get(fields::DUE_PRESET),
            date: form.get(fields::DUE_DATE),
            time: form.get(fields::DUE_TIME),
        },
        ReminderInput {
            preset: form.get(fields::REMINDER),
            date: form.get(fields::REMIND_DATE),
            time: form.get(fields::REMIND_TIME),
        },
    );
    let when = match when {
        Ok(when) => Some(when),
        Err(problems) => {
            for (field, key) in problems {
                check.fail(field, key);
            }
            None
        }
    };
    let values = match (title, kind, priority, notes, assignee, when) {
        (Some(title), Some(kind), Some(priority), Some(notes), Some(assignee), Some(when)) => {
            Some(TaskFields {
                title: title.as_str().to_string(),
                kind,
                priority,
                assignee,
                due_at: when.due,
                reminder: when.reminder,
                remind_at: when.remind_at,
                notes,
                completed: !form.get("completed").is_empty(),
            })
        }
        _ => None,
    };
    check.finish(values)
}

/// Whether `user` may hold the task: anyone who may hold one of the
/// partner's tasks, or whoever holds it now. An edit that leaves a
/// deactivated assignee in place saves; only giving the task to them anew is
/// refused (they are not offered).
async fn may_keep_or_hold(
    access: &Access,
    scope: &PartnerScope,
    task: Option<TaskId>,
    user: UserId,
) -> Result<bool, sqlx::Error> {
    let db = &access.state.db;
    if tasks::may_hold(db, scope, user).await? {
        return Ok(true);
    }
    Ok(match task {
        Some(task) => tasks::assignee_of(db, scope, task).await? == Some(user),
        None => false,
    })
}

/// Where a saved value replaces the typed one because the user chose theirs.
pub(super) fn keep_theirs(form: &Submitted, typed: &mut TaskFields, saved: &TaskRow) {
    if keeps_theirs(form, "title") {
        typed.title = saved.title.clone();
    }
    if keeps_theirs(form, "completed") {
        typed.completed = saved.completed_at.is_some();
    }
    if keeps_theirs(form, "kind") {
        typed.kind = saved.kind();
    }
    if keeps_theirs(form, "priority") {
        typed.priority = saved.priority();
    }
    if keeps_theirs(form, "assignee") {
        typed.assignee = saved.assignee_id;
    }
    if keeps_theirs(form, "due") {
        typed.due_at = saved.due_at;
    }
    if keeps_theirs(form, "reminder") {
        typed.reminder = saved.reminder();
        typed.remind_at = saved.remind_at;
    }
    if keeps_theirs(form, "notes") {
        typed.notes = saved.notes.clone();
    }
}

/// The compared fields where what was typed differs from what is saved.
pub(super) fn differences(typed: &TaskFields, saved: &TaskRow) -> Vec<&'static str> {
    let differs = [
        typed.title != saved.title,
        typed.completed != saved.completed_at.is_some(),
        typed.kind != saved.kind(),
        typed.priority != saved.priority(),
        typed.assignee != saved.assignee_id,
        typed.due_at != saved.due_at,
        typed.reminder != saved.reminder() || typed.remind_at != saved.remind_at,
        typed.notes != saved.notes,
    ];
    COMPARED
        .into_iter()
        .zip(differs)
        .filter_map(|(field, differs)| differs.then_some(field))
        .collect()
}
