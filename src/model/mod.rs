//! Shared domain types and pure rules. No I/O: this compiles to WASM as well.

/// A closed set of choices, each with its stored name and its label (task
/// types, priorities, the audit log's kinds…). Defined before the modules so
/// that each of them can use it.
macro_rules! choices {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $stored:literal, $label:ident;)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// As stored and posted.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $stored),* }
            }

            pub fn parse(s: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|c| c.as_str() == s.trim())
            }

            pub fn label(self) -> $crate::i18n::Key {
                match self { $($name::$variant => $crate::i18n::Key::$label),* }
            }
        }
    };
}

pub mod account;
pub mod api_token;
pub mod area;
pub mod audit;
pub mod csv_cell;
pub mod date;
pub mod deal;
pub mod deal_query;
pub mod forecast;
pub mod form_fields;
pub mod goals;
pub mod ids;
pub mod import_mapping;
pub mod import_report;
pub mod locale;
pub mod mail;
pub mod metrics;
pub mod money;
pub mod navigation;
pub mod progress;
pub mod reviews;
pub mod tasks;
pub mod throttle;

pub use account::{DisplayName, Email, NewPassword, PartnerName, Role, TimeZoneName};
pub use deal::{DealFields, DealKind, DealStage};
pub use ids::{
    DealId, ImportId, NotificationId, PartnerId, ReviewId, TaskId, TemplateId, TokenId, UserId,
};
pub use locale::Locale;
pub use money::{Currency, Money};
