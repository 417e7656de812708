//! Quarterly reviews ("Set up quarterly reviews"): which quarter a review is
//! of, which months of the plan it may still change, the performance snapshot
//! it freezes, and its notes as typed.

use crate::i18n::Key;
use crate::model::metrics::{percent, Metric, YearMetrics};
use crate::model::progress::{pacing, Elapsed, Pacing, View};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// One quarter of one year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4.
    pub quarter: u32,
}

impl Quarter {
    /// A quarter a review may be of (a plan's year, quarter 1 to 4).
    pub fn new(year: i32, quarter: u32) -> Option<Quarter> {
        (crate::model::goals::PLAN_YEARS.contains(&year) && (1..=4).contains(&quarter))
            .then_some(Quarter { year, quarter })
    }

    /// The quarter `day` falls in.
    pub fn of(day: NaiveDate) -> Quarter {
        Quarter {
            year: day.year(),
            quarter: (day.month() - 1) / 3 + 1,
        }
    }

    /// The quarter that ended last before `today`: the one a review is usually of.
    pub fn last_ended(today: NaiveDate) -> Quarter {
        Quarter::of(today).previous()
    }

    pub fn previous(self) -> Quarter {
        match self.quarter {
            1 => Quarter {
                year: self.year - 1,
                quarter: 4,
            },
            q => Quarter {
                year: self.year,
                quarter: q - 1,
            },
        }
    }

    pub fn first_month(self) -> u32 {
        self.quarter * 3 - 2
    }

    pub fn last_month(self) -> u32 {
        self.quarter * 3
    }

    /// As written in forms and URLs: `2026-Q3`.
    pub fn code(self) -> String {
        format!("{}-Q{}", self.year, self.quarter)
    }

    pub fn parse(code: &str) -> Option<Quarter> {
        let (year, quarter) = code.trim().split_once("-Q")?;
        Quarter::new(year.parse().ok()?, quarter.parse().ok()?)
    }

    /// The day after the quarter's last: the quarter is over from its start.
    pub fn day_after(self) -> NaiveDate {
        let (year, month) = match self.quarter {
            4 => (self.year + 1, 1),
            q => (self.year, q * 3 + 1),
        };
        NaiveDate::from_ymd_opt(year, month, 1).expect("the first of a month exists")
    }

    /// Whether the quarter is over on `today`: only then can it be reviewed.
    pub fn has_ended(self, today: NaiveDate) -> bool {
        Quarter::of(today) > self
    }

    /// The plan a review of this quarter updates: the rest of its own year,
    /// or for a fourth quarter the whole of the next year.
    pub fn plan_year(self) -> i32 {
        if self.quarter == 4 {
            self.year + 1
        } else {
            self.year
        }
    }

    /// The months of [`Quarter::plan_year`] a review of this quarter may
    /// change: those after the quarter's end.
    pub fn open_months(self) -> std::ops::RangeInclusive<u32> {
        if self.quarter == 4 {
            1..=12
        } else {
            self.last_month() + 1..=12
        }
    }

    /// Whether a review of this quarter must leave `month` of `year` as it
    /// is: every month up to the end of the quarter is history.
    pub fn locks(self, year: i32, month: u32) -> bool {
        (year, month) <= (self.year, self.last_month())
    }
}

/// One goal's performance in the snapshot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoalSnapshot {
    pub metric: Metric,
    pub quarter_actual: i64,
    pub quarter_target: i64,
    /// The quarter's actual against its target, in whole percent.
    pub quarter_percent: Option<i64>,
    /// Year to date, status and projection, as the progress page showed them.
    pub pacing: Pacing,
    /// The forecast's year end by commit, weighted and best case, in
    /// hundredths (`model::forecast`); `None` for a metric without one, and
    /// in snapshots taken before the forecast was kept.
    #[serde(default)]
    pub forecast: Option<[i64; 3]>,
}

