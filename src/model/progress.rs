//! Progress against the plan, as ../shared/PRODUCT.md defines it: percent of
//! target achieved per period, and pacing (year to date against the target
//! to date, the status, the projected year end and what is needed per
//! remaining month). The one definition; pages, exports and the portfolio use
//! these functions.

use crate::i18n::Key;
use crate::model::metrics::{percent, Metric, YearMetrics};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The quarter the data summary covers (`?summary=q1`…`q4`), or `None` for
/// the whole year (the default, and what anything else in the URL means).
pub fn summary_quarter(raw: Option<&str>) -> Option<u32> {
    match raw?.trim() {
        "q1" => Some(1),
        "q2" => Some(2),
        "q3" => Some(3),
        "q4" => Some(4),
        _ => None,
    }
}

/// Monthly (the default) or quarterly periods.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum View {
    #[default]
    Monthly,
    Quarterly,
}

impl View {
    pub fn as_str(self) -> &'static str {
        match self {
            View::Monthly => "monthly",
            View::Quarterly => "quarterly",
        }
    }

    /// As written in the URL; anything else is the default.
    pub fn parse(raw: Option<&str>) -> View {
        match raw {
            Some("quarterly") => View::Quarterly,
            _ => View::Monthly,
        }
    }

    /// The periods of a year in this view: months 1–12 or quarters 1–4.
    pub fn periods(self) -> std::ops::RangeInclusive<u32> {
        match self {
            View::Monthly => 1..=12,
            View::Quarterly => 1..=4,
        }
    }

    /// A period's value: a month's, or a quarter's (the sum of its months).
    pub fn value(self, of: &YearMetrics, metric: Metric, period: u32) -> i64 {
        match self {
            View::Monthly => of.month(metric, period),
            View::Quarterly => of.quarter(metric, period),
        }
    }

    /// As the export writes a period: `2026-01` or `2026-Q1`.
    pub fn code(self, year: i32, period: u32) -> String {
        match self {
            View::Monthly => format!("{year}-{period:02}"),
            View::Quarterly => format!("{year}-Q{period}"),
        }
    }
}

/// How a goal is pacing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaceStatus {
    /// The full-year target is already met.
    Achieved,
    /// 100 % or more of the target to date.
    Ahead,
    /// From 90 %.
    OnTrack,
    /// From 75 %.
    Behind,
    /// Below 75 %.
    AtRisk,
}

impl PaceStatus {
    pub const ALL: [PaceStatus; 5] = [
        PaceStatus::Achieved,
        PaceStatus::Ahead,
        PaceStatus::OnTrack,
        PaceStatus::Behind,
        PaceStatus::AtRisk,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PaceStatus::Achieved => "achieved",
            PaceStatus::Ahead => "ahead",
            PaceStatus::OnTrack => "on_track",
            PaceStatus::Behind => "behind",
            PaceStatus::AtRisk => "at_risk",
        }
    }

    pub fn label(self) -> Key {
        match self {
            PaceStatus::Achieved => Key::PaceAchieved,
            PaceStatus::Ahead => Key::PaceAhead,
            PaceStatus::OnTrack => Key::PaceOnTrack,
            PaceStatus::Behind => Key::PaceBehind,
            PaceStatus::AtRisk => Key::PaceAtRisk,
        }
    }

    /// The status of a projected year end against the annual target (above
    /// zero): Ahead at 100 % or more, On track from 90 %, Behind from 75 %,
    /// else At risk. Compared exactly, so that a projection of 121 against
    /// 135 (89.6 %) is Behind, as its figures say.
    pub fn of_projection(projected: i64, annual_target: i64) -> PaceStatus {
        let projected = i128::from(projected) * 100;
        let at = |percent: i128| projected >= i128::from(annual_target) * percent;
        match () {
            _ if at(100) => PaceStatus::Ahead,
            _ if at(90) => PaceStatus::OnTrack,
            _ if at(75) => PaceStatus::Behind,
            _ => PaceStatus::AtRisk,
        }
    }
}

/// How far into a year a day is: whole months past, and the share of the
/// current month that has elapsed (days before `today`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Elapsed {
    /// 0 to 12.
    pub whole_months: u32,
    /// 0.0 up to (not including) 1.0; 0 when the year is over.
    pub month_share: f64,
}

