//! The Go-to-market page's data, and every change to a task: the panel's save
//! (create or edit, with its conflict view), completing from the list, and
//! deleting. Each change is announced to the partner's open pages
//! (`server::events`). Access is checked by the same `Access::allow` as
//! everywhere else before anything here runs.

pub mod calendar_feed;
pub mod ical;
pub mod notifications;
pub mod reminders;

use crate::error::{AppError, Validation};
use crate::i18n::Key;
use crate::model::tasks::panel::{COMPARED, FORM as PANEL_FORM};
use crate::model::tasks::{
    fields, parse_notes, schedule, this_week, DueInput, DuePreset, Priority, ReminderInput,
    TaskFilter, TaskStatus, TaskTitle, TaskType,
};
use crate::model::{Locale, PartnerId, Role, TaskId, UserId};
use crate::server::authz::{Access, PartnerScope, Touches};
use crate::server::clock::{local_time, viewer_zone};
use crate::server::db::Tx;
use crate::server::events::{Announced, Change, TaskEvent};
use crate::server::store::tasks::{self, ListQuery, Saved, TaskFields, TaskRow, TemplateRow};
use crate::server::web::cookies;
use crate::server::web::forms::{self, redirect_with_flash, Submitted};
use crate::server::web::respond::{json_error, refused, wants_json, Refused};
use crate::server::web::views::partner_view;
use crate::views::{FlashView, PanelView, PersonView, TaskView, TasksView, TemplateView};
use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use chrono::{DateTime, NaiveTime, Utc};

fn user_id(access: &Access) -> Option<UserId> {
    access.user.as_ref().map(|s| s.user.id)
}