/// What a review froze: each goal's figures for the review's quarter and its
/// year, as the progress page showed them when it was taken, and the company
/// goals and open tasks as they stood. Taken when the review starts, when it
/// is refreshed, and when it is completed: a completed review shows exactly
/// what was true then, whatever changes after.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub quarter: Quarter,
    /// Whether the year had a plan: without one, targets are zero.
    pub planned: bool,
    /// In [`Metric::ALL`] order.
    pub goals: Vec<GoalSnapshot>,
    /// The company goals of the plan the review updates, in
    /// `GoalCategory::ALL` order; `None` without a plan (and in snapshots
    /// taken before they were kept).
    #[serde(default)]
    pub company_goals: Option<[String; 5]>,
    /// The partner's open tasks, by due time; `None` in snapshots taken
    /// before they were kept.
    #[serde(default)]
    pub open_tasks: Option<Vec<FrozenTask>>,
}

/// An open task as a snapshot keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrozenTask {
    pub id: crate::model::TaskId,
    pub title: String,
    pub due_at: chrono::DateTime<chrono::Utc>,
    /// Overdue when the snapshot was taken.
    pub overdue: bool,
}

impl Snapshot {
    /// The snapshot of `quarter` from the year's actuals and targets, `elapsed`
    /// being how far the year was on the day it is taken. Every figure comes
    /// from the functions the progress page uses.
    pub fn take(
        quarter: Quarter,
        actuals: &YearMetrics,
        targets: Option<&YearMetrics>,
        elapsed: Elapsed,
    ) -> Snapshot {
        let empty = YearMetrics::empty(quarter.year);
        let planned = targets.unwrap_or(&empty);
        let goals = Metric::ALL
            .into_iter()
            .map(|metric| {
                let actual = View::Quarterly.value(actuals, metric, quarter.quarter);
                let target = View::Quarterly.value(planned, metric, quarter.quarter);
                GoalSnapshot {
                    metric,
                    quarter_actual: actual,
                    quarter_target: target,
                    quarter_percent: percent(actual, target),
                    pacing: pacing(actuals, planned, metric, elapsed),
                    forecast: None,
                }
            })
            .collect();
        Snapshot {
            quarter,
            planned: targets.is_some(),
            goals,
            company_goals: None,
            open_tasks: None,
        }
    }

    /// The snapshot with the forecast's year end of the moment.
    pub fn with_forecast(mut self, forecast: &crate::model::forecast::Forecast) -> Snapshot {
        use crate::model::forecast::Method;
        for goal in &mut self.goals {
            let [commit, weighted, best] = Method::ALL.map(|m| forecast.year_end(m, goal.metric));
            goal.forecast = commit.zip(weighted).zip(best).map(|((c, w), b)| [c, w, b]);
        }
        self
    }

    /// The snapshot with the company goals and open tasks that stood with it.
    pub fn with_plan_and_tasks(
        self,
        company_goals: Option<[String; 5]>,
        open_tasks: Vec<FrozenTask>,
    ) -> Snapshot {
        Snapshot {
            company_goals,
            open_tasks: Some(open_tasks),
            ..self
        }
    }
}

/// Longest attendee list, and longest note or strategy text, in characters.
pub const ATTENDEES_MAX: usize = 1_000;
pub const NOTE_MAX: usize = 10_000;

/// The review's notes and strategy changes, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewNotes {
    /// `YYYY-MM-DD`, or empty until the meeting is held.
    pub held_on: String,
    pub attendees: String,
    pub went_well: String,
    pub did_not_go_well: String,
    pub strategy: String,
}

/// The field names of the review's form, which errors are reported on.
pub mod fields {
    pub const HELD_ON: &str = "held_on";
    pub const ATTENDEES: &str = "attendees";
    pub const WENT_WELL: &str = "went_well";
    pub const DID_NOT_GO_WELL: &str = "did_not_go_well";
    pub const STRATEGY: &str = "strategy";
    /// The fields a conflict compares, in the form's order.
    pub const COMPARED: [&str; 5] = [HELD_ON, ATTENDEES, WENT_WELL, DID_NOT_GO_WELL, STRATEGY];
}

/// The review page's forms, by their `_form` key: each gets its own errors
/// and notice back.
pub mod forms {
    /// What every key of a review's form starts with.
    pub const PREFIX: &str = "review";
    /// Notes, strategy changes, company goals and targets.
    pub const REVIEW: &str = "review";
    pub const START: &str = "review-start";
    /// Refresh snapshot, mark complete, reopen.
    pub const STATUS: &str = "review-status";

    /// One open task's "Reschedule".
    pub fn reschedule(task: crate::model::TaskId) -> String {
        format!("review-reschedule-{task}")
    }
}

