//! Money: integer minor units with an ISO 4217 currency. Never floating point.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An ISO 4217 currency code that partner-map knows how to format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Currency {
    Usd,
    Twd,
    Eur,
    Jpy,
    Gbp,
    Sgd,
    Hkd,
    Cny,
    Aud,
    Krw,
}

impl Currency {
    pub const ALL: [Currency; 10] = [
        Currency::Usd,
        Currency::Twd,
        Currency::Eur,
        Currency::Jpy,
        Currency::Gbp,
        Currency::Sgd,
        Currency::Hkd,
        Currency::Cny,
        Currency::Aud,
        Currency::Krw,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Currency::Usd => "USD",
            Currency::Twd => "TWD",
            Currency::Eur => "EUR",
            Currency::Jpy => "JPY",
            Currency::Gbp => "GBP",
            Currency::Sgd => "SGD",
            Currency::Hkd => "HKD",
            Currency::Cny => "CNY",
            Currency::Aud => "AUD",
            Currency::Krw => "KRW",
        }
    }

    /// Digits after the decimal point of one major unit, per ISO 4217.
    pub fn minor_digits(self) -> u32 {
        match self {
            Currency::Jpy | Currency::Krw => 0,
            _ => 2,
        }
    }

    pub fn parse(code: &str) -> Option<Currency> {
        let code = code.trim().to_ascii_uppercase();
        Currency::ALL.into_iter().find(|c| c.code() == code)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub minor_units: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(minor_units: i64, currency: Currency) -> Money {
        Money {
            minor_units,
            currency,
        }
    }

    /// Formats with grouping and the currency code, e.g. `USD 1,234.50`.
    /// en and zh-TW group digits the same way, so the locale does not change it.
    pub fn display(&self) -> String {
        let digits = self.currency.minor_digits();
        let scale = 10_i64.pow(digits) as u64;
        let abs = self.minor_units.unsigned_abs();
        let (major, minor) = (abs / scale, abs % scale);
        let grouped = group_thousands(major);
        let sign = if self.minor_units < 0 { "-" } else { "" };
        if digits == 0 {
            format!("{sign}{} {grouped}", self.currency.code())
        } else {
            format!(
                "{sign}{} {grouped}.{minor:0width$}",
                self.currency.code(),
                width = digits as usize
            )
        }
    }
}

fn group_thousands(n: u64) -> String {
    let raw = n.to_string();
    let mut out = String::with_capacity(raw.len() + raw.len() / 3);
    for (i, ch) in raw.chars().enumerate() {
        if i > 0 && (raw.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formats_minor_units() {
        assert_eq!(Money::new(123_450, Currency::Usd).display(), "USD 1,234.50");
        assert_eq!(Money::new(5, Currency::Usd).display(), "USD 0.05");
        assert_eq!(
            Money::new(-100_000_000, Currency::Twd).display(),
            "-TWD 1,000,000.00"
        );
        assert_eq!(Money::new(1_000, Currency::Jpy).display(), "JPY 1,000");
    }

    #[test]
    fn parses_codes() {
        assert_eq!(Currency::parse("twd"), Some(Currency::Twd));
        assert_eq!(Currency::parse("XXX"), None);
    }

    proptest! {
        #[test]
        fn display_keeps_every_digit(units in -1_000_000_000_000_i64..1_000_000_000_000) {
            let shown = Money::new(units, Currency::Usd).display();
            let digits: String = shown.chars().filter(|c| c.is_ascii_digit()).collect();
            prop_assert_eq!(digits.parse::<i64>().unwrap(), units.abs());
            prop_assert_eq!(shown.starts_with('-'), units < 0);
        }
    }
}
