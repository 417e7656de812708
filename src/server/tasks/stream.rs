//! The partner's live task changes, as server-sent events.

use crate::error::AppError;
use crate::model::PartnerId;
use crate::server::authz::{Access, Touches};
use crate::server::web::respond::refused;
use axum::extract::Path;
use axum::response::{IntoResponse, Response};

/// `GET /p/{partner}/tasks/events`: the partner's task changes as they happen,
/// for as long as the reader may still open the partner.
pub async fn events(access: Access, Path(partner_id): Path<PartnerId>) -> Response {
    let locale = access.locale;
    let touches = Touches::Partner(partner_id);
    let access = match access.allow(touches).await {
        Ok(access) => access,
        Err(error) => return refused(locale, error),
    };
    stream_for(access, partner_id, touches)
}

/// The stream itself, for an access already granted `touches` (the page's
/// session, or an API token with `tasks:read`): each change passed on while
/// that access still holds, checked again every `stream_recheck`.
pub fn stream_for(access: Access, partner_id: PartnerId, touches: Touches) -> Response {
    let locale = access.locale;
    // Open streams are counted per person; a command-line token's count as one.
    let user = access
        .user
        .as_ref()
        .map_or(crate::model::UserId(0), |s| s.user.id);
    let events = access.state.events.clone();
    // Over the cap the browser's EventSource stops (any answer but 200 does):
    // that page then updates when reloaded, as it would without JavaScript.
    let Some(slot) = events.slot(user) else {
        tracing::warn!(user_id = %user, "live stream refused: too many open");
        return refused(locale, AppError::Busy);
    };
    let recheck = access.state.config.stream_recheck;
    let still_allowed = move || {
        let access = access.clone();
        async move { access.still_holds(touches).await }
    };
    events
        .stream(partner_id, slot, recheck, still_allowed)
        .into_response()
}
