//! The mail worker: sends what the outbox holds that is due, each message
//! once however many instances run it.
//!
//! A run claims a batch in one short transaction (on PostgreSQL with
//! `FOR UPDATE SKIP LOCKED`, so two instances claim disjoint batches),
//! marking each message `sending` until [`CLAIM`] from now, and commits;
//! then it talks to the SMTP server with no transaction open, and records
//! each outcome. An instance that dies mid-batch leaves its messages
//! `sending`: once the claim runs out another run takes them up. A message
//! the server accepted just before such a crash is therefore sent again:
//! delivery is at least once across a crash, exactly once otherwise, and a
//! second copy carries the same Message-ID, which mail clients show once.
//!
//! A temporary failure (a 4xx answer, a server that cannot be reached) is
//! tried again after a growing wait (`model::mail::next_attempt`) for up to
//! a day; a permanent one (5xx) is given up at once. Both keep the reason.

use super::compose::{compose, Compose};
use super::transport::Failure;
use crate::model::mail::next_attempt;
use crate::server::auth::{new_session_token, token_hash};
use crate::server::state::AppState;
use crate::server::store::mail_choices;
use crate::server::store::mail_outbox::{self, Claimed, Outcome};
use chrono::{DateTime, Duration, Utc};
use futures_util::StreamExt;

/// Messages claimed per transaction.
const BATCH: i64 = 50;

/// Messages in conversation with the SMTP server at once (lettre pools the
/// connections): a digest for thousands goes out in a minute, not an hour.
const IN_FLIGHT: usize = 8;

/// How long a claim holds: far longer than sending a batch takes (each SMTP
/// conversation times out after 30 s), short enough that a crashed instance's
/// messages go out within minutes.
pub const CLAIM: Duration = Duration::minutes(10);

/// Sends every message due at `now`; how many were sent.
pub async fn send_due(state: &AppState, now: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    let mut sent = 0;
    loop {
        let mut tx = state.db.begin().await?;
        let batch = mail_outbox::claim(&mut tx, now, now + CLAIM, BATCH).await?;
        tx.commit().await?;
        let claimed = batch.len() as i64;
        let results: Vec<Result<bool, sqlx::Error>> = futures_util::stream::iter(batch)
            .map(|mail| {
                let state = state.clone();
                async move { deliver(&state, &mail, now).await }
            })
            .buffer_unordered(IN_FLIGHT)
            .collect()
            .await;
        for result in results {
            sent += u64::from(result?);
        }
        if claimed < BATCH {
            return Ok(sent);
        }
    }
}

/// Renders and sends one claimed message and records the outcome; whether it was sent.
async fn deliver(
    state: &AppState,
    mail: &Claimed,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let db = &state.db;
    let mailer = &state.mail;
    let composed = match compose(state, mail, now).await? {
        Compose::Ready(composed) => *composed,
        Compose::Skip(reason) => {
            tracing::debug!(mail = mail.id, reason = reason.as_str(), "mail skipped");
            mail_outbox::settle(db, mail.id, Outcome::Skipped { reason }, now).await?;
            return Ok(false);
        }
    };
    let recipient = composed.to.email.clone();
    let subject = composed.subject.clone();
    let token = new_session_token();
    mail_choices::remember_token(db, &token_hash(&token), mail.user_id, mail.kind, now).await?;
    let file_name = format!("{}-{}", mail.created_at.format("%Y%m%dT%H%M%S"), mail.id);
    let outcome = mailer
        .send(
            composed,
            &mail.message_id(&mailer.domain),
            &token,
            &file_name,
        )
        .await;
    let outcome = match &outcome {
        Ok(answer) => {
            tracing::info!(
                mail = mail.id,
                kind = mail.kind.as_str(),
                answer,
                "mail sent"
            );
            Outcome::Sent {
                recipient: &recipient,
                subject: &subject,
            }
        }
        Err(Failure::Permanent(error)) => {
            tracing::warn!(mail = mail.id, error, "mail refused for good: given up");
            Outcome::Failed {
                recipient: Some(&recipient),
                error,
            }
        }
        Err(Failure::Temporary(error)) => {
            match next_attempt(mail.created_at, mail.attempts.max(1) as u32, now) {
                Some(next) => {
                    tracing::info!(mail = mail.id, error, %next, "mail not sent: will try again");
                    Outcome::Retry { next, error }
                }
                None => {
                    tracing::warn!(mail = mail.id, error, "mail not sent for a day: given up");
                    Outcome::Failed {
                        recipient: Some(&recipient),
                        error,
                    }
                }
            }
        }
    };
    let sent = matches!(outcome, Outcome::Sent { .. });
    mail_outbox::settle(db, mail.id, outcome, now).await?;
    Ok(sent)
}