/// A date the review was held: empty, or a date as `model::date` reads it.
pub fn parse_held_on(raw: &str) -> Result<String, Key> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(String::new());
    }
    crate::model::date::parse(raw)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|e| e.message())
}

/// A note: trimmed, at most `max` characters.
pub fn parse_note(raw: &str, max: usize) -> Result<String, Key> {
    let text = raw.trim();
    if text.chars().count() > max {
        Err(Key::ErrTextTooLong)
    } else {
        Ok(text.to_string())
    }
}

impl ReviewNotes {
    /// A field's value by its form name.
    pub fn get(&self, field: &str) -> &str {
        match field {
            fields::HELD_ON => &self.held_on,
            fields::ATTENDEES => &self.attendees,
            fields::WENT_WELL => &self.went_well,
            fields::DID_NOT_GO_WELL => &self.did_not_go_well,
            _ => &self.strategy,
        }
    }

    pub fn set(&mut self, field: &str, value: String) {
        match field {
            fields::HELD_ON => self.held_on = value,
            fields::ATTENDEES => self.attendees = value,
            fields::WENT_WELL => self.went_well = value,
            fields::DID_NOT_GO_WELL => self.did_not_go_well = value,
            _ => self.strategy = value,
        }
    }

    /// The compared fields where `self` differs from `other`.
    pub fn differences(&self, other: &ReviewNotes) -> Vec<&'static str> {
        fields::COMPARED
            .into_iter()
            .filter(|f| self.get(f) != other.get(f))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::progress::PaceStatus;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_quarter_is_over_from_the_day_after_it() {
        let q = |year, quarter| Quarter { year, quarter };
        assert_eq!(q(2026, 1).day_after(), day(2026, 4, 1));
        assert_eq!(q(2026, 3).day_after(), day(2026, 10, 1));
        assert_eq!(q(2026, 4).day_after(), day(2027, 1, 1));
        for quarter in 1..=4 {
            let after = q(2026, quarter).day_after();
            assert!(q(2026, quarter).has_ended(after));
            assert!(!q(2026, quarter).has_ended(after.pred_opt().unwrap()));
            assert_eq!(Quarter::last_ended(after), q(2026, quarter));
        }
    }

