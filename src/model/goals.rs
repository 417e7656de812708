//! The annual plan's rules (issue 8 builds the wizard on them): the five
//! company goals, the growth percentages, and targets grown from the previous
//! year's actuals, rounded as ../shared/PRODUCT.md says.

use crate::i18n::Key;
use crate::model::metrics::{Metric, YearMetrics};
use crate::model::Currency;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GoalCategory {
    Organizational,
    Revenue,
    People,
    Market,
    Partnership,
}

impl GoalCategory {
    pub const ALL: [GoalCategory; 5] = [
        GoalCategory::Organizational,
        GoalCategory::Revenue,
        GoalCategory::People,
        GoalCategory::Market,
        GoalCategory::Partnership,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            GoalCategory::Organizational => "organizational",
            GoalCategory::Revenue => "revenue",
            GoalCategory::People => "people",
            GoalCategory::Market => "market",
            GoalCategory::Partnership => "partnership",
        }
    }

    pub fn label(self) -> Key {
        match self {
            GoalCategory::Organizational => Key::GoalOrganizational,
            GoalCategory::Revenue => Key::GoalRevenue,
            GoalCategory::People => Key::GoalPeople,
            GoalCategory::Market => Key::GoalMarket,
            GoalCategory::Partnership => Key::GoalPartnership,
        }
    }
}

/// Longest company goal, in characters.
pub const GOAL_MAX: usize = 1_000;
/// The longest reason a revision of the targets may give.
pub const REASON_MAX: usize = 500;

/// One company goal: optional, bounded, trimmed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyGoal(String);

impl CompanyGoal {
    pub fn parse(text: &str) -> Result<CompanyGoal, Key> {
        let text = text.trim();
        if text.chars().count() > GOAL_MAX {
            return Err(Key::ErrGoalTooLong);
        }
        Ok(CompanyGoal(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The years a plan may be for: those a date may fall in.
pub const PLAN_YEARS: std::ops::RangeInclusive<i32> = crate::model::date::YEARS;

/// The largest monthly target: more than any partner closes, small enough that
/// a typo of three extra zeros is caught rather than saved.
pub const MAX_COUNT_TARGET: i64 = 100_000;
pub const MAX_MONEY_TARGET_UNITS: i64 = 1_000_000_000;

/// The form field of a company goal.
pub fn goal_field(category: GoalCategory) -> String {
    format!("goal_{}", category.as_str())
}

/// The form field (and the cell's name) of one month's target.
pub fn target_field(metric: Metric, month: u32) -> String {
    format!("{}_{month}", metric.as_str())
}

/// One target as typed: a whole number of deals, or an amount in the partner's
/// currency (in minor units). Blank means zero.
pub fn parse_target(raw: &str, metric: Metric, currency: Currency) -> Result<i64, Key> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(0);
    }
    if metric.is_money() {
        let minor = crate::model::money::parse_amount(raw, currency).map_err(|e| match e {
            crate::model::money::AmountError::Negative => Key::ErrTargetNegative,
            _ => Key::ErrTargetNotAmount,
        })?;
        let unit = 10_i64.pow(currency.minor_digits());
        if minor < 0 {
            Err(Key::ErrTargetNegative)
        } else if minor > MAX_MONEY_TARGET_UNITS * unit {
            Err(Key::ErrTargetTooLarge)
        } else {
            Ok(minor)
        }
    } else {
        let plain: String = raw.chars().filter(|c| *c != ',').collect();
        match plain.parse::<i64>() {
            Ok(n) if n < 0 => Err(Key::ErrTargetNegative),
            Ok(n) if n > MAX_COUNT_TARGET => Err(Key::ErrTargetTooLarge),
            Ok(n) => Ok(n),
            Err(_) if plain.starts_with('-') => Err(Key::ErrTargetNegative),
            Err(_) => Err(Key::ErrTargetNotCount),
        }
    }
}

/// A target as its input and the export show it: a count, or an amount in
/// major units (`1046.50`).
pub fn target_input(metric: Metric, value: i64, currency: Currency) -> String {
    if metric.is_money() {
        crate::model::money::plain_amount(value, currency)
    } else {
        value.to_string()
    }
}

/// A metric's value as pages show it: a count, or an amount with its currency.
pub fn figure(metric: Metric, value: i64, currency: Currency) -> String {
    if metric.is_money() {
        crate::model::Money::new(value, currency).display()
    } else {
        value.to_string()
    }
}

/// What one revision of a plan changed: a goal's text or a month's target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Subject {
    Goal(GoalCategory),
    Target(Metric, u32),
}

impl Subject {
    /// As stored: `goal:revenue`, `target:sourced_deal_mrr:3`.
    pub fn code(self) -> String {
        match self {
            Subject::Goal(c) => format!("goal:{}", c.as_str()),
            Subject::Target(m, month) => format!("target:{}:{month}", m.as_str()),
        }
    }

