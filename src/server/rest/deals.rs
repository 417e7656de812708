//! `/api/v1/partners/{partner}/deals`: a partner's deals, read and written
//! with the deals form's rules and messages (`model::deal`), and upserted in
//! bulk by Record ID as the HubSpot import does (`deals::import`).

use super::reply::{field_problems, ApiError, FieldProblem, Reply};
use super::{idempotency, if_match, read_json, PartnerPath, RecordPath};
use crate::error::AppError;
use crate::i18n::Key;
use crate::model::api_token::Scope;
use crate::model::deal::DealForm;
use crate::model::deal_query::DealQuery;
use crate::model::money::plain_amount;
use crate::model::{Currency, DealFields, DealId};
use crate::server::authz::{Access, Touches};
use crate::server::deals::import::{self, Choice, ImportError};
use crate::server::store::deals::{self as store, DealRow};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery};
use chrono::Utc;
use http::HeaderMap;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

/// Most deals one bulk request may carry.
pub const BULK_MAX: usize = 5_000;
/// Most deals one page of the list holds, and how many unless asked.
const PAGE_MAX: u32 = 500;
const PAGE_DEFAULT: u32 = 100;

/// A deal as the API reads it back.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Deal {
    pub id: i64,
    /// Sent back in `If-Match` to change or delete this deal.
    pub version: i64,
    /// HubSpot's Record ID; `null` for a deal typed by hand.
    #[schema(example = "18234567")]
    pub external_id: Option<String>,
    #[schema(example = "Cloud migration")]
    pub name: String,
    /// `sourced` or `assisted`.
    #[schema(example = "sourced")]
    pub kind: String,
    /// `open`, `closed_won` or `closed_lost`.
    #[schema(example = "closed_won")]
    pub stage: String,
    #[schema(example = "2026-03-02")]
    pub create_date: String,
    #[schema(example = "2026-04-15")]
    pub close_date: Option<String>,
    /// Monthly recurring revenue, a decimal string in the partner's currency.
    #[schema(example = "1234.50")]
    pub mrr: String,
    pub owner: String,
    pub company: String,
    pub notes: String,
    /// The pipeline stage as HubSpot names it; `null` without one.
    #[schema(example = "Contract sent")]
    pub pipeline_stage: Option<String>,
    /// The deal's own probability (0–100) for the forecast, over its
    /// stage's; `null` when it counts at its stage's.
    #[schema(example = 75)]
    pub probability: Option<u8>,
}

/// A deal as sent to create it, or as one item of a bulk upsert. Every rule
/// of the deals form applies, and each problem is reported on its field.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "external_id": "18234567", "name": "Cloud migration", "kind": "sourced",
    "stage": "closed_won", "create_date": "2026-03-02", "close_date": "2026-04-15",
    "mrr": "1234.50", "owner": "Morgan Lee", "company": "Formosa Foods", "notes": ""
}))]
pub struct DealInput {
    #[serde(default)]
    pub external_id: Option<String>,
    #[serde(default)]
    #[schema(required = true)]
    pub name: String,
    /// `sourced` or `assisted`.
    #[serde(default)]
    #[schema(required = true)]
    pub kind: String,
    /// `open`, `closed_won` or `closed_lost`.
    #[serde(default)]
    #[schema(required = true)]
    pub stage: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    #[schema(required = true)]
    pub create_date: String,
    /// `YYYY-MM-DD`; required once the deal is closed.
    #[serde(default)]
    pub close_date: Option<String>,
    /// A decimal string (`"1234.50"`) or number in the partner's currency.
    #[serde(default, deserialize_with = "amount")]
    #[schema(value_type = Option<String>)]
    pub mrr: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub company: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
    /// The pipeline stage as HubSpot names it; a stage the partner does not
    /// have yet is added with its default probability.
    #[serde(default)]
    #[schema(example = "Contract sent")]
    pub pipeline_stage: Option<String>,
    /// The deal's own probability, a whole percentage (0–100); left out,
    /// a bulk upsert keeps the one a deal has.
    #[serde(default, deserialize_with = "amount")]
    #[schema(value_type = Option<u8>)]
    pub probability: Option<String>,
}

