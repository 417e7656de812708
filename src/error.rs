//! The one error type of every server function and plain handler. It travels to
//! the browser as JSON (or, after a plain form post, in a one-time flash) and is
//! shown in the user's language; it never carries internal details. Shared by
//! both sides: the server builds it, pages and islands show it.

use crate::i18n::Key;
use crate::model::Locale;
use serde::{Deserialize, Serialize};
use server_fn::{codec::JsonEncoding, error::FromServerFnError};
use std::fmt;

use leptos::server_fn;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: Key,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    /// One message per field that was not accepted.
    Invalid(Vec<FieldError>),
    /// Wrong email or password; deliberately the same message for both.
    LoginFailed,
    TooManyAttempts {
        retry_after_minutes: u32,
    },
    NotSignedIn,
    Forbidden,
    NotFound,
    Conflict,
    /// The server is at its limit (password checks, open live streams); try again shortly.
    Busy,
    /// An uploaded file that cannot be used as it is: the problem, and the
    /// line or columns it names.
    File {
        problem: Key,
        detail: String,
    },
    /// The request itself was malformed (missing or unreadable arguments).
    BadRequest,
    /// Logged on the server under this reference, which the user can quote.
    Internal {
        reference: String,
    },
    /// No answer within the server's time limit; the work was stopped and
    /// logged under this reference.
    TimedOut {
        reference: String,
    },
}

/// Collects the field errors of one form, so that every problem is reported at
/// once and each on its own field. The one way server code builds
/// [`AppError::Invalid`]:
///
/// ```ignore
/// let mut form = Validation::new();
/// let name = form.check("display_name", DisplayName::parse(&name));
/// let zone = form.check("time_zone", TimeZoneName::parse(&zone));
/// let (name, zone) = form.finish(name.zip(zone))?;
/// ```
#[derive(Debug, Default)]
pub struct Validation {
    errors: Vec<FieldError>,
}

impl Validation {
    pub fn new() -> Validation {
        Validation::default()
    }

    /// The parsed value, or `None` with the field's error recorded.
    pub fn check<T>(&mut self, field: &str, result: Result<T, Key>) -> Option<T> {
        result.map_err(|message| self.fail(field, message)).ok()
    }

    /// Records an error found by a rule that spans fields or needs the database.
    pub fn fail(&mut self, field: &str, message: Key) {
        self.errors.push(FieldError {
            field: field.to_string(),
            message,
        });
    }

    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// The values when every field was accepted, else every field's error.
    pub fn finish<T>(self, values: Option<T>) -> Result<T, AppError> {
        match values {
            Some(values) if self.errors.is_empty() => Ok(values),
            _ if self.errors.is_empty() => Err(AppError::BadRequest),
            _ => Err(AppError::Invalid(self.errors)),
        }
    }
}

impl AppError {
    pub fn file(problem: Key, detail: String) -> AppError {
        AppError::File { problem, detail }
    }

    pub fn invalid(field: &str, message: Key) -> AppError {
        AppError::Invalid(vec![FieldError {
            field: field.to_string(),
            message,
        }])
    }

    /// The message for one field, if that field was not accepted: the one
    /// lookup pages, forms and islands share.
    pub fn field_message(&self, field: &str) -> Option<Key> {
        match self {
            AppError::Invalid(errors) => {
                errors.iter().find(|e| e.field == field).map(|e| e.message)
            }
            _ => None,
        }
    }

    /// The message for the whole form or page, in the user's language.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            AppError::Invalid(errors) => errors
                .iter()
                .map(|e| e.message.text(locale))
                .collect::<Vec<_>>()
                .join(" "),
            AppError::LoginFailed => Key::LoginFailed.text(locale).to_string(),
            AppError::TooManyAttempts {
                retry_after_minutes,
            } => Key::TooManyAttempts
                .format(locale, &[("minutes", &retry_after_minutes.to_string())]),
            AppError::NotSignedIn => Key::ErrNotSignedIn.text(locale).to_string(),
            AppError::Forbidden => Key::ErrForbidden.text(locale).to_string(),
            AppError::NotFound => Key::ErrNotFound.text(locale).to_string(),
            AppError::Conflict => Key::ErrConflict.text(locale).to_string(),
            AppError::Busy => Key::ErrBusy.text(locale).to_string(),
            AppError::BadRequest => Key::ErrBadRequest.text(locale).to_string(),
            AppError::File { problem, detail } => {
                problem.format(locale, &[("line", detail), ("columns", detail)])
            }
            AppError::Internal { reference } => {
                Key::ErrInternal.format(locale, &[("reference", reference)])
            }
            AppError::TimedOut { reference } => {
                Key::ErrTimedOut.format(locale, &[("reference", reference)])
            }
        }
    }

    /// A page's title when this error is all the page shows.
    pub fn title(&self) -> Key {
        match self {
            AppError::NotFound => Key::PageNotFound,
            AppError::Forbidden => Key::TitleNoAccess,
            AppError::NotSignedIn => Key::LogIn,
            _ => Key::TitleError,
        }
    }

    /// The HTTP status a caller without a browser sees.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Invalid(_) | AppError::BadRequest => 400,
            AppError::File { problem, .. } if *problem == Key::ErrFileTooLarge => 413,
            AppError::File { .. } => 400,
            AppError::LoginFailed | AppError::NotSignedIn => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Conflict => 409,
            AppError::Busy | AppError::TimedOut { .. } => 503,
            AppError::TooManyAttempts { .. } => 429,
            AppError::Internal { .. } => 500,
        }
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Locale::En))
    }
}

