//! Importing a partner's deals from a HubSpot deals export (CSV), the same for
//! the browser and the command line:
//!
//! 1. [`Upload::read`] refuses a file that cannot be a deals export at all;
//! 2. a [`Mapping`] says how to read it (detected, remembered, or chosen);
//! 3. [`plan`] compares every row with the partner's deals by Record ID:
//!    created, updated, unchanged or rejected (with its line and reason);
//! 4. [`write`] plans again inside the caller's transaction and writes every
//!    valid row; the transaction commits all of them, or nothing.

pub mod export;
pub mod file;
pub mod mapping;
pub mod rows;

use crate::model::deal::DealFields;
pub use crate::model::import_report::{Counts, Outcome};
use crate::model::{Currency, DealId, UserId};
use crate::server::authz::PartnerScope;
use crate::server::db::Tx;
use crate::server::store::deal_imports;
use crate::server::store::deals::{self, DealRow};
use chrono::{DateTime, Utc};
use file::{CsvFile, FileProblem};
use mapping::{Columns, Mapping};
use rows::{Reading, Rejection, RowProblem};
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

/// How an import reads its file: the mapping and the partner's currency.
pub struct Reader<'a> {
    pub upload: &'a Upload,
    pub mapping: &'a Mapping,
    pub currency: Currency,
}

/// Plans against the deals as they are now and writes the plan, inside the
/// caller's transaction: the caller commits it, or (a dry run) drops it. The
/// mapping is remembered for the partner's next import.
pub async fn write(
    tx: &mut Tx,
    scope: &PartnerScope,
    reader: &Reader<'_>,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<Outcome, ImportError> {
    // Two imports for one partner at once would both create the same deals.
    tx.serialize_on(&format!("deal-import:{}", scope.partner_id()))
        .await?;
    let existing = deals::by_external_id(&mut *tx, scope).await?;
    let plan = plan(reader.upload, reader.mapping, reader.currency, &existing)
        .map_err(ImportError::File)?;
    deals::insert_many(tx, scope, &plan.create, by, now).await?;
    deals::overwrite_many(tx, scope, &plan.update, by, now).await?;
    deal_imports::remember_mapping(&mut *tx, scope, reader.mapping, now).await?;
    Ok(plan.outcome())
}
