//! Rows as the browser sees them.

use crate::api::session::{PartnerView, UserView};
use crate::model::Role;
use crate::server::store::{partners::PartnerRow, users::UserRow};

pub fn user_view(user: &UserRow) -> UserView {
    UserView {
        id: user.id,
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        role: Role::parse(&user.role).unwrap_or(Role::Member),
        partner_id: user.partner_id,
        time_zone: user.time_zone.clone(),
    }
}

pub fn partner_view(partner: &PartnerRow) -> PartnerView {
    PartnerView {
        id: partner.id,
        name: partner.name.clone(),
        currency: partner.currency.clone(),
        time_zone: partner.time_zone.clone(),
    }
}
