//! The Go-to-market page's data, and every change to a task: the panel's save
//! (create or edit, with its conflict view), completing from the list, and
//! deleting. Each change is announced to the partner's open pages
//! (`server::events`). Access is checked by the same `Access::allow` as
//! everywhere else before anything here runs.

//!
//! - `view`: the list and the panel's data;
//! - `form`, `save`: the panel's fields and their save, with its conflict view;
//! - `actions`: completing, reopening and deleting from the list;
//! - `stream`: live changes for open pages;
//! - `reschedule`: a task moved from a quarterly review;
//! - `reminders`, `notifications`, `calendar_feed` (with `ical`): telling
//!   people about their tasks.

mod actions;
pub mod calendar_feed;
mod form;
pub mod ical;
pub mod notifications;
pub mod reminders;
mod reschedule;
mod save;
mod stream;
mod view;

pub use actions::{delete, set_done};
pub use reschedule::reschedule;
pub use save::{save, save_post};
pub use stream::{events, stream_for};
pub use view::{rows, task_view, template_view, view};
