//! What the deals server functions do once access is granted: parse, check
//! the rules, call the store, and say where a plain form post lands.

pub mod files;
pub mod import;
pub mod stages;

use crate::error::{AppError, Validation};
use crate::i18n::Key;
use crate::model::deal::DealForm;
use crate::model::deal_query::DealQuery;
use crate::model::{Currency, DealId, DealKind, ImportId};
use crate::server::authz::{Access, PartnerScope};
use crate::server::clock::local_time;
use crate::server::deals::import::mapping::{header_choice, KindSource, Mapping};
use crate::server::deals::import::{Choice, ImportError, Reader, Upload};
use crate::server::store::deals::{self, DealRow, Saved};
use crate::server::store::{deal_imports, deal_stages, is_unique_violation};
use crate::server::web::forms;
use crate::server::web::views::partner_view;
use crate::views::{DealDetail, DealList, DealView, ImportView, MappingView};
use chrono::Utc;

pub fn deal_view(d: &DealRow) -> DealView {
    DealView {
        id: d.id,
        external_id: d.external_id.clone(),
        name: d.name.clone(),
        kind: d.kind,
        stage: d.stage,
        create_date: d.create_date,
        close_date: d.close_date,
        mrr: d.mrr,
        owner: d.owner.clone(),
        company: d.company.clone(),
        notes: d.notes.clone(),
        pipeline_stage: d.pipeline_stage.clone(),
        probability: d.probability.and_then(|p| u8::try_from(p).ok()),
        version: d.version,
    }
}

/// The URL's query string as the deals page reads it.
pub fn read_query(query: &str) -> DealQuery {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.trim_start_matches('?')).unwrap_or_default();
    DealQuery::from_params(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

pub async fn list(access: &Access, query: &str) -> Result<DealList, AppError> {
    let (scope, partner, _) = access.partner().await?;
    let db = &access.state.db;
    let query = read_query(query);
    let (rows, total) = deals::page(db, &scope, &query).await?;
    let years = deals::years(db, &scope, Utc::now().date_naive()).await?;
    Ok(DealList {
        partner: partner_view(&partner),
        deals: rows.iter().map(deal_view).collect(),
        total,
        any: !years.is_empty(),
        years,
        query,
    })
}

pub async fn detail(access: &Access, deal_id: Option<DealId>) -> Result<DealDetail, AppError> {
    let (scope, partner, _) = access.partner().await?;
    let db = &access.state.db;
    let (deal, history) = match deal_id {
        Some(id) => (
            Some(
                deals::get(db, &scope, id)
                    .await?
                    .ok_or(AppError::NotFound)?,
            ),
            deals::history(db, &scope, id).await?,
        ),
        None => (None, None),
    };
    Ok(DealDetail {
        partner: partner_view(&partner),
        deal: deal.as_ref().map(deal_view),
        created: history
            .as_ref()
            .map(|h| (h.created_by.clone(), local_time(access, h.created_at))),
        changed: history
            .as_ref()
            .map(|h| (h.updated_by.clone(), local_time(access, h.updated_at))),
        stages: deal_stages::list(db, &scope)
            .await?
            .into_iter()
            .map(|s| (s.name, s.probability))
            .collect(),
    })
}

/// The form's fields, or each problem on its field.
fn parse_form(form: &DealForm, currency: Currency) -> Result<crate::model::DealFields, AppError> {
    form.parse(currency).map_err(|problems| {
        let mut v = Validation::new();
        for (field, key) in problems {
            v.fail(field, key);
        }
        v.finish::<()>(None).unwrap_err()
    })
}

fn record_id_taken(err: sqlx::Error) -> AppError {
    if is_unique_violation(&err) {
        AppError::invalid("external_id", Key::ErrRecordIdTaken)
    } else {
        err.into()
    }
}

fn user_id(access: &Access) -> Option<crate::model::UserId> {
    access.user.as_ref().map(|s| s.user.id)
}

/// Adds a deal; its id.
pub async fn create(access: &Access, form: &DealForm) -> Result<DealId, AppError> {
    let (scope, _, currency) = access.partner().await?;
    let deal = parse_form(form, currency)?;
    let now = Utc::now();
    let mut tx = access.state.db.begin().await?;
    let id = deals::create(&mut tx, &scope, &deal, user_id(access), now)
        .await
        .map_err(record_id_taken)?;
    collect_stage(&mut tx, &scope, &deal, user_id(access), now).await?;
    tx.commit().await?;
    forms::landing(&format!("/p/{}/deals", scope.partner_id()));
    forms::notice(Key::DealAdded);
    Ok(id)
}

/// A stage a deal names that the partner does not have yet is added, with
/// its default probability, in the deal's transaction.
async fn collect_stage(
    tx: &mut crate::server::db::Tx,
    scope: &PartnerScope,
    deal: &crate::model::DealFields,
    by: Option<crate::model::UserId>,
    now: chrono::DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    deal_stages::collect(tx, scope, deal.pipeline_stage.as_deref(), by, now)
        .await
        .map(drop)
}

/// A save's new version, or why there is none.
fn saved(outcome: Saved) -> Result<i64, AppError> {
    match outcome {
        Saved::Done(version) => Ok(version),
        Saved::Stale => Err(AppError::Conflict),
        Saved::Missing => Err(AppError::NotFound),
    }
}

/// Saves a deal over `version`; its new version.
pub async fn update(
    access: &Access,
    id: DealId,
    version: i64,
    form: &DealForm,
) -> Result<i64, AppError> {
    let (scope, _, currency) = access.partner().await?;
    let deal = parse_form(form, currency)?;
    let now = Utc::now();
    let mut tx = access.state.db.begin().await?;
    let outcome = deals::update(&mut tx, &scope, id, version, &deal, user_id(access), now)
        .await
        .map_err(record_id_taken)?;
    let version = saved(outcome)?;
    collect_stage(&mut tx, &scope, &deal, user_id(access), now).await?;
    tx.commit().await?;
    forms::landing(&format!("/p/{}/deals", scope.partner_id()));
    forms::notice(Key::DealSaved);
    Ok(version)
}

pub async fn delete(
    access: &Access,
    id: DealId,
    version: i64,
    confirmed: bool,
) -> Result<(), AppError> {
    let scope = access.scope()?;
    if !confirmed {
        return Err(AppError::invalid("confirm", Key::ErrConfirmDelete));
    }
    let mut tx = access.state.db.begin().await?;
    saved(deals::delete(&mut tx, &scope, id, version).await?)?;
    tx.commit().await?;
    forms::landing(&format!("/p/{}/deals", scope.partner_id()));
    forms::notice(Key::DealDeleted);
    Ok(())
}

/// The mapping form's fields, as posted or in the URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct MappingChoice {
    pub mrr_column: String,
    pub kind: String,
    pub kind_column: String,
    pub won: String,
    pub lost: String,
}

