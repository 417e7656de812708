//! Quarterly reviews: the list and one review's data, starting one, and every
//! change to one (its notes and plan changes, refreshing its snapshot,
//! marking it complete, reopening it, rescheduling a task from it). Access is
//! checked by `Access::allow` before anything here runs; a completed review
//! refuses every change but an admin's reopening.

pub mod due;
mod save;
mod snapshot;

pub use save::{save_post, start_post};
use snapshot::{frozen_task_view, open_tasks};

use crate::error::AppError;
use crate::model::reviews::Quarter;
use crate::model::ReviewId;
use crate::server::authz::Access;
use crate::server::clock::{local_time, partner_today};
use crate::server::goals::saves;
use crate::server::store::goals;
use crate::server::store::reviews::{self, ReviewRow};
use crate::server::store::task_templates;
use crate::server::store::tasks as task_store;
use crate::server::tasks::{task_view, template_view};
use crate::server::web::views::partner_view;
use crate::views::{PlanView, ReviewSummaryView, ReviewView, ReviewsView};
use chrono::Utc;

/// How many ended quarters back a review can be started for.
const STARTABLE_QUARTERS: usize = 8;

fn user_id(access: &Access) -> Option<crate::model::UserId> {
    access.user.as_ref().map(|s| s.user.id)
}

/// `/p/{partner}/reviews`: the reviews, and the quarters one can be started for.
pub async fn list(access: &Access) -> Result<ReviewsView, AppError> {
    let (scope, partner, _) = access.partner().await?;
    let rows = reviews::list(&access.state.db, &scope).await?;
    let mut quarter = Quarter::last_ended(partner_today(&partner));
    let mut startable = Vec::new();
    for _ in 0..STARTABLE_QUARTERS {
        if Quarter::new(quarter.year, quarter.quarter).is_some()
            && !rows.iter().any(|r| r.quarter() == quarter)
        {
            startable.push(quarter);
        }
        quarter = quarter.previous();
    }
    Ok(ReviewsView {
        partner: partner_view(&partner),
        reviews: rows
            .iter()
            .map(|r| ReviewSummaryView {
                id: r.id,
                quarter: r.quarter(),
                held_on: r.held_on.clone(),
                completed: completed(access, r),
                changed: (r.updated_by.clone(), local_time(access, r.updated_at)),
            })
            .collect(),
        startable,
    })
}

fn completed(access: &Access, r: &ReviewRow) -> Option<(Option<String>, String)> {
    r.completed_at
        .map(|at| (r.completed_by.clone(), local_time(access, at)))
}

/// One review: its record, the plan it updates and the partner's open tasks.
pub async fn detail(access: &Access, id: ReviewId) -> Result<ReviewView, AppError> {
    let (scope, partner, _) = access.partner().await?;
    let db = &access.state.db;
    let review = reviews::get(db, &scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let quarter = review.quarter();
    let plan = goals::load(db, &scope, quarter.plan_year()).await?;
    let history = match &plan {
        Some(plan) => saves(
            access,
            goals::revisions(db, plan.id, 0)
                .await?
                .into_iter()
                .filter(|r| r.review_id == Some(id))
                .collect(),
        ),
        None => Vec::new(),
    };
    let now = Utc::now();
    // A completed review shows what its last snapshot kept, not today's goals
    // and tasks (snapshots from before they were kept show today's).
    let snapshot = review.snapshot();
    let frozen = snapshot.as_ref().filter(|_| review.is_complete());
    let frozen_tasks = frozen
        .and_then(|s| s.open_tasks.as_ref())
        .map(|tasks| tasks.iter().map(|t| frozen_task_view(access, t)).collect());
    let tasks = match frozen_tasks {
        Some(_) => Vec::new(),
        None => task_store::list(db, &scope, &open_tasks()).await?,
    };
    let plan = match frozen.and_then(|s| s.company_goals.clone()) {
        Some(goals) => plan.map(|mut p| {
            p.content.goals = goals;
            p
        }),
        None => plan,
    };
    let templates = task_templates::templates(db).await?;
    let may_reopen = access.may_reopen_reviews();
    Ok(ReviewView {
        partner: partner_view(&partner),
        id,
        quarter,
        version: review.version,
        notes: review.notes(),
        snapshot,
        snapshot_at: local_time(access, review.snapshot_at),
        created: (
            review.created_by.clone(),
            local_time(access, review.created_at),
        ),
        changed: (
            review.updated_by.clone(),
            local_time(access, review.updated_at),
        ),
        completed: completed(access, &review),
        plan_year: quarter.plan_year(),
        open_months: quarter.open_months().collect(),
        plan: plan.map(|p| PlanView {
            version: p.version,
            content: p.content,
            updated: (p.updated_by, local_time(access, p.updated_at)),
        }),
        history,
        tasks: tasks.iter().map(|t| task_view(access, t, now)).collect(),
        frozen_tasks,
        templates: templates
            .iter()
            .map(|t| template_view(t, access.locale))
            .collect(),
        // Reopening is the admins' decision.
        may_reopen,
    })
}
