//! Importing a partner's deals from a HubSpot deals export (CSV), the same for
//! the browser and the command line:
//!
//! 1. [`Upload::read`] refuses a file that cannot be a deals export at all;
//! 2. a [`Mapping`] says how to read it (detected, remembered, or chosen);
//! 3. [`plan`] compares every row with the partner's deals by Record ID:
//!    created, updated, unchanged or rejected (with its line and reason);
//! 4. [`commit`] plans again inside one transaction and writes every valid
//!    row, or nothing.

pub mod export;
pub mod file;
pub mod mapping;
pub mod rows;

use crate::model::deal::DealFields;
use crate::model::{Currency, DealId, UserId};
use crate::server::authz::PartnerScope;
use crate::server::db::Db;
use crate::server::store::deal_imports;
use crate::server::store::deals::{self, DealRow};
use chrono::{DateTime, Utc};
use file::{CsvFile, FileProblem};
use mapping::{Columns, Mapping};
use rows::{Reading, Rejection, RowProblem};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A file that can be imported: read, with its required columns found.
#[derive(Clone, Debug)]
pub struct Upload {
    pub file: CsvFile,
    pub columns: Columns,
}

impl Upload {
    pub fn read(bytes: &[u8]) -> Result<Upload, FileProblem> {
        let file = CsvFile::read(bytes)?;
        let columns = Columns::find(&file)?;
        Ok(Upload { file, columns })
    }

    /// The values of the stage column, for choosing which mean won and lost.
    pub fn stage_values(&self) -> Vec<String> {
        self.file.distinct(self.columns.stage, 100)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: usize,
}

impl Counts {
    /// `created 3, updated 0, unchanged 1, rejected 2`: the command line's line.
    pub fn line(&self) -> String {
        format!(
            "created {}, updated {}, unchanged {}, rejected {}",
            self.created, self.updated, self.unchanged, self.rejected
        )
    }
}

/// What an import does (or did): the counts and every rejected row.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub counts: Counts,
    pub rejected: Vec<Rejection>,
}

/// The writes an import would make.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub create: Vec<DealFields>,
    pub update: Vec<(DealId, DealFields)>,
    pub unchanged: usize,
    pub rejected: Vec<Rejection>,
}

impl Plan {
    pub fn outcome(&self) -> Outcome {
        Outcome {
            counts: Counts {
                created: self.create.len(),
                updated: self.update.len(),
                unchanged: self.unchanged,
                rejected: self.rejected.len(),
            },
            rejected: self.rejected.clone(),
        }
    }
}

/// Reads every row with `mapping` and compares it with the partner's deals
/// (keyed as [`deals::by_external_id`] keys them).
pub fn plan(
    upload: &Upload,
    mapping: &Mapping,
    currency: Currency,
    existing: &HashMap<String, DealRow>,
) -> Result<Plan, FileProblem> {
    let reading = Reading::new(&upload.file, &upload.columns, mapping, currency)
        .ok_or_else(|| FileProblem::MissingColumns(vec!["MRR"]))?;
    let mut plan = Plan::default();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for record in &upload.file.records {
        let reject = |problem| Rejection {
            line: record.line,
            problem,
        };
        let mut deal = match reading.read(record, &upload.file.headers) {
            Ok(deal) => deal,
            Err(problem) => {
                plan.rejected.push(reject(problem));
                continue;
            }
        };
        let key = deal.external_id.clone().unwrap_or_default();
        if seen.insert(key.clone(), record.line).is_some() {
            plan.rejected.push(reject(RowProblem {
                key: crate::i18n::Key::RowRecordIdRepeated,
                value: key,
            }));
            continue;
        }
        match existing.get(&key) {
            None => plan.create.push(deal),
            Some(row) => {
                // A deal typed by hand comes back from an export as `pm-{id}`
                // and keeps having no Record ID.
                deal.external_id = row.external_id.clone();
                if row.fields() == deal {
                    plan.unchanged += 1;
                } else {
                    plan.update.push((row.id, deal));
                }
            }
        }
    }
    Ok(plan)
}

#[derive(Debug)]
pub enum ImportError {
    File(FileProblem),
    Db(sqlx::Error),
}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> Self {
        ImportError::Db(e)
    }
}

/// Plans against the deals as they are now and writes the plan, all in one
/// transaction; `dry_run` rolls it back. The mapping is remembered for the
/// partner's next import when the writes are kept.
pub async fn commit(
    db: &Db,
    scope: &PartnerScope,
    upload: &Upload,
    mapping: &Mapping,
    currency: Currency,
    by: Option<UserId>,
    now: DateTime<Utc>,
    dry_run: bool,
) -> Result<Outcome, ImportError> {
    let mut tx = db.begin().await?;
    // Two imports for one partner at once would both create the same deals.
    tx.serialize_on(&format!("deal-import:{}", scope.partner_id()))
        .await?;
    let existing = deals::by_external_id(&mut tx, scope).await?;
    let plan = plan(upload, mapping, currency, &existing).map_err(ImportError::File)?;
    deals::insert_many(&mut tx, scope, &plan.create, by, now).await?;
    deals::overwrite_many(&mut tx, scope, &plan.update, by, now).await?;
    deal_imports::remember_mapping(&mut tx, scope, mapping, now).await?;
    if !dry_run {
        tx.commit().await?;
    }
    Ok(plan.outcome())
}