/// The fields to change; those left out keep their value. `close_date: null`
/// clears the close date.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"stage": "closed_won", "close_date": "2026-05-31", "mrr": "2400.00"}))]
pub struct DealPatch {
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub external_id: Option<Option<String>>,
    pub name: Option<String>,
    pub kind: Option<String>,
    pub stage: Option<String>,
    pub create_date: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub close_date: Option<Option<String>>,
    #[serde(default, deserialize_with = "amount")]
    #[schema(value_type = Option<String>)]
    pub mrr: Option<String>,
    pub owner: Option<String>,
    pub company: Option<String>,
    pub notes: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub pipeline_stage: Option<Option<String>>,
    /// `null` returns the deal to its stage's probability.
    #[serde(default, deserialize_with = "present_amount")]
    #[schema(value_type = Option<u8>)]
    pub probability: Option<Option<String>>,
}

/// A page of deals.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct DealPage {
    pub deals: Vec<Deal>,
    /// Pass as `cursor` for the next page; `null` on the last.
    pub next_cursor: Option<String>,
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkInput {
    /// At most 5,000.
    pub deals: Vec<DealInput>,
}

/// What a bulk upsert did, counted as the CSV import counts.
#[derive(Clone, Debug, Default, Serialize, ToSchema)]
pub struct BulkOutcome {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: Vec<BulkRejection>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct BulkRejection {
    /// The item's position in `deals`, from 0.
    pub index: usize,
    pub external_id: Option<String>,
    pub errors: Vec<FieldProblem>,
}

/// An amount given as a string or a number.
fn amount<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Amount {
        Text(String),
        Number(serde_json::Number),
    }
    Ok(Option::<Amount>::deserialize(d)?.map(|a| match a {
        Amount::Text(t) => t,
        Amount::Number(n) => n.to_string(),
    }))
}

/// An amount that may be set to `null`.
fn present_amount<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Ok(Some(amount(d)?))
}

/// A field that may be set to `null`: present (`Some`), with its value or none.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Ok(Some(Option::deserialize(d)?))
}

pub fn deal_json(row: &DealRow, currency: Currency) -> Deal {
    Deal {
        id: row.id.0,
        version: row.version,
        external_id: row.external_id.clone(),
        name: row.name.clone(),
        kind: row.kind.as_str().to_string(),
        stage: row.stage.as_str().to_string(),
        create_date: row.create_date.to_string(),
        close_date: row.close_date.map(|d| d.to_string()),
        mrr: plain_amount(row.mrr, currency),
        owner: row.owner.clone(),
        company: row.company.clone(),
        notes: row.notes.clone(),
        pipeline_stage: row.pipeline_stage.clone(),
        probability: row.probability.and_then(|p| u8::try_from(p).ok()),
    }
}

impl DealInput {
    fn form(&self) -> DealForm {
        DealForm {
            external_id: self.external_id.clone().unwrap_or_default(),
            name: self.name.clone(),
            kind: self.kind.clone(),
            stage: self.stage.clone(),
            create_date: self.create_date.clone(),
            close_date: self.close_date.clone().unwrap_or_default(),
            mrr: self.mrr.clone().unwrap_or_default(),
            owner: self.owner.clone().unwrap_or_default(),
            company: self.company.clone().unwrap_or_default(),
            notes: self.notes.clone().unwrap_or_default(),
            pipeline_stage: self.pipeline_stage.clone().unwrap_or_default(),
            probability: self.probability.clone().unwrap_or_default(),
        }
    }
}