impl MappingChoice {
    /// The mapping chosen; `None` when nothing was chosen (a first view).
    pub fn mapping(&self) -> Option<Mapping> {
        if self.kind.is_empty() && self.mrr_column.is_empty() {
            return None;
        }
        let kind = match self.kind.as_str() {
            "column" => match header_choice(&self.kind_column) {
                Some(column) => KindSource::Column(column),
                None => KindSource::Every(DealKind::Sourced),
            },
            other => KindSource::Every(DealKind::parse(other).unwrap_or(DealKind::Sourced)),
        };
        let or_default = |v: &str, d: &str| {
            let v = v.trim();
            if v.is_empty() {
                d.to_string()
            } else {
                v.to_string()
            }
        };
        Some(Mapping {
            mrr_column: header_choice(&self.mrr_column),
            kind,
            won: or_default(&self.won, "Closed Won"),
            lost: or_default(&self.lost, "Closed Lost"),
        })
    }
}

pub fn mapping_view(m: &Mapping) -> MappingView {
    let (kind, kind_column) = match &m.kind {
        KindSource::Every(k) => (k.as_str().to_string(), None),
        KindSource::Column(c) => ("column".to_string(), Some(c.clone())),
    };
    MappingView {
        mrr_column: m.mrr_column.clone(),
        kind,
        kind_column,
        won: m.won.clone(),
        lost: m.lost.clone(),
    }
}

/// What the person chose for the deals changed in the app after the file, as
/// the commit form posts it: `newer` is `keep_all`, `take_all` (every deal
/// `listed`) or anything else (the deals in `take`); both lists hold
/// [`import::NewerInApp::token`]s, comma-separated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewerChoice {
    pub newer: String,
    pub take: String,
    pub listed: String,
}

