//! What the API answers: a JSON body with its status, or an error that says
//! in the caller's language what went wrong, with a code a program can test.
//!
//! Every refusal has the same shape:
//! `{"error": {"status": 422, "code": "invalid", "message": "…",
//! "fields": [{"field": "name", "code": "deal_name_required", "message": "…"}]}}`.
//! A handler returns an [`ApiError`]; it travels in the response's extensions
//! until the API's edge (`rest::edge`), which knows the caller's language,
//! writes it out.

use crate::error::{AppError, FieldError};
use crate::i18n::Key;
use crate::model::Locale;
use axum::response::{IntoResponse, Response};
use http::header::{CONTENT_TYPE, ETAG, LOCATION, RETRY_AFTER};
use http::{HeaderValue, StatusCode};
use serde::Serialize;

/// A successful answer.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: StatusCode,
    /// `None`: no body (204).
    pub body: Option<serde_json::Value>,
    /// Where a created record lives.
    pub location: Option<String>,
}

impl Reply {
    pub fn ok(body: impl Serialize) -> Reply {
        Reply {
            status: StatusCode::OK,
            body: Some(serde_json::to_value(body).unwrap_or_default()),
            location: None,
        }
    }

    pub fn created(body: impl Serialize, location: String) -> Reply {
        Reply {
            status: StatusCode::CREATED,
            location: Some(location),
            ..Reply::ok(body)
        }
    }

    pub fn no_content() -> Reply {
        Reply {
            status: StatusCode::NO_CONTENT,
            body: None,
            location: None,
        }
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut res = match &self.body {
            Some(body) => (self.status, json_body(body)).into_response(),
            None => self.status.into_response(),
        };
        let headers = res.headers_mut();
        if self.body.is_some() {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        // A record's version is its entity tag: what `If-Match` sends back.
        if let Some(version) = self
            .body
            .as_ref()
            .and_then(|b| b.get("version"))
            .and_then(|v| v.as_i64())
        {
            if let Ok(tag) = HeaderValue::from_str(&format!("\"{version}\"")) {
                headers.insert(ETAG, tag);
            }
        }
        if let Some(Ok(location)) = self.location.map(|l| HeaderValue::from_str(&l)) {
            headers.insert(LOCATION, location);
        }
        res
    }
}

fn json_body(body: &serde_json::Value) -> String {
    serde_json::to_string(body).unwrap_or_default()
}

/// Why a request was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The app's own refusals: invalid fields (422 here), 403, 404, 409…
    App(AppError),
    TokenMissing,
    TokenInvalid,
    RateLimited {
        retry_after_secs: u64,
    },
    /// `If-Match` named an older version (412).
    Stale,
    IfMatchRequired,
    IdempotencyReused,
    IdempotencyInProgress,
    IdempotencyKeyInvalid,
    BodyTooLarge,
    BulkTooMany {
        max: usize,
    },
    NotJson,
    BadJson(String),
    BadCursor,
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError::App(e)
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        ApiError::App(e.into())
    }
}

/// One field's problem, as the API writes it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct FieldProblem {
    /// The field's name in the request body.
    pub field: String,
    /// Stable, for programs: `deal_name_required`, `close_before_create`…
    pub code: String,
    /// In the caller's language (`Accept-Language`, else the token creator's).
    pub message: String,
}

/// The body of every refusal.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    pub status: u16,
    /// Stable, for programs: `invalid`, `not_found`, `stale_version`, `rate_limited`…
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldProblem>,
}

/// A message key as a stable code: `ErrDealNameRequired` is `deal_name_required`.
pub fn key_code(key: Key) -> String {
    let name = format!("{key:?}");
    let name = name.strip_prefix("Err").unwrap_or(&name);
    let mut code = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                code.push('_');
            }
            code.push(c.to_ascii_lowercase());
        } else {
            code.push(c);
        }
    }
    code
}