impl DealPatch {
    /// The deal's form with this patch's fields over its saved ones.
    fn over(self, row: &DealRow, currency: Currency) -> DealForm {
        let saved = DealForm {
            external_id: row.external_id.clone().unwrap_or_default(),
            name: row.name.clone(),
            kind: row.kind.as_str().into(),
            stage: row.stage.as_str().into(),
            create_date: row.create_date.to_string(),
            close_date: row.close_date.map(|d| d.to_string()).unwrap_or_default(),
            mrr: plain_amount(row.mrr, currency),
            owner: row.owner.clone(),
            company: row.company.clone(),
            notes: row.notes.clone(),
            pipeline_stage: row.pipeline_stage.clone().unwrap_or_default(),
            probability: row.probability.map(|p| p.to_string()).unwrap_or_default(),
        };
        DealForm {
            external_id: self
                .external_id
                .map_or(saved.external_id, Option::unwrap_or_default),
            name: self.name.unwrap_or(saved.name),
            kind: self.kind.unwrap_or(saved.kind),
            stage: self.stage.unwrap_or(saved.stage),
            create_date: self.create_date.unwrap_or(saved.create_date),
            close_date: self
                .close_date
                .map_or(saved.close_date, Option::unwrap_or_default),
            mrr: self.mrr.unwrap_or(saved.mrr),
            owner: self.owner.unwrap_or(saved.owner),
            company: self.company.unwrap_or(saved.company),
            notes: self.notes.unwrap_or(saved.notes),
            pipeline_stage: self
                .pipeline_stage
                .map_or(saved.pipeline_stage, Option::unwrap_or_default),
            probability: self
                .probability
                .map_or(saved.probability, Option::unwrap_or_default),
        }
    }
}

/// List the partner's deals, by id, a page at a time.
#[utoipa::path(get, operation_id = "list_deals", path = "/api/v1/partners/{partner}/deals", tag = "deals",
    params(PartnerPath,
        ("year" = Option<i32>, Query, description = "Deals created or closed in this year"),
        ("kind" = Option<String>, Query, description = "`sourced` or `assisted`"),
        ("stage" = Option<String>, Query, description = "`open`, `closed_won` or `closed_lost`"),
        ("q" = Option<String>, Query, description = "Text in the name, company, owner or Record ID"),
        ("limit" = Option<u32>, Query, description = "1 to 500; 100 unless given"),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the page before")),
    responses((status = 200, description = "OK", body = DealPage), (status = "4XX", description = "Refused: the error says why, with a code", body = super::reply::ErrorBody)),
    security(("token" = ["deals:read"])))]
pub async fn list(
    access: Access,
    Path(partner): Path<crate::model::PartnerId>,
    RawQuery(query): RawQuery,
) -> Result<Reply, ApiError> {
    let access = access
        .allow_scoped(Scope::DealsRead, Touches::Partner(partner))
        .await?;
    let (scope, _, currency) = access.partner().await?;
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.as_deref().unwrap_or("")).unwrap_or_default();
    let filters = DealQuery::from_params(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let param = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim());
    let limit = match param("limit") {
        None | Some("") => PAGE_DEFAULT,
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=PAGE_MAX).contains(n))
            .ok_or_else(|| ApiError::App(AppError::invalid("limit", Key::ErrChooseOption)))?,
    };
    let after = match param("cursor") {
        None | Some("") => None,
        Some(text) => Some(text.parse::<DealId>().map_err(|_| ApiError::BadCursor)?),
    };
    // One more than asked says whether another page follows.
    let mut rows = store::after(&access.state.db, &scope, &filters, after, limit + 1).await?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    Ok(Reply::ok(DealPage {
        next_cursor: more
            .then(|| rows.last().map(|r| r.id.to_string()))
            .flatten(),
        deals: rows.iter().map(|r| deal_json(r, currency)).collect(),
    }))
}

/// Create a deal.
#[utoipa::path(post, operation_id = "create_deal", path = "/api/v1/partners/{partner}/deals", tag = "deals",
    params(PartnerPath, super::IdempotencyHeader),
    request_body = DealInput,
    responses((status = 201, description = "Created", body = Deal), (status = "4XX", description = "Refused: the error says why, with a code", body = super::reply::ErrorBody)),
    security(("token" = ["deals:write"])))]
pub async fn create(
    access: Access,
    Path(partner): Path<crate::model::PartnerId>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Reply, ApiError> {
    let access = access
        .allow_scoped(Scope::DealsWrite, Touches::Partner(partner))
        .await?;
    let body = super::body_bytes(body)?;
    idempotency::once(&access, &body, async {
        let input: DealInput = read_json(&headers, &body)?;
        let id = crate::server::deals::create(&access, &input.form()).await?;
        let (scope, _, currency) = access.partner().await?;
        let row = store::get(&access.state.db, &scope, id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(Reply::created(
            deal_json(&row, currency),
            format!("/api/v1/partners/{partner}/deals/{id}"),
        ))
    })
    .await
}

/// Read one deal.
#[utoipa::path(get, operation_id = "get_deal", path = "/api/v1/partners/{partner}/deals/{id}", tag = "deals",
    params(RecordPath),
    responses((status = 200, description = "OK", body = Deal, headers(("ETag" = String, description = "The version, quoted"))),
        (status = "4XX", description = "Refused: the error says why, with a code", body = super::reply::ErrorBody)),
    security(("token" = ["deals:read"])))]
