//! The forecast from the pipeline: what a partner's open deals are worth,
//! month by month, beside the straight-line pacing of `model::progress`. The
//! one definition; the SQL aggregate in `server::store::forecast` groups the
//! open deals as [`OpenGroup`]s and is tested against [`open_groups`].
//!
//! - Each open deal has a probability: its own when someone set one, else
//!   its pipeline stage's, else [`UNKNOWN_STAGE`] (a deal without a stage).
//! - It counts in its expected close month; a close date already past counts
//!   in the current month (and is overdue); a deal without a close date is
//!   left out (and listed as such).
//! - Three methods, each adding the open deals to what has closed won:
//!   **commit** counts deals at [`COMMIT_FROM`] % and above whole, **weighted**
//!   counts every open deal times its probability, **best case** counts every
//!   open deal whole.
//! - Only the metrics closed-won deals feed have a forecast ([`FORECAST_METRICS`]).
//! - Figures are kept exact, in hundredths of the metric's unit (a deal at
//!   35 % adds 35 hundredths of a deal), and rounded half up only when shown:
//!   counts to one decimal, money to the minor unit.

use crate::i18n::Key;
use crate::model::deal::{month_key, DealKind};
use crate::model::metrics::{Metric, YearMetrics};
use crate::model::Currency;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// From this probability a deal is in the commit line, counted whole.
pub const COMMIT_FROM: u8 = 90;
/// The probability of a stage no one has set, and of a deal without a stage.
pub const UNKNOWN_STAGE: u8 = 10;
/// The longest stage name kept (HubSpot's labels are far shorter).
pub const STAGE_NAME_MAX: usize = 100;

/// HubSpot's default sales pipeline and its probabilities, by the stage's
/// name folded as [`fold`] folds it (which also matches HubSpot's internal
/// names, `contractsent`).
const HUBSPOT_STAGES: [(&str, u8); 7] = [
    ("appointmentscheduled", 20),
    ("qualifiedtobuy", 40),
    ("presentationscheduled", 60),
    ("decisionmakerboughtin", 80),
    ("contractsent", 90),
    ("closedwon", 100),
    ("closedlost", 0),
];

/// A stage name without case, spaces or punctuation, and without the
/// pipeline HubSpot appends with several pipelines ("Contract sent
/// (Renewals)").
fn fold(name: &str) -> String {
    let name = match name.trim_end().strip_suffix(')') {
        Some(rest) => rest
            .rsplit_once('(')
            .map(|(stage, _)| stage)
            .unwrap_or(name),
        None => name,
    };
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The probability a stage first seen gets: HubSpot's default where the name
/// is one of its default pipeline's, else [`UNKNOWN_STAGE`].
pub fn default_probability(stage: &str) -> u8 {
    let folded = fold(stage);
    HUBSPOT_STAGES
        .iter()
        .find(|(name, _)| *name == folded)
        .map(|(_, p)| *p)
        .unwrap_or(UNKNOWN_STAGE)
}

/// A stage name as kept: one line, trimmed; empty is no stage.
pub fn stage_name(text: &str) -> Result<Option<String>, Key> {
    let name = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.chars().count() > STAGE_NAME_MAX {
        return Err(Key::ErrTextTooLong);
    }
    Ok((!name.is_empty()).then_some(name))
}

/// A probability as typed: a whole percentage from 0 to 100, with or without
/// its sign ("85", "85 %", "８５％"); empty is none.
pub fn parse_probability(text: &str) -> Result<Option<u8>, Key> {
    let digits: String = text
        .trim()
        .trim_end_matches(['%', '％'])
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            c => c,
        })
        .collect();
    if digits.is_empty() {
        return Ok(None);
    }
    match digits.parse::<u8>() {
        Ok(p) if p <= 100 && digits.chars().all(|c| c.is_ascii_digit()) => Ok(Some(p)),
        _ => Err(Key::ErrProbability),
    }
}

/// A deal's probability: its own, else its stage's, else [`UNKNOWN_STAGE`].
pub fn probability_of(own: Option<u8>, stage: Option<u8>) -> u8 {
    own.or(stage).unwrap_or(UNKNOWN_STAGE)
}

/// An amount times a probability, in hundredths of the amount's unit.
pub fn weighted(amount: i64, probability: u8) -> i64 {
    amount.saturating_mul(i64::from(probability))
}

