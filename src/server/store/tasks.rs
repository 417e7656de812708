//! A partner's action tasks and the people they can be assigned to. Every
//! save names the version it started from and writes only over that version.
//! The default tasks new ones can start from are `store::task_templates`.

use crate::model::tasks::{Priority, ReminderPreset, TaskType};
use crate::model::{TaskId, UserId};
use crate::server::db::{with_db, Exec, Tx};
use crate::server::store::membership;
use crate::server::store::scope::{PartnerOwned, PartnerScope};
use chrono::{DateTime, Utc};

impl PartnerOwned for TaskId {
    const TABLE: &'static str = "tasks";
    fn raw(self) -> i64 {
        self.0
    }
}

/// A stored task with the names of the people it mentions.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct TaskRow {
    pub id: TaskId,
    pub title: String,
    pub kind: String,
    pub priority: String,
    pub assignee_id: Option<UserId>,
    pub assignee: Option<String>,
    /// Set when the assignee's account is deactivated: the task keeps them
    /// (it says who held it) and shows them as deactivated.
    pub assignee_deactivated_at: Option<DateTime<Utc>>,
    pub due_at: DateTime<Utc>,
    pub reminder: String,
    pub remind_at: Option<DateTime<Utc>>,
    pub notes: String,
    pub completed_at: Option<DateTime<Utc>>,
    pub completed_by: Option<String>,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_by: Option<String>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl TaskRow {
    pub fn kind(&self) -> TaskType {
        TaskType::parse(&self.kind).unwrap_or(TaskType::Todo)
    }

    pub fn priority(&self) -> Priority {
        Priority::parse(&self.priority).unwrap_or(Priority::None)
    }

    pub fn reminder(&self) -> ReminderPreset {
        ReminderPreset::parse(&self.reminder).unwrap_or(ReminderPreset::None)
    }
}

/// What a task holds, as the panel saves it.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskFields {
    pub title: String,
    pub kind: TaskType,
    pub priority: Priority,
    pub assignee: Option<UserId>,
    pub due_at: DateTime<Utc>,
    pub reminder: ReminderPreset,
    pub remind_at: Option<DateTime<Utc>>,
    pub notes: String,
    pub completed: bool,
}

/// Which tasks a list shows; instants already resolved in the viewer's zone.
#[derive(Clone, Debug, Default)]
pub struct ListQuery {
    /// `Some(true)`: completed only; `Some(false)`: open only.
    pub completed: Option<bool>,
    pub assignee: Option<UserId>,
    /// Open and due before this instant.
    pub overdue_at: Option<DateTime<Utc>>,
    /// Due in `[from, to)`.
    pub due_between: Option<(DateTime<Utc>, DateTime<Utc>)>,
    pub kind: Option<TaskType>,
    pub priority: Option<Priority>,
}

const SELECT: &str = "SELECT t.id, t.title, t.kind, t.priority, t.assignee_id, a.display_name AS assignee, \
        a.deactivated_at AS assignee_deactivated_at, \
        t.due_at, t.reminder, t.remind_at, t.notes, t.completed_at, c.display_name AS completed_by, \
        cb.display_name AS created_by, t.created_at, ub.display_name AS updated_by, t.updated_at, t.version \
     FROM tasks t \
     LEFT JOIN users a ON a.id = t.assignee_id \
     LEFT JOIN users c ON c.id = t.completed_by \
     LEFT JOIN users cb ON cb.id = t.created_by \
     LEFT JOIN users ub ON ub.id = t.updated_by";

