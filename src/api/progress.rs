//! A partner's progress, as the progress page reads it. The CSV export is a
//! plain route (`server::progress`).

use crate::error::AppError;
use crate::model::PartnerId;
use crate::views::ProgressView;
use leptos::prelude::*;

/// The progress of `year` (the current year when absent); `summary` names
/// the quarter of the data summary (`q1`…`q4`; the year otherwise).
#[server(prefix = "/api", endpoint = "progress")]
pub async fn open_progress(
    partner_id: PartnerId,
    year: Option<String>,
    summary: Option<String>,
) -> Result<ProgressView, AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::Partner(partner_id)).await?;
    crate::server::progress::view(&access, year, summary.as_deref()).await
}

/// The caller's portfolio; `query` is the page URL's query string (year,
/// sort, filter).
#[server(prefix = "/api", endpoint = "portfolio")]
pub async fn open_portfolio(query: String) -> Result<crate::views::PortfolioView, AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::Portfolio).await?;
    crate::server::progress::portfolio::view(&access, &query).await
}