/// Field problems as the API writes them.
pub fn field_problems(errors: &[FieldError], locale: Locale) -> Vec<FieldProblem> {
    errors
        .iter()
        .map(|e| FieldProblem {
            field: e.field.clone(),
            code: key_code(e.message),
            message: e.message.text(locale).to_string(),
        })
        .collect()
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        let code = match self {
            ApiError::App(AppError::Invalid(_)) => 422,
            ApiError::App(AppError::Conflict) => 409,
            ApiError::App(e) => e.status_code(),
            ApiError::TokenMissing | ApiError::TokenInvalid => 401,
            ApiError::RateLimited { .. } => 429,
            ApiError::Stale => 412,
            ApiError::IfMatchRequired => 428,
            ApiError::IdempotencyReused => 422,
            ApiError::IdempotencyInProgress => 409,
            ApiError::IdempotencyKeyInvalid | ApiError::BadJson(_) | ApiError::BadCursor => 400,
            ApiError::BodyTooLarge | ApiError::BulkTooMany { .. } => 413,
            ApiError::NotJson => 415,
        };
        StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_REQUEST)
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::App(e) => match e {
                AppError::Invalid(_) => "invalid",
                AppError::NotSignedIn | AppError::LoginFailed => "unauthorized",
                AppError::Forbidden => "forbidden",
                AppError::NotFound => "not_found",
                AppError::Conflict => "conflict",
                AppError::Busy => "busy",
                AppError::TimedOut { .. } => "timed_out",
                AppError::TooManyAttempts { .. } => "rate_limited",
                AppError::File { .. } | AppError::BadRequest => "bad_request",
                AppError::Internal { .. } => "internal",
            },
            ApiError::TokenMissing => "token_missing",
            ApiError::TokenInvalid => "token_invalid",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::Stale => "stale_version",
            ApiError::IfMatchRequired => "if_match_required",
            ApiError::IdempotencyReused => "idempotency_key_reused",
            ApiError::IdempotencyInProgress => "idempotency_key_in_progress",
            ApiError::IdempotencyKeyInvalid => "idempotency_key_invalid",
            ApiError::BodyTooLarge => "too_large",
            ApiError::BulkTooMany { .. } => "too_many_deals",
            ApiError::NotJson => "not_json",
            ApiError::BadJson(_) => "bad_json",
            ApiError::BadCursor => "bad_cursor",
        }
    }

    fn message(&self, locale: Locale) -> String {
        let text = |key: Key| key.text(locale).to_string();
        match self {
            ApiError::App(e) => e.message(locale),
            ApiError::TokenMissing => text(Key::ApiTokenMissing),
            ApiError::TokenInvalid => text(Key::ApiTokenInvalid),
            ApiError::RateLimited { retry_after_secs } => {
                Key::ApiRateLimited.format(locale, &[("seconds", &retry_after_secs.to_string())])
            }
            ApiError::Stale => text(Key::ApiVersionStale),
            ApiError::IfMatchRequired => text(Key::ApiIfMatchRequired),
            ApiError::IdempotencyReused => text(Key::ApiIdempotencyReused),
            ApiError::IdempotencyInProgress => text(Key::ApiIdempotencyInProgress),
            ApiError::IdempotencyKeyInvalid => text(Key::ApiIdempotencyKeyInvalid),
            ApiError::BodyTooLarge => text(Key::ApiBodyTooLarge),
            ApiError::BulkTooMany { max } => {
                Key::ApiBulkTooMany.format(locale, &[("max", &max.to_string())])
            }
            ApiError::NotJson => text(Key::ApiNotJson),
            ApiError::BadJson(detail) => Key::ApiBadJson.format(locale, &[("detail", detail)]),
            ApiError::BadCursor => text(Key::ApiBadCursor),
        }
    }

    pub fn body(&self, locale: Locale) -> ErrorBody {
        let fields = match self {
            ApiError::App(AppError::Invalid(errors)) => field_problems(errors, locale),
            _ => Vec::new(),
        };
        ErrorBody {
            error: ErrorDetail {
                status: self.status().as_u16(),
                code: self.code().to_string(),
                message: self.message(locale),
                fields,
            },
        }
    }

    /// The whole answer, in `locale`.
    pub fn to_response(&self, locale: Locale) -> Response {
        let body = serde_json::to_value(self.body(locale)).unwrap_or_default();
        let mut res = Reply {
            status: self.status(),
            body: Some(body),
            location: None,
        }
        .into_response();
        let headers = res.headers_mut();
        match self {
            ApiError::RateLimited { retry_after_secs } => {
                if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                    headers.insert(RETRY_AFTER, v);
                }
            }
            ApiError::TokenMissing | ApiError::TokenInvalid => {
                headers.insert(
                    http::header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"partner-map\""),
                );
            }
            _ => {}
        }
        res
    }
}

/// A refusal on its way to the edge, which writes it in the caller's language.
#[derive(Clone, Debug)]
pub struct Pending(pub ApiError);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = self.to_response(Locale::default());
        res.extensions_mut().insert(Pending(self));
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_become_stable_codes() {
        assert_eq!(key_code(Key::ErrDealNameRequired), "deal_name_required");
        assert_eq!(key_code(Key::ErrCloseBeforeCreate), "close_before_create");
        assert_eq!(key_code(Key::ApiRecordIdRequired), "api_record_id_required");
    }

    #[test]
    fn invalid_fields_are_422_with_each_field_in_the_callers_language() {
        let e = ApiError::App(AppError::invalid("name", Key::ErrDealNameRequired));
        assert_eq!(e.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = e.body(Locale::ZhTw);
        assert_eq!(body.error.code, "invalid");
        assert_eq!(body.error.fields[0].field, "name");
        assert_eq!(body.error.fields[0].code, "deal_name_required");
        assert_eq!(
            body.error.fields[0].message,
            Key::ErrDealNameRequired.text(Locale::ZhTw)
        );
    }
}