impl Elapsed {
    /// How much of `year` has passed on `today`: none before it, all after it.
    pub fn of(year: i32, today: NaiveDate) -> Elapsed {
        if today.year() < year {
            return Elapsed {
                whole_months: 0,
                month_share: 0.0,
            };
        }
        if today.year() > year {
            return Elapsed {
                whole_months: 12,
                month_share: 0.0,
            };
        }
        let month = today.month();
        let days = days_in_month(year, month);
        Elapsed {
            whole_months: month - 1,
            month_share: f64::from(today.day() - 1) / f64::from(days),
        }
    }

    /// The share of the year that has passed, 0.0 to 1.0.
    pub fn year_share(self) -> f64 {
        (f64::from(self.whole_months) + self.month_share) / 12.0
    }

    pub fn is_over(self) -> bool {
        self.whole_months == 12
    }

    /// Months not yet over, the current one included.
    pub fn remaining_months(self) -> u32 {
        12 - self.whole_months
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    let first = NaiveDate::from_ymd_opt(year, month, 1);
    match (first, next) {
        (Some(first), Some(next)) => (next - first).num_days() as u32,
        _ => 30,
    }
}

/// One goal's pacing in a year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pacing {
    pub year_to_date_actual: i64,
    /// Whole past months plus the elapsed share of the current month, rounded
    /// half up to a whole deal or minor unit.
    pub year_to_date_target: i64,
    pub annual_target: i64,
    /// Year-to-date actual against year-to-date target, in whole percent.
    pub ratio_percent: Option<i64>,
    /// `None` without an annual target.
    pub status: Option<PaceStatus>,
    /// The year's target at the pace so far against the plan (actual to date
    /// ÷ target to date × annual target); without a target, the straight line
    /// of the months so far. `None` before anything was due.
    pub projected_year_end: Option<i64>,
    /// What each remaining month needs to reach the annual target (0 once it
    /// is met); `None` once the year is over.
    pub needed_per_month: Option<i64>,
}

/// Pacing of `metric` in a year from its actuals and targets.
pub fn pacing(
    actuals: &YearMetrics,
    targets: &YearMetrics,
    metric: Metric,
    elapsed: Elapsed,
) -> Pacing {
    let whole = elapsed.whole_months;
    let past = |of: &YearMetrics| (1..=whole).map(|m| of.month(metric, m)).sum::<i64>();
    let current = (whole < 12).then(|| whole + 1);
    let year_to_date_actual =
        past(actuals) + current.map(|m| actuals.month(metric, m)).unwrap_or(0);
    let share_of_current = current
        .map(|m| (targets.month(metric, m) as f64 * elapsed.month_share).round() as i64)
        .unwrap_or(0);
    let year_to_date_target = past(targets) + share_of_current;
    let annual_target = targets.total(metric);
    let ratio_percent = percent(year_to_date_actual, year_to_date_target);
    // One rule gives the projection and the status, so they cannot disagree:
    // the pace so far against the plan's own months (actual to date ÷ target
    // to date), carried to the year's target; the status is where that
    // projection lands against the target.
    let share = elapsed.year_share();
    let projected_year_end = match (annual_target > 0, year_to_date_target > 0) {
        (true, true) => Some(carried(
            year_to_date_actual,
            year_to_date_target,
            annual_target,
        )),
        // Nothing was due yet: there is no pace against the plan to carry.
        (true, false) => None,
        // No target, so no status: the straight line of the months so far.
        (false, _) => (share > 0.0).then(|| (year_to_date_actual as f64 / share).round() as i64),
    };
    let status = (annual_target > 0).then(|| {
        if actuals.total(metric) >= annual_target {
            PaceStatus::Achieved
        } else {
            // Nothing was due yet: on track until something is.
            projected_year_end
                .map(|p| PaceStatus::of_projection(p, annual_target))
                .unwrap_or(PaceStatus::OnTrack)
        }
    });
    let needed_per_month = (!elapsed.is_over()).then(|| {
        let missing = (annual_target - year_to_date_actual).max(0);
        let months = i64::from(elapsed.remaining_months());
        (missing + months - 1) / months
    });
    Pacing {
        year_to_date_actual,
        year_to_date_target,
        annual_target,
        ratio_percent,
        status,
        projected_year_end,
        needed_per_month,
    }
}

