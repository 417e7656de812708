//! The JSON API's tokens: what one may do (its scopes), how long it lives,
//! what its secret looks like, and the per-token rate window. Pure rules; the
//! server keeps tokens in `store::api_tokens` and checks them in `authz`.

use crate::i18n::Key;
use crate::model::Role;

choices! {
    /// What a token may do; every endpoint names the one it needs.
    Scope {
        DealsRead => "deals:read", ScopeDealsRead;
        DealsWrite => "deals:write", ScopeDealsWrite;
        GoalsRead => "goals:read", ScopeGoalsRead;
        ProgressRead => "progress:read", ScopeProgressRead;
        TasksRead => "tasks:read", ScopeTasksRead;
        TasksWrite => "tasks:write", ScopeTasksWrite;
    }
}

choices! {
    /// How long a new token lives.
    Lifetime {
        Days30 => "30", TokenLifetime30;
        Days90 => "90", TokenLifetime90;
        Days365 => "365", TokenLifetime365;
        Never => "never", TokenLifetimeNever;
    }
}

impl Scope {
    /// The checkbox a form posts it as: `deals_read`.
    pub fn form_field(self) -> &'static str {
        match self {
            Scope::DealsRead => "deals_read",
            Scope::DealsWrite => "deals_write",
            Scope::GoalsRead => "goals_read",
            Scope::ProgressRead => "progress_read",
            Scope::TasksRead => "tasks_read",
            Scope::TasksWrite => "tasks_write",
        }
    }
}

impl Lifetime {
    /// Days until it expires; `None`: it does not.
    pub fn days(self) -> Option<i64> {
        match self {
            Lifetime::Days30 => Some(30),
            Lifetime::Days90 => Some(90),
            Lifetime::Days365 => Some(365),
            Lifetime::Never => None,
        }
    }

    /// From the command line's `--expires-days`: one of the offered lifetimes.
    pub fn from_days(days: Option<i64>) -> Option<Lifetime> {
        Lifetime::ALL.iter().copied().find(|l| l.days() == days)
    }

    /// A token that never expires is an installation's own automation: only
    /// admins make one. Everyone else's tokens end within a year.
    pub fn allowed_for(self, role: Role) -> bool {
        self != Lifetime::Never || role == Role::Admin
    }
}

/// Every secret starts with this, so that secret scanners (GitHub's, a
/// pre-commit hook) can recognise one that leaked.
pub const SECRET_PREFIX: &str = "pm_";
/// How many characters of a secret the list shows, prefix included.
pub const SHOWN_PREFIX_CHARS: usize = 10;
pub const NAME_MAX: usize = 80;

