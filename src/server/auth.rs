//! Session tokens and cookies. Pure functions; passwords are hashed and
//! checked in `server::hashing`.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

pub const SESSION_COOKIE: &str = "pm_session";
pub const LOCALE_COOKIE: &str = "pm_locale";
pub const FLASH_COOKIE: &str = "pm_flash";
/// A browser that signed in before (`server::accounts::attempts`); outlives
/// logouts, as it must to mean anything.
pub const DEVICE_COOKIE: &str = "pm_device";
pub const DEVICE_LIFETIME: Duration = Duration::days(365);
/// A session ends after this long without a request...
pub const IDLE_TIMEOUT: Duration = Duration::hours(12);
/// ...and in any case this long after login.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::days(7);
/// `last_seen_at` is written at most this often, so reads stay reads.
pub const TOUCH_INTERVAL: Duration = Duration::minutes(1);

/// Whether a session last seen at `last_seen_at`, ending at `expires_at`, is
/// still good at `now`.
pub fn session_live(
    expires_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> bool {
    now < expires_at && now < last_seen_at + IDLE_TIMEOUT
}

/// A new session (or flash) token: 256 random bits, hex-encoded for the cookie.
pub fn new_session_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// What the database stores instead of the token, so a leaked table opens no session.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The value of one cookie in a `Cookie` request header.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name).then_some(v.trim())
    })
}

/// A `Set-Cookie` value; `max_age` of zero removes the cookie.
pub fn set_cookie(
    name: &str,
    value: &str,
    max_age: Duration,
    http_only: bool,
    secure: bool,
) -> String {
    let mut cookie = format!(
        "{name}={value}; Path=/; Max-Age={}; SameSite=Lax",
        max_age.num_seconds()
    );
    if http_only {
        cookie.push_str("; HttpOnly");
    }
    if secure {
        cookie.push_str("; Secure");
    }
    cookie
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (a, b) = (new_session_token(), new_session_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_ne!(token_hash(&a), a);
        assert_eq!(token_hash(&a), token_hash(&a));
    }

    #[test]
    fn cookies() {
        assert_eq!(
            cookie_value("a=1; pm_session=abc; b=2", SESSION_COOKIE),
            Some("abc")
        );
        assert_eq!(cookie_value("a=1", SESSION_COOKIE), None);
        let c = set_cookie(SESSION_COOKIE, "x", Duration::days(7), true, true);
        assert_eq!(
            c,
            "pm_session=x; Path=/; Max-Age=604800; SameSite=Lax; HttpOnly; Secure"
        );
    }
}
