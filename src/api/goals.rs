//! A partner's annual plan, as the goals page and the wizard read it. The
//! wizard's form post and the CSV export are plain routes (`server::goals`).

use crate::error::AppError;
use crate::model::PartnerId;
use crate::views::GoalsView;
use leptos::prelude::*;

/// The plan for `year` (the current year when absent); `since`: only the
/// history after that version (the wizard's view of a newer save);
/// `history`: which page of the history (newest first; the first when absent).
#[server(prefix = "/api", endpoint = "goals")]
pub async fn open_goals(
    partner_id: PartnerId,
    year: Option<String>,
    since: Option<i64>,
    #[server(default)] history: Option<u32>,
) -> Result<GoalsView, AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::Partner(partner_id)).await?;
    crate::server::goals::view(&access, year, since, history).await
}
