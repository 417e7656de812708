//! Deals as CSV, in the shape the importer reads back: the same file imports
//! onto the same deals with nothing created and nothing updated. Text typed
//! by people is written spreadsheet-safe (`model::csv_cell`).

use crate::model::csv_cell::neutralise;
use crate::model::money::plain_amount;
use crate::model::{Currency, DealKind};
use crate::server::store::deals::DealRow;

const HEADERS: [&str; 11] = [
    "Record ID",
    "Deal Name",
    "Deal Type",
    "Deal Stage",
    "Create Date",
    "Close Date",
    "Monthly recurring revenue",
    "Deal owner",
    "Company",
    "Notes",
    // When the app last changed the deal: a re-import of this file knows
    // which deals were changed in the app after it was written.
    "Last Modified Date",
];

pub fn write_csv(deals: &[DealRow], currency: Currency) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::with_capacity(deals.len() * 120 + 200));
    out.write_record(HEADERS)?;
    for d in deals {
        let kind = match d.kind {
            DealKind::Sourced => "Sourced",
            DealKind::Assisted => "Assisted",
        };
        // The pipeline stage where the deal has one: HubSpot's own words.
        let stage = d.pipeline_stage.as_deref().unwrap_or(d.stage.plain_name());
        let record_id = d.record_id();
        out.write_record([
            &*neutralise(&record_id),
            &*neutralise(&d.name),
            kind,
            &*neutralise(stage),
            &d.create_date.to_string(),
            &d.close_date.map(|c| c.to_string()).unwrap_or_default(),
            &plain_amount(d.mrr, currency),
            &*neutralise(&d.owner),
            &*neutralise(&d.company),
            &*neutralise(&d.notes),
            &d.updated_at
                .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        ])?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}
