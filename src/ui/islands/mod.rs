//! Islands: the only components that hydrate and so the only code in the WASM.
//!
//! How an island is written here:
//! - It takes serializable props: ids, values the page has already loaded, and
//!   its texts already translated (a `…Texts` struct built on the server), so
//!   it renders on the server exactly as it will hydrate and the catalog stays
//!   out of the WASM.
//! - It reads or writes anything later through server functions under /api/,
//!   called directly with [`call::call`] (the same post a plain form makes);
//!   their field errors are shown in place, without a reload.
//! - Its rules come from `model/` (the server checks the same ones again); it
//!   has none of its own. Server-only code (`crate::server`) never appears here.
//! - It wraps a form or a control that works without JavaScript, and improves it
//!   once live: the plain version stays in the HTML for browsers without it.
//! - It is small and leaf-like: a control or a panel, never a whole page.

mod call;
mod password_form;
mod time_zone_picker;

pub use password_form::{PasswordForm, PasswordTexts};
pub use time_zone_picker::{TimeZonePicker, ZoneTexts};
