//! The partner's live task changes, as server-sent events.

use crate::model::PartnerId;
use crate::server::authz::{Access, Touches};
use crate::server::web::respond::refused;
use axum::extract::Path;
use axum::response::{IntoResponse, Response};

/// `GET /p/{partner}/tasks/events`: the partner's task changes as they happen.
pub async fn events(access: Access, Path(partner_id): Path<PartnerId>) -> Response {
    let locale = access.locale;
    match access.allow(Touches::Partner(partner_id)).await {
        Ok(access) => access.state.events.stream(partner_id).into_response(),
        Err(error) => refused(locale, error),
    }
}
