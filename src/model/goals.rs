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
                targets.add(metric, year * 100 + month as i32, grown);
            }
        }
        targets
    }
}

/// Division of non-negative numbers, rounded half up.
fn div_half_up(n: i64, d: i64) -> i64 {
    (2 * n + d) / (2 * d)
}

#[cfg(test)]
mod tests {
    use super::*;
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

    proptest! {
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
