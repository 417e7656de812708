//! Importing a partner's deals from a HubSpot deals export (CSV), the same for
//! the browser and the command line:
//!
//! 1. [`Upload::read`] refuses a file that cannot be a deals export at all;
//! 2. a [`Mapping`] says how to read it (detected, remembered, or chosen);
//! 3. [`plan`] compares every row with the partner's deals by Record ID:
//!    created, updated, unchanged or rejected (with its line and reason);
//!    A deal the app changed after the file's copy of it is kept unless the
//!    person chose the file's version ([`Choice`]);
//! 4. [`write`] plans outside the write transaction, writes every valid row
//!    inside it, checking that no deal changed meanwhile, and hands the open
//!    transaction to the caller: it commits all of them, or nothing.

pub mod export;
pub mod file;
#[cfg(test)]
mod fuzz;
pub mod mapping;
pub mod rows;

use crate::model::deal::DealFields;
pub use crate::model::import_report::{Counts, NewerInApp, Outcome};
use crate::model::{Currency, DealId, UserId};
use crate::server::authz::PartnerScope;
use crate::server::db::{Db, Tx};
use crate::server::store::deal_imports;
use crate::server::store::deals::{self, DealRow};
use chrono::{DateTime, Utc};
use file::{CsvFile, FileProblem};
use mapping::{Columns, Mapping};
use rows::{Reading, Rejection, RowProblem};
use std::collections::{HashMap, HashSet};

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
    pub update: Vec<Update>,
    pub unchanged: usize,
    /// Deals the app changed after the file's copy of them, kept or taken.
    pub newer_in_app: Vec<NewerInApp>,
    pub rejected: Vec<Rejection>,
}

/// A deal the import overwrites, at the version it was planned against: a
/// deal changed since is not overwritten (see [`write`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Update {
    pub id: DealId,
    pub version: i64,
    pub fields: DealFields,
}

impl Plan {
    pub fn outcome(&self) -> Outcome {
        let kept = self.newer_in_app.iter().filter(|n| !n.taken).count();
        Outcome {
            counts: Counts {
                created: self.create.len(),
                updated: self.update.len(),
                unchanged: self.unchanged,
                kept,
                rejected: self.rejected.len(),
            },
            rejected: self.rejected.clone(),
            newer_in_app: self.newer_in_app.clone(),
        }
    }
}

/// What to do with a deal the app changed after the file's copy of it. By
/// default the app's version is kept.
#[derive(Clone, Debug, Default)]
pub struct Choice {
    /// Take every such deal from the file (the command line's `take`): what
    /// is in the app when the import is written is what it overwrites.
    pub take_all: bool,
    /// Take these from the file, each named at the version the person saw
    /// ([`NewerInApp::token`]): a deal changed again since is kept.
    pub take: HashSet<String>,
}

impl Choice {
    fn takes(&self, newer: &NewerInApp) -> bool {
        self.take_all || self.take.contains(&newer.token())
    }
}

/// Whether the app changed `row` after the file's copy of it: after its last
/// import (or ever, for a deal no import wrote) and after the file's own
/// "Last Modified Date" for the row, where the file has one.
fn changed_in_app(row: &DealRow, file_modified: Option<(DateTime<Utc>, chrono::Duration)>) -> bool {
    let since_import = row.imported_at.is_none_or(|at| row.updated_at > at);
    let since_file = file_modified.is_none_or(|(at, slack)| row.updated_at > at + slack);
    since_import && since_file
}

/// Reads every row with `mapping` and compares it with the partner's deals
/// (keyed as [`deals::by_external_id`] keys them).
pub fn plan(
    upload: &Upload,
    mapping: &Mapping,
    currency: Currency,
    existing: &HashMap<String, DealRow>,
    choice: &Choice,
) -> Result<Plan, FileProblem> {
    let reading = Reading::new(&upload.file, &upload.columns, mapping, currency)
        .ok_or_else(|| FileProblem::MissingColumns(vec!["MRR"]))?;
    let mut planner = Planner::new(existing, choice);
    for record in &upload.file.records {
        match reading.read(record, &upload.file.headers) {
            Ok(deal) => planner.add(record.line, deal, reading.last_modified(record)),
            Err(problem) => planner.plan.rejected.push(Rejection {
                line: record.line,
                problem,
            }),
        }
    }
    Ok(planner.plan)
}

/// Plans deals already read (the API's bulk upsert): each numbered by
/// `line`, compared by Record ID as a file's rows are.
pub fn plan_deals<'a>(
    deals: impl IntoIterator<Item = (u64, &'a DealFields)>,
    existing: &HashMap<String, DealRow>,
    choice: &Choice,
) -> Plan {
    let mut planner = Planner::new(existing, choice);
    for (line, deal) in deals {
        planner.add(line, deal.clone(), None);
    }
    planner.plan
}

/// Compares deals one by one with the partner's, by Record ID.
struct Planner<'a> {
    plan: Plan,
    seen: HashMap<String, u64>,
    existing: &'a HashMap<String, DealRow>,
    choice: &'a Choice,
}