/// Whether `text` could be a secret at all: the prefix and 64 hex digits.
/// Anything else is refused before the database is asked.
pub fn looks_like_secret(text: &str) -> bool {
    text.strip_prefix(SECRET_PREFIX)
        .is_some_and(|rest| rest.len() == 64 && rest.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A token's name as typed: one line, required, at most [`NAME_MAX`] characters.
pub fn parse_name(text: &str) -> Result<String, Key> {
    let name = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match name.chars().count() {
        0 => Err(Key::ErrTokenNameRequired),
        n if n > NAME_MAX => Err(Key::ErrTextTooLong),
        _ => Ok(name),
    }
}

/// Scopes as chosen (each once, in the order of [`Scope::ALL`]); at least one.
pub fn parse_scopes<'a>(chosen: impl IntoIterator<Item = &'a str>) -> Result<Vec<Scope>, Key> {
    let mut scopes = Vec::new();
    for text in chosen {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let scope = Scope::parse(text).ok_or(Key::ErrTokenScopeUnknown)?;
        if !scopes.contains(&scope) {
            scopes.push(scope);
        }
    }
    if scopes.is_empty() {
        return Err(Key::ErrTokenScopesRequired);
    }
    scopes.sort();
    Ok(scopes)
}

/// As stored: `deals:read,progress:read`.
pub fn stored_scopes(scopes: &[Scope]) -> String {
    scopes
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// What [`stored_scopes`] wrote (anything unknown is dropped: a scope that
/// no longer exists grants nothing).
pub fn read_stored_scopes(stored: &str) -> Vec<Scope> {
    stored.split(',').filter_map(Scope::parse).collect()
}

/// An `Idempotency-Key` header's value: printable ASCII, 1 to 255 characters
/// (Stripe's rule, which clients already follow).
pub fn idempotency_key_ok(key: &str) -> bool {
    (1..=255).contains(&key.len()) && key.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// One token's requests in the current window: a fixed window of
/// `window_ms`, at most `limit` requests in it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RateWindow {
    started_ms: i64,
    used: u32,
}

impl RateWindow {
    /// Counts a request at `now_ms`; refused, the whole seconds until the
    /// window ends (at least 1), for `Retry-After`.
    pub fn admit(&mut self, now_ms: i64, limit: u32, window_ms: i64) -> Result<(), u64> {
        if self.used == 0 || now_ms < self.started_ms || now_ms - self.started_ms >= window_ms {
            *self = RateWindow {
                started_ms: now_ms,
                used: 0,
            };
        }
        if self.used >= limit {
            let left_ms = self.started_ms + window_ms - now_ms;
            return Err(u64::try_from((left_ms + 999) / 1000).unwrap_or(1).max(1));
        }
        self.used += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn scopes_are_read_once_each_in_order() {
        assert_eq!(
            parse_scopes(["progress:read", " deals:write", "progress:read"]),
            Ok(vec![Scope::DealsWrite, Scope::ProgressRead])
        );
        assert_eq!(parse_scopes(["", " "]), Err(Key::ErrTokenScopesRequired));
        assert_eq!(
            parse_scopes(["deals:read", "deals:admin"]),
            Err(Key::ErrTokenScopeUnknown)
        );
        assert_eq!(
            read_stored_scopes("deals:read,gone:scope,tasks:write"),
            vec![Scope::DealsRead, Scope::TasksWrite]
        );
    }

    #[test]
    fn only_admins_make_tokens_that_never_expire() {
        assert!(Lifetime::Never.allowed_for(Role::Admin));
        assert!(!Lifetime::Never.allowed_for(Role::Pdm));
        assert!(!Lifetime::Never.allowed_for(Role::Member));
        assert!(Lifetime::Days365.allowed_for(Role::Member));
        assert_eq!(Lifetime::from_days(Some(90)), Some(Lifetime::Days90));
        assert_eq!(Lifetime::from_days(Some(7)), None);
        assert_eq!(Lifetime::from_days(None), Some(Lifetime::Never));
    }

    #[test]
    fn secrets_have_one_shape() {
        let good = format!("pm_{}", "a1".repeat(32));
        assert!(looks_like_secret(&good));
        assert!(!looks_like_secret(&good[..good.len() - 1]));
        assert!(!looks_like_secret(&good.replace("pm_", "pk_")));
        assert!(!looks_like_secret(&format!("pm_{}", "zz".repeat(32))));
    }

    #[test]
    fn names_are_one_bounded_line() {
        assert_eq!(
            parse_name("  HubSpot\n nightly "),
            Ok("HubSpot nightly".into())
        );
        assert_eq!(parse_name(" \t"), Err(Key::ErrTokenNameRequired));
        assert_eq!(parse_name(&"名".repeat(81)), Err(Key::ErrTextTooLong));
        assert!(parse_name(&"名".repeat(80)).is_ok());
    }

    #[test]
    fn idempotency_keys_are_short_printable_ascii() {
        assert!(idempotency_key_ok("nightly-2026-12-06"));
        assert!(!idempotency_key_ok(""));
        assert!(!idempotency_key_ok(&"k".repeat(256)));
        assert!(!idempotency_key_ok("line\nbreak"));
        assert!(!idempotency_key_ok("金"));
    }

    #[test]
    fn a_window_admits_its_limit_then_says_when_to_return() {
        let mut w = RateWindow::default();
        for i in 0..3 {
            assert_eq!(w.admit(1_000 + i, 3, 60_000), Ok(()));
        }
        assert_eq!(w.admit(1_500, 3, 60_000), Err(60));
        assert_eq!(w.admit(60_500, 3, 60_000), Err(1));
        // The next window starts afresh.
        assert_eq!(w.admit(61_000, 3, 60_000), Ok(()));
    }

    proptest! {
        #[test]
        fn stored_scopes_read_back(picks in proptest::collection::vec(0usize..6, 1..12)) {
            let texts: Vec<&str> = picks.iter().map(|i| Scope::ALL[*i].as_str()).collect();
            let scopes = parse_scopes(texts).unwrap();
            prop_assert_eq!(read_stored_scopes(&stored_scopes(&scopes)), scopes);
        }

        #[test]
        fn a_window_never_admits_more_than_its_limit(
            steps in proptest::collection::vec(0i64..5_000, 1..400),
            limit in 1u32..50,
        ) {
            let mut w = RateWindow::default();
            let mut now = 0i64;
            let mut admitted: Vec<i64> = Vec::new();
            for step in steps {
                now += step;
                match w.admit(now, limit, 60_000) {
                    Ok(()) => admitted.push(now),
                    Err(retry) => prop_assert!((1..=60).contains(&retry)),
                }
            }
            // Within any window that started at an admitted request, at most `limit`.
            for (i, start) in admitted.iter().enumerate() {
                let within = admitted[i..].iter().take_while(|t| **t - start < 60_000).count();
                prop_assert!(within <= limit as usize * 2);
            }
        }
    }
}
