//! Islands: the only components that hydrate and so the only code in the WASM.
//!
//! How an island is written here:
//! - It takes no serialized props, only `children`: the page renders the
//!   control in full on the server (a `…Field`/`…Fields` component next to the
//!   island), with values in its inputs, numbers in `data-` attributes and the
//!   texts it may show later in an [`dom::IslandTexts`] block. Children stay
//!   server-rendered HTML, so none of that is in the WASM, and neither is a
//!   JSON parser for props (see [`dom`]).
//! - Live, it listens on its root (`data-island="…"`) for the events that
//!   bubble up from the control and updates the page in place.
//! - It reads or writes anything later through server functions under /api/,
//!   called directly with [`call::call`] (the same post a plain form makes);
//!   their field errors are shown in place, without a reload.
//! - Its rules come from `model/` (the server checks the same ones again); it
//!   has none of its own. Server-only code (`crate::server`) never appears here.
//! - It wraps a form or a control that works without JavaScript, and improves it
//!   once live: the plain version stays in the HTML for browsers without it.
//! - It is small and leaf-like: a control or a panel, never a whole page.

mod call;
pub mod dom;
mod leave_guard;
mod menu;
mod password_form;
mod targets_grid;
mod task_board;
mod task_panel;
mod time_zone_picker;

pub use leave_guard::{CancelLink, LeaveGuard};
pub use menu::MenuKeys;
pub use password_form::{PasswordFields, PasswordForm};
pub use targets_grid::{typed_targets, Cell, GrowthPreview, TargetsGrid, TargetsTable};
pub use task_board::{TaskBoard, LIST_ATTR};
pub use task_panel::TaskPanel;
pub use time_zone_picker::{TimeZoneField, TimeZonePicker};
