//! `Idempotency-Key` on writes: a client that is not sure its request
//! arrived sends it again with the same key and gets the first answer,
//! nothing written twice. The same key with another body is refused (422);
//! while the first is still being answered, a second waits its turn (409).
//! Answers are kept 24 hours.

use crate::model::api_token::idempotency_key_ok;
use crate::server::authz::Access;
use crate::server::rest::reply::{ApiError, Reply};
use crate::server::store::api_tokens::{self, Claim};
use chrono::{Duration, Utc};
use http::StatusCode;
use sha2::{Digest, Sha256};

pub const HEADER: &str = "idempotency-key";
/// How long an answer is kept for its key.
pub const KEPT: Duration = Duration::hours(24);
/// A claim never answered this long after it was made was abandoned (the
/// server stopped mid-request): the key may be used again.
const ABANDONED: Duration = Duration::minutes(5);

/// Runs `work`, the answer to `access`'s request with `body`, once per key:
/// the first time, or never again within a day. Without the header, `work`
/// simply runs.
pub async fn once<Fut>(access: &Access, body: &[u8], work: Fut) -> Result<Reply, ApiError>
where
    Fut: std::future::Future<Output = Result<Reply, ApiError>>,
{
    let Some(key) = access.parts.headers.get(HEADER) else {
        return work.await;
    };
    let key = key
        .to_str()
        .ok()
        .filter(|k| idempotency_key_ok(k))
        .ok_or(ApiError::IdempotencyKeyInvalid)?;
    let Some(token) = access.token.as_ref().map(|t| t.id) else {
        return work.await;
    };
    // The request is its method, its path and its body.
    let mut hash = Sha256::new();
    hash.update(access.parts.method.as_str().as_bytes());
    hash.update([0]);
    hash.update(access.parts.uri.path().as_bytes());
    hash.update([0]);
    hash.update(body);
    let hash: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let db = &access.state.db;
    let now = Utc::now();
    match api_tokens::claim_key(db, token, key, &hash, now, now - KEPT, now - ABANDONED).await? {
        Claim::Fresh => {}
        Claim::Answered { status, body } => return Ok(replayed(status, &body)),
        Claim::OtherRequest => return Err(ApiError::IdempotencyReused),
        Claim::InProgress => return Err(ApiError::IdempotencyInProgress),
    }
    let answer = work.await;
    // What the client may rely on is kept: a success, or a refusal of the
    // request itself. A refusal that may pass on a retry (busy, timed out, a
    // failure of ours) lets go of the key so the retry runs.
    let kept = match &answer {
        Ok(reply) => Some((
            reply.status,
            reply
                .body
                .as_ref()
                .map(|b| b.to_string())
                .unwrap_or_default(),
        )),
        Err(error) if error.status().is_client_error() => Some((
            error.status(),
            serde_json::to_string(&error.body(access.locale)).unwrap_or_default(),
        )),
        Err(_) => None,
    };
    match kept {
        Some((status, body)) => {
            api_tokens::answer_key(db, token, key, status.as_u16(), &body).await?
        }
        None => api_tokens::release_key(db, token, key).await?,
    }
    answer
}

/// The kept answer, marked as a replay.
fn replayed(status: u16, body: &str) -> Reply {
    Reply {
        status: StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
        body: (!body.is_empty()).then(|| serde_json::from_str(body).unwrap_or_default()),
        location: None,
    }
}