/// The metrics closed-won deals feed: the ones with a forecast.
pub const FORECAST_METRICS: [Metric; 3] = [
    Metric::SourcedDealsClosedWon,
    Metric::SourcedDealMrr,
    Metric::AssistedDealMrr,
];

fn slot(metric: Metric) -> Option<usize> {
    FORECAST_METRICS.iter().position(|m| *m == metric)
}

/// The three forecasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Method {
    Commit,
    Weighted,
    BestCase,
}

impl Method {
    pub const ALL: [Method; 3] = [Method::Commit, Method::Weighted, Method::BestCase];

    /// As the export names its column.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Commit => "forecast_commit",
            Method::Weighted => "forecast_weighted",
            Method::BestCase => "forecast_best_case",
        }
    }

    pub fn label(self) -> Key {
        match self {
            Method::Commit => Key::ForecastCommit,
            Method::Weighted => Key::ForecastWeighted,
            Method::BestCase => Key::ForecastBestCase,
        }
    }

    /// What one deal at `probability` adds, in hundredths of `amount`.
    fn share(self, amount: i64, probability: u8) -> i64 {
        match self {
            Method::Commit if probability >= COMMIT_FROM => weighted(amount, 100),
            Method::Commit => 0,
            Method::Weighted => weighted(amount, probability),
            Method::BestCase => weighted(amount, 100),
        }
    }
}

/// Open deals alike in everything the forecast reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OpenGroup {
    pub kind: DealKind,
    /// `year * 100 + month` of the expected close date.
    pub close_month: Option<i32>,
    pub probability: u8,
    pub count: i64,
    /// The sum of their MRR, in minor units.
    pub mrr: i64,
}

/// One open deal, as the forecast reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpenDeal {
    pub kind: DealKind,
    pub close_date: Option<NaiveDate>,
    pub probability: u8,
    pub mrr: i64,
}

/// Open deals grouped as the SQL aggregate groups them (the definition it is
/// tested against), in a stable order.
pub fn open_groups<'a>(deals: impl IntoIterator<Item = &'a OpenDeal>) -> Vec<OpenGroup> {
    let mut groups: std::collections::BTreeMap<(DealKind, Option<i32>, u8), (i64, i64)> =
        Default::default();
    for d in deals {
        let g = groups
            .entry((d.kind, d.close_date.map(month_key), d.probability))
            .or_default();
        g.0 += 1;
        g.1 += d.mrr;
    }
    groups
        .into_iter()
        .map(
            |((kind, close_month, probability), (count, mrr))| OpenGroup {
                kind,
                close_month,
                probability,
                count,
                mrr,
            },
        )
        .collect()
}

/// A forecast metric's amount in a group: its deals, or their MRR.
fn amount(metric: Metric, g: &OpenGroup) -> i64 {
    match (metric, g.kind) {
        (Metric::SourcedDealsClosedWon, DealKind::Sourced) => g.count,
        (Metric::SourcedDealMrr, DealKind::Sourced) => g.mrr,
        (Metric::AssistedDealMrr, DealKind::Assisted) => g.mrr,
        _ => 0,
    }
}

/// Where a deal closing in `close_month` counts, seen on `today`: its month,
/// or the current month when that has passed.
pub fn counted_month(close_month: i32, today: NaiveDate) -> i32 {
    close_month.max(month_key(today))
}

/// Whether an open deal's close date has passed on `today`.
pub fn is_overdue(close_date: NaiveDate, today: NaiveDate) -> bool {
    close_date < today
}

/// A year's forecast: per method, metric and month, what has closed won plus
/// what the open deals add, in hundredths.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forecast {
    pub year: i32,
    /// The first month that has not ended: 1 to 12, or 13 when the year is
    /// over. Months before it hold their actuals alone.
    pub first_open_month: u32,
    /// `values[method][metric slot][month - 1]`.
    values: [[[i64; 12]; 3]; 3],
    /// The open pipeline counted in the year (best case less the actuals),
    /// per metric slot.
    open: [i64; 3],
    /// Open deals without a close date: in no month.
    pub undated: i64,
}

