//! Islands: the only components that hydrate and so the only code in the WASM.
//!
//! How an island is written here:
//! - It takes serializable props: ids, the locale, and values the page has
//!   already loaded (so it renders on the server exactly as it will hydrate).
//! - It reads or writes anything later through server functions under /api/,
//!   called directly; their field errors are shown in place, without a reload.
//! - Its rules come from `model/` (the server checks the same ones again); it
//!   has none of its own. Server-only code (`crate::server`) never appears here.
//! - It wraps a form or a control that works without JavaScript, and improves it
//!   once live: the plain version stays in the HTML for browsers without it.
//! - It is small and leaf-like: a control or a panel, never a whole page.

mod password_form;
mod time_zone_picker;

pub use password_form::PasswordForm;
pub use time_zone_picker::TimeZonePicker;
