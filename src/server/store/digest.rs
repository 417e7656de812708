//! What a weekly digest tells of one partner beside its goals: what changed
//! in a week (deals won, targets revised, tasks completed) and the
//! recipient's open tasks due by a moment.

use crate::model::{TaskId, UserId};
use crate::server::db::{with_db, Exec};
use crate::server::store::scope::PartnerScope;
use chrono::{DateTime, NaiveDate, Utc};

/// What changed at the partner in a week.
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct WeekChanges {
    /// Deals closed won with a close date in the week, and their MRR.
    pub deals_won: i64,
    pub won_mrr: i64,
    /// Goals or targets changed after the plan's first save.
    pub targets_revised: i64,
    pub tasks_completed: i64,
}

impl WeekChanges {
    pub fn is_empty(&self) -> bool {
        self.deals_won == 0 && self.targets_revised == 0 && self.tasks_completed == 0
    }
}

/// The week from `from` (inclusive) to `to` (exclusive): its dates for
/// deals' close dates, its instants for the rest.
pub async fn week_changes<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
    dates: (NaiveDate, NaiveDate),
    instants: (DateTime<Utc>, DateTime<Utc>),
) -> Result<WeekChanges, sqlx::Error> {
    with_db!(db, |e| {
        sqlx::query_as::<_, WeekChanges>(
        "SELECT \
         (SELECT COUNT(*) FROM deals WHERE partner_id = $1 AND stage = 'closed_won' \
            AND close_date >= $2 AND close_date < $3) AS deals_won, \
         (SELECT COALESCE(CAST(SUM(mrr) AS BIGINT), 0) FROM deals WHERE partner_id = $1 \
            AND stage = 'closed_won' AND close_date >= $2 AND close_date < $3) AS won_mrr, \
         (SELECT COUNT(*) FROM goal_revisions r JOIN goal_plans p ON p.id = r.plan_id \
            WHERE p.partner_id = $1 AND r.changed_at >= $4 AND r.changed_at < $5) AS targets_revised, \
         (SELECT COUNT(*) FROM tasks WHERE partner_id = $1 \
            AND completed_at >= $4 AND completed_at < $5) AS tasks_completed"
    )
    .bind(scope.partner_id())
    .bind(dates.0)
    .bind(dates.1)
    .bind(instants.0)
    .bind(instants.1)
    .fetch_one(e)
    .await
    })
}

/// One of the recipient's open tasks.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct DueTask {
    pub id: TaskId,
    pub title: String,
    pub due_at: DateTime<Utc>,
}

/// The open tasks assigned to `user` at the partner that are due before
/// `until`, soonest first, at most `limit`; and how many there are in all.
pub async fn due_tasks<'a>(
    db: impl Into<Exec<'a>> + Copy,
    scope: &PartnerScope,
    user: UserId,
    until: DateTime<Utc>,
    limit: i64,
) -> Result<(Vec<DueTask>, i64), sqlx::Error> {
    let listed = with_db!(db, |e| sqlx::query_as::<_, DueTask>(
        "SELECT id, title, due_at FROM tasks WHERE partner_id = $1 AND assignee_id = $2 \
         AND completed_at IS NULL AND due_at < $3 ORDER BY due_at, id LIMIT $4"
    )
    .bind(scope.partner_id())
    .bind(user)
    .bind(until)
    .bind(limit)
    .fetch_all(e)
    .await)?;
    let total = with_db!(db, |e| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM tasks WHERE partner_id = $1 AND assignee_id = $2 \
         AND completed_at IS NULL AND due_at < $3"
    )
    .bind(scope.partner_id())
    .bind(user)
    .bind(until)
    .fetch_one(e)
    .await)?;
    Ok((listed, total))
}
