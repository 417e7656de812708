//! `/api/v1/partners/{partner}/tasks`: a partner's action tasks, read with
//! the Go-to-market page's filters, written through the task panel's own save
//! (the same rules, messages, assignment emails and live events), and
//! followed live through the page's event stream.

use super::reply::{ApiError, Reply};
use super::{idempotency, if_match, read_json, PartnerPath, RecordPath};
use crate::error::AppError;
use crate::model::api_token::Scope;
use crate::model::tasks::fields;
use crate::model::{PartnerId, TaskId};
use crate::server::authz::{Access, Touches};
use crate::server::clock::viewer_zone;
use crate::server::store::tasks::{self as store, TaskRow};
use crate::server::tasks;
use crate::server::web::forms::Submitted;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery};
use axum::response::{IntoResponse, Response};
use http::HeaderMap;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A task as the API reads it back. Instants are UTC (RFC 3339).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Task {
    pub id: i64,
    /// Sent back in `If-Match` to change this task.
    pub version: i64,
    pub title: String,
    /// `call`, `email` or `todo`.
    pub kind: String,
    /// `none`, `low`, `medium` or `high`.
    pub priority: String,
    pub assignee_id: Option<i64>,
    pub assignee: Option<String>,
    #[schema(example = "2026-12-10T01:00:00Z")]
    pub due_at: String,
    /// `none`, `at_due`, `before_15m`, `before_30m`, `before_1h`,
    /// `before_1d`, `before_1w` or `custom`.
    pub reminder: String,
    pub remind_at: Option<String>,
    pub notes: String,
    pub completed_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// A task's fields as sent. Dates and times are on the clock of the token's
/// creator (their time zone in settings; UTC for a command-line token), as
/// the task panel reads them.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "title": "Joint webinar with the vendor", "kind": "todo", "priority": "high",
    "due_date": "2026-12-18", "due_time": "10:00", "reminder": "before_1d", "notes": ""
}))]
pub struct TaskInput {
    pub title: Option<String>,
    /// `call`, `email` or `todo`.
    pub kind: Option<String>,
    /// `none`, `low`, `medium` or `high`.
    pub priority: Option<String>,
    /// Someone who may hold the partner's tasks; `null` for nobody.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>)]
    pub assignee_id: Option<Option<i64>>,
    /// `YYYY-MM-DD`.
    pub due_date: Option<String>,
    /// `HH:MM`.
    pub due_time: Option<String>,
    /// A reminder preset (see `Task.reminder`).
    pub reminder: Option<String>,
    /// With `reminder: custom`: `YYYY-MM-DD` and `HH:MM`.
    pub remind_date: Option<String>,
    pub remind_time: Option<String>,
    pub notes: Option<String>,
    pub completed: Option<bool>,
}

fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<i64>>, D::Error> {
    Ok(Some(Option::deserialize(d)?))
}

