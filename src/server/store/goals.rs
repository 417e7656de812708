//! A partner's annual plans: one per year, with its five company goals, its
//! 48 monthly targets and, after the first save, a revision for every goal or
//! target that changes.

use crate::model::goals::{Change, PlanContent, Subject};
use crate::model::metrics::{Metric, YearMetrics};
use crate::model::{ReviewId, UserId};
use crate::server::db::{with_db, Exec, Tx};
use crate::server::store::scope::PartnerScope;
use chrono::{DateTime, Utc};

/// The goal columns, in [`GoalCategory::ALL`] order.
const GOAL_COLUMNS: &str =
    "organizational_goal, revenue_goal, people_goal, market_goal, partnership_goal";

/// A saved plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub id: i64,
    pub version: i64,
    pub content: PlanContent,
    pub updated_by: Option<String>,
    pub updated_at: DateTime<Utc>,
}

/// A plan with one of its targets (none for a plan saved without targets).
#[derive(sqlx::FromRow)]
struct PlanRow {
    id: i64,
    version: i64,
    organizational_goal: String,
    revenue_goal: String,
    people_goal: String,
    market_goal: String,
    partnership_goal: String,
    updated_by: Option<String>,
    updated_at: DateTime<Utc>,
    metric: Option<String>,
    month: Option<i64>,
    value: Option<i64>,
}

/// One change in the history.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct RevisionRow {
    pub version: i64,
    pub subject: String,
    pub old_value: String,
    pub new_value: String,
    pub reason: String,
    pub changed_by: Option<String>,
    pub changed_at: DateTime<Utc>,
    /// The quarterly review the change was made from, and its quarter.
    pub review_id: Option<ReviewId>,
    pub review_year: Option<i32>,
    pub review_quarter: Option<i32>,
}

/// The partner's plan for `year`, if one was saved.
pub async fn load<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
    year: i32,
) -> Result<Option<Plan>, sqlx::Error> {
    let sql = format!(
        "SELECT p.id, p.version, {GOAL_COLUMNS}, u.display_name AS updated_by, p.updated_at, \
                t.metric, CAST(t.month AS BIGINT) AS month, t.value \
         FROM goal_plans p LEFT JOIN users u ON u.id = p.updated_by \
         LEFT JOIN goal_targets t ON t.plan_id = p.id \
         WHERE p.partner_id = $1 AND p.year = $2"
    );
    let rows = with_db!(db, |e| sqlx::query_as::<_, PlanRow>(&sql)
        .bind(scope.partner_id())
        .bind(year)
        .fetch_all(e)
        .await)?;
    let mut plan: Option<Plan> = None;
    for row in rows {
        let plan = plan.get_or_insert_with(|| Plan {
            id: row.id,
            version: row.version,
            content: PlanContent {
                goals: [
                    row.organizational_goal,
                    row.revenue_goal,
                    row.people_goal,
                    row.market_goal,
                    row.partnership_goal,
                ],
                targets: YearMetrics::empty(year),
            },
            updated_by: row.updated_by,
            updated_at: row.updated_at,
        });
        let metric = Metric::ALL
            .into_iter()
            .find(|m| Some(m.as_str()) == row.metric.as_deref());
        if let (Some(metric), Some(month), Some(value)) = (metric, row.month, row.value) {
            plan.content.targets.set(metric, month as u32, value);
        }
    }
    Ok(plan)
}

/// The plan's revisions after version `since` (0 for all), newest first.
pub async fn revisions<'a>(
    db: impl Into<Exec<'a>>,
    plan_id: i64,
    since: i64,
) -> Result<Vec<RevisionRow>, sqlx::Error> {
    with_db!(db, |e| sqlx::query_as::<_, RevisionRow>(
        "SELECT r.version, r.subject, r.old_value, r.new_value, r.reason, \
                u.display_name AS changed_by, r.changed_at, r.review_id, \
                v.year AS review_year, v.quarter AS review_quarter \
         FROM goal_revisions r LEFT JOIN users u ON u.id = r.changed_by \
         LEFT JOIN reviews v ON v.id = r.review_id \
         WHERE r.plan_id = $1 AND r.version > $2 ORDER BY r.version DESC, r.id DESC"
    )
    .bind(plan_id)
    .bind(since)
    .fetch_all(e)
    .await)
}

/// What a save found.
#[derive(Debug, PartialEq, Eq)]
pub enum Saved {
    /// Saved (or nothing had changed); the plan's version now.
    Done(i64),
    /// Someone saved the plan after the version the editor started from (or
    /// created it while this editor was creating it too); nothing was written.
    Stale,
}

/// Who saves, when, and why: a reason as typed, and the quarterly review the
/// change is made from, if any.
pub struct Edit<'r> {
    pub by: Option<UserId>,
    pub at: DateTime<Utc>,
    pub reason: &'r str,
    pub review: Option<ReviewId>,
}

