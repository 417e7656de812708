//! The JSON API's tokens, the addresses each was used from, and the answers
//! kept for idempotency keys. A token is found by the hash of its secret; the
//! secret itself is never stored.

use crate::model::{PartnerId, TokenId, UserId};
use crate::server::db::{with_db, Exec};
use crate::server::store::users::UserRow;
use chrono::{DateTime, Utc};

/// A token as its list shows it, with its creator.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct TokenRow {
    pub id: TokenId,
    /// `None`: every partner (an admin's token).
    pub partner_id: Option<PartnerId>,
    pub partner_name: Option<String>,
    pub name: String,
    pub scopes: String,
    pub prefix: String,
    /// `None`: made on the command line.
    pub created_by: Option<UserId>,
    pub creator: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub last_used_addr: Option<String>,
}

const COLUMNS: &str = "t.id, t.partner_id, p.name AS partner_name, t.name, t.scopes, t.prefix, \
     t.created_by, u.display_name AS creator, t.created_at, t.expires_at, t.revoked_at, \
     t.last_used_at, t.last_used_addr";
const FROM: &str =
    "FROM api_tokens t LEFT JOIN users u ON u.id = t.created_by LEFT JOIN partners p ON p.id = t.partner_id";

pub struct NewToken<'a> {
    pub partner_id: Option<PartnerId>,
    pub name: &'a str,
    pub scopes: &'a str,
    pub token_hash: &'a str,
    pub prefix: &'a str,
    pub created_by: Option<UserId>,
    pub expires_at: Option<DateTime<Utc>>,
}

pub async fn create<'a>(
    db: impl Into<Exec<'a>>,
    token: &NewToken<'_>,
    now: DateTime<Utc>,
) -> Result<TokenId, sqlx::Error> {
    with_db!(db, |e| {
        sqlx::query_scalar::<_, TokenId>(
        "INSERT INTO api_tokens (partner_id, name, scopes, token_hash, prefix, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"
    )
    .bind(token.partner_id)
    .bind(token.name)
    .bind(token.scopes)
    .bind(token.token_hash)
    .bind(token.prefix)
    .bind(token.created_by)
    .bind(now)
    .bind(token.expires_at)
    .fetch_one(e)
    .await
    })
}

/// Which tokens a list shows.
#[derive(Clone, Copy, Debug)]
pub enum Listed {
    /// One partner's (not those for every partner).
    Partner(PartnerId),
    /// Every token: the admin area's list.
    All,
}

/// The tokens not revoked, newest first.
pub async fn list<'a>(
    db: impl Into<Exec<'a>>,
    listed: Listed,
) -> Result<Vec<TokenRow>, sqlx::Error> {
    let (filter, partner) = match listed {
        Listed::Partner(id) => ("t.partner_id = $1", Some(id)),
        Listed::All => ("$1 IS NULL", None),
    };
    let sql = format!(
        "SELECT {COLUMNS} {FROM} WHERE {filter} AND t.revoked_at IS NULL ORDER BY t.created_at DESC, t.id DESC"
    );
    with_db!(db, |e| sqlx::query_as::<_, TokenRow>(&sql)
        .bind(partner)
        .fetch_all(e)
        .await)
}

pub async fn get<'a>(
    db: impl Into<Exec<'a>>,
    id: TokenId,
) -> Result<Option<TokenRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} {FROM} WHERE t.id = $1");
    with_db!(db, |e| sqlx::query_as::<_, TokenRow>(&sql)
        .bind(id)
        .fetch_optional(e)
        .await)
}

/// A token presented with a request, and its creator as they are now.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Presented {
    #[sqlx(flatten)]
    pub token: TokenRow,
    #[sqlx(flatten)]
    pub creator: CreatorRow,
}

/// The creator's row, under names that do not clash with the token's.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CreatorRow {
    pub creator_email: Option<String>,
    pub creator_role: Option<String>,
    pub creator_partner_id: Option<PartnerId>,
    pub creator_locale: Option<String>,
    pub creator_time_zone: Option<String>,
    pub creator_must_change_password: Option<bool>,
    pub creator_deactivated: bool,
}

/// Who a token acts as.
#[derive(Clone, Debug, PartialEq)]
pub enum Creator {
    /// The person who made it, as they are now.
    User(UserRow),
    /// The operator, on the command line.
    CommandLine,
}

impl Presented {
    /// The creator, in the form every access check reads; `None` when their
    /// row cannot be read (an unknown role): such a token grants nothing.
    pub fn creator(&self) -> Option<Creator> {
        let Some(id) = self.token.created_by else {
            return Some(Creator::CommandLine);
        };
        let c = &self.creator;
        Some(Creator::User(UserRow {
            id,
            email: c.creator_email.clone()?,
            display_name: self.token.creator.clone()?,
            role: crate::model::Role::parse(c.creator_role.as_deref()?)?,
            partner_id: c.creator_partner_id,
            locale: c.creator_locale.clone()?,
            time_zone: c.creator_time_zone.clone()?,
            must_change_password: c.creator_must_change_password?,
        }))
    }
}

/// The token whose secret hashes to `token_hash`, revoked or expired or not:
/// the caller judges (one query, on every API request).
pub async fn find_by_hash<'a>(
    db: impl Into<Exec<'a>>,
    token_hash: &str,
) -> Result<Option<Presented>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS}, u.email AS creator_email, u.role AS creator_role, \
         u.partner_id AS creator_partner_id, u.locale AS creator_locale, \
         u.time_zone AS creator_time_zone, u.must_change_password AS creator_must_change_password, \
         COALESCE(u.deactivated_at IS NOT NULL, FALSE) AS creator_deactivated \
         {FROM} WHERE t.token_hash = $1"
    );
    with_db!(db, |e| sqlx::query_as::<_, Presented>(&sql)
        .bind(token_hash)
        .fetch_optional(e)
        .await)
}

