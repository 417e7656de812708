//! Shared domain types and pure rules. No I/O: this compiles to WASM as well.

pub mod account;
pub mod area;
pub mod csv_cell;
pub mod date;
pub mod deal;
pub mod deal_query;
pub mod goals;
pub mod ids;
pub mod import_mapping;
pub mod import_report;
pub mod locale;
pub mod metrics;
pub mod money;
pub mod navigation;
pub mod progress;
pub mod reviews;
pub mod tasks;
pub mod throttle;

pub use account::{DisplayName, Email, NewPassword, PartnerName, Role, TimeZoneName};
pub use deal::{DealFields, DealKind, DealStage};
pub use ids::{DealId, ImportId, NotificationId, PartnerId, ReviewId, TaskId, TemplateId, UserId};
pub use locale::Locale;
pub use money::{Currency, Money};
