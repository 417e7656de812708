//! A user's own settings: language, time zone and password.

use crate::api::error::AppError;
use leptos::prelude::*;

/// Where a saved settings form lands, so the page can say what was saved.
pub const SAVED_PREFERENCES: &str = "/settings?saved=preferences";
pub const SAVED_PASSWORD: &str = "/settings?saved=password";

/// Chooses the language. Works before login too (remembered in a cookie); a
/// signed-in user's choice is also saved with their account.
#[server(prefix = "/api", endpoint = "language")]
pub async fn set_language(locale: String) -> Result<(), AppError> {
    use crate::i18n::Key;
    use crate::model::Locale;
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::Public).await?;
    let locale =
        Locale::parse(&locale).ok_or_else(|| AppError::invalid("locale", Key::ErrLocaleInvalid))?;
    if let Some(session) = &access.user {
        crate::server::store::users::update_locale(&access.state.db, session.user.id, locale.tag())
            .await?;
    }
    crate::server::login::remember_locale(&access, locale);
    Ok(())
}

#[server(prefix = "/api", endpoint = "preferences")]
pub async fn update_preferences(locale: String, time_zone: String) -> Result<(), AppError> {
    use crate::i18n::Key;
    use crate::model::{Locale, TimeZoneName};
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::OwnAccount).await?;
    let session = access.signed_in()?;
    let locale = Locale::parse(&locale).ok_or(Key::ErrLocaleInvalid);
    let time_zone = TimeZoneName::parse(&time_zone);
    let (locale, time_zone) = match (locale, time_zone) {
        (Ok(l), Ok(t)) => (l, t),
        (l, t) => {
            let mut errors = Vec::new();
            if let Err(message) = l {
                errors.push(crate::api::error::FieldError {
                    field: "locale".into(),
                    message,
                });
            }
            if let Err(message) = t {
                errors.push(crate::api::error::FieldError {
                    field: "time_zone".into(),
                    message,
                });
            }
            return Err(AppError::Invalid(errors));
        }
    };
    crate::server::store::users::update_preferences(
        &access.state.db,
        session.user.id,
        locale.tag(),
        time_zone.as_str(),
    )
    .await?;
    crate::server::login::remember_locale(&access, locale);
    crate::server::edge::redirect_form_post(SAVED_PREFERENCES);
    Ok(())
}

#[server(prefix = "/api", endpoint = "password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::OwnAccount).await?;
    crate::server::login::change_password(
        &access,
        &current_password,
        &new_password,
        &confirm_password,
    )
    .await?;
    crate::server::edge::redirect_form_post(SAVED_PASSWORD);
    Ok(())
}

/// Every IANA time zone, for the settings form.
#[server(prefix = "/api", endpoint = "time_zones")]
pub async fn time_zones() -> Result<Vec<String>, AppError> {
    use crate::model::TimeZoneName;
    use crate::server::authz::{authorize, Touches};
    authorize(Touches::OwnAccount).await?;
    Ok(TimeZoneName::all().map(str::to_string).collect())
}