/// Saves the plan over version `expected` (`None`: the plan is new) in the
/// caller's transaction: the goals, every target, and one revision per change.
pub async fn save(
    tx: &mut Tx,
    scope: &PartnerScope,
    year: i32,
    expected: Option<i64>,
    content: &PlanContent,
    edit: &Edit<'_>,
) -> Result<Saved, sqlx::Error> {
    let current = load(&mut *tx, scope, year).await?;
    match (current, expected) {
        (None, None) => create(tx, scope, year, content, edit).await,
        (Some(plan), Some(expected)) if plan.version == expected => {
            let changes = content.changes_from(&plan.content);
            if changes.is_empty() {
                return Ok(Saved::Done(plan.version));
            }
            update(tx, &plan, content, &changes, edit).await
        }
        _ => Ok(Saved::Stale),
    }
}

async fn create(
    tx: &mut Tx,
    scope: &PartnerScope,
    year: i32,
    content: &PlanContent,
    edit: &Edit<'_>,
) -> Result<Saved, sqlx::Error> {
    let sql = format!(
        "INSERT INTO goal_plans (partner_id, year, {GOAL_COLUMNS}, created_by, created_at, \
         updated_by, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8, $9, 1) \
         ON CONFLICT (partner_id, year) DO NOTHING RETURNING id"
    );
    let [a, b, c, d, f] = &content.goals;
    let id = with_db!(&mut *tx, |e| sqlx::query_scalar::<_, i64>(&sql)
        .bind(scope.partner_id())
        .bind(year)
        .bind(a)
        .bind(b)
        .bind(c)
        .bind(d)
        .bind(f)
        .bind(edit.by)
        .bind(edit.at)
        .fetch_optional(e)
        .await)?;
    // Another editor created this year's plan a moment earlier.
    let Some(id) = id else {
        return Ok(Saved::Stale);
    };
    for metric in Metric::ALL {
        for month in 1..=12 {
            write_target(tx, id, metric, month, content.targets.month(metric, month)).await?;
        }
    }
    Ok(Saved::Done(1))
}

async fn update(
    tx: &mut Tx,
    plan: &Plan,
    content: &PlanContent,
    changes: &[Change],
    edit: &Edit<'_>,
) -> Result<Saved, sqlx::Error> {
    let version = plan.version + 1;
    let sql = format!(
        "UPDATE goal_plans SET ({GOAL_COLUMNS}, updated_by, updated_at, version) = \
         ($1, $2, $3, $4, $5, $6, $7, $8) WHERE id = $9 AND version = $10"
    );
    let [a, b, c, d, f] = &content.goals;
    let written = with_db!(&mut *tx, |e| sqlx::query(&sql)
        .bind(a)
        .bind(b)
        .bind(c)
        .bind(d)
        .bind(f)
        .bind(edit.by)
        .bind(edit.at)
        .bind(version)
        .bind(plan.id)
        .bind(plan.version)
        .execute(e)
        .await?
        .rows_affected());
    if written != 1 {
        return Ok(Saved::Stale);
    }
    for change in changes {
        if let Subject::Target(metric, month) = change.subject {
            write_target(
                tx,
                plan.id,
                metric,
                month,
                content.targets.month(metric, month),
            )
            .await?;
        }
        with_db!(&mut *tx, |e| sqlx::query(
            "INSERT INTO goal_revisions (plan_id, version, subject, old_value, new_value, reason, \
             changed_by, changed_at, review_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
        )
        .bind(plan.id)
        .bind(version)
        .bind(change.subject.code())
        .bind(&change.old)
        .bind(&change.new)
        .bind(edit.reason)
        .bind(edit.by)
        .bind(edit.at)
        .bind(edit.review)
        .execute(e)
        .await
        .map(|_| ()))?;
    }
    Ok(Saved::Done(version))
}

async fn write_target(
    tx: &mut Tx,
    plan_id: i64,
    metric: Metric,
    month: u32,
    value: i64,
) -> Result<(), sqlx::Error> {
    with_db!(&mut *tx, |e| sqlx::query(
        "INSERT INTO goal_targets (plan_id, metric, month, value) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (plan_id, metric, month) DO UPDATE SET value = excluded.value"
    )
    .bind(plan_id)
    .bind(metric.as_str())
    .bind(month as i32)
    .bind(value)
    .execute(e)
    .await
    .map(|_| ()))
}

/// The years the partner has a plan for, newest first.
pub async fn years<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
) -> Result<Vec<i32>, sqlx::Error> {
    with_db!(db, |e| sqlx::query_scalar::<_, i32>(
        "SELECT year FROM goal_plans WHERE partner_id = $1 ORDER BY year DESC"
    )
    .bind(scope.partner_id())
    .fetch_all(e)
    .await)
}