/// The list and panel of `/p/{partner}/tasks`; `query` is the page URL's query.
pub async fn view(access: &Access, query: &str) -> Result<TasksView, AppError> {
    let (scope, partner, _) = access.partner().await?;
    let db = &access.state.db;
    let params: Vec<(String, String)> =
        serde_urlencoded::from_str(query.trim_start_matches('?')).unwrap_or_default();
    let param = |name: &str| {
        params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let filter = TaskFilter::from_params(params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let me = user_id(access).ok_or(AppError::NotSignedIn)?;
    let zone = viewer_zone(access);
    let now = Utc::now();
    let today = now.with_timezone(&zone).date_naive();
    let people = tasks::assignable(db, &scope).await?;
    let list = tasks::list(db, &scope, &list_query(&filter, me, now, &zone, today)).await?;
    let templates = tasks::templates(db).await?;
    let locale = access.locale;
    let panel = match (param("task"), param("new")) {
        (Some(id), _) => {
            let id = id.parse::<TaskId>().map_err(|_| AppError::NotFound)?;
            let task = tasks::get(db, &scope, id)
                .await?
                .ok_or(AppError::NotFound)?;
            Some(PanelView::Edit(task_view(access, &task, now)))
        }
        (None, Some("open")) => Some(PanelView::New(None)),
        (None, Some(template)) => {
            let template = templates
                .iter()
                .find(|t| t.id.to_string() == template)
                .ok_or(AppError::NotFound)?;
            Some(PanelView::New(Some(template_view(template, locale))))
        }
        (None, None) => None,
    };
    Ok(TasksView {
        partner: partner_view(&partner),
        filter,
        tasks: list.iter().map(|t| task_view(access, t, now)).collect(),
        people: people
            .into_iter()
            .map(|p| PersonView {
                id: p.id,
                name: p.display_name,
                role: Role::parse(&p.role).unwrap_or(Role::Member),
            })
            .collect(),
        templates: templates.iter().map(|t| template_view(t, locale)).collect(),
        panel,
        today: today.to_string(),
        time_zone: zone.name().to_string(),
        me,
    })
}

/// The list's filter as a store query, its days read on the viewer's calendar.
fn list_query(
    filter: &TaskFilter,
    me: UserId,
    now: DateTime<Utc>,
    zone: &chrono_tz::Tz,
    today: chrono::NaiveDate,
) -> ListQuery {
    let midnight = |d: chrono::NaiveDate| {
        crate::model::tasks::local_instant(zone, d.and_time(NaiveTime::MIN))
            // A day that starts in a clock change starts an hour later.
            .or_else(|| crate::model::tasks::local_instant(zone, d.and_hms_opt(1, 0, 0)?))
            .unwrap_or(now)
    };
    let (monday, next_monday) = this_week(today);
    ListQuery {
        completed: match filter.status {
            TaskStatus::Open => Some(false),
            TaskStatus::Completed => Some(true),
            TaskStatus::All => None,
        },
        assignee: filter.assignee.as_deref().and_then(|a| match a {
            "me" => Some(me),
            id => id.parse().ok(),
        }),
        overdue_at: filter.overdue.then_some(now),
        due_between: filter
            .due_this_week
            .then(|| (midnight(monday), midnight(next_monday))),
        kind: filter.kind,
        priority: filter.priority,
    }
}

pub fn template_view(t: &TemplateRow, locale: Locale) -> TemplateView {
    let pick = |en: &str, zh: &str| {
        match (locale, zh.trim().is_empty(), en.trim().is_empty()) {
            (Locale::ZhTw, false, _) | (Locale::En, _, true) => zh,
            _ => en,
        }
        .to_string()
    };
    TemplateView {
        id: t.id,
        title: pick(&t.title_en, &t.title_zh_tw),
        kind: TaskType::parse(&t.kind).unwrap_or(TaskType::Todo),
        priority: Priority::parse(&t.priority).unwrap_or(Priority::None),
        due_preset: DuePreset::parse(&t.due_preset).unwrap_or(crate::model::tasks::DEFAULT_DUE),
        notes: pick(&t.notes_en, &t.notes_zh_tw),
    }
}

pub fn task_view(access: &Access, t: &TaskRow, now: DateTime<Utc>) -> TaskView {
    let zone = viewer_zone(access);
    let local = |at: DateTime<Utc>| at.with_timezone(&zone);
    let due = local(t.due_at);
    let remind = t.remind_at.map(local);
    TaskView {
        id: t.id,
        title: t.title.clone(),
        kind: t.kind(),
        priority: t.priority(),
        assignee: t.assignee_id.zip(t.assignee.clone()),
        due_date: due.format("%Y-%m-%d").to_string(),
        due_time: due.format("%H:%M").to_string(),
        overdue: crate::model::tasks::is_overdue(t.due_at, t.completed_at.is_some(), now),
        reminder: t.reminder(),
        remind_date: remind
            .map(|r| r.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        remind_time: remind
            .map(|r| r.format("%H:%M").to_string())
            .unwrap_or_default(),
        notes: t.notes.clone(),
        completed: t
            .completed_at
            .map(|at| (t.completed_by.clone(), local_time(access, at))),
        created: (t.created_by.clone(), local_time(access, t.created_at)),
        changed: (t.updated_by.clone(), local_time(access, t.updated_at)),
        version: t.version,
    }
}

/// After a conflict, whether the user chose to keep the saved value of `field`.
fn keeps_theirs(form: &Submitted, field: &str) -> bool {
    form.get(&format!("keep_{field}")) == "theirs"
}

/// The panel's fields as typed, or each problem on its field.
async fn read_fields(
    access: &Access,
    scope: &PartnerScope,
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
                Ok(id) if tasks::may_hold(&access.state.db, scope, id).await? => Some(id),
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

/// Where a saved value replaces the typed one because the user chose theirs.
fn keep_theirs(form: &Submitted, typed: &mut TaskFields, saved: &TaskRow) {
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
fn differences(typed: &TaskFields, saved: &TaskRow) -> Vec<&'static str> {
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
        Ok(scope) if scope.partner_id() == partner_id => {
            save(&access, &scope, task_id, &form).await
        }
        _ => Err(AppError::NotFound.into()),
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

async fn save(
    access: &Access,
    scope: &PartnerScope,
    task_id: Option<TaskId>,
    form: &Submitted,
) -> Result<(TaskId, i64), Refused> {
    let mut typed = read_fields(access, scope, form).await?;
    let by = user_id(access);
    let now = Utc::now();
    let events = &access.state.events;
    let mut tx = access.state.db.begin().await?;
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

/// Completes a task or opens it again, from the list.
pub async fn set_done(access: &Access, id: TaskId, done: bool) -> Result<(), AppError> {
    let scope = access.scope()?;
    let mut tx = access.state.db.begin().await?;
    let version =
        match tasks::set_completed(&mut tx, &scope, id, done, user_id(access), Utc::now()).await? {
            Saved::Done(_, version) => version,
            _ => return Err(AppError::NotFound),
        };
    let change = if done {
        Change::Completed
    } else {
        Change::Reopened
    };
    let event = TaskEvent {
        partner: scope.partner_id(),
        task: id,
        change,
        version,
    };
    let announced = access.state.events.announce(&mut tx, event).await?;
    tx.commit().await?;
    announced.committed();
    forms::notice(if done {
        Key::TaskCompletedNotice
    } else {
        Key::TaskReopenedNotice
    });
    Ok(())
}

/// Deletes version `version` of a task; `confirmed` is the ticked box.
pub async fn delete(
    access: &Access,
    id: TaskId,
    version: i64,
    confirmed: bool,
) -> Result<(), AppError> {
    let scope = access.scope()?;
    if !confirmed {
        return Err(AppError::invalid("confirm", Key::ErrConfirmDelete));
    }
    let mut tx = access.state.db.begin().await?;
    match tasks::delete(&mut tx, &scope, id, version).await? {
        Saved::Done(..) => {}
        Saved::Stale => return Err(AppError::Conflict),
        Saved::Missing => return Err(AppError::NotFound),
    }
    let event = TaskEvent {
        partner: scope.partner_id(),
        task: id,
        change: Change::Deleted,
        version: 0,
    };
    let announced = access.state.events.announce(&mut tx, event).await?;
    tx.commit().await?;
    announced.committed();
    forms::landing(&format!("/p/{}/tasks", scope.partner_id()));
    forms::notice(Key::TaskDeleted);
    Ok(())
}

/// `GET /p/{partner}/tasks/events`: the partner's task changes as they happen.
pub async fn events(access: Access, Path(partner_id): Path<PartnerId>) -> Response {
    let locale = access.locale;
    match access.allow(Touches::Partner(partner_id)).await {
        Ok(access) => access.state.events.stream(partner_id).into_response(),
        Err(error) => refused(locale, error),
    }
}

/// Moves version `expected` of a task to `date` (the same time of day on the
/// viewer's clock), its reminder by as much: the quarterly review's
/// "Reschedule", in the caller's transaction (the review's, under its lock).
/// Everything else about the task stays as saved.
pub async fn reschedule(
    access: &Access,
    tx: &mut Tx,
    scope: &PartnerScope,
    id: TaskId,
    expected: i64,
    date: chrono::NaiveDate,
) -> Result<Announced, AppError> {
    let zone = viewer_zone(access);
    let now = Utc::now();
    let saved = tasks::get(&mut *tx, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let time = saved.due_at.with_timezone(&zone).time();
    let due_at = crate::model::tasks::local_instant(&zone, date.and_time(time))
        .ok_or_else(|| AppError::invalid(fields::DUE_DATE, Key::ErrDateInvalid))?;
    let moved = due_at - saved.due_at;
    let typed = TaskFields {
        title: saved.title.clone(),
        kind: saved.kind(),
        priority: saved.priority(),
        assignee: saved.assignee_id,
        due_at,
        reminder: saved.reminder(),
        remind_at: saved.remind_at.map(|at| at + moved),
        notes: saved.notes.clone(),
        completed: saved.completed_at.is_some(),
    };
    let version = match tasks::update(tx, scope, id, expected, &typed, user_id(access), now).await?
    {
        Saved::Done(_, version) => version,
        Saved::Stale => return Err(AppError::Conflict),
        Saved::Missing => return Err(AppError::NotFound),
    };
    let event = TaskEvent {
        partner: scope.partner_id(),
        task: id,
        change: Change::Updated,
        version,
    };
    Ok(access.state.events.announce(tx, event).await?)
}
