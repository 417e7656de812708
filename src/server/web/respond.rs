//! Responses the features' plain handlers share: a refusal in the caller's
//! language, and a partner's CSV file.

use crate::error::AppError;
use crate::model::tasks::panel::CONFLICT_PREFIX;
use crate::model::{Locale, PartnerId};
use crate::server::authz::{Access, Touches};
use crate::server::web::forms::{self, Submitted};
use crate::views::FlashView;
use axum::response::{IntoResponse, Response};
use axum::Json;
use http::header::ACCEPT;
use http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use http::StatusCode;

/// A refusal, worded in the caller's language.
pub fn refused(locale: Locale, error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
    (status, error.message(locale)).into_response()
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
pub fn csv_download(locale: Locale, file: Result<(String, Vec<u8>), AppError>) -> Response {
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

/// How a save went wrong: the error, and after a conflict the differing
/// fields.
pub struct Refused {
    pub error: AppError,
    pub conflicts: Vec<&'static str>,
}

impl From<AppError> for Refused {
    fn from(error: AppError) -> Refused {
        Refused {
            error,
            conflicts: Vec::new(),
        }
    }
}

impl From<sqlx::Error> for Refused {
    fn from(error: sqlx::Error) -> Refused {
        AppError::from(error).into()
    }
}

impl Refused {
    /// The one-time flash that takes a browser back to the form `form_name`:
    /// what was typed (the form's own bookkeeping fields left out), the error,
    /// and after a conflict a marker per field that differs.
    pub fn flash(self, form_name: &str, typed: Submitted) -> FlashView {
        let mut values = forms::declared(typed.0);
        values.extend(
            self.conflicts
                .iter()
                .map(|field| (format!("{CONFLICT_PREFIX}{field}"), String::new())),
        );
        FlashView {
            form: form_name.to_string(),
            values,
            error: Some(self.error),
            notice: None,
        }
    }
}

/// Whether the caller is a script asking for JSON rather than a browser's form post.
pub fn wants_json(access: &Access) -> bool {
    access
        .parts
        .headers
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// An error as a script reads it: its HTTP status, and the error as JSON.
pub fn json_error(error: AppError) -> Response {
    let status =
        http::StatusCode::from_u16(error.status_code()).unwrap_or(http::StatusCode::BAD_REQUEST);
    (status, Json(error)).into_response()
}