pub async fn get(
    access: Access,
    Path((partner, id)): Path<(crate::model::PartnerId, DealId)>,
) -> Result<Reply, ApiError> {
    let access = access
        .allow_scoped(Scope::DealsRead, Touches::record_of(partner, id))
        .await?;
    let (scope, _, currency) = access.partner().await?;
    let row = store::get(&access.state.db, &scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Reply::ok(deal_json(&row, currency)))
}

/// Change a deal: only the fields sent, over the version in `If-Match`.
#[utoipa::path(patch, operation_id = "patch_deal", path = "/api/v1/partners/{partner}/deals/{id}", tag = "deals",
    params(RecordPath, super::IfMatchHeader, super::IdempotencyHeader),
    request_body = DealPatch,
    responses((status = 200, description = "OK", body = Deal), (status = "4XX", description = "Refused: the error says why, with a code", body = super::reply::ErrorBody)),
    security(("token" = ["deals:write"])))]
pub async fn patch(
    access: Access,
    Path((partner, id)): Path<(crate::model::PartnerId, DealId)>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Reply, ApiError> {
    let access = access
        .allow_scoped(Scope::DealsWrite, Touches::record_of(partner, id))
        .await?;
    let body = super::body_bytes(body)?;
    idempotency::once(&access, &body, async {
        let version = if_match(&headers)?;
        let patch: DealPatch = read_json(&headers, &body)?;
        let (scope, _, currency) = access.partner().await?;
        let db = &access.state.db;
        let row = store::get(db, &scope, id)
            .await?
            .ok_or(AppError::NotFound)?;
        if row.version != version {
            return Err(ApiError::Stale);
        }
        let form = patch.over(&row, currency);
        crate::server::deals::update(&access, id, version, &form)
            .await
            .map_err(stale)?;
        let row = store::get(db, &scope, id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(Reply::ok(deal_json(&row, currency)))
    })
    .await
}

/// Delete a deal (at the version in `If-Match`, when one is sent).
#[utoipa::path(delete, operation_id = "delete_deal", path = "/api/v1/partners/{partner}/deals/{id}", tag = "deals",
    params(RecordPath, super::IfMatchHeader, super::IdempotencyHeader),
    responses((status = 204, description = "Deleted"), (status = "4XX", description = "Refused: the error says why, with a code", body = super::reply::ErrorBody)),
    security(("token" = ["deals:write"])))]
pub async fn delete(
    access: Access,
    Path((partner, id)): Path<(crate::model::PartnerId, DealId)>,
    headers: HeaderMap,
) -> Result<Reply, ApiError> {
    let access = access
        .allow_scoped(Scope::DealsWrite, Touches::record_of(partner, id))
        .await?;
    idempotency::once(&access, &[], async {
        let version = match headers.get(http::header::IF_MATCH) {
            Some(_) => if_match(&headers)?,
            None => {
                let scope = access.scope()?;
                store::get(&access.state.db, &scope, id)
                    .await?
                    .ok_or(AppError::NotFound)?
                    .version
            }
        };
        crate::server::deals::delete(&access, id, version, true)
            .await
            .map_err(stale)?;
        Ok(Reply::no_content())
    })
    .await
}

/// A save over a version someone else replaced: 412, as `If-Match` promises.
fn stale(error: AppError) -> ApiError {
    match error {
        AppError::Conflict => ApiError::Stale,
        other => ApiError::App(other),
    }
}

