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

/// Seals `text` so that only the holder of `token` can read it: encrypted and
/// authenticated with a key derived from the token, which the database never
/// sees (it keeps [`token_hash`], a different digest). A flash is kept this
/// way, so that a secret it carries (a one-time password, a new feed's
/// address) is not readable from the database or a backup of it.
pub fn seal(token: &str, text: &str) -> String {
    use chacha20poly1305::aead::Aead;
    let mut nonce = [0u8; 12];
    OsRng.fill_bytes(&mut nonce);
    let sealed = sealing_key(token)
        .encrypt(&nonce.into(), text.as_bytes())
        .expect("ChaCha20-Poly1305 encrypts any text under 256 GB");
    format!("{SEALED_PREFIX}{}{}", hex(&nonce), hex(&sealed))
}

/// What [`seal`] sealed with `token`; `None` for another token, a changed
/// byte, or anything that was not sealed.
pub fn unseal(token: &str, sealed: &str) -> Option<String> {
    use chacha20poly1305::aead::Aead;
    let bytes = unhex(sealed.strip_prefix(SEALED_PREFIX)?)?;
    let (nonce, sealed) = bytes.split_at_checked(12)?;
    let nonce: [u8; 12] = nonce.try_into().ok()?;
    let text = sealing_key(token).decrypt(&nonce.into(), sealed).ok()?;
    String::from_utf8(text).ok()
}

/// Marks a sealed text (and its format, should it ever change).
const SEALED_PREFIX: &str = "sealed1:";

fn sealing_key(token: &str) -> chacha20poly1305::ChaCha20Poly1305 {
    use chacha20poly1305::KeyInit;
    // Domain-separated from `token_hash`, which is stored beside the text.
    let key = Sha256::new()
        .chain_update(b"partner-map sealing key\0")
        .chain_update(token.as_bytes())
        .finalize();
    chacha20poly1305::ChaCha20Poly1305::new(&key)
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
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
    fn a_sealed_text_opens_only_with_its_token() {
        let token = new_session_token();
        let sealed = seal(&token, "one_time_password=Secret 123");
        assert!(!sealed.contains("Secret"), "{sealed}");
        assert_eq!(
            unseal(&token, &sealed).as_deref(),
            Some("one_time_password=Secret 123")
        );
        // Nor with the token's stored hash, another token, or a plain text.
        assert_eq!(unseal(&token_hash(&token), &sealed), None);
        assert_eq!(unseal(&new_session_token(), &sealed), None);
        assert_eq!(unseal(&token, "{\"values\":[]}"), None);
        // Each sealing differs (a fresh nonce), so equal texts do not show.
        assert_ne!(seal(&token, "a"), seal(&token, "a"));
    }

    proptest::proptest! {
        #[test]
        fn any_text_round_trips_and_any_changed_byte_is_refused(
            text in ".{0,200}",
            flip in 0usize..1000,
            bit in 0u8..8,
        ) {
            let token = new_session_token();
            let sealed = seal(&token, &text);
            proptest::prop_assert_eq!(unseal(&token, &sealed), Some(text));
            let mut bytes = unhex(&sealed[SEALED_PREFIX.len()..]).unwrap();
            let i = flip % bytes.len();
            bytes[i] ^= 1 << bit;
            let changed = format!("{SEALED_PREFIX}{}", hex(&bytes));
            proptest::prop_assert_eq!(unseal(&token, &changed), None);
        }
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
