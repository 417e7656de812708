//! `POST /p/{partner}/tasks/save`: the panel's save, creating a task or
//! editing one over the version it started from.

use super::form::{differences, keep_theirs, read_fields};
use super::view::user_id;
use crate::error::AppError;
use crate::i18n::Key;
use crate::model::mail::MailKind;
use crate::model::tasks::panel::FORM as PANEL_FORM;
use crate::model::{PartnerId, TaskId};
use crate::server::authz::{Access, PartnerScope, Touches};
use crate::server::events::{Change, TaskEvent};
use crate::server::store::mail_outbox::{self, About};
use crate::server::store::tasks::{self, Saved};
use crate::server::web::cookies;
use crate::server::web::forms::{redirect_with_flash, Submitted};
use crate::server::web::respond::{json_error, refused, wants_json, Refused};
use crate::views::FlashView;
use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use chrono::Utc;

/// What one save did.
#[derive(serde::Serialize)]
struct SaveAnswer {
    id: TaskId,
    version: i64,
}

/// `POST /p/{partner}/tasks/save`: the panel's one form, for a new task (no
/// `task_id`) or an edit over `version`. A browser's form post is answered
/// with the page again (the list, or the panel with what was typed and what
/// went wrong); a script asking for JSON (the panel island, the benchmark)
/// gets `{id, version}` or the error with its HTTP status.
pub async fn save_post(
    access: Access,
    Path(partner_id): Path<PartnerId>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let locale = access.locale;
    let wants_json = wants_json(&access);
    let form = Submitted(fields);
    let task_id = match form.get("task_id").trim() {
        "" => None,
        raw => match raw.parse::<TaskId>() {
            Ok(id) => Some(id),
            Err(_) => return refused(locale, AppError::BadRequest),
        },
    };
    // The partner named in the address is checked; the task is then looked
    // for only within it (every query is scoped to the partner), so a task of
    // another partner is "not found" without a lookup of its owner first.
    let touches = Touches::Partner(partner_id);
    let access = match access.allow(touches).await {
        Ok(access) => access,
        Err(error) if wants_json => return json_error(error),
        Err(error) => return refused(locale, error),
    };
    let outcome = match access.scope() {
        Ok(scope) => save(&access, &scope, task_id, &form).await,
        Err(error) => Err(error.into()),
    };
    if wants_json {
        return match outcome {
            Ok((id, version)) => Json(SaveAnswer { id, version }).into_response(),
            Err(refusal) => json_error(refusal.error),
        };
    }
    let secure = cookies::secure_for(&access.state.config, &access.parts.headers);
    let list = format!("/p/{partner_id}/tasks");
    match outcome {
        Ok(_) => {
            let flash = FlashView {
                form: PANEL_FORM.into(),
                notice: Some(if task_id.is_some() {
                    Key::TaskSaved
                } else {
                    Key::TaskCreated
                }),
                ..FlashView::default()
            };
            redirect_with_flash(&access.state, secure, list, Some(flash)).await
        }
        Err(refusal) => {
            let panel = match task_id {
                Some(id) => format!("{list}?task={id}"),
                None => match form.get("template") {
                    "" => format!("{list}?new=open"),
                    t => format!("{list}?new={t}"),
                },
            };
            let flash = refusal.flash(PANEL_FORM, form);
            redirect_with_flash(&access.state, secure, panel, Some(flash)).await
        }
    }
}

/// Creates a task (no `task_id`) or edits one over the form's `version`,
/// from the panel's fields: the one save, for the panel and the JSON API.
pub async fn save(
    access: &Access,
    scope: &PartnerScope,
    task_id: Option<TaskId>,
    form: &Submitted,
) -> Result<(TaskId, i64), Refused> {
    let mut typed = read_fields(access, scope, task_id, form).await?;
    let by = user_id(access);
    let now = Utc::now();
    let events = &access.state.events;
    let mut tx = access.state.db.begin().await?;
    // Whom the task is given to by someone else is emailed; to tell a new
    // holder from the one it had, an edit reads who held it first.
    let given = typed.assignee.filter(|a| Some(*a) != by);
    let held = match (task_id, given) {
        (Some(id), Some(_)) => tasks::assignee_of(&mut tx, scope, id).await?,
        _ => None,
    };
    let (id, version, change) = match task_id {
        None => {
            let id = tasks::create(&mut tx, scope, &typed, by, now).await?;
            (id, 1, Change::Created)
        }
        Some(id) => {
            let expected = form
                .get("version")
                .trim()
                .parse::<i64>()
                .map_err(|_| AppError::BadRequest)?;
            // The saved task is read only when needed: to resolve a conflict
            // the person has seen, or to show a new one. A plain edit is one
            // UPDATE over its version (issue 10's p99 under 32 writers).
            if form.0.iter().any(|(name, _)| name.starts_with("keep_")) {
                let saved = tasks::get(&mut tx, scope, id)
                    .await?
                    .ok_or(AppError::NotFound)?;
                if saved.version == expected {
                    keep_theirs(form, &mut typed, &saved);
                }
            }
            match tasks::update(&mut tx, scope, id, expected, &typed, by, now).await? {
                Saved::Done(id, version) => (id, version, Change::Updated),
                Saved::Missing => return Err(AppError::NotFound.into()),
                Saved::Stale => {
                    let saved = tasks::get(&mut tx, scope, id)
                        .await?
                        .ok_or(AppError::NotFound)?;
                    return Err(Refused {
                        error: AppError::Conflict,
                        conflicts: differences(&typed, &saved),
                    });
                }
            }
        }
    };
    if let Some(assignee) = given.filter(|a| held != Some(*a)) {
        let about = About {
            partner_id: Some(scope.partner_id()),
            task_id: Some(id),
            actor_id: by,
            ..About::default()
        };
        let once = format!("{id}.{assignee}.{version}");
        mail_outbox::queue(
            &mut tx,
            MailKind::TaskAssigned,
            &once,
            assignee,
            &about,
            now,
        )
        .await?;
    }
    let event = TaskEvent {
        partner: scope.partner_id(),
        task: id,
        change,
        version,
    };
    let announced = events.announce(&mut tx, event).await?;
    tx.commit().await?;
    announced.committed();
    Ok((id, version))
}