/// `annual × actual ÷ due`, rounded half up (all three at least zero, `due`
/// above zero), in 128 bits: money targets in minor units overflow 64.
fn carried(actual: i64, due: i64, annual: i64) -> i64 {
    let (actual, due, annual) = (i128::from(actual), i128::from(due), i128::from(annual));
    let carried = (2 * annual * actual + due) / (2 * due);
    i64::try_from(carried).unwrap_or(i64::MAX)
}

/// One goal of one partner, as the portfolio lists it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    /// The year's actual against the annual target, in whole percent.
    pub attainment: Option<i64>,
    pub status: Option<PaceStatus>,
}

impl Standing {
    pub fn of(pacing: &Pacing, actual_total: i64) -> Standing {
        Standing {
            attainment: percent(actual_total, pacing.annual_target),
            status: pacing.status,
        }
    }
}

/// How the portfolio is sorted and filtered, as its URL says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortfolioOrder {
    /// By a goal's attainment; `None`: by partner name.
    pub by: Option<Metric>,
    pub descending: bool,
    /// Only partners with a goal in this status.
    pub status: Option<PaceStatus>,
}

impl PortfolioOrder {
    pub fn from_params<'a>(param: impl Fn(&str) -> Option<&'a str>) -> PortfolioOrder {
        PortfolioOrder {
            by: param("sort").and_then(|s| Metric::ALL.into_iter().find(|m| m.as_str() == s)),
            descending: param("dir") == Some("desc"),
            status: param("status")
                .and_then(|s| PaceStatus::ALL.into_iter().find(|p| p.as_str() == s)),
        }
    }

    /// Orders rows of (name, standings in `Metric::ALL` order) and keeps the
    /// ones the filter asks for. Partners without a figure sort last.
    pub fn apply<T>(
        &self,
        rows: &mut Vec<T>,
        name: impl Fn(&T) -> &str,
        standings: impl Fn(&T) -> &[Standing],
    ) {
        if let Some(status) = self.status {
            rows.retain(|r| standings(r).iter().any(|s| s.status == Some(status)));
        }
        let index = self
            .by
            .and_then(|m| Metric::ALL.iter().position(|x| *x == m));
        rows.sort_by(|a, b| {
            let by_name = name(a).cmp(name(b));
            let order = match index {
                None => by_name,
                Some(i) => {
                    let (x, y) = (standings(a)[i].attainment, standings(b)[i].attainment);
                    match (x, y) {
                        (Some(x), Some(y)) => x.cmp(&y).then(by_name),
                        (Some(_), None) => return std::cmp::Ordering::Less,
                        (None, Some(_)) => return std::cmp::Ordering::Greater,
                        (None, None) => return by_name,
                    }
                }
            };
            if self.descending {
                order.reverse()
            } else {
                order
            }
        });
    }
}

/// A chart's value axis: ticks from 0 to the first round value at or above
/// `largest`, in at most five equal steps of 1, 2 or 5 × 10ⁿ `unit`s (a whole
/// deal, or a whole unit of the partner's currency in minor units), so every
/// tick reads as a plain number.
pub fn axis_ticks(largest: i64, unit: i64) -> Vec<i64> {
    let unit = unit.max(1);
    let ceil = |a: i64, b: i64| a / b + i64::from(a % b != 0);
    let units = ceil(largest.max(0), unit).max(1);
    let mut power: i64 = 1;
    loop {
        for m in [1, 2, 5] {
            let step = power.saturating_mul(m);
            let steps = ceil(units, step);
            if steps <= 5 {
                return (0..=steps)
                    .map(|i| i.saturating_mul(step).saturating_mul(unit))
                    .collect();
            }
        }
        power = power.saturating_mul(10);
    }
}

