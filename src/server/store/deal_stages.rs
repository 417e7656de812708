//! A partner's pipeline stages and their probabilities (`model::forecast`).
//! Stages are collected as deals name them ([`collect`]); people change their
//! probabilities on the deals area (`server::deals::stages`).

use crate::model::forecast::default_probability;
use crate::model::UserId;
use crate::server::db::{with_db, Exec, Tx};
use crate::server::store::scope::PartnerScope;
use chrono::{DateTime, Utc};
use std::collections::HashSet;

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct StageRow {
    pub name: String,
    pub probability: i32,
    /// The partner's open deals in the stage.
    pub open_deals: i64,
}

/// The partner's stages in the order they were first seen, each with its
/// open deals.
pub async fn list<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
) -> Result<Vec<StageRow>, sqlx::Error> {
    with_db!(db, |e| sqlx::query_as::<_, StageRow>(
        "SELECT s.name, s.probability, \
                (SELECT COUNT(*) FROM deals d WHERE d.partner_id = s.partner_id \
                   AND d.stage = 'open' AND d.pipeline_stage = s.name) AS open_deals \
         FROM deal_stages s WHERE s.partner_id = $1 ORDER BY s.position, s.name"
    )
    .bind(scope.partner_id())
    .fetch_all(e)
    .await)
}

/// One stage's probability, when the partner has the stage.
pub async fn probability<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
    name: &str,
) -> Result<Option<i32>, sqlx::Error> {
    with_db!(db, |e| sqlx::query_scalar::<_, i32>(
        "SELECT probability FROM deal_stages WHERE partner_id = $1 AND name = $2"
    )
    .bind(scope.partner_id())
    .bind(name)
    .fetch_optional(e)
    .await)
}

/// Adds the stages among `names` the partner does not have yet, each with
/// its default probability (HubSpot's where the name is one of its, else
/// 10 %); the names added. Only missing ones are written, so that saving a
/// deal in a known stage leaves the figures computed from the deals current.
/// Stages new in one batch are placed by their default probability, then
/// as first seen: a HubSpot file's pipeline lists in its own order.
pub async fn collect<'n>(
    tx: &mut Tx,
    scope: &PartnerScope,
    names: impl IntoIterator<Item = &'n str>,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<Vec<String>, sqlx::Error> {
    let mut seen = HashSet::new();
    let mut wanted: Vec<&str> = names.into_iter().filter(|n| seen.insert(*n)).collect();
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    // A stable sort: equal defaults keep the order they were seen in.
    wanted.sort_by_key(|n| default_probability(n));
    let known: Vec<String> = with_db!(&mut *tx, |e| sqlx::query_scalar(
        "SELECT name FROM deal_stages WHERE partner_id = $1"
    )
    .bind(scope.partner_id())
    .fetch_all(e)
    .await)?;
    let mut added = Vec::new();
    for name in wanted.into_iter().filter(|n| !known.iter().any(|k| k == n)) {
        if add(
            tx,
            scope,
            name,
            i32::from(default_probability(name)),
            by,
            now,
        )
        .await?
        {
            added.push(name.to_string());
        }
    }
    Ok(added)
}

/// Adds one stage at `probability`, after the others; false when the
/// partner has it already.
pub async fn add(
    tx: &mut Tx,
    scope: &PartnerScope,
    name: &str,
    probability: i32,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let written = with_db!(&mut *tx, |e| {
        sqlx::query(
        "INSERT INTO deal_stages (partner_id, name, probability, position, updated_by, updated_at) \
         VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), 0) + 1 FROM deal_stages WHERE partner_id = $1), $4, $5) \
         ON CONFLICT (partner_id, name) DO NOTHING"
    )
    .bind(scope.partner_id())
    .bind(name)
    .bind(probability)
    .bind(by)
    .bind(now)
    .execute(e)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(written == 1)
}

/// Sets one stage's probability; the one it had, or `None` when the
/// partner has no such stage. Unchanged probabilities are not written.
pub async fn set_probability(
    tx: &mut Tx,
    scope: &PartnerScope,
    name: &str,
    probability: i32,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<Option<i32>, sqlx::Error> {
    let Some(old) = self::probability(&mut *tx, scope, name).await? else {
        return Ok(None);
    };
    if old != probability {
        with_db!(&mut *tx, |e| sqlx::query(
            "UPDATE deal_stages SET probability = $3, updated_by = $4, updated_at = $5 \
             WHERE partner_id = $1 AND name = $2"
        )
        .bind(scope.partner_id())
        .bind(name)
        .bind(probability)
        .bind(by)
        .bind(now)
        .execute(e)
        .await
        .map(drop))?;
    }
    Ok(Some(old))
}