/// Create or update many deals by `external_id` (the HubSpot Record ID), as
/// the CSV import does: every valid item in one transaction, each invalid one
/// reported with its problems.
#[utoipa::path(post, operation_id = "upsert_deals", path = "/api/v1/partners/{partner}/deals/bulk", tag = "deals",
    params(PartnerPath, super::IdempotencyHeader),
    request_body(content = BulkInput, example = json!({"deals": [{
        "external_id": "18234568", "name": "Data platform", "kind": "assisted",
        "stage": "open", "create_date": "2026-05-04", "mrr": "800"}]})),
    responses((status = 200, description = "OK", body = BulkOutcome), (status = "4XX", description = "Refused: the error says why, with a code", body = super::reply::ErrorBody)),
    security(("token" = ["deals:write"])))]
pub async fn bulk(
    access: Access,
    Path(partner): Path<crate::model::PartnerId>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Reply, ApiError> {
    let access = access
        .allow_scoped(Scope::DealsWrite, Touches::Partner(partner))
        .await?;
    let body = super::body_bytes(body)?;
    idempotency::once(&access, &body, async {
        let input: BulkInput = read_json(&headers, &body)?;
        if input.deals.len() > BULK_MAX {
            return Err(ApiError::BulkTooMany { max: BULK_MAX });
        }
        Ok(Reply::ok(upsert(&access, &input.deals).await?))
    })
    .await
}

/// The bulk upsert itself (also what the benchmark measures).
pub async fn upsert(access: &Access, items: &[DealInput]) -> Result<BulkOutcome, ApiError> {
    let (scope, _, currency) = access.partner().await?;
    let locale = access.locale;
    let mut outcome = BulkOutcome::default();
    let mut valid: Vec<(u64, DealFields)> = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let mut problems = match item.form().parse(currency) {
            Ok(deal) if deal.external_id.is_some() => {
                valid.push((index as u64, deal));
                continue;
            }
            Ok(_) => Vec::new(),
            Err(problems) => problems,
        };
        if item
            .external_id
            .as_deref()
            .is_none_or(|e| e.trim().is_empty())
        {
            problems.insert(0, ("external_id", Key::ApiRecordIdRequired));
        }
        outcome.rejected.push(BulkRejection {
            index,
            external_id: item.external_id.clone(),
            errors: field_problems(
                &problems
                    .into_iter()
                    .map(|(field, message)| crate::error::FieldError {
                        field: field.to_string(),
                        message,
                    })
                    .collect::<Vec<_>>(),
                locale,
            ),
        });
    }
    // The API is the source of truth for what it sends: it overwrites deals
    // changed in the app since, as the command line's import does.
    let choice = Choice {
        take_all: true,
        ..Choice::default()
    };
    let plan_from = |existing: &std::collections::HashMap<String, DealRow>| {
        Ok::<_, ImportError>(import::plan_deals(
            valid.iter().map(|(i, d)| (*i, d)),
            existing,
            &choice,
        ))
    };
    let by = access.user.as_ref().map(|s| s.user.id);
    let db = &access.state.db;
    let (tx, plan) = match import::write_planned(db, &scope, plan_from, by, Utc::now()).await {
        Ok(written) => written,
        Err(ImportError::Db(e)) => return Err(e.into()),
        Err(ImportError::Changed) => return Err(ApiError::App(AppError::Conflict)),
        Err(ImportError::File(_)) => return Err(ApiError::App(AppError::BadRequest)),
    };
    tx.commit().await.map_err(AppError::from)?;
    let counts = plan.outcome().counts;
    if let Err(err) = store::after_bulk_write(db, counts.written()).await {
        tracing::warn!(error = %err, "cannot refresh the deals statistics");
    }
    outcome.created = counts.created;
    outcome.updated = counts.updated;
    outcome.unchanged = counts.unchanged;
    for rejection in plan.rejected {
        let index = usize::try_from(rejection.line).unwrap_or(usize::MAX);
        outcome.rejected.push(BulkRejection {
            index,
            external_id: items.get(index).and_then(|i| i.external_id.clone()),
            errors: vec![FieldProblem {
                field: "external_id".into(),
                code: super::reply::key_code(Key::ApiRecordIdRepeated),
                message: Key::ApiRecordIdRepeated
                    .format(locale, &[("value", &rejection.problem.value)]),
            }],
        });
    }
    outcome.rejected.sort_by_key(|r| r.index);
    Ok(outcome)
}
