//! The mail outbox (migration 0014): messages queued by what caused them,
//! claimed and sent by the mail worker (`server::mail::worker`).
//!
//! A message is queued only for an active person who has not turned its kind
//! off, and only once: `once_key` is unique, and queueing it again does
//! nothing. Its Message-ID is made from the key when it is queued, so a
//! message sent twice (a crash between the SMTP server's acceptance and the
//! row being marked sent) carries the same Message-ID both times and mail
//! clients show it once.

use crate::model::mail::{MailKind, MailState, SkipReason};
use crate::model::{PartnerId, TaskId, UserId};
use crate::server::db::{with_db, Exec, Tx};
use crate::server::store::membership;
use chrono::{DateTime, Utc};

/// What a message is about, beside its kind and recipient.
#[derive(Clone, Debug, Default)]
pub struct About {
    pub partner_id: Option<PartnerId>,
    pub task_id: Option<TaskId>,
    pub goal_id: Option<i64>,
    /// The quarter, week or month, as the key and the message name it.
    pub period: Option<String>,
    pub actor_id: Option<UserId>,
}

/// The columns a queued message is written with, in the order of [`bind_about`].
const COLUMNS: &str = "kind, once_key, user_id, partner_id, task_id, goal_id, period, actor_id, \
                       next_attempt_at, created_at";

/// Queues a message of `kind` for `user` unless they are deactivated, have
/// turned the kind off, or were sent it already (`once`, a key unique among
/// messages of this kind); whether it was queued.
pub async fn queue(
    tx: &mut Tx,
    kind: MailKind,
    once: &str,
    user: UserId,
    about: &About,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let key = format!("{}.{once}", kind.as_str());
    let sql = format!(
        "INSERT INTO mail_outbox ({COLUMNS}) \
         SELECT $1, $2, u.id, $4, $5, $6, $7, $8, $9, $9 FROM users u \
         WHERE u.id = $3 AND u.deactivated_at IS NULL AND u.{} \
         ON CONFLICT (once_key) DO NOTHING",
        kind.choice_column()
    );
    with_db!(&mut *tx, |e| sqlx::query(&sql)
        .bind(kind.as_str())
        .bind(&key)
        .bind(user)
        .bind(about.partner_id)
        .bind(about.task_id)
        .bind(about.goal_id)
        .bind(&about.period)
        .bind(about.actor_id)
        .bind(now)
        .execute(e)
        .await
        .map(|r| r.rows_affected() > 0))
}

/// Queues `kind` about `partner` and `period` for every member and PDM of
/// the partner (who belong to it now, and have not turned the kind off),
/// once each; how many were queued.
pub async fn queue_for_partner(
    tx: &mut Tx,
    kind: MailKind,
    partner: PartnerId,
    about: &About,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let once = format!(
        "{}.{}",
        partner,
        about.goal_id.map(|g| g.to_string()).unwrap_or_default()
    );
    let prefix = format!(
        "{}.{once}.{}.",
        kind.as_str(),
        about.period.as_deref().unwrap_or("")
    );
    let sql = format!(
        "INSERT INTO mail_outbox ({COLUMNS}) \
         SELECT $1, $2 || CAST(u.id AS TEXT), u.id, p.id, $4, $5, $6, $7, $8, $8 \
         FROM partners p JOIN users u ON {} \
         WHERE p.id = $3 AND p.archived_at IS NULL AND u.{} \
         ON CONFLICT (once_key) DO NOTHING",
        membership::belongs("u", "p.id"),
        kind.choice_column()
    );
    with_db!(&mut *tx, |e| sqlx::query(&sql)
        .bind(kind.as_str())
        .bind(&prefix)
        .bind(partner)
        .bind(about.task_id)
        .bind(about.goal_id)
        .bind(&about.period)
        .bind(about.actor_id)
        .bind(now)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))
}

/// The keys of messages of `kind` queued since `since`.
pub async fn keys_since<'a>(
    db: impl Into<Exec<'a>>,
    kind: MailKind,
    since: DateTime<Utc>,
) -> Result<Vec<String>, sqlx::Error> {
    with_db!(db, |e| sqlx::query_scalar::<_, String>(
        "SELECT once_key FROM mail_outbox WHERE kind = $1 AND created_at >= $2"
    )
    .bind(kind.as_str())
    .bind(since)
    .fetch_all(e)
    .await)
}

/// A message as the worker takes it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Claimed {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub kind: MailKind,
    pub user_id: UserId,
    pub partner_id: Option<PartnerId>,
    pub task_id: Option<TaskId>,
    pub goal_id: Option<i64>,
    pub period: Option<String>,
    pub actor_id: Option<UserId>,
    pub once_key: String,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
}

impl Claimed {
    /// Its Message-ID: the same whenever it is sent, unique at the sender's
    /// `domain` (the key holds only letters, digits, `_`, `-` and dots).
    pub fn message_id(&self, domain: &str) -> String {
        format!("<pm.{}@{domain}>", self.once_key)
    }
}

impl TryFrom<String> for MailKind {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        MailKind::parse(&s).ok_or_else(|| format!("unknown mail kind {s}"))
    }
}

impl TryFrom<String> for MailState {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        MailState::parse(&s).ok_or_else(|| format!("unknown mail state {s}"))
    }
}

