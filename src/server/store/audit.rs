//! The audit log: every administrative change, who made it, when, and the
//! value before and after. Written in the same transaction as the change.

use crate::model::UserId;
use crate::server::db::{like_escape, with_db, Exec};
use chrono::{DateTime, Utc};

/// One change, as it is written.
pub struct Entry<'a> {
    /// `None`: the command line.
    pub actor_user_id: Option<UserId>,
    /// The actor's email, or "command line".
    pub actor: &'a str,
    /// What kind of change, such as `partner.archive`.
    pub kind: &'a str,
    /// What it was made to, such as `partner 3 (Acme)`.
    pub target: &'a str,
    pub old_value: &'a str,
    pub new_value: &'a str,
}

pub async fn write<'a>(
    db: impl Into<Exec<'a>>,
    entry: &Entry<'_>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "INSERT INTO audit_log (at, actor_user_id, actor, kind, target, old_value, new_value) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)"
    )
    .bind(now)
    .bind(entry.actor_user_id)
    .bind(entry.actor)
    .bind(entry.kind)
    .bind(entry.target)
    .bind(entry.old_value)
    .bind(entry.new_value)
    .execute(e)
    .await
    .map(|_| ()))
}

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub kind: String,
    pub target: String,
    pub old_value: String,
    pub new_value: String,
}

/// The longest kind there is, with room to spare.
const KIND_MAX_CHARS: usize = 64;

/// Which entries to show; empty filters match everything.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub actor: String,
    /// A kind, or a kind's prefix such as `user.`.
    pub kind: String,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

const WHERE: &str = "WHERE ($1 = '' OR actor = $1) AND ($2 = '' OR kind LIKE $2 ESCAPE '\\') \
     AND ($3 IS NULL OR at >= $3) AND ($4 IS NULL OR at < $4)";

/// One page of matching entries, newest first, and how many match in all.
pub async fn page<'a>(
    db: impl Into<Exec<'a>> + Copy,
    filter: &Filter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<AuditRow>, i64), sqlx::Error> {
    let kind = if filter.kind.is_empty() {
        String::new()
    } else {
        // A kind is a short code (`user.reset_password`): a longer filter
        // matches nothing, and must not become a pattern SQLite refuses.
        let prefix: String = filter.kind.chars().take(KIND_MAX_CHARS).collect();
        format!("{}%", like_escape(&prefix))
    };
    let sql = format!(
        "SELECT id, at, actor, kind, target, old_value, new_value FROM audit_log {WHERE} \
         ORDER BY at DESC, id DESC LIMIT $5 OFFSET $6"
    );
    let rows = with_db!(db, |e| sqlx::query_as::<_, AuditRow>(&sql)
        .bind(&filter.actor)
        .bind(&kind)
        .bind(filter.from)
        .bind(filter.until)
        .bind(limit)
        .bind(offset)
        .fetch_all(e)
        .await)?;
    let count_sql = format!("SELECT COUNT(*) FROM audit_log {WHERE}");
    let total = with_db!(db, |e| sqlx::query_scalar::<_, i64>(&count_sql)
        .bind(&filter.actor)
        .bind(&kind)
        .bind(filter.from)
        .bind(filter.until)
        .fetch_one(e)
        .await)?;
    Ok((rows, total))
}

/// Everyone who has made a change, for the filter.
pub async fn actors<'a>(db: impl Into<Exec<'a>>) -> Result<Vec<String>, sqlx::Error> {
    with_db!(db, |e| sqlx::query_scalar::<_, String>(
        "SELECT DISTINCT actor FROM audit_log ORDER BY actor"
    )
    .fetch_all(e)
    .await)
}
