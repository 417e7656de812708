//! Money: integer minor units with an ISO 4217 currency. Never floating point.

use crate::i18n::Key;
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

/// A stored currency code that partner-map does not know.
#[derive(Debug)]
pub struct UnknownCurrency(String);

impl fmt::Display for UnknownCurrency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown currency {:?}", self.0)
    }
}

impl std::error::Error for UnknownCurrency {}

/// As stored: a partner's currency column is read straight into a `Currency`,
/// so nothing downstream formats money in a currency it does not know.
impl TryFrom<String> for Currency {
    type Error = UnknownCurrency;
    fn try_from(code: String) -> Result<Currency, UnknownCurrency> {
        Currency::parse(&code).ok_or(UnknownCurrency(code))
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

/// Why an amount typed or imported as text was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AmountError {
    Empty,
    Invalid,
    Negative,
    /// More digits after the decimal point than the currency has.
    TooManyDecimals,
    /// Written in another currency than the partner's (`NT$` for a USD partner).
    OtherCurrency,
}

impl AmountError {
    pub fn message(self) -> Key {
        match self {
            AmountError::Empty | AmountError::Invalid => Key::ErrMoneyInvalid,
            AmountError::Negative => Key::ErrMoneyNegative,
            AmountError::TooManyDecimals => Key::ErrMoneyDecimals,
            AmountError::OtherCurrency => Key::ErrMoneyCurrency,
        }
    }
}

/// Currency markers as people and spreadsheets write them, longest first so
/// that `US$` is not read as `$`. `None`: the marker fits several currencies.
const MARKERS: &[(&str, Option<Currency>)] = &[
    ("US$", Some(Currency::Usd)),
    ("NT$", Some(Currency::Twd)),
    ("HK$", Some(Currency::Hkd)),
    ("S$", Some(Currency::Sgd)),
    ("A$", Some(Currency::Aud)),
    ("€", Some(Currency::Eur)),
    ("£", Some(Currency::Gbp)),
    ("₩", Some(Currency::Krw)),
    ("¥", None),
    ("$", None),
];

impl Currency {
    /// Whether an ambiguous marker (`$`, `¥`) can mean this currency.
    fn writes_as(self, marker: &str) -> bool {
        match marker {
            "$" => matches!(
                self,
                Currency::Usd | Currency::Twd | Currency::Hkd | Currency::Sgd | Currency::Aud
            ),
            "¥" => matches!(self, Currency::Jpy | Currency::Cny),
            _ => false,
        }
    }
}

/// Reads an amount of `currency` written as text, into minor units: `1250`,
/// `1,250.50`, `$1,250.50`, `US$1,250.50`, `NT$30,000`, `1.250,50`,
/// `1250 USD`. With one kind of separator, a comma or point followed by exactly
/// three digits groups thousands and anything else is the decimal point; with
/// both, the last one is the decimal point.
pub fn parse_amount(text: &str, currency: Currency) -> Result<i64, AmountError> {
    let mut rest = text.trim().to_string();
    if rest.is_empty() {
        return Err(AmountError::Empty);
    }
    let mut negative = false;
    if rest.starts_with('(') && rest.ends_with(')') {
        negative = true;
        rest = rest[1..rest.len() - 1].trim().to_string();
    }
    if let Some(r) = rest.strip_prefix('-').or_else(|| rest.strip_suffix('-')) {
        negative = true;
        rest = r.trim().to_string();
    }
    // A code or marker, before or after the number.
    let upper = rest.to_uppercase();
    let code = Currency::ALL
        .into_iter()
        .map(Currency::code)
        .find(|code| upper.starts_with(code) || upper.ends_with(code));
    if let Some(code) = code {
        if code != currency.code() {
            return Err(AmountError::OtherCurrency);
        }
        rest = if upper.starts_with(code) {
            rest[code.len()..].to_string()
        } else {
            rest[..rest.len() - code.len()].to_string()
        };
        rest = rest.trim().to_string();
    }
    for (marker, meaning) in MARKERS {
        let stripped = rest
            .strip_prefix(marker)
            .or_else(|| rest.strip_suffix(marker))
            .map(|r| r.trim().to_string());
        if let Some(stripped) = stripped {
            let fits = match meaning {
                Some(c) => *c == currency,
                None => currency.writes_as(marker),
            };
            if !fits {
                return Err(AmountError::OtherCurrency);
            }
            rest = stripped;
            break;
        }
    }
    if let Some(r) = rest.strip_prefix('-') {
        negative = true;
        rest = r.trim().to_string();
    }
    let digits: String = rest
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\''))
        .collect();
    let (whole, fraction) = split_decimal(&digits).ok_or(AmountError::Invalid)?;
    if whole.is_empty() && fraction.is_empty() {
        return Err(AmountError::Invalid);
    }
    let places = currency.minor_digits() as usize;
    let (kept, dropped) = fraction.split_at(fraction.len().min(places));
    if dropped.chars().any(|c| c != '0') {
        return Err(AmountError::TooManyDecimals);
    }
    let scale = 10_i64.pow(places as u32);
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| AmountError::Invalid)?
    };
    let kept: i64 = if kept.is_empty() {
        0
    } else {
        format!("{kept:0<places$}")
            .parse()
            .map_err(|_| AmountError::Invalid)?
    };
    let units = whole
        .checked_mul(scale)
        .and_then(|w| w.checked_add(kept))
        .ok_or(AmountError::Invalid)?;
    if negative && units != 0 {
        return Err(AmountError::Negative);
    }
    Ok(units)
}