    /// Where it stands in a plan: the goals in their order, then each
    /// metric's targets month by month.
    pub fn order(self) -> (usize, usize, u32) {
        match self {
            Subject::Goal(c) => (
                0,
                GoalCategory::ALL.iter().position(|g| *g == c).unwrap_or(0),
                0,
            ),
            Subject::Target(m, month) => (
                1,
                Metric::ALL.iter().position(|x| *x == m).unwrap_or(0),
                month,
            ),
        }
    }

    pub fn parse(code: &str) -> Option<Subject> {
        let mut parts = code.split(':');
        match (parts.next()?, parts.next()?, parts.next()) {
            ("goal", name, None) => GoalCategory::ALL
                .into_iter()
                .find(|c| c.as_str() == name)
                .map(Subject::Goal),
            ("target", name, Some(month)) => {
                let metric = Metric::ALL.into_iter().find(|m| m.as_str() == name)?;
                let month = month.parse().ok().filter(|m| (1..=12).contains(m))?;
                Some(Subject::Target(metric, month))
            }
            _ => None,
        }
    }
}

/// A plan's content: the five goals (in [`GoalCategory::ALL`] order) and the
/// targets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanContent {
    pub goals: [String; 5],
    pub targets: YearMetrics,
}

/// One difference between two versions of a plan, values as stored (a goal's
/// text, a target's number).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub subject: Subject,
    pub old: String,
    pub new: String,
}

impl PlanContent {
    pub fn empty(year: i32) -> PlanContent {
        PlanContent {
            goals: Default::default(),
            targets: YearMetrics::empty(year),
        }
    }

    /// Every goal and target that differs from `before`, goals first.
    pub fn changes_from(&self, before: &PlanContent) -> Vec<Change> {
        let goals = GoalCategory::ALL
            .into_iter()
            .enumerate()
            .filter_map(|(i, c)| {
                (self.goals[i] != before.goals[i]).then(|| Change {
                    subject: Subject::Goal(c),
                    old: before.goals[i].clone(),
                    new: self.goals[i].clone(),
                })
            });
        let targets = Metric::ALL.into_iter().flat_map(|m| {
            (1..=12).filter_map(move |month| {
                let (old, new) = (before.targets.month(m, month), self.targets.month(m, month));
                (old != new).then(|| Change {
                    subject: Subject::Target(m, month),
                    old: old.to_string(),
                    new: new.to_string(),
                })
            })
        });
        goals.chain(targets).collect()
    }
}

/// "Apply growth percentage": 5 to 30 % in steps of 5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GrowthPercent(u8);

impl GrowthPercent {
    pub const CHOICES: [u8; 6] = [5, 10, 15, 20, 25, 30];

    pub fn parse(percent: u32) -> Option<GrowthPercent> {
        GrowthPercent::CHOICES
            .into_iter()
            .find(|c| u32::from(*c) == percent)
            .map(GrowthPercent)
    }

    pub fn get(self) -> u8 {
        self.0
    }

    /// A count grown by this percentage, rounded half up to a whole deal.
    pub fn grow_count(self, count: i64) -> i64 {
        div_half_up(count * (100 + i64::from(self.0)), 100)
    }

