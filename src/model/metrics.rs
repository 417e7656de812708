//! The four MAP metrics and the data summary, as ../shared/PRODUCT.md defines
//! them. This is the one definition: the SQL aggregates in
//! `server::store::deal_metrics` are tested against these functions.

use crate::i18n::Key;
use crate::model::deal::{month_key, DealFields, DealKind, DealStage};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Metric {
    SourcedDealsCreated,
    SourcedDealsClosedWon,
    SourcedDealMrr,
    AssistedDealMrr,
}

impl Metric {
    pub const ALL: [Metric; 4] = [
        Metric::SourcedDealsCreated,
        Metric::SourcedDealsClosedWon,
        Metric::SourcedDealMrr,
        Metric::AssistedDealMrr,
    ];

    /// As written in exported files and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::SourcedDealsCreated => "sourced_deals_created",
            Metric::SourcedDealsClosedWon => "sourced_deals_closed_won",
            Metric::SourcedDealMrr => "sourced_deal_mrr",
            Metric::AssistedDealMrr => "assisted_deal_mrr",
        }
    }

    /// Money (in minor units of the partner's currency) rather than a count.
    pub fn is_money(self) -> bool {
        matches!(self, Metric::SourcedDealMrr | Metric::AssistedDealMrr)
    }

    pub fn label(self) -> Key {
        match self {
            Metric::SourcedDealsCreated => Key::MetricSourcedDealsCreated,
            Metric::SourcedDealsClosedWon => Key::MetricSourcedDealsClosedWon,
            Metric::SourcedDealMrr => Key::MetricSourcedDealMrr,
            Metric::AssistedDealMrr => Key::MetricAssistedDealMrr,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// What the metrics need to know about one deal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DealFacts {
    pub kind: DealKind,
    pub stage: DealStage,
    /// `year * 100 + month` of the create date.
    pub create_month: i32,
    pub close_month: Option<i32>,
    pub mrr: i64,
}

impl From<&DealFields> for DealFacts {
    fn from(d: &DealFields) -> DealFacts {
        DealFacts {
            kind: d.kind,
            stage: d.stage,
            create_month: month_key(d.create_date),
            close_month: d.close_date.map(month_key),
            mrr: d.mrr,
        }
    }
}

/// The four metrics for each month of one year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearMetrics {
    pub year: i32,
    /// `values[metric][month - 1]`.
    values: [[i64; 12]; 4],
}

impl YearMetrics {
    pub fn empty(year: i32) -> YearMetrics {
        YearMetrics {
            year,
            values: [[0; 12]; 4],
        }
    }

    /// Adds to one month; `month_key` outside the year is ignored.
    pub fn add(&mut self, metric: Metric, month_key: i32, amount: i64) {
        if month_key / 100 == self.year {
            if let Some(slot) = self.values[metric.index()].get_mut((month_key % 100 - 1) as usize)
            {
                *slot += amount;
            }
        }
    }

    /// Sets month 1 to 12 (a target typed or grown).
    pub fn set(&mut self, metric: Metric, month: u32, value: i64) {
        if let Some(slot) = self.values[metric.index()].get_mut((month as usize).wrapping_sub(1)) {
            *slot = value;
        }
    }

    /// Month 1 to 12.
    pub fn month(&self, metric: Metric, month: u32) -> i64 {
        self.values[metric.index()][(month - 1) as usize]
    }

    /// Quarter 1 to 4: the sum of its months.
    pub fn quarter(&self, metric: Metric, quarter: u32) -> i64 {
        (quarter * 3 - 2..=quarter * 3)
            .map(|m| self.month(metric, m))
            .sum()
    }

    /// The year: the sum of its months.
    pub fn total(&self, metric: Metric) -> i64 {
        self.values[metric.index()].iter().sum()
    }
}

/// The four metrics of `year`, month by month, from a partner's deals.
pub fn year_metrics<'a>(deals: impl IntoIterator<Item = &'a DealFacts>, year: i32) -> YearMetrics {
    let mut metrics = YearMetrics::empty(year);
    for deal in deals {
        if deal.kind == DealKind::Sourced {
            metrics.add(Metric::SourcedDealsCreated, deal.create_month, 1);
        }
        if let (DealStage::ClosedWon, Some(close)) = (deal.stage, deal.close_month) {
            match deal.kind {
                DealKind::Sourced => {
                    metrics.add(Metric::SourcedDealsClosedWon, close, 1);
                    metrics.add(Metric::SourcedDealMrr, close, deal.mrr);
                }
                DealKind::Assisted => metrics.add(Metric::AssistedDealMrr, close, deal.mrr),
            }
        }
    }
    metrics
}

/// A run of whole months, both ends included, as month keys (`202601..=202603`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub first: i32,
    pub last: i32,
}

impl Period {
    pub fn year(year: i32) -> Period {
        Period {
            first: year * 100 + 1,
            last: year * 100 + 12,
        }
    }

    pub fn quarter(year: i32, quarter: u32) -> Period {
        let q = quarter.clamp(1, 4) as i32;
        Period {
            first: year * 100 + q * 3 - 2,
            last: year * 100 + q * 3,
        }
    }

    pub fn contains(&self, month_key: i32) -> bool {
        (self.first..=self.last).contains(&month_key)
    }

    /// The same months a year earlier.
    pub fn previous_year(&self) -> Period {
        Period {
            first: self.first - 100,
            last: self.last - 100,
        }
    }
}

