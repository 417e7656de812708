//! A partner's workspace: the partner every area page is about.

use crate::error::AppError;
use crate::model::PartnerId;
use crate::views::PartnerView;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "partner")]
pub async fn partner_workspace(partner_id: PartnerId) -> Result<PartnerView, AppError> {
    use crate::server::authz::{authorize, Touches};
    use crate::server::store::partners;
    let access = authorize(Touches::Partner(partner_id)).await?;
    let partner = partners::get(&access.state.db, &access.scope()?)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(crate::server::web::views::partner_view(&partner))
}
