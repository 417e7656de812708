//! What a review freezes: the figures, the company goals and the open tasks
//! of the moment its snapshot is taken (at the start, on refresh, and when it
//! is completed), and how a kept task is shown.

use crate::error::AppError;
use crate::model::reviews::{FrozenTask, Quarter, Snapshot};
use crate::server::authz::{Access, PartnerScope};
use crate::server::clock::viewer_zone;
use crate::server::figures::DealFigures;
use crate::server::progress::figures;
use crate::server::store::goals;
use crate::server::store::partners::PartnerRow;
use crate::server::store::tasks::{self as task_store, ListQuery};
use crate::views::FrozenTaskView;
use chrono::Utc;

/// The snapshot of `quarter` now: the progress page's figures of its year,
/// the company goals of the plan the review updates, and the open tasks.
pub(super) async fn take_snapshot(
    access: &Access,
    scope: &PartnerScope,
    partner: &PartnerRow,
    quarter: Quarter,
) -> Result<Snapshot, AppError> {
    let db = &access.state.db;
    let deals = DealFigures::open(db, &access.state.figures, scope).await?;
    let f = figures(&deals, db, scope, partner, quarter.year).await?;
    let plan = goals::load(db, scope, quarter.plan_year()).await?;
    let now = Utc::now();
    let tasks = task_store::list(db, scope, &open_tasks()).await?;
    let tasks = tasks
        .into_iter()
        .map(|t| FrozenTask {
            id: t.id,
            title: t.title,
            due_at: t.due_at,
            overdue: crate::model::tasks::is_overdue(t.due_at, false, now),
        })
        .collect();
    Ok(
        Snapshot::take(quarter, &f.actuals, f.targets.as_ref(), f.elapsed)
            .with_forecast(&f.forecast)
            .with_plan_and_tasks(plan.map(|p| p.content.goals), tasks),
    )
}

/// The partner's open tasks, as a review follows them up.
pub(super) fn open_tasks() -> ListQuery {
    ListQuery {
        completed: Some(false),
        ..ListQuery::default()
    }
}

/// A task a snapshot kept, as its page shows it: on the viewer's clock.
pub(super) fn frozen_task_view(access: &Access, t: &FrozenTask) -> FrozenTaskView {
    let due = t.due_at.with_timezone(&viewer_zone(access));
    FrozenTaskView {
        id: t.id,
        title: t.title.clone(),
        due_date: due.format("%Y-%m-%d").to_string(),
        due_time: due.format("%H:%M").to_string(),
        overdue: t.overdue,
    }
}