impl Forecast {
    /// The forecast of `actuals`' year on `today` from a partner's open deals.
    pub fn of<'a>(
        actuals: &YearMetrics,
        open: impl IntoIterator<Item = &'a OpenGroup>,
        today: NaiveDate,
    ) -> Forecast {
        let year = actuals.year;
        let first_open_month = match today.year().cmp(&year) {
            std::cmp::Ordering::Less => 1,
            std::cmp::Ordering::Equal => today.month(),
            std::cmp::Ordering::Greater => 13,
        };
        let mut values = [[[0_i64; 12]; 3]; 3];
        for (m, metric) in FORECAST_METRICS.into_iter().enumerate() {
            for month in 1..=12 {
                let actual = weighted(actuals.month(metric, month), 100);
                for method in &mut values {
                    method[m][month as usize - 1] = actual;
                }
            }
        }
        let mut forecast = Forecast {
            year,
            first_open_month,
            values,
            open: [0; 3],
            undated: 0,
        };
        for g in open {
            let Some(close) = g.close_month else {
                forecast.undated += g.count;
                continue;
            };
            let at = counted_month(close, today);
            if at / 100 != year {
                continue;
            }
            let month = (at % 100 - 1) as usize;
            for (m, metric) in FORECAST_METRICS.into_iter().enumerate() {
                let amount = amount(metric, g);
                for (i, method) in Method::ALL.into_iter().enumerate() {
                    let add = method.share(amount, g.probability);
                    forecast.values[i][m][month] = forecast.values[i][m][month].saturating_add(add);
                }
                forecast.open[m] = forecast.open[m].saturating_add(weighted(amount, 100));
            }
        }
        forecast
    }

    fn series(&self, method: Method, metric: Metric) -> Option<&[i64; 12]> {
        let m = slot(metric)?;
        let i = Method::ALL.iter().position(|x| *x == method)?;
        Some(&self.values[i][m])
    }

    /// Month 1 to 12, in hundredths; `None` for a metric without a forecast.
    pub fn month(&self, method: Method, metric: Metric, month: u32) -> Option<i64> {
        self.series(method, metric)
            .map(|s| s[(month.clamp(1, 12) - 1) as usize])
    }

    /// Quarter 1 to 4: the sum of its months.
    pub fn quarter(&self, method: Method, metric: Metric, quarter: u32) -> Option<i64> {
        let q = quarter.clamp(1, 4);
        (q * 3 - 2..=q * 3)
            .map(|m| self.month(method, metric, m))
            .sum()
    }

    /// The year end: the sum of the months.
    pub fn year_end(&self, method: Method, metric: Metric) -> Option<i64> {
        self.series(method, metric).map(|s| s.iter().sum())
    }

    /// The open pipeline counted in the year, in hundredths.
    pub fn open_pipeline(&self, metric: Metric) -> Option<i64> {
        slot(metric).map(|m| self.open[m])
    }

    /// Pipeline coverage: the open pipeline against what the year still
    /// needs to reach its target.
    pub fn coverage(
        &self,
        metric: Metric,
        actuals: &YearMetrics,
        targets: &YearMetrics,
    ) -> Coverage {
        let Some(open) = self.open_pipeline(metric) else {
            return Coverage::NoTarget;
        };
        let target = targets.total(metric);
        if target <= 0 {
            return Coverage::NoTarget;
        }
        let needed = target - actuals.total(metric);
        if needed <= 0 {
            return Coverage::Met;
        }
        // In tenths, rounded half up: open / (needed × 100) × 10.
        let whole = weighted(needed, 100);
        Coverage::Times(open.saturating_mul(10).saturating_add(whole / 2) / whole)
    }
}

/// Pipeline coverage of a year's target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Coverage {
    /// Without a target there is nothing to cover.
    NoTarget,
    /// The target is already reached.
    Met,
    /// Open pipeline ÷ what is still needed, in tenths (24 is 2.4×).
    Times(i64),
}

impl Coverage {
    /// Sales teams look for three times what is still needed.
    pub const HEALTHY_TENTHS: i64 = 30;
}

/// A forecast figure rounded half up as shown: tenths of a deal for counts,
/// minor units for money.
pub fn rounded(metric: Metric, hundredths: i64) -> i64 {
    if metric.is_money() {
        (hundredths + 50).div_euclid(100)
    } else {
        (hundredths + 5).div_euclid(10)
    }
}

/// Whole units (a chart's), rounded half up.
pub fn rounded_whole(hundredths: i64) -> i64 {
    (hundredths + 50).div_euclid(100)
}

