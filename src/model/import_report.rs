//! What a deals import did or would do: counts, and each rejected row with its
//! line in the file and the reason, in the user's language.

use crate::i18n::Key;
use crate::model::Locale;
use serde::{Deserialize, Serialize};

/// Why a row was skipped, with the value it is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    pub key: Key,
    pub value: String,
}

impl RowProblem {
    pub fn new(key: Key, value: &str) -> RowProblem {
        RowProblem {
            key,
            value: value.chars().take(80).collect(),
        }
    }

    pub fn message(&self, locale: Locale) -> String {
        self.key.format(locale, &[("value", &self.value)])
    }
}

/// A rejected row: its line in the file (the header is line 1) and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub line: u64,
    pub problem: RowProblem,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: usize,
}

impl Counts {
    /// Deals the import created or changed.
    pub fn written(&self) -> usize {
        self.created + self.updated
    }

    /// `created 3, updated 0, unchanged 1, rejected 2`: the command line's line.
    pub fn line(&self) -> String {
        format!(
            "created {}, updated {}, unchanged {}, rejected {}",
            self.created, self.updated, self.unchanged, self.rejected
        )
    }

    /// The same in the user's language.
    pub fn sentence(&self, locale: Locale) -> String {
        Key::ImportCounts.format(
            locale,
            &[
                ("created", &self.created.to_string()),
                ("updated", &self.updated.to_string()),
                ("unchanged", &self.unchanged.to_string()),
                ("rejected", &self.rejected.to_string()),
            ],
        )
    }
}

/// The rejected rows a report keeps; the counts always count them all.
pub const REJECTIONS_KEPT: usize = 1_000;

/// What an import does (or did): the counts and the first rejected rows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub counts: Counts,
    pub rejected: Vec<Rejection>,
}
