//! A partner's deals: the page's list, one deal to add, edit or delete, and
//! the steps of an import after the upload (`server::deals::files` takes the
//! upload itself and serves the export).

use crate::error::AppError;
use crate::model::deal::DealForm;
use crate::model::{DealId, ImportId, PartnerId};
use crate::views::{DealDetail, DealList, ImportView, StagesView};
use leptos::prelude::*;

/// One page of the partner's deals; `query` is the page URL's query string.
#[server(prefix = "/api", endpoint = "deals")]
pub async fn list_deals(partner_id: PartnerId, query: String) -> Result<DealList, AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::Partner(partner_id)).await?;
    crate::server::deals::list(&access, &query).await
}

/// A deal to edit, or (without `deal_id`) the form for a new one.
#[server(prefix = "/api", endpoint = "deal")]
pub async fn open_deal(
    partner_id: PartnerId,
    deal_id: Option<DealId>,
) -> Result<DealDetail, AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = match deal_id {
        Some(id) => authorize(Touches::record_of(partner_id, id)).await?,
        None => authorize(Touches::Partner(partner_id)).await?,
    };
    crate::server::deals::detail(&access, deal_id).await
}

/// Adds a deal from the deals form, whose fields are a [`DealForm`]'s.
#[server(prefix = "/api", endpoint = "deal_create")]
pub async fn create_deal(
    partner_id: PartnerId,
    #[server(flatten)] form: DealForm,
) -> Result<(), AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::Partner(partner_id)).await?;
    crate::server::deals::create(&access, &form).await?;
    Ok(())
}

/// Saves the deals form over version `version` of a deal.
#[server(prefix = "/api", endpoint = "deal_update")]
pub async fn update_deal(
    deal_id: DealId,
    version: i64,
    #[server(flatten)] form: DealForm,
) -> Result<(), AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::record(deal_id)).await?;
    crate::server::deals::update(&access, deal_id, version, &form).await?;
    Ok(())
}

/// Deletes a deal; `confirm` is the ticked confirmation box.
#[server(prefix = "/api", endpoint = "deal_delete")]
pub async fn delete_deal(
    deal_id: DealId,
    version: i64,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::record(deal_id)).await?;
    crate::server::deals::delete(&access, deal_id, version, confirm.is_some()).await
}

/// An upload read with the mapping in `query` (the page URL's query string),
/// else with the partner's remembered or the detected one.
#[server(prefix = "/api", endpoint = "deals_import")]
pub async fn import_preview(
    partner_id: PartnerId,
    import_id: ImportId,
    query: String,
) -> Result<ImportView, AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::record_of(partner_id, import_id)).await?;
    crate::server::deals::preview(&access, import_id, &query).await
}

/// Imports an upload with the mapping the user confirmed, keeping or taking
/// the deals changed in the app after the file as they chose.
#[server(prefix = "/api", endpoint = "deals_import_commit")]
pub async fn commit_import(
    import_id: ImportId,
    mrr_column: String,
    kind: String,
    #[server(default)] kind_column: String,
    won: String,
    lost: String,
    #[server(default)] newer: String,
    #[server(default)] take: String,
    #[server(default)] listed: String,
) -> Result<(), AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::record(import_id)).await?;
    let choice = crate::server::deals::MappingChoice {
        mrr_column,
        kind,
        kind_column,
        won,
        lost,
    };
    let newer = crate::server::deals::NewerChoice {
        newer,
        take,
        listed,
    };
    crate::server::deals::commit(&access, import_id, &choice, &newer).await
}

/// The partner's pipeline stages and their probabilities.
#[server(prefix = "/api", endpoint = "deal_stages")]
pub async fn open_stages(partner_id: PartnerId) -> Result<StagesView, AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::Partner(partner_id)).await?;
    crate::server::deals::stages::view(&access).await
}

/// Sets the probability of the partner's stage `name`.
#[server(prefix = "/api", endpoint = "deal_stage_probability")]
pub async fn set_stage_probability(
    partner_id: PartnerId,
    #[server(default)] name: String,
    #[server(default)] probability: String,
) -> Result<(), AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::Partner(partner_id)).await?;
    crate::server::deals::stages::set(&access, &name, &probability).await
}

/// Adds a stage to the partner's pipeline.
#[server(prefix = "/api", endpoint = "deal_stage_add")]
pub async fn add_stage(
    partner_id: PartnerId,
    #[server(default)] name: String,
    #[server(default)] probability: String,
) -> Result<(), AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::Partner(partner_id)).await?;
    crate::server::deals::stages::add(&access, &name, &probability).await
}
