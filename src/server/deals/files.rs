//! The two deals routes that are files rather than pages: the upload of a
//! HubSpot export (a multipart form post) and the CSV export. Plain handlers,
//! checked by the same `Access::allow` as every server function.

use crate::error::AppError;
use crate::model::PartnerId;
use crate::server::authz::{Access, Touches};
use crate::server::deals::import::export::write_csv;
use crate::server::deals::import::file::MAX_BYTES;
use crate::server::deals::import::Upload;
use crate::server::deals::read_query;
use crate::server::store::{deal_imports, deals};
use crate::server::web::cookies;
use crate::server::web::forms::redirect_with_flash;
use crate::server::web::respond::{csv_download, refused};
use crate::views::FlashView;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, RawQuery};
use axum::response::Response;
use chrono::Utc;

/// The largest request the upload route reads: the file's limit with room for
/// the form around it. Beyond the file's limit the user gets a message, not a
/// bare 413, as long as the request stays under this.
pub const UPLOAD_BODY_LIMIT: usize = 3 * MAX_BYTES;

/// The form name of the upload, for its flash.
const UPLOAD_FORM: &str = "import";

/// `POST /p/{partner}/deals/upload`: keeps the file and opens its preview, or
/// goes back to the upload form with what is wrong with the file.
pub async fn upload(
    access: Access,
    Path(partner_id): Path<PartnerId>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let locale = access.locale;
    let access = match access.allow(Touches::Partner(partner_id)).await {
        Ok(access) => access,
        Err(error) => return refused(locale, error),
    };
    let secure = cookies::secure_for(&access.state.config, &access.parts.headers);
    let back = format!("/p/{partner_id}/deals/import");
    let fail = |error: AppError| {
        let flash = FlashView {
            form: UPLOAD_FORM.into(),
            error: Some(error),
            ..FlashView::default()
        };
        redirect_with_flash(&access.state, secure, back.clone(), Some(flash))
    };
    let (file_name, bytes) = match read_file(multipart).await {
        Ok(Some(file)) => file,
        Ok(None) => return fail(AppError::invalid("file", crate::i18n::Key::ErrFileMissing)).await,
        Err(error) => return fail(error).await,
    };
    if let Err(problem) = Upload::read(&bytes) {
        return fail(AppError::file(problem.key(), problem.detail())).await;
    }
    let Ok(scope) = access.scope() else {
        return refused(locale, AppError::Forbidden);
    };
    let by = access.user.as_ref().map(|s| s.user.id);
    match deal_imports::create(&access.state.db, &scope, by, &file_name, &bytes, Utc::now()).await {
        Ok(id) => redirect_with_flash(&access.state, secure, format!("{back}/{id}"), None).await,
        Err(err) => fail(err.into()).await,
    }
}

/// The file field of the form: its name and bytes (at most the limit plus
/// one, which is enough to know it is too large).
async fn read_file(
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Option<(String, Vec<u8>)>, AppError> {
    let mut multipart = multipart.map_err(|_| AppError::BadRequest)?;
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::BadRequest)?
    {
        if field.name() != Some("file") {
            continue;
        }
        let name: String = field
            .file_name()
            .map(|n| {
                n.rsplit(['/', '\\'])
                    .next()
                    .unwrap_or(n)
                    .chars()
                    .take(200)
                    .collect()
            })
            .unwrap_or_default();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|_| AppError::BadRequest)? {
            bytes.extend_from_slice(&chunk);
            if bytes.len() > MAX_BYTES {
                return Err(AppError::file(
                    crate::i18n::Key::ErrFileTooLarge,
                    String::new(),
                ));
            }
        }
        // A form sent without choosing a file has an empty, nameless part.
        return Ok((!bytes.is_empty() || !name.is_empty()).then_some((name, bytes)));
    }
    Ok(None)
}

/// `GET /p/{partner}/deals.csv?…`: the deals that match the page's filters,
/// as a file that imports back onto the same deals.
pub async fn export(
    access: Access,
    Path(partner_id): Path<PartnerId>,
    RawQuery(query): RawQuery,
) -> Response {
    let locale = access.locale;
    csv_download(
        locale,
        export_csv(access, partner_id, query.unwrap_or_default()).await,
    )
}

async fn export_csv(
    access: Access,
    partner_id: PartnerId,
    query: String,
) -> Result<(String, Vec<u8>), AppError> {
    let access = access.allow(Touches::Partner(partner_id)).await?;
    let (scope, _, currency) = access.partner().await?;
    let rows = deals::matching(&access.state.db, &scope, &read_query(&query)).await?;
    let csv = write_csv(&rows, currency).map_err(|err| {
        tracing::error!(error = %err, "cannot write the deals export");
        AppError::Internal {
            reference: "csv".into(),
        }
    })?;
    // A byte-order mark, so that spreadsheet programs read Chinese names right.
    let mut body = b"\xEF\xBB\xBF".to_vec();
    body.extend(csv);
    let name = format!("deals-{partner_id}-{}.csv", Utc::now().format("%Y-%m-%d"));
    Ok((name, body))
}