    #[test]
    fn the_last_ended_quarter_is_the_one_before_today() {
        assert_eq!(
            Quarter::last_ended(day(2026, 11, 30)),
            Quarter::new(2026, 3).unwrap()
        );
        assert_eq!(
            Quarter::last_ended(day(2026, 1, 1)),
            Quarter::new(2025, 4).unwrap()
        );
        assert_eq!(
            Quarter::last_ended(day(2026, 4, 1)),
            Quarter::new(2026, 1).unwrap()
        );
        let q3 = Quarter::new(2026, 3).unwrap();
        assert!(q3.has_ended(day(2026, 10, 1)));
        assert!(!q3.has_ended(day(2026, 9, 30)));
        assert_eq!(Quarter::parse(&q3.code()), Some(q3));
        for bad in ["2026-Q5", "2026-Q0", "1999-Q1", "2026", "Q3", "x-Q1"] {
            assert_eq!(Quarter::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn months_up_to_the_end_of_the_quarter_are_locked() {
        let q3 = Quarter::new(2026, 3).unwrap();
        assert_eq!(q3.plan_year(), 2026);
        assert_eq!(q3.open_months(), 10..=12);
        for month in 1..=9 {
            assert!(q3.locks(2026, month), "month {month}");
        }
        for month in 10..=12 {
            assert!(!q3.locks(2026, month), "month {month}");
        }
        assert!(q3.locks(2025, 12));
        assert!(!q3.locks(2027, 1));

        let q1 = Quarter::new(2026, 1).unwrap();
        assert_eq!(q1.open_months(), 4..=12);
        assert!(q1.locks(2026, 3) && !q1.locks(2026, 4));

        // A fourth quarter's review updates the next year's plan, all of it.
        let q4 = Quarter::new(2026, 4).unwrap();
        assert_eq!((q4.plan_year(), q4.open_months()), (2027, 1..=12));
        assert!(q4.locks(2026, 12));
        assert!((1..=12).all(|m| !q4.locks(2027, m)));
    }

    #[test]
    fn every_open_month_is_unlocked_and_every_other_locked() {
        for year in [2025, 2026] {
            for quarter in 1..=4 {
                let q = Quarter::new(year, quarter).unwrap();
                for month in 1..=12 {
                    assert_eq!(
                        q.locks(q.plan_year(), month),
                        !q.open_months().contains(&month),
                        "{} month {month}",
                        q.code()
                    );
                }
            }
        }
    }

    #[test]
    fn the_snapshot_equals_the_progress_numbers_at_that_time() {
        let mut actuals = YearMetrics::empty(2026);
        let mut targets = YearMetrics::empty(2026);
        for month in 1..=12 {
            targets.set(Metric::SourcedDealsCreated, month, 4);
            targets.set(Metric::SourcedDealMrr, month, 100_000);
        }
        actuals.set(Metric::SourcedDealsCreated, 7, 3);
        actuals.set(Metric::SourcedDealsCreated, 8, 5);
        actuals.set(Metric::SourcedDealsCreated, 11, 2);
        actuals.set(Metric::SourcedDealMrr, 9, 50_000);
        let q3 = Quarter::new(2026, 3).unwrap();
        let today = day(2026, 11, 30);
        let elapsed = Elapsed::of(2026, today);
        let snapshot = Snapshot::take(q3, &actuals, Some(&targets), elapsed);
        assert!(snapshot.planned);
        assert_eq!(snapshot.goals.len(), Metric::ALL.len());
        for (goal, metric) in snapshot.goals.iter().zip(Metric::ALL) {
            // What the progress page shows: its quarterly view, and its pacing.
            assert_eq!(goal.metric, metric);
            assert_eq!(
                goal.quarter_actual,
                View::Quarterly.value(&actuals, metric, 3)
            );
            assert_eq!(
                goal.quarter_target,
                View::Quarterly.value(&targets, metric, 3)
            );
            assert_eq!(
                goal.quarter_percent,
                percent(goal.quarter_actual, goal.quarter_target)
            );
            assert_eq!(goal.pacing, pacing(&actuals, &targets, metric, elapsed));
        }
        let created = &snapshot.goals[0];
        assert_eq!((created.quarter_actual, created.quarter_target), (8, 12));
        assert_eq!(created.quarter_percent, Some(67));
        assert_eq!(created.pacing.year_to_date_actual, 10);
        assert_eq!(created.pacing.status, Some(PaceStatus::AtRisk));
        // Stored as JSON and read back, it is the same snapshot.
        let json = serde_json::to_string(&snapshot).unwrap();
        assert_eq!(serde_json::from_str::<Snapshot>(&json).unwrap(), snapshot);
    }

    #[test]
    fn without_a_plan_the_targets_are_zero() {
        let q2 = Quarter::new(2026, 2).unwrap();
        let mut actuals = YearMetrics::empty(2026);
        actuals.set(Metric::AssistedDealMrr, 5, 1_000);
        let snapshot = Snapshot::take(q2, &actuals, None, Elapsed::of(2026, day(2026, 7, 2)));
        assert!(!snapshot.planned);
        let assisted = &snapshot.goals[3];
        assert_eq!(
            (assisted.quarter_actual, assisted.quarter_target),
            (1_000, 0)
        );
        assert_eq!(assisted.quarter_percent, None);
        assert_eq!(assisted.pacing.status, None);
    }

    #[test]
    fn notes_are_checked_field_by_field() {
        assert_eq!(parse_held_on(" 2026-10-05 "), Ok("2026-10-05".into()));
        assert_eq!(parse_held_on(""), Ok(String::new()));
        assert_eq!(parse_held_on("2026-02-30"), Err(Key::ErrDateInvalid));
        assert_eq!(parse_held_on("next week"), Err(Key::ErrDateInvalid));
        assert_eq!(parse_held_on("-262143-01-01"), Err(Key::ErrDateOutOfRange));
        assert_eq!(parse_note("  ok ", 5), Ok("ok".into()));
        assert_eq!(parse_note(&"字".repeat(6), 5), Err(Key::ErrTextTooLong));
        let mut a = ReviewNotes::default();
        let b = a.clone();
        a.set(fields::STRATEGY, "Focus on retail".into());
        a.set(fields::HELD_ON, "2026-10-05".into());
        assert_eq!(a.differences(&b), vec![fields::HELD_ON, fields::STRATEGY]);
        assert_eq!(a.get(fields::STRATEGY), "Focus on retail");
    }
}
