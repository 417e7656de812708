//! The Go-to-market page's data: the list, filtered by the URL, and the
//! panel of the task or default task it opens.

use crate::error::AppError;
use crate::i18n::Key;
use crate::model::tasks::{this_week, DuePreset, Priority, TaskFilter, TaskStatus, TaskType};
use crate::model::{Locale, Role, TaskId, UserId};
use crate::server::authz::Access;
use crate::server::clock::{local_time, viewer_zone};
use crate::server::store::task_templates::{self, TemplateRow};
use crate::server::store::tasks::{self, ListQuery, TaskRow};
use crate::server::web::views::partner_view;
use crate::views::{PanelView, PersonView, TaskView, TasksView, TemplateView};
use chrono::{DateTime, NaiveTime, Utc};

pub(super) fn user_id(access: &Access) -> Option<UserId> {
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
    let templates = task_templates::templates(db).await?;
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

/// The tasks `query` (the page's filters) selects, for the JSON API: the
/// list the page shows, `assignee=me` being whoever the token acts for.
pub async fn rows(access: &Access, query: &str) -> Result<Vec<TaskRow>, AppError> {
    let scope = access.scope()?;
    let params: Vec<(String, String)> =
        serde_urlencoded::from_str(query.trim_start_matches('?')).unwrap_or_default();
    let filter = TaskFilter::from_params(params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    // A command-line token acts for nobody in particular: "mine" is no one's.
    let me = user_id(access).unwrap_or(UserId(0));
    let zone = viewer_zone(access);
    let now = Utc::now();
    let today = now.with_timezone(&zone).date_naive();
    let query = list_query(&filter, me, now, &zone, today);
    Ok(tasks::list(&access.state.db, &scope, &query).await?)
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
        assignee: t.assignee_id.zip(t.assignee.as_ref().map(
            |name| match t.assignee_deactivated_at {
                Some(_) => Key::PersonDeactivated.format(access.locale, &[("name", name)]),
                None => name.clone(),
            },
        )),
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
