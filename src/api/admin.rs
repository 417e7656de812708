//! The admin area: partners, users, PDM assignments and the audit log. Every
//! function is for admins only (`Touches::Installation`); each change goes
//! through `server::admin`, which writes its audit row.

use crate::error::AppError;
use crate::model::{PartnerId, UserId};
use crate::views::{
    AdminAssignments, AdminOverview, AdminPartnerDetail, AdminPartners, AdminUserDetail,
    AdminUsers, AuditPage,
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
async fn admin() -> Result<crate::server::authz::Access, AppError> {
    use crate::server::authz::{authorize, Touches};
    authorize(Touches::Installation).await
}

#[server(prefix = "/api", endpoint = "admin_overview")]
pub async fn load_admin_overview() -> Result<AdminOverview, AppError> {
    let access = admin().await?;
    crate::server::admin::area::overview(&access).await
}

#[server(prefix = "/api", endpoint = "admin_partners")]
pub async fn load_admin_partners(
    #[server(default)] query: String,
) -> Result<AdminPartners, AppError> {
    let access = admin().await?;
    crate::server::admin::area::partner_list(&access, &query).await
}

#[server(prefix = "/api", endpoint = "admin_partner")]
pub async fn admin_partner(partner_id: PartnerId) -> Result<AdminPartnerDetail, AppError> {
    let access = admin().await?;
    crate::server::admin::area::partner_detail(&access, partner_id).await
}

#[server(prefix = "/api", endpoint = "admin_partner_create")]
pub async fn admin_partner_create(
    name: String,
    currency: String,
    time_zone: String,
) -> Result<(), AppError> {
    let access = admin().await?;
    crate::server::admin::area::create_partner(&access, &name, &currency, &time_zone).await
}

#[server(prefix = "/api", endpoint = "admin_partner_update")]
pub async fn admin_partner_update(
    partner_id: PartnerId,
    name: String,
    time_zone: String,
) -> Result<(), AppError> {
    let access = admin().await?;
    crate::server::admin::area::update_partner(&access, partner_id, &name, &time_zone).await
}

#[server(prefix = "/api", endpoint = "admin_partner_archive")]
pub async fn admin_partner_archive(partner_id: PartnerId) -> Result<(), AppError> {
    let access = admin().await?;
    crate::server::admin::area::archive_partner(&access, partner_id, true).await
}

#[server(prefix = "/api", endpoint = "admin_partner_restore")]
pub async fn admin_partner_restore(partner_id: PartnerId) -> Result<(), AppError> {
    let access = admin().await?;
    crate::server::admin::area::archive_partner(&access, partner_id, false).await
}

#[server(prefix = "/api", endpoint = "admin_users")]
pub async fn load_admin_users(#[server(default)] query: String) -> Result<AdminUsers, AppError> {
    let access = admin().await?;
    crate::server::admin::area::user_list(&access, &query).await
}

#[server(prefix = "/api", endpoint = "admin_user")]
pub async fn admin_user(user_id: UserId) -> Result<AdminUserDetail, AppError> {
    let access = admin().await?;
    crate::server::admin::area::user_detail(&access, user_id).await
}

/// Creates a user; answers with their one-time password (typed, or made up).
#[server(prefix = "/api", endpoint = "admin_user_create")]
pub async fn admin_user_create(
    email: String,
    name: String,
    role: String,
    #[server(default)] partner_id: Option<String>,
    #[server(default)] password: Option<String>,
) -> Result<String, AppError> {
    use crate::server::admin::area::{create_user, NewUserForm};
    let access = admin().await?;
    let form = NewUserForm {
        email: &email,
        name: &name,
        role: &role,
        partner_id: partner_id.as_deref(),
        password: password.as_deref(),
    };
    create_user(&access, form).await
}

#[server(prefix = "/api", endpoint = "admin_user_role")]
pub async fn admin_user_role(
    user_id: UserId,
    role: String,
    #[server(default)] partner_id: Option<String>,
) -> Result<(), AppError> {
    let access = admin().await?;
    crate::server::admin::area::change_role(&access, user_id, &role, partner_id.as_deref()).await
}

/// A new one-time password (answered once); every session of the user ends.
#[server(prefix = "/api", endpoint = "admin_user_reset_password")]
pub async fn admin_user_reset_password(
    user_id: UserId,
    #[server(default)] password: Option<String>,
) -> Result<String, AppError> {
    let access = admin().await?;
    crate::server::admin::area::reset_password(&access, user_id, password.as_deref()).await
}

#[server(prefix = "/api", endpoint = "admin_user_deactivate")]
pub async fn admin_user_deactivate(user_id: UserId) -> Result<(), AppError> {
    let access = admin().await?;
    crate::server::admin::area::set_active(&access, user_id, false).await
}

#[server(prefix = "/api", endpoint = "admin_user_reactivate")]
pub async fn admin_user_reactivate(user_id: UserId) -> Result<(), AppError> {
    let access = admin().await?;
    crate::server::admin::area::set_active(&access, user_id, true).await
}

#[server(prefix = "/api", endpoint = "admin_assignments")]
pub async fn load_admin_assignments() -> Result<AdminAssignments, AppError> {
    let access = admin().await?;
    crate::server::admin::area::assignment_list(&access).await
}

#[server(prefix = "/api", endpoint = "admin_assign")]
pub async fn admin_assign(pdm_id: UserId, partner_id: PartnerId) -> Result<(), AppError> {
    let access = admin().await?;
    crate::server::admin::area::assign(&access, pdm_id, partner_id, true).await
}

#[server(prefix = "/api", endpoint = "admin_unassign")]
pub async fn admin_unassign(pdm_id: UserId, partner_id: PartnerId) -> Result<(), AppError> {
    let access = admin().await?;
    crate::server::admin::area::assign(&access, pdm_id, partner_id, false).await
}

/// The audit log, filtered by who made a change, its kind and a date range
/// (days in the viewer's time zone), one page at a time.
#[server(prefix = "/api", endpoint = "admin_audit")]
pub async fn admin_audit(
    #[server(default)] actor: String,
    #[server(default)] kind: String,
    #[server(default)] from: String,
    #[server(default)] to: String,
    #[server(default)] page: u32,
) -> Result<AuditPage, AppError> {
    let access = admin().await?;
    let query = crate::views::AuditQuery {
        actor,
        kind,
        from,
        to,
        page,
    };
    crate::server::admin::area::audit_page(&access, query).await
}

#[server(prefix = "/api", endpoint = "admin_mail")]
pub async fn admin_mail(
    #[server(default)] state: String,
    #[server(default)] before: Option<i64>,
) -> Result<crate::views::AdminMail, AppError> {
    let access = admin().await?;
    crate::server::admin::area::mail_page(&access, &state, before).await
}
