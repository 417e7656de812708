//! A partner's workspace: the partner every area page is about.

use crate::api::error::AppError;
use crate::api::session::PartnerView;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "partner")]
pub async fn partner_workspace(partner_id: i64) -> Result<PartnerView, AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::Partner(partner_id)).await?;
    let partner = crate::server::store::partners::find(&access.state.db, partner_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(crate::server::views::partner_view(&partner))
}
