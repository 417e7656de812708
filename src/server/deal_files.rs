//! The two deals routes that are files rather than pages: the upload of a
//! HubSpot export (a multipart form post) and the CSV export. Plain handlers,
//! checked by the same `Access::allow` as every server function.

use crate::error::AppError;
use crate::model::PartnerId;
use crate::server::authz::{Access, Touches};
use crate::server::cookies;
use crate::server::deals::{partner, read_query};
use crate::server::forms::redirect_with_flash;
use crate::server::import::export::write_csv;
use crate::server::import::file::MAX_BYTES;
use crate::server::import::Upload;
use crate::server::store::{deal_imports, deals};
use crate::views::FlashView;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, RawQuery};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use http::StatusCode;

/// The largest request the upload route reads: the file's limit with room for
/// the form around it. Beyond the file's limit the user gets a message, not a
/// bare 413, as long as the request stays under this.
pub const UPLOAD_BODY_LIMIT: usize = 3 * MAX_BYTES;

/// The form name of the upload, for its flash.
const UPLOAD_FORM: &str = "import";

/// A refusal, worded in the caller's language.
pub fn refused(locale: crate::model::Locale, error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
    (status, error.message(locale)).into_response()
}

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

/// A partner's CSV route: checks that the caller may read the partner's data,
/// then lets `write` make the file from the URL's query parameters.
pub async fn partner_csv<F, Fut>(
    access: Access,
    partner_id: PartnerId,
    query: Option<String>,
    write: F,
) -> Response
where
    F: FnOnce(Access, Vec<(String, String)>) -> Fut,
    Fut: std::future::Future<Output = Result<(String, Vec<u8>), AppError>>,
{
    let locale = access.locale;
    let file = async {
        let access = access.allow(Touches::Partner(partner_id)).await?;
        let params = serde_urlencoded::from_str(&query.unwrap_or_default()).unwrap_or_default();
        write(access, params).await
    };
    csv_download(locale, file.await)
}

/// A query parameter's value.
pub fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// A CSV file to save, named, or the refusal in the caller's language.
pub fn csv_download(
    locale: crate::model::Locale,
    file: Result<(String, Vec<u8>), AppError>,
) -> Response {
    match file {
        Ok((name, body)) => (
            [
                (CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
                (CACHE_CONTROL, "no-store".to_string()),
            ],
            body,
        )
            .into_response(),
        Err(error) => refused(locale, error),
    }
}

async fn export_csv(
    access: Access,
    partner_id: PartnerId,
    query: String,
) -> Result<(String, Vec<u8>), AppError> {
    let access = access.allow(Touches::Partner(partner_id)).await?;
    let (scope, _, currency) = partner(&access).await?;
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
