//! Running the installation: partners, users, PDM assignments and the default
//! tasks.
//!
//! - `changes`: the one implementation of each administrative change, shared
//!   by the admin area, the command line and the demo seed; each writes its
//!   audit row in the change's own transaction.
//! - `area`: what the admin area's pages show, and its posts, which make their
//!   change through `changes` with the caller as the actor.
//! - `default_tasks`: the catalog of default tasks that admins keep.

pub mod area;
pub mod changes;
pub mod default_tasks;

pub use changes::*;
