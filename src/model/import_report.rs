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
    /// Deals changed in the app since the file was exported (or since their
    /// last import), whose app version the import keeps.
    #[serde(default)]
    pub kept: usize,
    pub rejected: usize,
}

impl Counts {
    /// Deals the import created or changed.
    pub fn written(&self) -> usize {
        self.created + self.updated
    }

    /// `created 3, updated 0, unchanged 1, kept 0, rejected 2`: the command line's line.
    pub fn line(&self) -> String {
        format!(
            "created {}, updated {}, unchanged {}, kept {}, rejected {}",
            self.created, self.updated, self.unchanged, self.kept, self.rejected
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
                ("kept", &self.kept.to_string()),
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
    /// The deals changed in the app after the file's copy of them: those kept
    /// and those the person chose to take from the file anyway.
    #[serde(default)]
    pub newer_in_app: Vec<NewerInApp>,
}

/// A deal the app changed after the file's copy of it (after the file's
/// "Last Modified Date" where it has one, and after the deal's last import).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewerInApp {
    pub deal_id: crate::model::DealId,
    /// The version the choice was made on: a later edit is kept whatever
    /// was chosen.
    pub version: i64,
    pub record_id: String,
    pub name: String,
    /// The file's line.
    pub line: u64,
    /// When the app last changed it.
    pub changed_at: chrono::DateTime<chrono::Utc>,
    /// Taken from the file (true) or the app's version kept (false).
    pub taken: bool,
}

impl NewerInApp {
    /// How a choice names this deal at this version: `{id}:{version}`.
    pub fn token(&self) -> String {
        format!("{}:{}", self.deal_id, self.version)
    }
}