/// A tick's label: a count as it is, an amount in whole units of its
/// currency with its thousands grouped (the axis names the currency).
pub fn axis_label(value: i64, metric: Metric, currency: crate::model::Currency) -> String {
    let whole = if metric.is_money() {
        value / 10_i64.pow(currency.minor_digits())
    } else {
        value
    };
    let grouped = crate::model::money::group_thousands(whole.unsigned_abs());
    if whole < 0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_summary_covers_a_named_quarter_or_else_the_year() {
        assert_eq!(summary_quarter(Some("q1")), Some(1));
        assert_eq!(summary_quarter(Some(" q4 ")), Some(4));
        for other in [
            None,
            Some(""),
            Some("q0"),
            Some("q5"),
            Some("Q2"),
            Some("year"),
        ] {
            assert_eq!(summary_quarter(other), None, "{other:?}");
        }
    }

    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn year_of(values: [i64; 12]) -> YearMetrics {
        let mut y = YearMetrics::empty(2026);
        for (i, v) in values.into_iter().enumerate() {
            y.set(Metric::SourcedDealsCreated, i as u32 + 1, v);
        }
        y
    }

    #[test]
    fn statuses_change_at_their_boundaries() {
        let of = |projected| PaceStatus::of_projection(projected, 200);
        assert_eq!(of(200), PaceStatus::Ahead);
        assert_eq!(of(199), PaceStatus::OnTrack);
        assert_eq!(of(180), PaceStatus::OnTrack);
        assert_eq!(of(179), PaceStatus::Behind);
        assert_eq!(of(150), PaceStatus::Behind);
        assert_eq!(of(149), PaceStatus::AtRisk);
        assert_eq!(of(0), PaceStatus::AtRisk);
        // Exact, not rounded: 121 of 135 is 89.6 %.
        assert_eq!(PaceStatus::of_projection(121, 135), PaceStatus::Behind);
        // Money in minor units does not overflow.
        assert_eq!(
            PaceStatus::of_projection(i64::MAX, i64::MAX),
            PaceStatus::Ahead
        );
    }

    #[test]
    fn elapsed_time_counts_whole_months_and_the_days_before_today() {
        assert_eq!(
            Elapsed::of(2026, day(2026, 1, 1)),
            Elapsed {
                whole_months: 0,
                month_share: 0.0
            }
        );
        let april = Elapsed::of(2026, day(2026, 4, 16));
        assert_eq!(april.whole_months, 3);
        assert!((april.month_share - 0.5).abs() < 1e-9);
        assert!(Elapsed::of(2025, day(2026, 3, 1)).is_over());
        assert_eq!(Elapsed::of(2027, day(2026, 3, 1)).year_share(), 0.0);
    }

    #[test]
    fn no_elapsed_time_projects_nothing() {
        let p = pacing(
            &year_of([0; 12]),
            &year_of([10; 12]),
            Metric::SourcedDealsCreated,
            Elapsed::of(2026, day(2026, 1, 1)),
        );
        assert_eq!(p.projected_year_end, None);
        assert_eq!(p.year_to_date_target, 0);
        assert_eq!(p.ratio_percent, None);
        assert_eq!(p.status, Some(PaceStatus::OnTrack));
        assert_eq!(p.needed_per_month, Some(10));
    }

    #[test]
    fn pacing_mid_april() {
        // Targets 10 a month; 36 done by mid-April: due 30 + 5 = 35.
        let actuals = year_of([12, 10, 9, 5, 0, 0, 0, 0, 0, 0, 0, 0]);
        let p = pacing(
            &actuals,
            &year_of([10; 12]),
            Metric::SourcedDealsCreated,
            Elapsed::of(2026, day(2026, 4, 16)),
        );
        assert_eq!(
            (
                p.year_to_date_actual,
                p.year_to_date_target,
                p.annual_target
            ),
            (36, 35, 120)
        );
        assert_eq!(p.ratio_percent, Some(103));
        assert_eq!(p.status, Some(PaceStatus::Ahead));
        // 36 of the 35 due, carried to the 120 of the year: 123.4.
        assert_eq!(p.projected_year_end, Some(123));
        // 84 missing over April to December: 9.33 → 10 a month.
        assert_eq!(p.needed_per_month, Some(10));
    }

    /// Issue 22: "On track" beside a projected 121 against 135. Targets
    /// weighted to the first months (15 a month, then 10) made the pace to
    /// date look on track while the straight line fell short.
    #[test]
    fn the_status_is_where_the_projection_lands() {
        let targets = year_of([15, 15, 15, 15, 15, 15, 10, 10, 10, 10, 5, 0]);
        assert_eq!(targets.total(Metric::SourcedDealsCreated), 135);
        let p = pacing(
            &year_of([13, 14, 13, 14, 13, 14, 0, 0, 0, 0, 0, 0]),
            &targets,
            Metric::SourcedDealsCreated,
            Elapsed::of(2026, day(2026, 7, 1)),
        );
        // 81 of the 90 due: 90 % of the pace, carried to 121.5 → 122 of 135.
        assert_eq!((p.year_to_date_actual, p.year_to_date_target), (81, 90));
        assert_eq!(p.projected_year_end, Some(122));
        assert_eq!(p.status, Some(PaceStatus::OnTrack));
        let behind = pacing(
            &year_of([13, 14, 13, 14, 13, 13, 0, 0, 0, 0, 0, 0]),
            &targets,
            Metric::SourcedDealsCreated,
            Elapsed::of(2026, day(2026, 7, 1)),
        );
        // 80 of 90 carried to 120: under 90 % of 135 (121.5), so Behind.
        assert_eq!(behind.projected_year_end, Some(120));
        assert_eq!(behind.status, Some(PaceStatus::Behind));
    }

    #[test]
    fn a_met_target_is_achieved_and_needs_nothing_more() {
        let p = pacing(
            &year_of([60, 70, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            &year_of([10; 12]),
            Metric::SourcedDealsCreated,
            Elapsed::of(2026, day(2026, 3, 1)),
        );
        assert_eq!(p.status, Some(PaceStatus::Achieved));
        assert_eq!(p.needed_per_month, Some(0));
        let none = pacing(
            &year_of([5; 12]),
            &year_of([0; 12]),
            Metric::SourcedDealsCreated,
            Elapsed::of(2026, day(2026, 3, 1)),
        );
        assert_eq!(none.status, None, "no target, no status");
    }

    #[test]
    fn a_past_year_shows_its_final_attainment() {
        let p = pacing(
            &year_of([5; 12]),
            &year_of([6; 12]),
            Metric::SourcedDealsCreated,
            Elapsed::of(2025, day(2026, 6, 1)),
        );
        assert_eq!((p.year_to_date_actual, p.year_to_date_target), (60, 72));
        assert_eq!(p.ratio_percent, Some(83), "5 of 6 is 83 %");
        assert_eq!(p.needed_per_month, None);
        assert_eq!(p.projected_year_end, Some(60));
    }

    #[test]
    fn views_and_codes() {
        assert_eq!(View::parse(Some("quarterly")), View::Quarterly);
        assert_eq!(View::parse(Some("weekly")), View::Monthly);
        assert_eq!(View::Monthly.code(2026, 3), "2026-03");
        assert_eq!(View::Quarterly.code(2026, 2), "2026-Q2");
    }

    #[test]
    fn the_portfolio_sorts_by_attainment_with_blanks_last_and_filters_by_status() {
        let standing = |attainment, status| Standing { attainment, status };
        let rows = vec![
            ("Beta", [standing(Some(80), Some(PaceStatus::Behind)); 4]),
            ("Alpha", [standing(None, None); 4]),
            (
                "Gamma",
                [standing(Some(120), Some(PaceStatus::Achieved)); 4],
            ),
        ];
        let names = |order: PortfolioOrder| {
            let mut r = rows.clone();
            order.apply(&mut r, |r| r.0, |r| &r.1);
            r.iter().map(|r| r.0).collect::<Vec<_>>()
        };
        assert_eq!(names(PortfolioOrder::default()), ["Alpha", "Beta", "Gamma"]);
        let by = Some(Metric::SourcedDealMrr);
        assert_eq!(
            names(PortfolioOrder {
                by,
                ..Default::default()
            }),
            ["Beta", "Gamma", "Alpha"]
        );
        assert_eq!(
            names(PortfolioOrder {
                by,
                descending: true,
                ..Default::default()
            }),
            ["Gamma", "Beta", "Alpha"]
        );
        assert_eq!(
            names(PortfolioOrder {
                status: Some(PaceStatus::Behind),
                ..Default::default()
            }),
            ["Beta"]
        );
        let parsed = PortfolioOrder::from_params(|k| match k {
            "sort" => Some("sourced_deal_mrr"),
            "dir" => Some("desc"),
            "status" => Some("at_risk"),
            _ => None,
        });
        assert_eq!(
            parsed,
            PortfolioOrder {
                by,
                descending: true,
                status: Some(PaceStatus::AtRisk)
            }
        );
    }

    #[test]
    fn an_axis_ends_on_a_round_value_at_or_above_the_largest() {
        assert_eq!(axis_ticks(7, 1), [0, 2, 4, 6, 8]);
        assert_eq!(axis_ticks(0, 1), [0, 1]);
        assert_eq!(axis_ticks(5, 1), [0, 1, 2, 3, 4, 5]);
        // USD 2,856.00 in cents: whole thousands of dollars.
        assert_eq!(axis_ticks(285_600, 100), [0, 100_000, 200_000, 300_000]);
        assert_eq!(
            axis_label(
                300_000,
                Metric::SourcedDealMrr,
                crate::model::Currency::parse("USD").unwrap()
            ),
            "3,000"
        );
        assert_eq!(
            axis_label(
                12,
                Metric::SourcedDealsCreated,
                crate::model::Currency::parse("TWD").unwrap()
            ),
            "12"
        );
    }

    proptest! {
        #[test]
        fn axis_ticks_start_at_zero_rise_evenly_and_reach_the_largest(
            largest in 0_i64..1_000_000_000_000,
            unit in prop_oneof![Just(1_i64), Just(100_i64)],
        ) {
            let ticks = axis_ticks(largest, unit);
            prop_assert!((2..=6).contains(&ticks.len()));
            prop_assert_eq!(ticks[0], 0);
            prop_assert!(*ticks.last().unwrap() >= largest);
            let step = ticks[1];
            prop_assert!(step > 0 && step % unit == 0);
            prop_assert!(ticks.windows(2).all(|w| w[1] - w[0] == step));
        }

        #[test]
        fn the_status_is_the_projections_and_the_needs_cover_the_gap(
            actual in proptest::collection::vec(0_i64..1_000, 12),
            target in proptest::collection::vec(0_i64..1_000, 12),
            month in 1u32..=12,
            d in 1u32..=28,
        ) {
            let (a, t) = (year_of(actual.clone().try_into().unwrap()), year_of(target.clone().try_into().unwrap()));
            let p = pacing(&a, &t, Metric::SourcedDealsCreated, Elapsed::of(2026, day(2026, month, d)));
            prop_assert!(p.year_to_date_target <= p.annual_target);
            // Status and projection come from one rule: whatever the
            // figures, the status is the projection's against the target.
            match (p.status, p.projected_year_end) {
                (None, _) => prop_assert_eq!(p.annual_target, 0),
                (Some(PaceStatus::Achieved), _) => prop_assert!(a.total(Metric::SourcedDealsCreated) >= p.annual_target),
                (Some(status), Some(projected)) => {
                    prop_assert_eq!(status, PaceStatus::of_projection(projected, p.annual_target));
                    let share = projected as f64 / p.annual_target as f64;
                    let agrees = match status {
                        PaceStatus::Ahead => share >= 1.0,
                        PaceStatus::OnTrack => (0.9..1.0).contains(&share),
                        PaceStatus::Behind => (0.75..0.9).contains(&share),
                        _ => share < 0.75,
                    };
                    prop_assert!(agrees, "{:?} at {} of {}", status, projected, p.annual_target);
                }
                // Nothing due yet: on track until something is.
                (Some(status), None) => {
                    prop_assert_eq!(status, PaceStatus::OnTrack);
                    prop_assert_eq!(p.year_to_date_target, 0);
                }
            }
            if let Some(needed) = p.needed_per_month {
                let remaining = i64::from(13 - month);
                prop_assert!(p.year_to_date_actual + needed * remaining >= p.annual_target);
            }
        }
    }
}
