//! `partner-map deals import|export`: the browser's importer and exporter for
//! nightly automation. The operator holds the database, so no login applies;
//! output is English, for logs and scripts.

use crate::i18n::Key;
use crate::model::{Currency, DealKind, Locale, PartnerId};
use crate::server::authz::PartnerScope;
use crate::server::db::Db;
use crate::server::deals::import::export::write_csv;
use crate::server::deals::import::mapping::{header_choice, KindSource, Mapping};
use crate::server::deals::import::{self, Choice, ImportError, Reader, Upload};
use crate::server::store::{deal_imports, deals, partners};
use chrono::Utc;
use std::io::Write;

/// What the mapping flags override.
#[derive(Debug, Default)]
pub struct MappingFlags {
    pub mrr_column: Option<String>,
    pub kind: Option<DealKind>,
    pub kind_column: Option<String>,
    pub won: Option<String>,
    pub lost: Option<String>,
}

impl MappingFlags {
    fn apply(self, mut mapping: Mapping) -> Mapping {
        if let Some(c) = self.mrr_column.as_deref().and_then(header_choice) {
            mapping.mrr_column = Some(c);
        }
        if let Some(kind) = self.kind {
            mapping.kind = KindSource::Every(kind);
        }
        if let Some(c) = self.kind_column.as_deref().and_then(header_choice) {
            mapping.kind = KindSource::Column(c);
        }
        if let Some(won) = self.won {
            mapping.won = won;
        }
        if let Some(lost) = self.lost {
            mapping.lost = lost;
        }
        mapping
    }
}

async fn partner(db: &Db, id: PartnerId) -> Result<(PartnerScope, Currency), String> {
    let partner = partners::find(db, id)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("there is no partner {id}"))?;
    Ok((PartnerScope::for_operator(id), partner.currency))
}

/// Imports (or with `dry_run` previews) a file; prints the counts line and one
/// line per rejected row. A deal changed in the app after the file's copy of
/// it is kept (counted as kept) unless `take_newer_app_edits`. A file-level problem is an error: nothing is written.
pub async fn import(
    db: &Db,
    partner_id: PartnerId,
    path: &std::path::Path,
    dry_run: bool,
    flags: MappingFlags,
    take_newer_app_edits: bool,
) -> Result<(), String> {
    let (scope, currency) = partner(db, partner_id).await?;
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let upload = Upload::read(&bytes).map_err(|p| p.message(Locale::En))?;
    let remembered = deal_imports::remembered_mapping(db, &scope)
        .await
        .map_err(|e| e.to_string())?;
    let mapping = flags.apply(Mapping::remembered_or_detected(&upload.file, remembered));
    let reader = Reader {
        upload: &upload,
        mapping: &mapping,
        currency,
    };
    let choice = Choice {
        take_all: take_newer_app_edits,
        ..Default::default()
    };
    let (tx, outcome) = match import::write(db, &scope, &reader, &choice, None, Utc::now()).await {
        Ok(written) => written,
        Err(ImportError::File(p)) => return Err(p.message(Locale::En)),
        Err(ImportError::Db(e)) => return Err(e.to_string()),
        Err(ImportError::Changed) => {
            return Err(Key::ImportChangedMeanwhile.text(Locale::En).into())
        }
    };
    if !dry_run {
        tx.commit().await.map_err(|e| e.to_string())?;
        deals::after_bulk_write(db, outcome.counts.written())
            .await
            .map_err(|e| e.to_string())?;
    }
    let mut out = std::io::stdout().lock();
    let mut text = format!("{}\n", outcome.counts.line());
    for r in &outcome.rejected {
        text += &format!("line {}: {}\n", r.line, r.problem.message(Locale::En));
    }
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())
}

/// Writes every deal of the partner to standard output as CSV.
pub async fn export(db: &Db, partner_id: PartnerId) -> Result<(), String> {
    let (scope, currency) = partner(db, partner_id).await?;
    let rows = deals::matching(db, &scope, &Default::default())
        .await
        .map_err(|e| e.to_string())?;
    let csv = write_csv(&rows, currency).map_err(|e| e.to_string())?;
    std::io::stdout()
        .lock()
        .write_all(&csv)
        .map_err(|e| e.to_string())
}
