//! Changing one's own password. The current password is checked under the same
//! throttle as logins: a stolen session must not become a way to guess it.

use crate::error::{AppError, Validation};
use crate::i18n::Key;
use crate::model::NewPassword;
use crate::server::accounts::attempts;
use crate::server::authz::Access;
use crate::server::store::{credentials, users};
use crate::server::web::cookies;
use chrono::Utc;

pub async fn change_password(
    access: &Access,
    current: &str,
    new: &str,
    confirm: &str,
) -> Result<(), AppError> {
    let session = access.signed_in()?;
    let db = &access.state.db;
    let device = cookies::device(access);
    let attempt = attempts::reserve(
        db,
        &session.user.email,
        &access.client_addr,
        device,
        Utc::now(),
    )
    .await?;
    let stored = users::password_hash(db, session.user.id).await?;
    let current_ok = match access.state.passwords.verify(current, stored).await {
        Ok(ok) => ok,
        Err(busy) => {
            attempt.abandoned(db).await?;
            return Err(busy);
        }
    };
    let mut form = Validation::new();
    if current_ok {
        attempt.succeeded(db).await?;
    } else {
        form.fail("current_password", Key::ErrCurrentPasswordWrong);
    }
    let new = form.check("new_password", NewPassword::parse(new));
    if new.as_ref().is_some_and(|p| p.expose() != confirm) {
        form.fail("confirm_password", Key::ErrPasswordMismatch);
    }
    let new = form.finish(new)?;
    let hash = access.state.passwords.hash(new.expose()).await?;
    // A stolen session or feed URL must not survive the change: every other
    // session ends with it, and the calendar feed (a new one is a click away).
    let mut tx = db.begin().await?;
    // A password of one's own: a one-time password given by an admin is gone.
    users::set_password(&mut tx, session.user.id, &hash, false).await?;
    credentials::end_all_but(&mut tx, session.user.id, &session.token_hash).await?;
    tx.commit().await?;
    tracing::info!(user_id = %session.user.id, "password changed");
    Ok(())
}
