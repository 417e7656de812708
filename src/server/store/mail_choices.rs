//! What each person chooses to receive by mail (columns of `users`,
//! migration 0014), and the one-click unsubscribe tokens that turn a kind off.

use crate::model::mail::{MailChoices, MailKind};
use crate::model::UserId;
use crate::server::db::{with_db, Exec};
use chrono::{DateTime, Utc};

#[derive(sqlx::FromRow)]
struct Row {
    mail_reminders: bool,
    mail_assignments: bool,
    mail_reviews: bool,
    mail_digest: bool,
    mail_alerts: bool,
    digest_weekday: i32,
}

/// A person's choices; the defaults for someone unknown.
pub async fn get<'a>(db: impl Into<Exec<'a>>, user: UserId) -> Result<MailChoices, sqlx::Error> {
    let row = with_db!(db, |e| sqlx::query_as::<_, Row>(
        "SELECT mail_reminders, mail_assignments, mail_reviews, mail_digest, mail_alerts, \
         digest_weekday FROM users WHERE id = $1"
    )
    .bind(user)
    .fetch_optional(e)
    .await)?;
    Ok(row.map_or_else(MailChoices::default, |r| MailChoices {
        reminders: r.mail_reminders,
        assignments: r.mail_assignments,
        reviews: r.mail_reviews,
        digest: r.mail_digest,
        alerts: r.mail_alerts,
        digest_weekday: r.digest_weekday.clamp(1, 7) as u8,
    }))
}

pub async fn set<'a>(
    db: impl Into<Exec<'a>>,
    user: UserId,
    choices: &MailChoices,
) -> Result<(), sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "UPDATE users SET mail_reminders = $2, mail_assignments = $3, mail_reviews = $4, \
         mail_digest = $5, mail_alerts = $6, digest_weekday = $7 WHERE id = $1"
    )
    .bind(user)
    .bind(choices.reminders)
    .bind(choices.assignments)
    .bind(choices.reviews)
    .bind(choices.digest)
    .bind(choices.alerts)
    .bind(choices.digest_weekday.clamp(1, 7) as i32)
    .execute(e)
    .await
    .map(|_| ()))
}

/// Turns one kind off for `user`.
pub async fn turn_off<'a>(
    db: impl Into<Exec<'a>>,
    user: UserId,
    kind: MailKind,
) -> Result<(), sqlx::Error> {
    // The column is a constant of ours (`MailKind::choice_column`).
    let sql = format!(
        "UPDATE users SET {} = $2 WHERE id = $1",
        kind.choice_column()
    );
    with_db!(db, |e| sqlx::query(&sql)
        .bind(user)
        .bind(false)
        .execute(e)
        .await
        .map(|_| ()))
}

/// Keeps the hash of a new unsubscribe token of `user` for `kind`.
pub async fn remember_token<'a>(
    db: impl Into<Exec<'a>>,
    token_hash: &str,
    user: UserId,
    kind: MailKind,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "INSERT INTO mail_unsubscribe_tokens (token_hash, user_id, kind, created_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (token_hash) DO NOTHING"
    )
    .bind(token_hash)
    .bind(user)
    .bind(kind.as_str())
    .bind(now)
    .execute(e)
    .await
    .map(|_| ()))
}

/// Whose token this is, and for which kind.
pub async fn token_owner<'a>(
    db: impl Into<Exec<'a>>,
    token_hash: &str,
) -> Result<Option<(UserId, MailKind)>, sqlx::Error> {
    let row = with_db!(db, |e| sqlx::query_as::<_, (UserId, String)>(
        "SELECT user_id, kind FROM mail_unsubscribe_tokens WHERE token_hash = $1"
    )
    .bind(token_hash)
    .fetch_optional(e)
    .await)?;
    Ok(row.and_then(|(user, kind)| Some((user, MailKind::parse(&kind)?))))
}

/// Forgets tokens made before `before`: a link in a message that old no
/// longer works (the person can still change their choices on /settings).
pub async fn purge_tokens<'a>(
    db: impl Into<Exec<'a>>,
    before: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "DELETE FROM mail_unsubscribe_tokens WHERE created_at < $1"
    )
    .bind(before)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))
}