/// The whole and fractional digits of a number with grouping separators.
fn split_decimal(s: &str) -> Option<(String, String)> {
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return None;
    }
    let decimal = match (s.rfind(','), s.rfind('.')) {
        (Some(c), Some(p)) => Some(c.max(p)),
        (Some(i), None) | (None, Some(i)) => {
            let sep = s.as_bytes()[i];
            let repeated = s.bytes().filter(|b| *b == sep).count() > 1;
            let three_after = s.len() - i - 1 == 3;
            (!repeated && !three_after).then_some(i)
        }
        (None, None) => None,
    };
    let (whole, fraction) = match decimal {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s, ""),
    };
    if fraction.contains([',', '.']) {
        return None;
    }
    // Grouping separators sit between groups of three digits.
    let groups: Vec<&str> = whole.split([',', '.']).collect();
    let grouped_well = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    grouped_well.then(|| (groups.concat(), fraction.to_string()))
}

/// An amount in minor units as plain decimal major units, `1250.50`: what an
/// input field is filled with and what an export writes.
pub fn plain_amount(minor_units: i64, currency: Currency) -> String {
    let places = currency.minor_digits();
    if places == 0 {
        return minor_units.to_string();
    }
    let scale = 10_i64.pow(places) as u64;
    let abs = minor_units.unsigned_abs();
    let sign = if minor_units < 0 { "-" } else { "" };
    format!(
        "{sign}{}.{:0width$}",
        abs / scale,
        abs % scale,
        width = places as usize
    )
}

pub fn group_thousands(n: u64) -> String {
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

    #[test]
    fn reads_amounts_as_exports_write_them() {
        let usd = |t| parse_amount(t, Currency::Usd);
        assert_eq!(usd("1250"), Ok(125_000));
        assert_eq!(usd("1,250.50"), Ok(125_050));
        assert_eq!(usd("$1,250.50"), Ok(125_050));
        assert_eq!(usd("US$1,250.50"), Ok(125_050));
        assert_eq!(usd("1250.5"), Ok(125_050));
        assert_eq!(usd("USD 99"), Ok(9_900));
        assert_eq!(usd("99 usd"), Ok(9_900));
        assert_eq!(usd(" 0 "), Ok(0));
        assert_eq!(usd(".5"), Ok(50));
        assert_eq!(parse_amount("NT$30,000", Currency::Twd), Ok(3_000_000));
        assert_eq!(parse_amount("1.250,50", Currency::Eur), Ok(125_050));
        assert_eq!(parse_amount("€1.250.000", Currency::Eur), Ok(125_000_000));
        assert_eq!(parse_amount("12,5", Currency::Eur), Ok(1_250));
        assert_eq!(parse_amount("¥3,000", Currency::Jpy), Ok(3_000));
        assert_eq!(parse_amount("3000.00", Currency::Jpy), Ok(3_000));
    }

    #[test]
    fn refuses_what_cannot_be_an_amount() {
        let usd = |t| parse_amount(t, Currency::Usd);
        assert_eq!(usd(""), Err(AmountError::Empty));
        assert_eq!(usd("abc"), Err(AmountError::Invalid));
        assert_eq!(usd("1,25,0"), Err(AmountError::Invalid));
        assert_eq!(usd("1.2.3,4.5"), Err(AmountError::Invalid));
        assert_eq!(usd("-5"), Err(AmountError::Negative));
        assert_eq!(usd("-$5.00"), Err(AmountError::Negative));
        assert_eq!(usd("$-5.00"), Err(AmountError::Negative));
        assert_eq!(usd("(5.00)"), Err(AmountError::Negative));
        assert_eq!(usd("1.505"), Ok(150_500)); // three digits after a lone point group thousands
        assert_eq!(usd("1.5051"), Err(AmountError::TooManyDecimals));
        assert_eq!(usd("NT$30,000"), Err(AmountError::OtherCurrency));
        assert_eq!(usd("30000 TWD"), Err(AmountError::OtherCurrency));
        assert_eq!(
            parse_amount("1,250.50", Currency::Jpy),
            Err(AmountError::TooManyDecimals)
        );
        assert_eq!(
            parse_amount("$5", Currency::Eur),
            Err(AmountError::OtherCurrency)
        );
        assert_eq!(usd("99999999999999999999"), Err(AmountError::Invalid));
    }

    proptest! {
        #[test]
        fn plain_amounts_read_back(units in 0_i64..1_000_000_000_000, twd in any::<bool>()) {
            let currency = if twd { Currency::Twd } else { Currency::Jpy };
            prop_assert_eq!(parse_amount(&plain_amount(units, currency), currency), Ok(units));
            let shown = Money::new(units, currency).display();
            prop_assert_eq!(parse_amount(&shown, currency), Ok(units));
        }
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
