//! Accounts and tenancy: roles, and the values a person types about themselves.
//! Each value type is built only through `parse`, so an invalid one cannot exist.

use crate::i18n::Key;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Staff of one partner company.
    Member,
    /// The vendor's Partner Development Manager, assigned to many partners.
    Pdm,
    /// Runs the installation.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Pdm => "pdm",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "member" => Some(Role::Member),
            "pdm" => Some(Role::Pdm),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    /// The role as stored: an unknown value is an error, never a silent default.
    pub fn from_stored(s: &str) -> Result<Role, UnknownRole> {
        Role::parse(s).ok_or_else(|| UnknownRole(s.to_string()))
    }

    pub fn label(self) -> Key {
        match self {
            Role::Member => Key::RoleMember,
            Role::Pdm => Key::RolePdm,
            Role::Admin => Key::RoleAdmin,
        }
    }
}

/// A stored role this version does not know.
#[derive(Debug, PartialEq, Eq)]
pub struct UnknownRole(pub String);

impl std::fmt::Display for UnknownRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown role {:?}", self.0)
    }
}

impl std::error::Error for UnknownRole {}

impl TryFrom<String> for Role {
    type Error = UnknownRole;
    fn try_from(s: String) -> Result<Role, UnknownRole> {
        Role::from_stored(&s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    /// The longest address there is (RFC 5321's path limit).
    pub const MAX_LEN: usize = 254;

    /// Accepts `local@domain.tld` with no spaces, stored lower-case so that
    /// logins and uniqueness ignore case.
    pub fn parse(raw: &str) -> Result<Email, Key> {
        let email = raw.trim().to_lowercase();
        let valid = email.len() <= Self::MAX_LEN
            && !email.chars().any(char::is_whitespace)
            && email.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            });
        if valid {
            Ok(Email(email))
        } else {
            Err(Key::ErrEmailInvalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Trims and bounds a free-text name by characters (not bytes: names are often Chinese).
fn bounded_text(raw: &str, max_chars: usize, empty: Key, too_long: Key) -> Result<String, Key> {
    let text = raw.trim();
    if text.is_empty() {
        Err(empty)
    } else if text.chars().count() > max_chars {
        Err(too_long)
    } else {
        Ok(text.to_string())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(raw: &str) -> Result<DisplayName, Key> {
        bounded_text(
            raw,
            Self::MAX_CHARS,
            Key::ErrNameRequired,
            Key::ErrNameTooLong,
        )
        .map(DisplayName)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerName(String);

impl PartnerName {
    pub const MAX_CHARS: usize = 120;

    pub fn parse(raw: &str) -> Result<PartnerName, Key> {
        bounded_text(
            raw,
            Self::MAX_CHARS,
            Key::ErrNameRequired,
            Key::ErrNameTooLong,
        )
        .map(PartnerName)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password someone is choosing. Long passphrases beat composition rules
/// (NIST SP 800-63B), so the only rules are length.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(raw: &str) -> Result<NewPassword, Key> {
        let n = raw.chars().count();
        if n < Self::MIN_CHARS {
            Err(Key::ErrPasswordTooShort)
        } else if n > Self::MAX_CHARS {
            Err(Key::ErrPasswordTooLong)
        } else {
            Ok(NewPassword(raw.to_string()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// An IANA time zone name such as `Asia/Taipei`. Checked against the tz database
/// on the server, the only side that carries it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeZoneName(String);

impl TimeZoneName {
    #[cfg(feature = "ssr")]
    pub fn parse(raw: &str) -> Result<TimeZoneName, Key> {
        raw.trim()
            .parse::<chrono_tz::Tz>()
            .map(|tz| TimeZoneName(tz.name().to_string()))
            .map_err(|_| Key::ErrTimeZoneInvalid)
    }

    #[cfg(feature = "ssr")]
    pub fn all() -> impl Iterator<Item = &'static str> {
        chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether a zone name matches what someone typed to find it: any part of
    /// the name, ignoring case, with spaces standing for the underscores of
    /// names such as `America/New_York`.
    pub fn matches(zone: &str, query: &str) -> bool {
        let query = query.trim();
        // Zone names are ASCII: ASCII case folding is enough, and it keeps the
        // Unicode case tables out of the browser's download.
        query.is_empty() || {
            let query = query.to_ascii_lowercase().replace(' ', "_");
            zone.to_ascii_lowercase().contains(&query)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn emails() {
        assert_eq!(
            Email::parse("  Amy@Example.COM ").unwrap().as_str(),
            "amy@example.com"
        );
        for bad in [
            "",
            "amy",
            "amy@",
            "@example.com",
            "amy@example",
            "a b@example.com",
            "a@b@c.com",
            "amy@.com",
            "amy@example.",
        ] {
            assert_eq!(Email::parse(bad), Err(Key::ErrEmailInvalid), "{bad}");
        }
    }

    #[test]
    fn names_count_characters_not_bytes() {
        let chinese = "台".repeat(DisplayName::MAX_CHARS);
        assert!(DisplayName::parse(&chinese).is_ok());
        assert_eq!(
            DisplayName::parse(&format!("{chinese}台")),
            Err(Key::ErrNameTooLong)
        );
        assert_eq!(DisplayName::parse("   "), Err(Key::ErrNameRequired));
        assert_eq!(PartnerName::parse(" Acme ").unwrap().as_str(), "Acme");
    }

    #[test]
    fn passwords_are_bounded_by_length() {
        assert_eq!(NewPassword::parse("short"), Err(Key::ErrPasswordTooShort));
        assert!(NewPassword::parse("ten chars!").is_ok());
        assert_eq!(
            NewPassword::parse(&"x".repeat(129)),
            Err(Key::ErrPasswordTooLong)
        );
        assert_eq!(
            format!("{:?}", NewPassword::parse("secret-secret").unwrap()),
            "NewPassword(***)"
        );
    }

    #[test]
    fn roles_round_trip() {
        for role in [Role::Member, Role::Pdm, Role::Admin] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("owner"), None);
        assert_eq!(
            Role::try_from("owner".to_string()),
            Err(UnknownRole("owner".into()))
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn time_zones() {
        assert_eq!(
            TimeZoneName::parse("Asia/Taipei").unwrap().as_str(),
            "Asia/Taipei"
        );
        assert_eq!(
            TimeZoneName::parse("Mars/Base"),
            Err(Key::ErrTimeZoneInvalid)
        );
    }

    #[test]
    fn time_zone_search() {
        assert!(TimeZoneName::matches("Asia/Taipei", "taip"));
        assert!(TimeZoneName::matches("America/New_York", "new york"));
        assert!(TimeZoneName::matches("America/New_York", " NEW_Y "));
        assert!(TimeZoneName::matches("Europe/Berlin", ""));
        assert!(!TimeZoneName::matches("Europe/Berlin", "taip"));
    }

    proptest! {
        #[test]
        fn parsed_emails_are_normalised(local in "[a-zA-Z0-9._%+-]{1,20}", domain in "[a-z0-9-]{1,20}", tld in "[a-z]{2,6}") {
            let email = Email::parse(&format!("{local}@{domain}.{tld}")).unwrap();
            prop_assert_eq!(email.as_str(), email.as_str().to_lowercase());
            prop_assert_eq!(Email::parse(email.as_str()).unwrap(), email.clone());
        }
    }
}
