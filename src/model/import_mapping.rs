//! How the columns of a HubSpot deals export map onto deals: the choices of
//! one import, as the person confirmed them, and remembered per partner for
//! the next file. Reading a file with them is the importer's
//! (`server::deals::import::mapping`).

use crate::model::DealKind;
use serde::{Deserialize, Serialize};

/// Where a deal's kind comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum KindSource {
    Every(DealKind),
    /// A column whose values say Sourced or Assisted (header as cleaned).
    Column(String),
}

/// The choices of one import, as the user confirmed them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    /// The header of the MRR column; `None` when nothing looks like one.
    pub mrr_column: Option<String>,
    pub kind: KindSource,
    /// Stage values, matched ignoring case; every other value is open.
    pub won: String,
    pub lost: String,
}