impl<'a> Planner<'a> {
    fn new(existing: &'a HashMap<String, DealRow>, choice: &'a Choice) -> Planner<'a> {
        Planner {
            plan: Plan::default(),
            seen: HashMap::new(),
            existing,
            choice,
        }
    }

    /// `file_modified`: when the source last changed the deal, where it says.
    fn add(
        &mut self,
        line: u64,
        mut deal: DealFields,
        file_modified: Option<(DateTime<Utc>, chrono::Duration)>,
    ) {
        let plan = &mut self.plan;
        let key = deal.external_id.clone().unwrap_or_default();
        if self.seen.insert(key.clone(), line).is_some() {
            plan.rejected.push(Rejection {
                line,
                problem: RowProblem {
                    key: crate::i18n::Key::RowRecordIdRepeated,
                    value: key,
                },
            });
            return;
        }
        let Some(row) = self.existing.get(&key) else {
            plan.create.push(deal);
            return;
        };
        // A deal typed by hand comes back from an export as `pm-{id}`
        // and keeps having no Record ID.
        deal.external_id = row.external_id.clone();
        // A deal's own probability is set in the app, and no file or bulk
        // write that does not name one takes it away.
        if deal.probability.is_none() {
            deal.probability = row.fields().probability;
        }
        if row.fields() == deal {
            plan.unchanged += 1;
            return;
        }
        if changed_in_app(row, file_modified) {
            let mut newer = NewerInApp {
                deal_id: row.id,
                version: row.version,
                record_id: key,
                name: row.name.clone(),
                line,
                changed_at: row.updated_at,
                taken: false,
            };
            newer.taken = self.choice.takes(&newer);
            let taken = newer.taken;
            plan.newer_in_app.push(newer);
            if !taken {
                return;
            }
        }
        plan.update.push(Update {
            id: row.id,
            version: row.version,
            fields: deal,
        });
    }
}

#[derive(Debug)]
pub enum ImportError {
    File(FileProblem),
    Db(sqlx::Error),
    /// The partner's deals kept changing while the import was written, every
    /// try: nothing was imported.
    Changed,
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

/// Plans with the deals read before the write transaction and tries the
/// writes this many times; the last try plans inside it.
const TRIES: usize = 3;

/// Plans and writes an import, leaving the caller an open transaction that
/// holds every write: the caller commits it, or (a dry run) drops it. The
/// mapping is remembered for the partner's next import.
///
/// The file is read and compared with the deals *before* the transaction
/// begins, so that it holds the writer (SQLite has one) only for the writes:
/// a large import does not make everyone else's saves wait for its reading.
/// Each overwrite names the version it was planned against; when a deal was
/// changed, removed or created meanwhile, the transaction is dropped and the
/// import planned again, the last time inside the transaction, so that what
/// is written always matches what was compared (and an app edit made
/// meanwhile is judged like any other).
pub async fn write(
    db: &Db,
    scope: &PartnerScope,
    reader: &Reader<'_>,
    choice: &Choice,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<(Tx, Outcome), ImportError> {
    let plan_from = |existing: &HashMap<String, DealRow>| {
        plan(
            reader.upload,
            reader.mapping,
            reader.currency,
            existing,
            choice,
        )
        .map_err(ImportError::File)
    };
    let (mut tx, plan) = write_planned(db, scope, plan_from, by, now).await?;
    deal_imports::remember_mapping(&mut tx, scope, reader.mapping, now).await?;
    Ok((tx, plan.outcome()))
}

/// [`write`] for deals planned by `plan_from` (a file's, or the API's): the
/// same tries, the same checks, the open transaction left to the caller.
pub async fn write_planned(
    db: &Db,
    scope: &PartnerScope,
    plan_from: impl Fn(&HashMap<String, DealRow>) -> Result<Plan, ImportError>,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<(Tx, Plan), ImportError> {
    let sqlite = matches!(db, Db::Sqlite(..));
    let key = format!("deal-import:{}", scope.partner_id());
    for attempt in 1..=TRIES {
        let last = attempt == TRIES;
        let (mut tx, inserts, plan) = match last {
            // The plan, and the deals it creates made ready (their rows
            // staged, or their statements built): the write transaction only
            // moves them in.
            false => {
                let plan = plan_from(&deals::by_external_id(db, scope).await?)?;
                let (mut tx, inserts) =
                    deals::Inserts::begin(db, scope, &plan.create, by, now, Some(now)).await?;
                // Two imports for one partner at once would both create the
                // same deals.
                tx.serialize_on(&key).await?;
                (tx, inserts, plan)
            }
            true => {
                let mut tx = db.begin().await?;
                tx.serialize_on(&key).await?;
                let plan = plan_from(&deals::by_external_id(&mut tx, scope).await?)?;
                let inserts = deals::Inserts::new(sqlite, scope, &plan.create, by, now, Some(now))?;
                (tx, inserts, plan)
            }
        };
        match apply(&mut tx, scope, inserts, &plan, by, now).await? {
            Written::All => return Ok((tx, plan)),
            // Dropping the transaction rolls it back.
            Written::Stale if !last => continue,
            Written::Stale => return Err(ImportError::Changed),
        }
    }
    unreachable!("the last try returns")
}

enum Written {
    All,
    /// A deal changed since the plan was made: nothing may be committed.
    Stale,
}

async fn apply(
    tx: &mut Tx,
    scope: &PartnerScope,
    inserts: deals::Inserts,
    plan: &Plan,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<Written, sqlx::Error> {
    match inserts.write(tx).await {
        Ok(()) => {}
        // Someone created a deal with one of these Record IDs meanwhile.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Ok(Written::Stale),
        Err(e) => return Err(e),
    }
    let updates: Vec<_> = plan
        .update
        .iter()
        .map(|u| (u.id, u.version, &u.fields))
        .collect();
    if !deals::overwrite_many(tx, scope, &updates, by, now).await? {
        return Ok(Written::Stale);
    }
    // The stages the file names that the partner does not have yet.
    let stages = plan
        .create
        .iter()
        .chain(plan.update.iter().map(|u| &u.fields))
        .filter_map(|d| d.pipeline_stage.as_deref());
    crate::server::store::deal_stages::collect(tx, scope, stages, by, now).await?;
    Ok(Written::All)
}