/// Revokes a token; whether it was still active.
pub async fn revoke<'a>(
    db: impl Into<Exec<'a>>,
    id: TokenId,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    with_db!(db, |e| {
        sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1, revoked_by = $2 WHERE id = $3 AND revoked_at IS NULL"
    )
    .bind(now)
    .bind(by)
    .bind(id)
    .execute(e)
    .await
    .map(|r| r.rows_affected() > 0)
    })
}

/// Notes a use: when, and from where.
pub async fn touch<'a>(
    db: impl Into<Exec<'a>>,
    id: TokenId,
    addr: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "UPDATE api_tokens SET last_used_at = $1, last_used_addr = $2 WHERE id = $3"
    )
    .bind(now)
    .bind(addr)
    .bind(id)
    .execute(e)
    .await
    .map(|_| ()))
}

/// Remembers that the token was used from `addr`; whether that was the first time.
pub async fn remember_address<'a>(
    db: impl Into<Exec<'a>>,
    id: TokenId,
    addr: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "INSERT INTO api_token_addresses (token_id, addr, first_seen_at) VALUES ($1, $2, $3) \
         ON CONFLICT (token_id, addr) DO NOTHING"
    )
    .bind(id)
    .bind(addr)
    .bind(now)
    .execute(e)
    .await
    .map(|r| r.rows_affected() > 0))
}

/// What an idempotency key holds when a write presents it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Claim {
    /// Never seen (or only by a request that gave up): this request answers it.
    Fresh,
    /// Answered before, to a request with the same body: that answer.
    Answered { status: u16, body: String },
    /// Seen with another body.
    OtherRequest,
    /// The first request with this key is still being answered.
    InProgress,
}

#[derive(sqlx::FromRow)]
struct KeyRow {
    request_hash: String,
    status: Option<i32>,
    body: Option<String>,
    created_at: DateTime<Utc>,
}

/// Claims `key` for a request whose body hashes to `request_hash`. Keys older
/// than `kept_since` are forgotten, and a claim older than `abandoned_before`
/// that never got its answer (the server stopped meanwhile) is taken over.
pub async fn claim_key<'a>(
    db: impl Into<Exec<'a>> + Copy,
    token: TokenId,
    key: &str,
    request_hash: &str,
    now: DateTime<Utc>,
    kept_since: DateTime<Utc>,
    abandoned_before: DateTime<Utc>,
) -> Result<Claim, sqlx::Error> {
    for _ in 0..2 {
        let inserted = with_db!(db, |e| {
            sqlx::query(
            "INSERT INTO api_idempotency (token_id, idempotency_key, request_hash, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (token_id, idempotency_key) DO NOTHING"
        )
        .bind(token)
        .bind(key)
        .bind(request_hash)
        .bind(now)
        .execute(e)
        .await
        .map(|r| r.rows_affected())
        })?;
        if inserted > 0 {
            return Ok(Claim::Fresh);
        }
        let row = with_db!(db, |e| sqlx::query_as::<_, KeyRow>(
            "SELECT request_hash, status, body, created_at FROM api_idempotency \
             WHERE token_id = $1 AND idempotency_key = $2"
        )
        .bind(token)
        .bind(key)
        .fetch_optional(e)
        .await)?;
        let Some(row) = row else { continue };
        let expired = row.created_at < kept_since;
        let abandoned = row.status.is_none() && row.created_at < abandoned_before;
        if expired || abandoned {
            // Only the request that removes it takes it over.
            let removed = with_db!(db, |e| {
                sqlx::query(
                "DELETE FROM api_idempotency WHERE token_id = $1 AND idempotency_key = $2 AND created_at = $3"
            )
            .bind(token)
            .bind(key)
            .bind(row.created_at)
            .execute(e)
            .await
            .map(|r| r.rows_affected())
            })?;
            if removed == 0 {
                return Ok(Claim::InProgress);
            }
            continue;
        }
        if row.request_hash != request_hash {
            return Ok(Claim::OtherRequest);
        }
        return Ok(match (row.status, row.body) {
            (Some(status), Some(body)) => Claim::Answered {
                status: u16::try_from(status).unwrap_or(500),
                body,
            },
            _ => Claim::InProgress,
        });
    }
    Ok(Claim::InProgress)
}

/// Keeps the answer given to a claimed key.
pub async fn answer_key<'a>(
    db: impl Into<Exec<'a>>,
    token: TokenId,
    key: &str,
    status: u16,
    body: &str,
) -> Result<(), sqlx::Error> {
    with_db!(db, |e| {
        sqlx::query(
        "UPDATE api_idempotency SET status = $1, body = $2 WHERE token_id = $3 AND idempotency_key = $4"
    )
    .bind(i32::from(status))
    .bind(body)
    .bind(token)
    .bind(key)
    .execute(e)
    .await
    .map(|_| ())
    })
}

/// Lets go of a claimed key whose request wrote nothing (it was refused, or
/// failed): the same key may be tried again.
pub async fn release_key<'a>(
    db: impl Into<Exec<'a>>,
    token: TokenId,
    key: &str,
) -> Result<(), sqlx::Error> {
    with_db!(db, |e| {
        sqlx::query(
        "DELETE FROM api_idempotency WHERE token_id = $1 AND idempotency_key = $2 AND status IS NULL"
    )
    .bind(token)
    .bind(key)
    .execute(e)
    .await
    .map(|_| ())
    })
}

/// Forgets answers kept since before `before` (the daily clean-up).
pub async fn forget_keys<'a>(
    db: impl Into<Exec<'a>>,
    before: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "DELETE FROM api_idempotency WHERE created_at < $1"
    )
    .bind(before)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))
}
