//! What the browser is told about the session, users and partners: plain data
//! that both sides share, built by `server::views` from stored rows.

use crate::error::AppError;
use crate::i18n::Key;
use crate::model::{Locale, PartnerId, Role, UserId};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserView {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub partner_id: Option<PartnerId>,
    pub time_zone: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartnerView {
    pub id: PartnerId,
    pub name: String,
    pub currency: String,
    pub time_zone: String,
}

/// The outcome of the last plain form post, shown once on the page it lands on:
/// what was typed and what was wrong with it, or what was done.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FlashView {
    /// The form it is about (its `_form` key).
    pub form: String,
    /// The submitted values, passwords left out.
    pub values: Vec<(String, String)>,
    pub error: Option<AppError>,
    /// What was done, such as "Saved.".
    pub notice: Option<Key>,
}

impl FlashView {
    pub fn value(&self, field: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, value)| value.as_str())
    }
}

/// The language of the page, who is signed in with the partners they may open,
/// and the flash of the form post that led here.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub locale: Locale,
    pub user: Option<UserView>,
    pub partners: Vec<PartnerView>,
    pub flash: Option<FlashView>,
}