/// The partner's tasks that match, by due time.
pub async fn list<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
    query: &ListQuery,
) -> Result<Vec<TaskRow>, sqlx::Error> {
    // Each filter is a fixed clause; the values are bound, never spliced.
    let mut sql = format!("{SELECT} WHERE t.partner_id = $1");
    let mut n = 1;
    let mut next = || {
        n += 1;
        n
    };
    match query.completed {
        Some(true) => sql.push_str(" AND t.completed_at IS NOT NULL"),
        Some(false) => sql.push_str(" AND t.completed_at IS NULL"),
        None => {}
    }
    if query.assignee.is_some() {
        sql.push_str(&format!(" AND t.assignee_id = ${}", next()));
    }
    if query.overdue_at.is_some() {
        sql.push_str(&format!(
            " AND t.completed_at IS NULL AND t.due_at < ${}",
            next()
        ));
    }
    if query.due_between.is_some() {
        let (a, b) = (next(), next());
        sql.push_str(&format!(" AND t.due_at >= ${a} AND t.due_at < ${b}"));
    }
    if query.kind.is_some() {
        sql.push_str(&format!(" AND t.kind = ${}", next()));
    }
    if query.priority.is_some() {
        sql.push_str(&format!(" AND t.priority = ${}", next()));
    }
    sql.push_str(" ORDER BY t.due_at, t.id LIMIT 1000");
    with_db!(db, |e| {
        let mut q = sqlx::query_as::<_, TaskRow>(&sql).bind(scope.partner_id());
        if let Some(a) = query.assignee {
            q = q.bind(a);
        }
        if let Some(at) = query.overdue_at {
            q = q.bind(at);
        }
        if let Some((from, to)) = query.due_between {
            q = q.bind(from).bind(to);
        }
        if let Some(k) = query.kind {
            q = q.bind(k.as_str());
        }
        if let Some(p) = query.priority {
            q = q.bind(p.as_str());
        }
        q.fetch_all(e).await
    })
}

pub async fn get<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
    id: TaskId,
) -> Result<Option<TaskRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE t.partner_id = $1 AND t.id = $2");
    with_db!(db, |e| sqlx::query_as::<_, TaskRow>(&sql)
        .bind(scope.partner_id())
        .bind(id)
        .fetch_optional(e)
        .await)
}

/// Someone a task of this partner may be assigned to.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct Assignable {
    pub id: UserId,
    pub display_name: String,
    pub role: String,
}

/// The partner's members and the PDMs assigned to it: nobody else may hold
/// one of its tasks.
pub async fn assignable<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
) -> Result<Vec<Assignable>, sqlx::Error> {
    let sql = format!(
        "SELECT u.id, u.display_name, u.role FROM users u WHERE {} \
         ORDER BY u.role, lower(u.display_name), u.id",
        membership::belongs("u", "$1")
    );
    with_db!(db, |e| {
        sqlx::query_as::<_, Assignable>(&sql)
            .bind(scope.partner_id())
            .fetch_all(e)
            .await
    })
}

/// Whether `user` may hold one of the partner's tasks (the rule of [`assignable`]).
pub async fn may_hold<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
    user: UserId,
) -> Result<bool, sqlx::Error> {
    let sql = format!(
        "SELECT COUNT(*) FROM users u WHERE u.id = $2 AND {}",
        membership::belongs("u", "$1")
    );
    with_db!(db, |e| sqlx::query_scalar::<_, i64>(&sql)
        .bind(scope.partner_id())
        .bind(user)
        .fetch_one(e)
        .await)
    .map(|n| n > 0)
}

/// Who holds the partner's task now, if anyone: a save may keep an assignee
/// who could not be given the task anew (see `server::tasks::form`).
pub async fn assignee_of<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
    id: TaskId,
) -> Result<Option<UserId>, sqlx::Error> {
    with_db!(db, |e| sqlx::query_scalar::<_, Option<UserId>>(
        "SELECT assignee_id FROM tasks WHERE partner_id = $1 AND id = $2"
    )
    .bind(scope.partner_id())
    .bind(id)
    .fetch_optional(e)
    .await)
    .map(Option::flatten)
}

/// What a save found.
#[derive(Debug, PartialEq, Eq)]
pub enum Saved {
    /// Written; the task and its version now.
    Done(TaskId, i64),
    /// Someone saved the task after the version the editor started from.
    Stale,
    /// The task is gone (deleted, or never this partner's).
    Missing,
}

/// Binds a task's fields in the order every statement here takes them (the
/// parameters after the ones that name the task).
macro_rules! bind_task_fields {
    ($query:expr, $task:expr) => {
        $query
            .bind(&$task.title)
            .bind($task.kind.as_str())
            .bind($task.priority.as_str())
            .bind($task.assignee)
            .bind($task.due_at)
            .bind($task.reminder.as_str())
            .bind($task.remind_at)
            .bind(&$task.notes)
    };
}

