//! Turning server-side failures into [`AppError`]: logged once here, with the
//! request id, and shown to the user only as a reference. Plain handlers answer
//! an `AppError` with its status and the same JSON a server function sends.

use crate::error::AppError;
use crate::server::web::guard;
use axum::response::{IntoResponse, Response};
use http::request::Parts;
use leptos::prelude::use_context;

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        internal("database", &err)
    }
}

/// Logs `err` and returns the error the user sees, which quotes the request id.
pub fn internal(what: &str, err: &dyn std::fmt::Display) -> AppError {
    let reference = guard::request_id()
        .or_else(|| {
            use_context::<Parts>().and_then(|p| {
                p.headers
                    .get(guard::REQUEST_ID_HEADER)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            })
        })
        .unwrap_or_else(|| "-".into());
    tracing::error!(request_id = %reference, what, error = %err, "internal error");
    AppError::Internal { reference }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = http::StatusCode::from_u16(self.status_code())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(self)).into_response()
    }
}
