//! What lets someone in without typing their password: their sessions and
//! their calendar feed's secret URL. Whatever ends a person's access (a
//! deactivation, a password reset, a password change) ends both, inside the
//! transaction that makes the change, so no path can end one and forget the
//! other.

use crate::model::UserId;
use crate::server::db::Tx;
use crate::server::store::{calendar_feeds, sessions};

/// What an ending ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ended {
    pub sessions: u64,
    pub feeds: u64,
}

/// Ends every session and feed of `user`: a deactivation or a reset.
pub async fn end_all(tx: &mut Tx, user: UserId) -> Result<Ended, sqlx::Error> {
    Ok(Ended {
        sessions: sessions::delete_all_of(&mut *tx, user).await?,
        feeds: calendar_feeds::revoke(&mut *tx, user).await? as u64,
    })
}

/// Ends every feed of `user` and every session but the one with
/// `keep_session_hash`: their own password change, made in that session.
pub async fn end_all_but(
    tx: &mut Tx,
    user: UserId,
    keep_session_hash: &str,
) -> Result<Ended, sqlx::Error> {
    Ok(Ended {
        sessions: sessions::delete_others(&mut *tx, user, keep_session_hash).await?,
        feeds: calendar_feeds::revoke(&mut *tx, user).await? as u64,
    })
}
