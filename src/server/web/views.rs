//! Stored rows as the browser sees them (`crate::views`).

use crate::server::store::{partners::PartnerRow, users::UserRow};
use crate::views::{PartnerView, UserView};

pub fn user_view(user: &UserRow) -> UserView {
    UserView {
        id: user.id,
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        role: user.role,
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