/// The counts and sums behind the data summary of a period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataSummary {
    pub sourced_won_count: i64,
    pub sourced_won_mrr: i64,
    pub won_count: i64,
    pub lost_count: i64,
    pub largest_won: Option<i64>,
    /// Open deals now, whatever the period.
    pub in_flight_count: i64,
    pub in_flight_mrr: i64,
}

impl DataSummary {
    /// Mean MRR of sourced deals closed won in the period, rounded half up.
    pub fn average_selling_price(&self) -> Option<i64> {
        (self.sourced_won_count > 0)
            .then(|| div_half_up(self.sourced_won_mrr, self.sourced_won_count))
    }

    /// Closed won / (closed won + closed lost), by close date, in whole percent.
    pub fn win_rate_percent(&self) -> Option<i64> {
        percent(self.won_count, self.won_count + self.lost_count)
    }
}

pub fn data_summary<'a>(
    deals: impl IntoIterator<Item = &'a DealFacts>,
    period: Period,
) -> DataSummary {
    let mut s = DataSummary::default();
    for deal in deals {
        if deal.stage == DealStage::Open {
            s.in_flight_count += 1;
            s.in_flight_mrr += deal.mrr;
        }
        if !deal.close_month.is_some_and(|m| period.contains(m)) {
            continue;
        }
        match deal.stage {
            DealStage::ClosedWon => {
                s.won_count += 1;
                s.largest_won = Some(s.largest_won.map_or(deal.mrr, |m| m.max(deal.mrr)));
                if deal.kind == DealKind::Sourced {
                    s.sourced_won_count += 1;
                    s.sourced_won_mrr += deal.mrr;
                }
            }
            DealStage::ClosedLost => s.lost_count += 1,
            DealStage::Open => {}
        }
    }
    s
}

/// `part / whole` in whole percent, rounded half up (5 of 6 is 83); no
/// percentage of nothing.
pub fn percent(part: i64, whole: i64) -> Option<i64> {
    (whole > 0).then(|| div_half_up(part * 100, whole))
}

/// Division of non-negative numbers rounded half up.
fn div_half_up(n: i64, d: i64) -> i64 {
    (2 * n + d) / (2 * d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deal(
        kind: DealKind,
        stage: DealStage,
        created: i32,
        closed: Option<i32>,
        mrr: i64,
    ) -> DealFacts {
        DealFacts {
            kind,
            stage,
            create_month: created,
            close_month: closed,
            mrr,
        }
    }

    #[test]
    fn counts_and_sums_each_metric_by_its_own_date() {
        use DealKind::*;
        use DealStage::*;
        let deals = [
            deal(Sourced, ClosedWon, 202512, Some(202601), 1_000),
            deal(Sourced, Open, 202601, None, 700),
            deal(Sourced, ClosedLost, 202602, Some(202603), 900),
            deal(Assisted, ClosedWon, 202601, Some(202603), 500),
            deal(Assisted, ClosedWon, 202601, Some(202701), 400),
        ];
        let m = year_metrics(&deals, 2026);
        assert_eq!(m.month(Metric::SourcedDealsCreated, 1), 1);
        assert_eq!(m.month(Metric::SourcedDealsCreated, 2), 1);
        assert_eq!(m.total(Metric::SourcedDealsCreated), 2);
        assert_eq!(m.month(Metric::SourcedDealsClosedWon, 1), 1);
        assert_eq!(m.total(Metric::SourcedDealsClosedWon), 1);
        assert_eq!(m.month(Metric::SourcedDealMrr, 1), 1_000);
        assert_eq!(m.month(Metric::AssistedDealMrr, 3), 500);
        assert_eq!(m.quarter(Metric::AssistedDealMrr, 1), 500);
        assert_eq!(m.total(Metric::AssistedDealMrr), 500);
        assert_eq!(
            year_metrics(&deals, 2025).total(Metric::SourcedDealsCreated),
            1
        );
    }

    #[test]
    fn summarises_a_period() {
        use DealKind::*;
        use DealStage::*;
        let deals = [
            deal(Sourced, ClosedWon, 202601, Some(202601), 1_000),
            deal(Sourced, ClosedWon, 202601, Some(202602), 2_001),
            deal(Assisted, ClosedWon, 202601, Some(202603), 5_000),
            deal(Sourced, ClosedLost, 202601, Some(202603), 900),
            deal(Sourced, ClosedWon, 202601, Some(202604), 9_999),
            deal(Sourced, Open, 202601, None, 300),
            deal(Assisted, Open, 202601, None, 200),
        ];
        let s = data_summary(&deals, Period::quarter(2026, 1));
        assert_eq!(s.average_selling_price(), Some(1_501)); // 3001 / 2, half up
        assert_eq!(s.won_count, 3);
        assert_eq!(s.win_rate_percent(), Some(75));
        assert_eq!(s.largest_won, Some(5_000));
        assert_eq!((s.in_flight_count, s.in_flight_mrr), (2, 500));
        let empty = data_summary(&deals, Period::quarter(2025, 1));
        assert_eq!(empty.average_selling_price(), None);
        assert_eq!(empty.win_rate_percent(), None);
        assert_eq!(empty.largest_won, None);
    }

    #[test]
    fn percentages_round_half_up() {
        assert_eq!(percent(5, 6), Some(83));
        assert_eq!(percent(1, 8), Some(13)); // 12.5
        assert_eq!(percent(7, 5), Some(140));
        assert_eq!(percent(3, 0), None);
    }

    #[test]
    fn periods() {
        assert_eq!(
            Period::quarter(2026, 2),
            Period {
                first: 202604,
                last: 202606
            }
        );
        assert_eq!(Period::year(2026).previous_year(), Period::year(2025));
    }
}