/// As the export writes it (counts with one decimal, amounts as targets are
/// typed).
pub fn plain(metric: Metric, hundredths: i64, currency: Currency) -> String {
    let r = rounded(metric, hundredths);
    if metric.is_money() {
        crate::model::money::plain_amount(r, currency)
    } else {
        format!("{}.{}", r.div_euclid(10), r.rem_euclid(10))
    }
}

/// As pages show it: a count with one decimal, or an amount with its currency.
pub fn shown(metric: Metric, hundredths: i64, currency: Currency) -> String {
    if metric.is_money() {
        crate::model::Money::new(rounded(metric, hundredths), currency).display()
    } else {
        plain(metric, hundredths, currency)
    }
}

/// Commit, weighted and best case as one cell: "weighted (commit–best
/// case)", or one figure when the three agree (a period that has ended).
pub fn shown_range(
    metric: Metric,
    [commit, weighted, best]: [i64; 3],
    currency: Currency,
) -> String {
    let shown = |v| shown(metric, v, currency);
    if commit == best {
        shown(weighted)
    } else {
        format!("{} ({}–{})", shown(weighted), shown(commit), shown(best))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::deal::tests::date;
    use proptest::prelude::*;

    fn deal(kind: DealKind, close: Option<&str>, probability: u8, mrr: i64) -> OpenDeal {
        OpenDeal {
            kind,
            close_date: close.map(date),
            probability,
            mrr,
        }
    }

    #[test]
    fn hubspot_stages_get_their_defaults_and_others_ten() {
        assert_eq!(default_probability("Appointment scheduled"), 20);
        assert_eq!(default_probability("qualifiedtobuy"), 40);
        assert_eq!(default_probability("Presentation Scheduled"), 60);
        assert_eq!(default_probability("Decision maker bought-in"), 80);
        assert_eq!(default_probability("Contract sent (Renewals)"), 90);
        assert_eq!(default_probability("Closed won"), 100);
        assert_eq!(default_probability("CLOSED LOST"), 0);
        assert_eq!(default_probability("Negotiation"), UNKNOWN_STAGE);
        assert_eq!(default_probability("Contract sent twice"), UNKNOWN_STAGE);
        assert_eq!(default_probability(""), UNKNOWN_STAGE);
    }

    #[test]
    fn probabilities_are_whole_percentages() {
        assert_eq!(parse_probability(""), Ok(None));
        assert_eq!(parse_probability(" 85 "), Ok(Some(85)));
        assert_eq!(parse_probability("85 %"), Ok(Some(85)));
        assert_eq!(parse_probability("８５％"), Ok(Some(85)));
        assert_eq!(parse_probability("0"), Ok(Some(0)));
        assert_eq!(parse_probability("100"), Ok(Some(100)));
        for bad in ["101", "-5", "8.5", "abc", "+5", "1e2"] {
            assert_eq!(parse_probability(bad), Err(Key::ErrProbability), "{bad}");
        }
        assert_eq!(probability_of(Some(0), Some(90)), 0);
        assert_eq!(probability_of(None, Some(90)), 90);
        assert_eq!(probability_of(None, None), UNKNOWN_STAGE);
    }

    #[test]
    fn stage_names_are_one_trimmed_line() {
        assert_eq!(
            stage_name("  Contract\n sent "),
            Ok(Some("Contract sent".into()))
        );
        assert_eq!(stage_name("   "), Ok(None));
        assert_eq!(stage_name(&"x".repeat(101)), Err(Key::ErrTextTooLong));
    }

    #[test]
    fn a_worked_example() {
        // On 2026-05-20: 3 sourced deals won in March (MRR 100 each); open:
        // a sourced deal at 90 % closing in June (MRR 200), one at 25 %
        // overdue since April (MRR 400), an assisted deal at 50 % in
        // November (MRR 1,000), one without a close date, one closing next year.
        let mut actuals = YearMetrics::empty(2026);
        actuals.add(Metric::SourcedDealsClosedWon, 202603, 3);
        actuals.add(Metric::SourcedDealMrr, 202603, 300);
        let deals = [
            deal(DealKind::Sourced, Some("2026-06-10"), 90, 200),
            deal(DealKind::Sourced, Some("2026-04-01"), 25, 400),
            deal(DealKind::Assisted, Some("2026-11-30"), 50, 1_000),
            deal(DealKind::Sourced, None, 60, 5_000),
            deal(DealKind::Sourced, Some("2027-01-15"), 60, 5_000),
        ];
        let f = Forecast::of(&actuals, &open_groups(&deals), date("2026-05-20"));
        assert_eq!(f.first_open_month, 5);
        assert_eq!(f.undated, 1);
        let count = Metric::SourcedDealsClosedWon;
        let mrr = Metric::SourcedDealMrr;
        // The overdue deal counts in May, the current month.
        assert_eq!(f.month(Method::Weighted, mrr, 5), Some(400 * 25));
        assert_eq!(f.month(Method::Weighted, mrr, 4), Some(0));
        assert_eq!(f.month(Method::Commit, mrr, 5), Some(0));
        assert_eq!(f.month(Method::Commit, mrr, 6), Some(200 * 100));
        // Year end: 300 won + 0.9 × 200 + 0.25 × 400 = 580.
        assert_eq!(f.year_end(Method::Weighted, mrr), Some(58_000));
        assert_eq!(f.year_end(Method::Commit, mrr), Some(50_000));
        assert_eq!(f.year_end(Method::BestCase, mrr), Some(90_000));
        // 3 won + 0.9 + 0.25 = 4.15 deals, shown 4.2 (half up).
        assert_eq!(f.year_end(Method::Weighted, count), Some(415));
        assert_eq!(plain(count, 415, Currency::Usd), "4.2");
        assert_eq!(
            f.year_end(Method::Weighted, Metric::AssistedDealMrr),
            Some(50_000)
        );
        assert_eq!(
            f.year_end(Method::Weighted, Metric::SourcedDealsCreated),
            None
        );
        assert_eq!(f.quarter(Method::BestCase, mrr, 2), Some(60_000));
        // Coverage: 600 open against 1,000 − 300 = 700 still needed: 0.9×.
        let mut targets = YearMetrics::empty(2026);
        targets.set(mrr, 12, 1_000);
        assert_eq!(f.coverage(mrr, &actuals, &targets), Coverage::Times(9));
        targets.set(mrr, 12, 300);
        assert_eq!(f.coverage(mrr, &actuals, &targets), Coverage::Met);
        assert_eq!(f.coverage(count, &actuals, &targets), Coverage::NoTarget);
    }

    #[test]
    fn ended_years_hold_their_actuals_and_future_years_their_own_deals() {
        let mut actuals = YearMetrics::empty(2025);
        actuals.add(Metric::SourcedDealMrr, 202507, 700);
        let deals = [
            deal(DealKind::Sourced, Some("2025-08-01"), 50, 100),
            deal(DealKind::Sourced, Some("2027-03-01"), 50, 100),
        ];
        let groups = open_groups(&deals);
        let past = Forecast::of(&actuals, &groups, date("2026-05-20"));
        assert_eq!(past.first_open_month, 13);
        for method in Method::ALL {
            assert_eq!(past.year_end(method, Metric::SourcedDealMrr), Some(70_000));
        }
        let future = Forecast::of(&YearMetrics::empty(2027), &groups, date("2026-05-20"));
        assert_eq!(future.first_open_month, 1);
        assert_eq!(
            future.month(Method::Weighted, Metric::SourcedDealMrr, 3),
            Some(5_000)
        );
        // The overdue 2025 deal counts in May 2026, not in 2027.
        assert_eq!(
            future.year_end(Method::BestCase, Metric::SourcedDealMrr),
            Some(10_000)
        );
    }

    #[test]
    fn rounding_is_half_up() {
        assert_eq!(rounded(Metric::SourcedDealMrr, 12_349), 123);
        assert_eq!(rounded(Metric::SourcedDealMrr, 12_350), 124);
        assert_eq!(rounded(Metric::SourcedDealsClosedWon, 14), 1);
        assert_eq!(rounded(Metric::SourcedDealsClosedWon, 15), 2);
        assert_eq!(
            plain(Metric::SourcedDealsClosedWon, 1_200, Currency::Usd),
            "12.0"
        );
        assert_eq!(
            plain(Metric::SourcedDealMrr, 123_456, Currency::Usd),
            "12.35"
        );
    }

    fn any_deal() -> impl Strategy<Value = OpenDeal> {
        (
            prop_oneof![Just(DealKind::Sourced), Just(DealKind::Assisted)],
            proptest::option::weighted(0.9, (2025_i32..=2027, 1_u32..=12, 1_u32..=28)),
            0_u8..=100,
            0_i64..10_000_000,
        )
            .prop_map(|(kind, close, probability, mrr)| OpenDeal {
                kind,
                close_date: close.map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap()),
                probability,
                mrr,
            })
    }

    proptest! {
        #[test]
        fn the_lines_keep_their_order_and_months_sum_to_quarters(
            deals in proptest::collection::vec(any_deal(), 0..60),
            won in proptest::collection::vec((1_u32..=12, 0_i64..1_000_000), 0..10),
            today in (2025_i32..=2027, 1_u32..=12, 1_u32..=28),
        ) {
            let today = NaiveDate::from_ymd_opt(today.0, today.1, today.2).unwrap();
            let mut actuals = YearMetrics::empty(2026);
            for (month, mrr) in &won {
                actuals.add(Metric::SourcedDealsClosedWon, 202600 + *month as i32, 1);
                actuals.add(Metric::SourcedDealMrr, 202600 + *month as i32, *mrr);
                actuals.add(Metric::AssistedDealMrr, 202600 + *month as i32, *mrr / 2);
            }
            let f = Forecast::of(&actuals, &open_groups(&deals), today);
            let every_commit_deal_whole = deals.iter().all(|d| d.probability < COMMIT_FROM || d.probability == 100);
            for metric in FORECAST_METRICS {
                for month in 1..=12 {
                    let at = |m| f.month(m, metric, month).unwrap();
                    prop_assert!(at(Method::Weighted) <= at(Method::BestCase));
                    prop_assert!(at(Method::Commit) <= at(Method::BestCase));
                    // A 90 % deal is whole in commit and nine tenths in
                    // weighted: commit exceeds weighted by at most that tenth.
                    let actual = weighted(actuals.month(metric, month), 100);
                    prop_assert!((at(Method::Commit) - actual) * 9 <= (at(Method::Weighted) - actual) * 10);
                    if every_commit_deal_whole {
                        prop_assert!(at(Method::Commit) <= at(Method::Weighted));
                    }
                    // An ended month is its actual.
                    if month < f.first_open_month {
                        for method in Method::ALL {
                            prop_assert_eq!(f.month(method, metric, month), Some(actual));
                        }
                    }
                }
                for method in Method::ALL {
                    let quarters: i64 = (1..=4).map(|q| f.quarter(method, metric, q).unwrap()).sum();
                    prop_assert_eq!(Some(quarters), f.year_end(method, metric));
                    for q in 1..=4 {
                        let months: i64 = (q * 3 - 2..=q * 3).map(|m| f.month(method, metric, m).unwrap()).sum();
                        prop_assert_eq!(Some(months), f.quarter(method, metric, q));
                    }
                }
                // Best case is the actuals and the open pipeline, once each.
                prop_assert_eq!(
                    f.year_end(Method::BestCase, metric).unwrap(),
                    weighted(actuals.total(metric), 100) + f.open_pipeline(metric).unwrap()
                );
            }
            // Every deal is counted once: in a month of some year, or undated.
            let undated = deals.iter().filter(|d| d.close_date.is_none()).count() as i64;
            prop_assert_eq!(f.undated, undated);
            let mut per_year = 0_i64;
            for year in 2025..=2027 {
                let f = Forecast::of(&YearMetrics::empty(year), &open_groups(&deals), today);
                per_year += f.open_pipeline(Metric::SourcedDealsClosedWon).unwrap();
            }
            let dated_sourced = deals.iter().filter(|d| d.close_date.is_some() && d.kind == DealKind::Sourced
                && counted_month(month_key(d.close_date.unwrap()), today) / 100 <= 2027).count() as i64;
            prop_assert_eq!(per_year, dated_sourced * 100);
        }

        #[test]
        fn grouping_keeps_every_deal(deals in proptest::collection::vec(any_deal(), 0..80)) {
            let groups = open_groups(&deals);
            prop_assert_eq!(groups.iter().map(|g| g.count).sum::<i64>(), deals.len() as i64);
            prop_assert_eq!(groups.iter().map(|g| g.mrr).sum::<i64>(), deals.iter().map(|d| d.mrr).sum::<i64>());
        }
    }
}