fn rfc3339(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub fn task_json(t: &TaskRow) -> Task {
    Task {
        id: t.id.0,
        version: t.version,
        title: t.title.clone(),
        kind: t.kind.clone(),
        priority: t.priority.clone(),
        assignee_id: t.assignee_id.map(|a| a.0),
        assignee: t.assignee.clone(),
        due_at: rfc3339(t.due_at),
        reminder: t.reminder.clone(),
        remind_at: t.remind_at.map(rfc3339),
        notes: t.notes.clone(),
        completed_at: t.completed_at.map(rfc3339),
        created_at: rfc3339(t.created_at),
        updated_at: rfc3339(t.updated_at),
    }
}

impl TaskInput {
    /// The panel's form: what was sent, over `saved` (an edit's task) or the
    /// panel's own defaults (a new task).
    fn form(self, access: &Access, saved: Option<&TaskRow>) -> Submitted {
        let zone = viewer_zone(access);
        let local = |at: chrono::DateTime<chrono::Utc>, f: &str| {
            at.with_timezone(&zone).format(f).to_string()
        };
        let or = |sent: Option<String>, kept: Option<String>, default: &str| {
            sent.or(kept).unwrap_or_else(|| default.to_string())
        };
        let assignee = match self.assignee_id {
            Some(sent) => sent,
            None => saved.and_then(|t| t.assignee_id).map(|a| a.0),
        };
        let completed = self
            .completed
            .unwrap_or_else(|| saved.is_some_and(|t| t.completed_at.is_some()));
        let pairs = [
            ("title", or(self.title, saved.map(|t| t.title.clone()), "")),
            ("kind", or(self.kind, saved.map(|t| t.kind.clone()), "todo")),
            (
                "priority",
                or(self.priority, saved.map(|t| t.priority.clone()), "none"),
            ),
            ("notes", or(self.notes, saved.map(|t| t.notes.clone()), "")),
            (
                "assignee",
                assignee.map(|a| a.to_string()).unwrap_or_default(),
            ),
            (fields::DUE_PRESET, "custom".to_string()),
            (
                fields::DUE_DATE,
                or(
                    self.due_date,
                    saved.map(|t| local(t.due_at, "%Y-%m-%d")),
                    "",
                ),
            ),
            (
                fields::DUE_TIME,
                or(
                    self.due_time,
                    saved.map(|t| local(t.due_at, "%H:%M")),
                    "09:00",
                ),
            ),
            (
                fields::REMINDER,
                or(self.reminder, saved.map(|t| t.reminder.clone()), "none"),
            ),
            (
                fields::REMIND_DATE,
                or(
                    self.remind_date,
                    saved
                        .and_then(|t| t.remind_at)
                        .map(|at| local(at, "%Y-%m-%d")),
                    "",
                ),
            ),
            (
                fields::REMIND_TIME,
                or(
                    self.remind_time,
                    saved.and_then(|t| t.remind_at).map(|at| local(at, "%H:%M")),
                    "",
                ),
            ),
            ("completed", if completed { "on" } else { "" }.to_string()),
            (
                "version",
                saved.map(|t| t.version.to_string()).unwrap_or_default(),
            ),
        ];
        Submitted(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    }
}

/// The saved task, as the API writes it.
async fn saved(access: &Access, id: TaskId) -> Result<Task, ApiError> {
    let scope = access.scope()?;
    let row = store::get(&access.state.db, &scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(task_json(&row))
}

/// List the partner's tasks, with the Go-to-market page's filters.
#[utoipa::path(get, operation_id = "list_tasks", path = "/api/v1/partners/{partner}/tasks", tag = "tasks",
    params(PartnerPath,
        ("status" = Option<String>, Query, description = "`open` (the default), `completed` or `all`"),
        ("assignee" = Option<String>, Query, description = "A person's id, or `me` (the token's creator)"),
        ("type" = Option<String>, Query, description = "`call`, `email` or `todo`"),
        ("priority" = Option<String>, Query, description = "`none`, `low`, `medium` or `high`"),
        ("overdue" = Option<String>, Query, description = "`1`: overdue only"),
        ("week" = Option<String>, Query, description = "`1`: due this week only")),
    responses((status = 200, description = "OK", body = Vec<Task>), (status = "4XX", description = "Refused: the error says why, with a code", body = super::reply::ErrorBody)),
    security(("token" = ["tasks:read"])))]
pub async fn list(
    access: Access,
    Path(partner): Path<PartnerId>,
    RawQuery(query): RawQuery,
) -> Result<Reply, ApiError> {
    let access = access
        .allow_scoped(Scope::TasksRead, Touches::Partner(partner))
        .await?;
    let rows = tasks::rows(&access, query.as_deref().unwrap_or("")).await?;
    Ok(Reply::ok(rows.iter().map(task_json).collect::<Vec<_>>()))
}

/// Create a task.
#[utoipa::path(post, operation_id = "create_task", path = "/api/v1/partners/{partner}/tasks", tag = "tasks",
    params(PartnerPath, super::IdempotencyHeader),
    request_body = TaskInput,
    responses((status = 201, description = "Created", body = Task), (status = "4XX", description = "Refused: the error says why, with a code", body = super::reply::ErrorBody)),
    security(("token" = ["tasks:write"])))]