/// The SET clauses that complete a task or open it again, given the SQL
/// parameters of "completed?", who and when: completing keeps the first
/// completion's who and when; opening clears both.
macro_rules! set_completion {
    ($done:literal, $by:literal, $now:literal) => {
        concat!(
            "completed_at = CASE WHEN ",
            $done,
            " THEN COALESCE(completed_at, ",
            $now,
            ") ELSE NULL END, ",
            "completed_by = CASE WHEN ",
            $done,
            " THEN (CASE WHEN completed_at IS NULL THEN ",
            $by,
            " ELSE completed_by END) ELSE NULL END, "
        )
    };
}

pub async fn create(
    tx: &mut Tx,
    scope: &PartnerScope,
    task: &TaskFields,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<TaskId, sqlx::Error> {
    let completed_at = task.completed.then_some(now);
    let completed_by = if task.completed { by } else { None };
    with_db!(&mut *tx, |e| {
        bind_task_fields!(
            sqlx::query_scalar::<_, TaskId>(
                "INSERT INTO tasks (partner_id, title, kind, priority, assignee_id, due_at, reminder, remind_at, \
                     notes, completed_at, completed_by, created_by, created_at, updated_by, updated_at, version) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $12, $13, 1) RETURNING id"
            )
            .bind(scope.partner_id()),
            task
        )
    .bind(completed_at)
    .bind(completed_by)
    .bind(by)
    .bind(now)
    .fetch_one(e)
    .await
    })
}

/// Writes `task` over version `expected`. A reminder that moves is sent
/// again at its new time; completing a task keeps who and when it was first
/// completed, and reopening it clears them.
pub async fn update(
    tx: &mut Tx,
    scope: &PartnerScope,
    id: TaskId,
    expected: i64,
    task: &TaskFields,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<Saved, sqlx::Error> {
    let written = with_db!(&mut *tx, |e| {
        bind_task_fields!(
            sqlx::query(concat!(
            "UPDATE tasks SET title = $4, kind = $5, priority = $6, assignee_id = $7, due_at = $8, \
             reminded_at = CASE WHEN remind_at = $10 THEN reminded_at ELSE NULL END, \
             reminder = $9, remind_at = $10, notes = $11, ",
            set_completion!("$12", "$13", "$14"),
            "updated_by = $13, updated_at = $14, version = version + 1 \
             WHERE partner_id = $1 AND id = $2 AND version = $3"
        ))
            .bind(scope.partner_id())
            .bind(id)
            .bind(expected),
            task
        )
        .bind(task.completed)
        .bind(by)
        .bind(now)
        .execute(e)
        .await?
        .rows_affected()
    });
    if written == 1 {
        return Ok(Saved::Done(id, expected + 1));
    }
    Ok(match get(&mut *tx, scope, id).await? {
        Some(_) => Saved::Stale,
        None => Saved::Missing,
    })
}

/// Marks a task completed or open again, whatever its version: a click in
/// the list changes nothing anyone else typed, so it never conflicts.
pub async fn set_completed(
    tx: &mut Tx,
    scope: &PartnerScope,
    id: TaskId,
    completed: bool,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<Saved, sqlx::Error> {
    let version = with_db!(&mut *tx, |e| {
        sqlx::query_scalar::<_, i64>(concat!(
            "UPDATE tasks SET ",
            set_completion!("$3", "$4", "$5"),
            "updated_by = $4, updated_at = $5, version = version + 1 \
             WHERE partner_id = $1 AND id = $2 RETURNING version"
        ))
        .bind(scope.partner_id())
        .bind(id)
        .bind(completed)
        .bind(by)
        .bind(now)
        .fetch_optional(e)
        .await?
    });
    Ok(match version {
        Some(v) => Saved::Done(id, v),
        None => Saved::Missing,
    })
}

/// Deletes version `expected` only.
pub async fn delete(
    tx: &mut Tx,
    scope: &PartnerScope,
    id: TaskId,
    expected: i64,
) -> Result<Saved, sqlx::Error> {
    let deleted = with_db!(&mut *tx, |e| sqlx::query(
        "DELETE FROM tasks WHERE partner_id = $1 AND id = $2 AND version = $3"
    )
    .bind(scope.partner_id())
    .bind(id)
    .bind(expected)
    .execute(e)
    .await?
    .rows_affected());
    if deleted == 1 {
        return Ok(Saved::Done(id, expected));
    }
    Ok(match get(&mut *tx, scope, id).await? {
        Some(_) => Saved::Stale,
        None => Saved::Missing,
    })
}