/// Claims up to `limit` messages due at `now` (queued ones whose next try has
/// come, and sending ones whose claim ran out: their worker stopped), oldest
/// first, for this worker until `until`; counts the try. Committed at once by
/// the caller, so the claim holds without a transaction kept open across
/// the SMTP conversation.
pub async fn claim(
    tx: &mut Tx,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Claimed>, sqlx::Error> {
    let sql = format!(
        "SELECT id FROM mail_outbox WHERE state IN ('queued', 'sending') AND next_attempt_at <= $1 \
         ORDER BY next_attempt_at, id LIMIT $2{}",
        tx.skip_locked()
    );
    let ids: Vec<i64> = with_db!(&mut *tx, |e| sqlx::query_scalar(&sql)
        .bind(now)
        .bind(limit)
        .fetch_all(e)
        .await)?;
    let mut claimed = Vec::with_capacity(ids.len());
    for id in ids {
        let row = with_db!(&mut *tx, |e| {
            sqlx::query_as::<_, Claimed>(
            "UPDATE mail_outbox SET state = 'sending', attempts = attempts + 1, next_attempt_at = $2 \
             WHERE id = $1 RETURNING id, kind, user_id, partner_id, task_id, goal_id, period, \
             actor_id, once_key, attempts, created_at"
        )
        .bind(id)
        .bind(until)
        .fetch_one(e)
        .await
        })?;
        claimed.push(row);
    }
    Ok(claimed)
}

/// What became of one try.
pub enum Outcome<'a> {
    Sent {
        recipient: &'a str,
        subject: &'a str,
    },
    /// Tried again at `next`.
    Retry { next: DateTime<Utc>, error: &'a str },
    Failed {
        recipient: Option<&'a str>,
        error: &'a str,
    },
    /// Not sent, and never will be: why.
    Skipped { reason: SkipReason },
}

/// Records what became of the try of message `id`.
pub async fn settle<'a>(
    db: impl Into<Exec<'a>>,
    id: i64,
    outcome: Outcome<'_>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let (state, next, error, recipient, subject, sent_at) = match outcome {
        Outcome::Sent { recipient, subject } => (
            MailState::Sent,
            now,
            None,
            Some(recipient),
            Some(subject),
            Some(now),
        ),
        Outcome::Retry { next, error } => (MailState::Queued, next, Some(error), None, None, None),
        Outcome::Failed { recipient, error } => {
            (MailState::Failed, now, Some(error), recipient, None, None)
        }
        Outcome::Skipped { reason } => (
            MailState::Skipped,
            now,
            Some(reason.as_str()),
            None,
            None,
            None,
        ),
    };
    with_db!(db, |e| sqlx::query(
        "UPDATE mail_outbox SET state = $2, next_attempt_at = $3, last_error = $4, \
         recipient = COALESCE($5, recipient), subject = COALESCE($6, subject), sent_at = $7 \
         WHERE id = $1"
    )
    .bind(id)
    .bind(state.as_str())
    .bind(next)
    .bind(error)
    .bind(recipient)
    .bind(subject)
    .bind(sent_at)
    .execute(e)
    .await
    .map(|_| ()))
}

/// A message as `/admin/mail` lists it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Listed {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub kind: MailKind,
    #[sqlx(try_from = "String")]
    pub state: MailState,
    /// The address it went to, or the person's current one while unsent.
    pub recipient: String,
    pub subject: Option<String>,
    pub partner_name: Option<String>,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub next_attempt_at: DateTime<Utc>,
}

/// The newest messages, newest first: `limit` of them, before `before` (an
/// id, for the next page) when given, of one `state` when given.
pub async fn newest<'a>(
    db: impl Into<Exec<'a>>,
    state: Option<MailState>,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<Listed>, sqlx::Error> {
    with_db!(db, |e| {
        sqlx::query_as::<_, Listed>(
        "SELECT m.id, m.kind, m.state, COALESCE(m.recipient, u.email) AS recipient, m.subject, \
         p.name AS partner_name, m.attempts, m.last_error, m.created_at, m.sent_at, m.next_attempt_at \
         FROM mail_outbox m JOIN users u ON u.id = m.user_id LEFT JOIN partners p ON p.id = m.partner_id \
         WHERE ($1 IS NULL OR m.state = $1) AND ($2 IS NULL OR m.id < $2) \
         ORDER BY m.id DESC LIMIT $3"
    )
    .bind(state.map(MailState::as_str))
    .bind(before)
    .bind(limit)
    .fetch_all(e)
    .await
    })
}

/// How many messages are in each state.
pub async fn counts<'a>(db: impl Into<Exec<'a>>) -> Result<Vec<(String, i64)>, sqlx::Error> {
    with_db!(db, |e| sqlx::query_as::<_, (String, i64)>(
        "SELECT state, COUNT(*) FROM mail_outbox GROUP BY state"
    )
    .fetch_all(e)
    .await)
}

/// Forgets messages that were settled before `before` (sent, failed or
/// skipped): the outbox is a queue and a recent history, not an archive.
pub async fn purge<'a>(db: impl Into<Exec<'a>>, before: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    with_db!(db, |e| {
        sqlx::query(
        "DELETE FROM mail_outbox WHERE state IN ('sent', 'failed', 'skipped') AND next_attempt_at < $1"
    )
    .bind(before)
    .execute(e)
    .await
    .map(|r| r.rows_affected())
    })
}