    /// An amount in minor units grown by this percentage, rounded half up to a
    /// whole currency unit.
    pub fn grow_money(self, minor_units: i64, currency: Currency) -> i64 {
        let unit = 10_i64.pow(currency.minor_digits());
        div_half_up(minor_units * (100 + i64::from(self.0)), 100 * unit) * unit
    }

    /// What applying this percentage does to one goal's year: today's
    /// annual target `from`, the grown one `to`, from last year's `previous`.
    pub fn change(self, previous: i64, from: i64, to: i64) -> GrowthChange {
        GrowthChange {
            growth: self,
            previous,
            from,
            to,
        }
    }

    /// Every month's target: the previous year's actual grown by this percentage.
    pub fn targets_from(
        self,
        previous: &YearMetrics,
        year: i32,
        currency: Currency,
    ) -> YearMetrics {
        let mut targets = YearMetrics::empty(year);
        for metric in Metric::ALL {
            for month in 1..=12 {
                let actual = previous.month(metric, month);
                let grown = if metric.is_money() {
                    self.grow_money(actual, currency)
                } else {
                    self.grow_count(actual)
                };
                targets.set(metric, month, grown);
            }
        }
        targets
    }
}

/// Division of non-negative numbers, rounded half up.
fn div_half_up(n: i64, d: i64) -> i64 {
    (2 * n + d) / (2 * d)
}

/// One goal's year before and after a growth percentage, as the preview says
/// it in one sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GrowthChange {
    pub growth: GrowthPercent,
    /// Last year's actual total.
    pub previous: i64,
    /// Today's annual target, and the grown one.
    pub from: i64,
    pub to: i64,
}

impl GrowthChange {
    /// The change in whole percent of today's target, rounded half away from
    /// zero; `None` when there is no target yet.
    pub fn percent(&self) -> Option<i64> {
        (self.from > 0).then(|| {
            let diff = i128::from(self.to - self.from) * 100;
            let from = i128::from(self.from);
            let rounded = (2 * diff.abs() + from) / (2 * from);
            let rounded = i64::try_from(rounded).unwrap_or(i64::MAX);
            if diff < 0 {
                -rounded
            } else {
                rounded
            }
        })
    }

    /// The sentence that says it: the targets go down (last year grown is
    /// below them), go up, or stay.
    pub fn key(&self) -> Key {
        match self.to.cmp(&self.from) {
            std::cmp::Ordering::Less => Key::GrowthLowersTargets,
            std::cmp::Ordering::Greater => Key::GrowthRaisesTargets,
            std::cmp::Ordering::Equal => Key::GrowthKeepsTargets,
        }
    }

