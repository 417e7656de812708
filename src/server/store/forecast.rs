//! The open deals as the forecast reads them (`model::forecast`): one
//! aggregate that groups them as `model::forecast::open_groups` does (tested
//! against it in `tests/integration/forecast.rs`), and the deals a progress
//! page lists.

use crate::model::deal::DealKind;
use crate::model::forecast::{OpenGroup, UNKNOWN_STAGE};
use crate::model::{DealId, PartnerId};
use crate::server::db::{with_db, Exec};
use crate::server::store::scope::PartnerScope;
use chrono::NaiveDate;
use std::collections::HashMap;

/// A deal's probability in SQL: its own, else its stage's, else the default
/// (`model::forecast::probability_of`), for deals `d` joined to stages `s`.
fn probability_sql() -> String {
    format!("COALESCE(d.probability, s.probability, {UNKNOWN_STAGE})")
}

const STAGE_JOIN: &str =
    "LEFT JOIN deal_stages s ON s.partner_id = d.partner_id AND s.name = d.pipeline_stage";

/// One partner's open deals, grouped.
pub async fn open_groups<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
) -> Result<Vec<OpenGroup>, sqlx::Error> {
    let partner = scope.partner_id();
    Ok(groups_by_partner(db, Some(partner))
        .await?
        .remove(&partner)
        .unwrap_or_default())
}

/// Every partner's open deals, grouped (the portfolio's forecast column).
pub async fn every_partners_open_groups<'a>(
    db: impl Into<Exec<'a>>,
) -> Result<HashMap<PartnerId, Vec<OpenGroup>>, sqlx::Error> {
    groups_by_partner(db, None).await
}

async fn groups_by_partner<'a>(
    db: impl Into<Exec<'a>>,
    partner: Option<PartnerId>,
) -> Result<HashMap<PartnerId, Vec<OpenGroup>>, sqlx::Error> {
    let of_partner = if partner.is_some() {
        "AND d.partner_id = $1"
    } else {
        ""
    };
    let sql = format!(
        "SELECT d.partner_id, d.kind, d.close_month, {p} AS p, COUNT(*), CAST(SUM(d.mrr) AS BIGINT) \
         FROM deals d {STAGE_JOIN} WHERE d.stage = 'open' {of_partner} \
         GROUP BY d.partner_id, d.kind, d.close_month, {p}",
        p = probability_sql()
    );
    type Row = (PartnerId, String, Option<i32>, i32, i64, i64);
    let rows: Vec<Row> = with_db!(db, |e| {
        let query = sqlx::query_as(&sql);
        match partner {
            Some(partner) => query.bind(partner),
            None => query,
        }
        .fetch_all(e)
        .await
    })?;
    let mut all: HashMap<PartnerId, Vec<OpenGroup>> = HashMap::new();
    for (partner, kind, close_month, probability, count, mrr) in rows {
        all.entry(partner).or_default().push(OpenGroup {
            kind: DealKind::parse(&kind).unwrap_or(DealKind::Sourced),
            close_month,
            probability: u8::try_from(probability).unwrap_or(UNKNOWN_STAGE),
            count,
            mrr,
        });
    }
    for groups in all.values_mut() {
        groups.sort_unstable();
    }
    Ok(all)
}

/// An open deal as the progress page lists it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct OpenDealRow {
    pub id: DealId,
    pub name: String,
    pub kind: String,
    pub pipeline_stage: Option<String>,
    /// Its own probability, when set.
    pub own: Option<i32>,
    /// The one it counts at.
    pub probability: i32,
    pub close_date: Option<NaiveDate>,
    pub mrr: i64,
}

/// The partner's (`$1`) open deals as [`OpenDealRow`]s, to be narrowed.
fn open_deals_sql() -> String {
    format!(
        "SELECT d.id, d.name, d.kind, d.pipeline_stage, d.probability AS own, {} AS probability, \
                d.close_date, d.mrr \
         FROM deals d {STAGE_JOIN} WHERE d.partner_id = $1 AND d.stage = 'open'",
        probability_sql()
    )
}

/// The open deals closing by `last_month` (a month key; overdue ones
/// included) with the largest weighted MRR, at most `limit`.
pub async fn largest_closing_by<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
    last_month: i32,
    limit: i64,
) -> Result<Vec<OpenDealRow>, sqlx::Error> {
    let sql = format!(
        "{} AND d.close_month <= $2 ORDER BY d.mrr * {} DESC, d.close_date, d.id LIMIT $3",
        open_deals_sql(),
        probability_sql()
    );
    with_db!(db, |e| sqlx::query_as::<_, OpenDealRow>(&sql)
        .bind(scope.partner_id())
        .bind(last_month)
        .bind(limit)
        .fetch_all(e)
        .await)
}

/// Open deals without a close date, largest MRR first, at most `limit`.
pub async fn undated<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
    limit: i64,
) -> Result<Vec<OpenDealRow>, sqlx::Error> {
    let sql = format!(
        "{} AND d.close_date IS NULL ORDER BY d.mrr DESC, d.id LIMIT $2",
        open_deals_sql()
    );
    with_db!(db, |e| sqlx::query_as::<_, OpenDealRow>(&sql)
        .bind(scope.partner_id())
        .bind(limit)
        .fetch_all(e)
        .await)
}

/// How many deals a progress page lists in each of its forecast lists.
pub const LISTED: i64 = 10;

/// Everything the progress page's forecast reads from the deals, as of one
/// quarter (the one the "deals that matter most" close in).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outlook {
    pub groups: Vec<OpenGroup>,
    pub largest: Vec<OpenDealRow>,
    pub undated: Vec<OpenDealRow>,
}

pub async fn outlook(
    db: &crate::server::db::Db,
    scope: &PartnerScope,
    quarter_last_month: i32,
) -> Result<Outlook, sqlx::Error> {
    Ok(Outlook {
        groups: open_groups(db, scope).await?,
        largest: largest_closing_by(db, scope, quarter_last_month, LISTED).await?,
        undated: undated(db, scope, LISTED).await?,
    })
}