pub async fn create(
    access: Access,
    Path(partner): Path<PartnerId>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Reply, ApiError> {
    let access = access
        .allow_scoped(Scope::TasksWrite, Touches::Partner(partner))
        .await?;
    let body = super::body_bytes(body)?;
    idempotency::once(&access, &body, async {
        let input: TaskInput = read_json(&headers, &body)?;
        let scope = access.scope()?;
        let form = input.form(&access, None);
        let (id, _) = tasks::save(&access, &scope, None, &form)
            .await
            .map_err(|r| ApiError::App(r.error))?;
        Ok(Reply::created(
            saved(&access, id).await?,
            format!("/api/v1/partners/{partner}/tasks/{id}"),
        ))
    })
    .await
}

/// Change a task: only the fields sent, over the version in `If-Match`.
#[utoipa::path(patch, operation_id = "patch_task", path = "/api/v1/partners/{partner}/tasks/{id}", tag = "tasks",
    params(RecordPath, super::IfMatchHeader, super::IdempotencyHeader),
    request_body = TaskInput,
    responses((status = 200, description = "OK", body = Task), (status = "4XX", description = "Refused: the error says why, with a code", body = super::reply::ErrorBody)),
    security(("token" = ["tasks:write"])))]
pub async fn patch(
    access: Access,
    Path((partner, id)): Path<(PartnerId, TaskId)>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Reply, ApiError> {
    let access = access
        .allow_scoped(Scope::TasksWrite, Touches::record_of(partner, id))
        .await?;
    let body = super::body_bytes(body)?;
    idempotency::once(&access, &body, async {
        let version = if_match(&headers)?;
        let input: TaskInput = read_json(&headers, &body)?;
        let scope = access.scope()?;
        let row = store::get(&access.state.db, &scope, id)
            .await?
            .ok_or(AppError::NotFound)?;
        if row.version != version {
            return Err(ApiError::Stale);
        }
        let form = input.form(&access, Some(&row));
        tasks::save(&access, &scope, Some(id), &form)
            .await
            .map_err(|r| match r.error {
                AppError::Conflict => ApiError::Stale,
                other => ApiError::App(other),
            })?;
        Ok(Reply::ok(saved(&access, id).await?))
    })
    .await
}

/// Mark a task completed.
#[utoipa::path(post, operation_id = "complete_task", path = "/api/v1/partners/{partner}/tasks/{id}/complete", tag = "tasks",
    params(RecordPath, super::IdempotencyHeader),
    responses((status = 200, description = "OK", body = Task), (status = "4XX", description = "Refused: the error says why, with a code", body = super::reply::ErrorBody)),
    security(("token" = ["tasks:write"])))]
pub async fn complete(
    access: Access,
    Path((partner, id)): Path<(PartnerId, TaskId)>,
) -> Result<Reply, ApiError> {
    let access = access
        .allow_scoped(Scope::TasksWrite, Touches::record_of(partner, id))
        .await?;
    idempotency::once(&access, &[], async {
        tasks::set_done(&access, id, true).await?;
        Ok(Reply::ok(saved(&access, id).await?))
    })
    .await
}

/// The partner's task changes as they happen (server-sent events, as the
/// Go-to-market page receives them), while the token may read them.
#[utoipa::path(get, operation_id = "task_events", path = "/api/v1/partners/{partner}/tasks/events", tag = "tasks",
    params(PartnerPath),
    responses((status = 200, content_type = "text/event-stream", description = "One event per change: the task's id, what changed and its version"),
        (status = "4XX", description = "Refused: the error says why, with a code", body = super::reply::ErrorBody)),
    security(("token" = ["tasks:read"])))]
pub async fn events(access: Access, Path(partner): Path<PartnerId>) -> Response {
    let touches = Touches::Partner(partner);
    match access.allow_scoped(Scope::TasksRead, touches).await {
        Ok(access) => tasks::stream_for(access, partner, touches),
        Err(error) => ApiError::App(error).into_response(),
    }
}
