//! A partner's quarterly reviews, as their pages read them. Every change is a
//! plain route (`server::reviews`), since the review's form carries its notes,
//! plan changes and conflict choices together.

use crate::error::AppError;
use crate::model::{PartnerId, ReviewId};
use crate::views::{ReviewView, ReviewsView};
use leptos::prelude::*;

/// The partner's reviews, newest first, and the quarters one can be started for.
#[server(prefix = "/api", endpoint = "reviews")]
pub async fn open_reviews(partner_id: PartnerId) -> Result<ReviewsView, AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::Partner(partner_id)).await?;
    crate::server::reviews::list(&access).await
}

/// One review of the partner's.
#[server(prefix = "/api", endpoint = "review")]
pub async fn open_review(
    partner_id: PartnerId,
    review_id: ReviewId,
) -> Result<ReviewView, AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::record_of(partner_id, review_id)).await?;
    crate::server::reviews::detail(&access, review_id).await
}
