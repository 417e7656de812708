//! JSON API tokens, managed on a partner's API tokens page (its members and
//! PDMs) and in the admin area (every token; tokens for every partner).

use crate::error::AppError;
use crate::model::{PartnerId, TokenId};
use crate::views::ApiTokensView;
use leptos::prelude::*;

/// The form field that carries a new token's secret back to the page, once.
pub const SECRET_FIELD: &str = "api_token";

/// Where a tokens page is: a partner's, or the admin area's.
pub fn page_path(partner: Option<PartnerId>) -> String {
    match partner {
        Some(id) => format!("/p/{id}/api-tokens"),
        None => "/admin/api-tokens".to_string(),
    }
}

/// A partner's tokens (`partner_id`), or every token (none: admins only).
#[server(prefix = "/api", endpoint = "api_tokens")]
pub async fn api_tokens(
    #[server(default)] partner_id: Option<PartnerId>,
) -> Result<ApiTokensView, AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(match partner_id {
        Some(id) => Touches::Partner(id),
        None => Touches::Installation,
    })
    .await?;
    crate::server::rest::tokens::view(&access, partner_id).await
}

/// Makes a token; its secret, which only this answer (or, after a plain
/// post, its one-time flash) ever holds. Each scope is a ticked checkbox.
#[server(prefix = "/api", endpoint = "api_token_create")]
#[allow(clippy::too_many_arguments)]
pub async fn create_api_token(
    #[server(default)] partner_id: Option<PartnerId>,
    #[server(default)] name: String,
    #[server(default)] lifetime: String,
    #[server(default)] deals_read: Option<String>,
    #[server(default)] deals_write: Option<String>,
    #[server(default)] goals_read: Option<String>,
    #[server(default)] progress_read: Option<String>,
    #[server(default)] tasks_read: Option<String>,
    #[server(default)] tasks_write: Option<String>,
) -> Result<String, AppError> {
    use crate::i18n::Key;
    use crate::model::api_token::Scope;
    use crate::server::authz::{authorize, Touches};
    use crate::server::rest::tokens::{self, Maker, TokenRequest};
    use crate::server::web::forms;
    let access = authorize(match partner_id {
        Some(id) => Touches::Partner(id),
        None => Touches::Installation,
    })
    .await?;
    let session = access.signed_in()?;
    let ticked = [
        (Scope::DealsRead, deals_read),
        (Scope::DealsWrite, deals_write),
        (Scope::GoalsRead, goals_read),
        (Scope::ProgressRead, progress_read),
        (Scope::TasksRead, tasks_read),
        (Scope::TasksWrite, tasks_write),
    ];
    let request = TokenRequest {
        partner: partner_id,
        name,
        scopes: ticked
            .into_iter()
            .filter(|(_, v)| v.as_deref().is_some_and(|v| !v.is_empty()))
            .map(|(s, _)| s.as_str().to_string())
            .collect(),
        lifetime,
    };
    let made = tokens::create(
        &access.state.db,
        Maker::User(&session.user),
        &request,
        chrono::Utc::now(),
    )
    .await?;
    forms::landing(&page_path(partner_id));
    forms::notice(Key::ApiTokenCreated);
    forms::carry(&[(SECRET_FIELD, &made.secret)]);
    Ok(made.secret)
}

/// Revokes a token: requests with it are refused from now on.
#[server(prefix = "/api", endpoint = "api_token_revoke")]
pub async fn revoke_api_token(
    token_id: TokenId,
    #[server(default)] partner_id: Option<PartnerId>,
) -> Result<(), AppError> {
    use crate::i18n::Key;
    use crate::server::authz::{authorize, Touches};
    use crate::server::rest::tokens::{self, Maker};
    use crate::server::web::forms;
    let access = authorize(match partner_id {
        Some(id) => Touches::Partner(id),
        None => Touches::Installation,
    })
    .await?;
    let session = access.signed_in()?;
    tokens::revoke(
        &access.state.db,
        Maker::User(&session.user),
        token_id,
        partner_id,
        chrono::Utc::now(),
    )
    .await?;
    forms::landing(&page_path(partner_id));
    forms::notice(Key::ApiTokenRevoked);
    Ok(())
}

/// The JSON API's operations, from its OpenAPI document, for `/api-docs`.
#[server(prefix = "/api", endpoint = "api_operations")]
pub async fn api_operations() -> Result<Vec<crate::views::ApiOperationView>, AppError> {
    use crate::server::authz::{authorize, Touches};
    authorize(Touches::Public).await?;
    Ok(crate::server::rest::openapi::operations()
        .into_iter()
        .map(|o| crate::views::ApiOperationView {
            method: o.method,
            path: o.path,
            summary: o.summary,
            scope: o.scope,
        })
        .collect())
}
