//! Turning server-side failures into [`AppError`]: logged once here, with the
//! request id, and shown to the user only as a reference.

use crate::api::error::AppError;
use http::request::Parts;
use leptos::prelude::use_context;

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        internal("database", &err)
    }
}

/// Logs `err` and returns the error the user sees, which quotes the request id.
pub fn internal(what: &str, err: &dyn std::fmt::Display) -> AppError {
    let reference = use_context::<Parts>()
        .and_then(|p| {
            p.headers
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        })
        .unwrap_or_else(|| "-".into());
    tracing::error!(request_id = %reference, what, error = %err, "internal error");
    AppError::Internal { reference }
}