    /// The change as shown: "−9%", "+12%", or `none` without a target.
    pub fn percent_shown(&self, none: &str) -> String {
        match self.percent() {
            Some(p) if p < 0 => format!("\u{2212}{}%", -p),
            Some(p) => format!("+{p}%"),
            None => none.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_growth_change_says_which_way_and_how_much() {
        let ten = GrowthPercent::parse(10).unwrap();
        // Issue 22: 10 % on a weaker last year lowered 135 to 123.
        let lower = ten.change(112, 135, 123);
        assert_eq!(lower.percent(), Some(-9));
        assert_eq!(lower.key(), Key::GrowthLowersTargets);
        assert_eq!(lower.percent_shown("-"), "\u{2212}9%");
        let higher = ten.change(150, 135, 165);
        assert_eq!(
            (higher.percent(), higher.key()),
            (Some(22), Key::GrowthRaisesTargets)
        );
        assert_eq!(higher.percent_shown("-"), "+22%");
        assert_eq!(ten.change(0, 0, 0).key(), Key::GrowthKeepsTargets);
        // No target yet: no percentage of it.
        assert_eq!(ten.change(10, 0, 11).percent_shown("-"), "-");
    }
    use proptest::prelude::*;

    #[test]
    fn only_the_six_choices_exist() {
        assert_eq!(GrowthPercent::parse(15).map(GrowthPercent::get), Some(15));
        for bad in [0, 4, 7, 35, 100] {
            assert_eq!(GrowthPercent::parse(bad), None);
        }
    }

    #[test]
    fn counts_round_to_whole_deals_and_money_to_whole_units() {
        let g = GrowthPercent::parse(10).unwrap();
        assert_eq!(g.grow_count(5), 6); // 5.5 rounds up
        assert_eq!(g.grow_count(4), 4); // 4.4 rounds down
        assert_eq!(g.grow_count(0), 0);
        // USD 1,234.56 + 10 % = 1,358.016 → USD 1,358.00
        assert_eq!(g.grow_money(123_456, Currency::Usd), 135_800);
        // USD 5.00 + 10 % = 5.50 → 6.00 (half up)
        assert_eq!(g.grow_money(500, Currency::Usd), 600);
        assert_eq!(g.grow_money(1_000, Currency::Jpy), 1_100);
    }

    #[test]
    fn targets_grow_every_month_of_every_metric() {
        let mut previous = YearMetrics::empty(2025);
        previous.add(Metric::SourcedDealsCreated, 202503, 10);
        previous.add(Metric::AssistedDealMrr, 202512, 99_950);
        let targets =
            GrowthPercent::parse(20)
                .unwrap()
                .targets_from(&previous, 2026, Currency::Twd);
        assert_eq!(targets.year, 2026);
        assert_eq!(targets.month(Metric::SourcedDealsCreated, 3), 12);
        // TWD 999.50 × 1.2 = 1,199.40 → TWD 1,199.
        assert_eq!(targets.month(Metric::AssistedDealMrr, 12), 119_900);
        assert_eq!(targets.total(Metric::SourcedDealsClosedWon), 0);
    }

    #[test]
    fn goals_are_optional_and_bounded() {
        assert_eq!(CompanyGoal::parse("  ").unwrap().as_str(), "");
        assert_eq!(CompanyGoal::parse(" Grow ").unwrap().as_str(), "Grow");
        assert_eq!(
            CompanyGoal::parse(&"目".repeat(GOAL_MAX + 1)),
            Err(Key::ErrGoalTooLong)
        );
    }

    #[test]
    fn targets_are_read_as_typed_and_bounded() {
        let usd = Currency::Usd;
        assert_eq!(parse_target("", Metric::SourcedDealsCreated, usd), Ok(0));
        assert_eq!(
            parse_target(" 12 ", Metric::SourcedDealsCreated, usd),
            Ok(12)
        );
        assert_eq!(
            parse_target("1,200", Metric::SourcedDealsClosedWon, usd),
            Ok(1_200)
        );
        assert_eq!(
            parse_target("-1", Metric::SourcedDealsCreated, usd),
            Err(Key::ErrTargetNegative)
        );
        assert_eq!(
            parse_target("1.5", Metric::SourcedDealsCreated, usd),
            Err(Key::ErrTargetNotCount)
        );
        assert_eq!(
            parse_target("abc", Metric::SourcedDealsCreated, usd),
            Err(Key::ErrTargetNotCount)
        );
        assert_eq!(
            parse_target("100001", Metric::SourcedDealsCreated, usd),
            Err(Key::ErrTargetTooLarge)
        );
        assert_eq!(
            parse_target("1,046.50", Metric::SourcedDealMrr, usd),
            Ok(104_650)
        );
        assert_eq!(
            parse_target("-5", Metric::AssistedDealMrr, usd),
            Err(Key::ErrTargetNegative)
        );
        assert_eq!(
            parse_target("12abc", Metric::AssistedDealMrr, usd),
            Err(Key::ErrTargetNotAmount)
        );
        assert_eq!(
            parse_target("1000000001", Metric::AssistedDealMrr, usd),
            Err(Key::ErrTargetTooLarge)
        );
        assert_eq!(
            target_input(Metric::SourcedDealMrr, 104_650, usd),
            "1046.50"
        );
        assert_eq!(target_input(Metric::SourcedDealsCreated, 7, usd), "7");
    }

    #[test]
    fn a_change_names_its_goal_or_target_and_both_values() {
        let before = PlanContent::empty(2026);
        let mut after = before.clone();
        after.goals[4] = "Reach Platinum tier".into();
        after.targets.set(Metric::AssistedDealMrr, 11, 5_000);
        assert_eq!(
            after.changes_from(&before),
            vec![
                Change {
                    subject: Subject::Goal(GoalCategory::Partnership),
                    old: String::new(),
                    new: "Reach Platinum tier".into(),
                },
                Change {
                    subject: Subject::Target(Metric::AssistedDealMrr, 11),
                    old: "0".into(),
                    new: "5000".into(),
                },
            ]
        );
        assert!(after.changes_from(&after).is_empty());
        for subject in [
            Subject::Goal(GoalCategory::Market),
            Subject::Target(Metric::SourcedDealMrr, 12),
        ] {
            assert_eq!(Subject::parse(&subject.code()), Some(subject));
        }
        for bad in [
            "goal:fame",
            "target:sourced_deal_mrr:13",
            "target:x:1",
            "goal",
            "",
        ] {
            assert_eq!(Subject::parse(bad), None);
        }
    }

    proptest! {
        #[test]
        fn zero_stays_zero_and_quarters_and_the_year_are_sums_of_months(
            values in proptest::collection::vec(0_i64..1_000_000_000, 48),
            pick in 0usize..6,
        ) {
            let g = GrowthPercent(GrowthPercent::CHOICES[pick]);
            prop_assert_eq!(g.grow_count(0), 0);
            prop_assert_eq!(g.grow_money(0, Currency::Twd), 0);
            let mut targets = YearMetrics::empty(2026);
            for (i, metric) in Metric::ALL.into_iter().enumerate() {
                for month in 1..=12u32 {
                    targets.set(metric, month, values[i * 12 + month as usize - 1]);
                }
            }
            for (i, metric) in Metric::ALL.into_iter().enumerate() {
                let months = &values[i * 12..i * 12 + 12];
                for quarter in 1..=4u32 {
                    let q = quarter as usize;
                    prop_assert_eq!(targets.quarter(metric, quarter), months[q * 3 - 3..q * 3].iter().sum::<i64>());
                }
                let quarters: i64 = (1..=4).map(|q| targets.quarter(metric, q)).sum();
                prop_assert_eq!(targets.total(metric), quarters);
                prop_assert_eq!(targets.total(metric), months.iter().sum::<i64>());
            }
        }

        #[test]
        fn a_grown_plan_is_never_below_last_year(
            values in proptest::collection::vec(0_i64..1_000_000_000, 48),
            pick in 0usize..6,
        ) {
            let g = GrowthPercent(GrowthPercent::CHOICES[pick]);
            let mut previous = YearMetrics::empty(2025);
            for (i, metric) in Metric::ALL.into_iter().enumerate() {
                for month in 1..=12u32 {
                    previous.set(metric, month, values[i * 12 + month as usize - 1]);
                }
            }
            let grown = g.targets_from(&previous, 2026, Currency::Usd);
            for metric in Metric::ALL {
                for month in 1..=12 {
                    prop_assert!(grown.month(metric, month) >= previous.month(metric, month) - 50);
                }
                if !metric.is_money() {
                    prop_assert!(grown.total(metric) >= previous.total(metric));
                }
            }
        }

        #[test]
        fn growth_never_shrinks_and_stays_within_half_a_unit(units in 0_i64..10_000_000_000, pick in 0usize..6) {
            let g = GrowthPercent(GrowthPercent::CHOICES[pick]);
            let grown = g.grow_money(units, Currency::Usd);
            prop_assert_eq!(grown % 100, 0);
            let exact = units as i128 * (100 + i128::from(g.get()));
            prop_assert!((i128::from(grown) * 100 - exact).abs() <= 100 * 50);
            prop_assert!(g.grow_count(units) >= units);
        }
    }
}
