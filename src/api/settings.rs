//! A user's own settings: name, language, time zone and password.

use crate::error::AppError;
use leptos::prelude::*;

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
    crate::server::web::cookies::remember_locale(&access, locale);
    Ok(())
}

#[server(prefix = "/api", endpoint = "preferences")]
pub async fn update_preferences(
    display_name: String,
    locale: String,
    time_zone: String,
) -> Result<(), AppError> {
    use crate::error::Validation;
    use crate::i18n::Key;
    use crate::model::{DisplayName, Locale, TimeZoneName};
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::OwnAccount).await?;
    let session = access.signed_in()?;
    let mut form = Validation::new();
    let name = form.check("display_name", DisplayName::parse(&display_name));
    let locale = form.check(
        "locale",
        Locale::parse(&locale).ok_or(Key::ErrLocaleInvalid),
    );
    let time_zone = form.check("time_zone", TimeZoneName::parse(&time_zone));
    let ((name, locale), time_zone) = form.finish(name.zip(locale).zip(time_zone))?;
    crate::server::store::users::update_preferences(
        &access.state.db,
        session.user.id,
        name.as_str(),
        locale.tag(),
        time_zone.as_str(),
    )
    .await?;
    crate::server::web::cookies::remember_locale(&access, locale);
    crate::server::web::forms::landing("/settings");
    crate::server::web::forms::notice(Key::Saved);
    Ok(())
}

#[server(prefix = "/api", endpoint = "password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use crate::i18n::Key;
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::OwnAccount).await?;
    let first = access.signed_in()?.user.must_change_password;
    crate::server::accounts::password::change_password(
        &access,
        &current_password,
        &new_password,
        &confirm_password,
    )
    .await?;
    // A one-time password replaced: on to the app itself.
    crate::server::web::forms::landing(if first { "/" } else { "/settings" });
    crate::server::web::forms::notice(Key::PasswordChanged);
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

/// What an unsubscribe link would turn off, for its page; `None` for a link
/// that is unknown or too old. Needs no sign-in: the link's secret is the key.
#[server(prefix = "/api", endpoint = "unsubscribe_status")]
pub async fn unsubscribe_status(
    token: String,
) -> Result<Option<crate::views::UnsubscribeView>, AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::Public).await?;
    let Some((user, email, kind)) =
        crate::server::mail::unsubscribe::owner(&access.state, &token).await?
    else {
        return Ok(None);
    };
    let choices = crate::server::store::mail_choices::get(&access.state.db, user).await?;
    Ok(Some(crate::views::UnsubscribeView {
        email,
        kind,
        off: !choices.receives(kind),
    }))
}

/// Saves which emails the signed-in person receives, and their digest's day.
#[server(prefix = "/api", endpoint = "mail_choices")]
pub async fn save_mail_choices(
    #[server(default)] reminders: Option<String>,
    #[server(default)] assignments: Option<String>,
    #[server(default)] reviews: Option<String>,
    #[server(default)] digest: Option<String>,
    #[server(default)] alerts: Option<String>,
    #[server(default)] digest_weekday: String,
) -> Result<(), AppError> {
    use crate::i18n::Key;
    use crate::model::mail::MailChoices;
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::OwnAccount).await?;
    let session = access.signed_in()?;
    let digest_weekday = digest_weekday
        .trim()
        .parse::<u8>()
        .ok()
        .filter(|d| (1..=7).contains(d))
        .ok_or_else(|| AppError::invalid("digest_weekday", Key::ErrWeekdayInvalid))?;
    // A checkbox that is not ticked is not posted at all.
    let on = |field: Option<String>| field.is_some_and(|v| !v.is_empty());
    let choices = MailChoices {
        reminders: on(reminders),
        assignments: on(assignments),
        reviews: on(reviews),
        digest: on(digest),
        alerts: on(alerts),
        digest_weekday,
    };
    crate::server::store::mail_choices::set(&access.state.db, session.user.id, &choices).await?;
    crate::server::web::forms::landing("/settings");
    crate::server::web::forms::notice(Key::Saved);
    Ok(())
}

/// The signed-in person's email choices, for the settings page.
#[server(prefix = "/api", endpoint = "my_mail_choices")]
pub async fn my_mail_choices() -> Result<crate::model::mail::MailChoices, AppError> {
    use crate::server::authz::{authorize, Touches};
    let access = authorize(Touches::OwnAccount).await?;
    let session = access.signed_in()?;
    Ok(crate::server::store::mail_choices::get(&access.state.db, session.user.id).await?)
}