impl std::error::Error for AppError {}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: server_fn::error::ServerFnErrorErr) -> Self {
        use server_fn::error::ServerFnErrorErr as E;
        match value {
            E::Args(_) | E::MissingArg(_) | E::Deserialization(_) | E::Serialization(_) => {
                AppError::BadRequest
            }
            other => AppError::Internal {
                reference: short_reference(&other.to_string()),
            },
        }
    }
}

/// A short, stable reference for errors raised by the framework rather than our code.
fn short_reference(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    });
    format!("F{:08X}", hash as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_in_the_users_language() {
        let err = AppError::TooManyAttempts {
            retry_after_minutes: 3,
        };
        assert_eq!(
            err.message(Locale::En),
            "Too many failed logins. Try again in 3 minutes."
        );
        assert_eq!(
            err.message(Locale::ZhTw),
            "登入失敗次數過多，請於 3 分鐘後再試。"
        );
        assert_eq!(err.status_code(), 429);
    }

    #[test]
    fn field_messages_are_found_by_field() {
        let err = AppError::invalid("email", Key::ErrEmailInvalid);
        assert_eq!(err.field_message("email"), Some(Key::ErrEmailInvalid));
        assert_eq!(err.field_message("password"), None);
    }

    #[test]
    fn internal_errors_show_only_the_reference() {
        let err = AppError::Internal {
            reference: "R1234".into(),
        };
        assert!(err.message(Locale::En).ends_with("Reference: R1234"));
        let err = AppError::from_server_fn_error(server_fn::error::ServerFnErrorErr::ServerError(
            "db password=x".into(),
        ));
        assert!(!err.message(Locale::En).contains("password"));
    }

    #[test]
    fn validation_reports_every_field_at_once() {
        let mut form = Validation::new();
        let a = form.check("a", Ok::<_, Key>(1));
        let b = form.check::<i32>("b", Err(Key::ErrNameRequired));
        form.fail("c", Key::ErrPasswordMismatch);
        assert!(!form.is_ok());
        let err = form.finish(a.zip(b)).unwrap_err();
        assert_eq!(
            err,
            AppError::Invalid(vec![
                FieldError {
                    field: "b".into(),
                    message: Key::ErrNameRequired
                },
                FieldError {
                    field: "c".into(),
                    message: Key::ErrPasswordMismatch
                },
            ])
        );
        let mut form = Validation::new();
        let a = form.check("a", Ok::<_, Key>(1));
        assert_eq!(form.finish(a), Ok(1));
    }

    #[test]
    fn round_trips_as_json() {
        let err = AppError::invalid("time_zone", Key::ErrTimeZoneInvalid);
        let back = AppError::de(err.ser());
        assert_eq!(back, err);
    }

    /// Islands read refusals with the browser's JSON.parse, by these shapes
    /// (`ui::islands::call`); a change here must be made there too.
    #[test]
    fn the_wire_shapes_islands_read() {
        let id = Key::ErrTimeZoneInvalid.id();
        let shapes = [
            (
                AppError::invalid("time_zone", Key::ErrTimeZoneInvalid),
                format!(r#"{{"Invalid":[{{"field":"time_zone","message":{id}}}]}}"#),
            ),
            (
                AppError::TooManyAttempts {
                    retry_after_minutes: 7,
                },
                r#"{"TooManyAttempts":{"retry_after_minutes":7}}"#.to_string(),
            ),
            (AppError::NotSignedIn, r#""NotSignedIn""#.to_string()),
            (AppError::Busy, r#""Busy""#.to_string()),
            (
                AppError::Internal {
                    reference: "ab12".into(),
                },
                r#"{"Internal":{"reference":"ab12"}}"#.to_string(),
            ),
        ];
        for (error, json) in shapes {
            assert_eq!(serde_json::to_string(&error).unwrap(), json);
        }
    }
}