impl NewerChoice {
    pub fn choice(&self) -> Choice {
        let tokens = |list: &str| {
            list.split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(String::from)
                .collect()
        };
        let take = match self.newer.as_str() {
            "keep_all" => Default::default(),
            "take_all" => tokens(&self.listed),
            _ => tokens(&self.take),
        };
        Choice {
            take_all: false,
            take,
        }
    }
}

/// The deals the preview's form marks "take the file's" (`take=` in the
/// page's query, once per deal).
fn taken_in_query(query: &str) -> Choice {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.trim_start_matches('?')).unwrap_or_default();
    Choice {
        take_all: false,
        take: pairs
            .into_iter()
            .filter(|(k, _)| k == "take")
            .map(|(_, v)| v)
            .collect(),
    }
}

/// A stored upload, read again (it was checked when it was uploaded).
async fn stored_upload(
    access: &Access,
    scope: &PartnerScope,
    id: ImportId,
) -> Result<(deal_imports::ImportRow, Upload), AppError> {
    let row = deal_imports::get(&access.state.db, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let upload = Upload::read(&row.content).map_err(|p| AppError::file(p.key(), p.detail()))?;
    Ok((row, upload))
}

pub async fn preview(access: &Access, id: ImportId, query: &str) -> Result<ImportView, AppError> {
    let (scope, partner, currency) = access.partner().await?;
    let db = &access.state.db;
    let (row, upload) = stored_upload(access, &scope, id).await?;
    let choice: MappingChoice =
        serde_urlencoded::from_str(query.trim_start_matches('?')).unwrap_or_default();
    let mapping = match choice.mapping() {
        Some(m) => m,
        None => Mapping::remembered_or_detected(
            &upload.file,
            deal_imports::remembered_mapping(db, &scope).await?,
        ),
    };
    let committed = row.outcome();
    let preview = if committed.is_some() {
        Err(AppError::file(Key::ImportAlreadyDone, String::new()))
    } else {
        let existing = deals::by_external_id(db, &scope).await?;
        import::plan(
            &upload,
            &mapping,
            currency,
            &existing,
            &taken_in_query(query),
        )
        .map(|plan| plan.outcome())
        .map_err(|p| AppError::file(p.key(), p.detail()))
    };
    Ok(ImportView {
        partner: partner_view(&partner),
        id,
        file_name: row.file_name.clone(),
        rows: upload.file.records.len(),
        columns: upload
            .file
            .headers
            .iter()
            .cloned()
            .zip(upload.file.labels.iter().cloned())
            .collect(),
        stage_values: upload.stage_values(),
        mapping: mapping_view(&mapping),
        preview,
        committed,
    })
}

pub async fn commit(
    access: &Access,
    id: ImportId,
    choice: &MappingChoice,
    newer: &NewerChoice,
) -> Result<(), AppError> {
    let (scope, _, currency) = access.partner().await?;
    let (row, upload) = stored_upload(access, &scope, id).await?;
    // Already imported: nothing to plan. (Two commits at once are caught below.)
    if row.committed_at.is_some() {
        return Err(AppError::file(Key::ImportAlreadyDone, String::new()));
    }
    let mapping = choice.mapping().ok_or(AppError::BadRequest)?;
    let now = Utc::now();
    let reader = Reader {
        upload: &upload,
        mapping: &mapping,
        currency,
    };
    let db = &access.state.db;
    let newer = newer.choice();
    let written = import::write(db, &scope, &reader, &newer, user_id(access), now);
    let (mut tx, outcome) = match written.await {
        Ok(written) => written,
        Err(ImportError::File(p)) => return Err(AppError::file(p.key(), p.detail())),
        Err(ImportError::Db(e)) => return Err(e.into()),
        Err(ImportError::Changed) => {
            return Err(AppError::file(Key::ImportChangedMeanwhile, String::new()))
        }
    };
    // Committed once: a second click (or a second tab) imports nothing more.
    if !deal_imports::mark_committed(&mut tx, &scope, id, &outcome, now).await? {
        return Err(AppError::file(Key::ImportAlreadyDone, String::new()));
    }
    tx.commit().await?;
    // The import is done either way; a failure here is only logged.
    if let Err(err) = deals::after_bulk_write(&access.state.db, outcome.counts.written()).await {
        tracing::warn!(error = %err, "cannot refresh the deals statistics");
    }
    forms::landing(&format!("/p/{}/deals/import/{id}", scope.partner_id()));
    Ok(())
}
