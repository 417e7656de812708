//! The tasks a calendar feed lists, across the partners of its [`FeedScope`]
//! (read only: tasks are written by the tasks store).

use crate::model::TaskId;
use crate::server::db::{with_db, Db};
use crate::server::store::scope::FeedScope;
use chrono::{DateTime, Utc};

/// A task as a calendar shows it, with its partner's name.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct FeedTaskRow {
    pub id: TaskId,
    pub partner_name: String,
    pub title: String,
    pub notes: String,
    pub due_at: DateTime<Utc>,
    pub remind_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Partners per query: far below either backend's limit of bound parameters,
/// whatever the size of an admin's installation.
const PARTNERS_PER_QUERY: usize = 500;

/// The scope's open tasks and those completed at or after `completed_since`,
/// by due time. Runs on the pool: one query per few hundred partners.
pub async fn tasks(
    db: &Db,
    scope: &FeedScope,
    completed_since: DateTime<Utc>,
) -> Result<Vec<FeedTaskRow>, sqlx::Error> {
    let mut all = Vec::new();
    for partners in scope.partner_ids().chunks(PARTNERS_PER_QUERY) {
        let placeholders: Vec<String> =
            (0..partners.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT t.id, p.name AS partner_name, t.title, t.notes, t.due_at, t.remind_at, \
                    t.completed_at, t.created_at, t.updated_at \
             FROM tasks t JOIN partners p ON p.id = t.partner_id \
             WHERE t.partner_id IN ({}) AND (t.completed_at IS NULL OR t.completed_at >= $1)",
            placeholders.join(", ")
        );
        let rows: Vec<FeedTaskRow> = with_db!(db, |e| {
            let mut query = sqlx::query_as(&sql).bind(completed_since);
            for partner in partners {
                query = query.bind(*partner);
            }
            query.fetch_all(e).await
        })?;
        all.extend(rows);
    }
    all.sort_by_key(|t| (t.due_at, t.id));
    Ok(all)
}
