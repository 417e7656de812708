//! Action tasks ("Go to market"): the enumerations of ../shared/PRODUCT.md and
//! the rules of a task's fields, above all when a due-date or reminder preset
//! falls. Presets are read in the user's time zone: "Tomorrow at 08:00" is
//! 08:00 on the user's wall clock, whatever UTC instant that is that day.
//! Pure. The server resolves every preset with this code when a task is
//! saved, and the panel renders each preset's choice from it; the panel's
//! island only shows and hides the custom date fields, so no date arithmetic
//! runs in the browser that could differ from the server's.

use crate::i18n::Key;
use crate::model::date;
use chrono::{
    DateTime, Datelike, Duration, LocalResult, Months, NaiveDate, NaiveDateTime, NaiveTime,
    TimeZone, Utc, Weekday,
};
use serde::{Deserialize, Serialize};

choices! {
    /// What kind of action a task is.
    TaskType {
        Call => "call", TaskTypeCall;
        Email => "email", TaskTypeEmail;
        Todo => "todo", TaskTypeTodo;
    }
}

choices! {
    /// How important a task is; ordered from least to most.
    Priority {
        None => "none", PriorityNone;
        Low => "low", PriorityLow;
        Medium => "medium", PriorityMedium;
        High => "high", PriorityHigh;
    }
}

choices! {
    /// When a task is due, relative to the day it is set.
    DuePreset {
        Today => "today", DueToday;
        Tomorrow => "tomorrow", DueTomorrow;
        In2BusinessDays => "in_2_business_days", DueIn2BusinessDays;
        In3BusinessDays => "in_3_business_days", DueIn3BusinessDays;
        In1Week => "in_1_week", DueIn1Week;
        In2Weeks => "in_2_weeks", DueIn2Weeks;
        In1Month => "in_1_month", DueIn1Month;
        In3Months => "in_3_months", DueIn3Months;
        In6Months => "in_6_months", DueIn6Months;
        Custom => "custom", DueCustom;
    }
}

choices! {
    /// When to be reminded of a task.
    ReminderPreset {
        None => "none", ReminderNone;
        AtDue => "at_due", ReminderAtDue;
        Before15m => "before_15m", ReminderBefore15m;
        Before30m => "before_30m", ReminderBefore30m;
        Before1h => "before_1h", ReminderBefore1h;
        Before1d => "before_1d", ReminderBefore1d;
        Before1w => "before_1w", ReminderBefore1w;
        Custom => "custom", ReminderCustom;
    }
}

/// A new task is due in 3 business days at 08:00 unless the user says otherwise.
pub const DEFAULT_DUE: DuePreset = DuePreset::In3BusinessDays;
pub const DEFAULT_DUE_TIME: NaiveTime = match NaiveTime::from_hms_opt(8, 0, 0) {
    Some(t) => t,
    None => unreachable!(),
};
pub const TITLE_MAX: usize = 200;
pub const NOTES_MAX: usize = 10_000;

/// A task's title: 1 to 200 characters once trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskTitle(String);

impl TaskTitle {
    pub fn parse(raw: &str) -> Result<TaskTitle, Key> {
        let title = raw.trim();
        match title.chars().count() {
            0 => Err(Key::ErrTaskTitleRequired),
            n if n > TITLE_MAX => Err(Key::ErrTaskTitleTooLong),
            _ => Ok(TaskTitle(title.to_string())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A task's notes: free text, line breaks kept, trailing space dropped.
pub fn parse_notes(raw: &str) -> Result<String, Key> {
    let notes = raw.trim_end();
    if notes.chars().count() > NOTES_MAX {
        Err(Key::ErrTextTooLong)
    } else {
        Ok(notes.replace("\r\n", "\n"))
    }
}

/// `n` business days after `from`, skipping Saturdays and Sundays. From a
/// weekend day, the first business day counts as one.
pub fn add_business_days(from: NaiveDate, n: u32) -> NaiveDate {
    let mut day = from;
    let mut left = n;
    while left > 0 {
        day = day.succ_opt().unwrap_or(day);
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    day
}

impl DuePreset {
    /// The day this preset names when set on `today`; `None` for a custom date.
    /// Months keep the day of the month, or take the month's last day when it
    /// has no such day (31 January + 1 month is 28 or 29 February).
    pub fn date(self, today: NaiveDate) -> Option<NaiveDate> {
        let months = |n| today.checked_add_months(Months::new(n));
        match self {
            DuePreset::Today => Some(today),
            DuePreset::Tomorrow => today.succ_opt(),
            DuePreset::In2BusinessDays => Some(add_business_days(today, 2)),
            DuePreset::In3BusinessDays => Some(add_business_days(today, 3)),
            DuePreset::In1Week => today.checked_add_signed(Duration::days(7)),
            DuePreset::In2Weeks => today.checked_add_signed(Duration::days(14)),
            DuePreset::In1Month => months(1),
            DuePreset::In3Months => months(3),
            DuePreset::In6Months => months(6),
            DuePreset::Custom => None,
        }
    }
}

/// A wall-clock time in `zone` as an instant. A time the clocks skip (the
/// hour lost when summer time starts) does not exist and is refused; a time
/// they pass twice (when it ends) is the first of the two.
pub fn local_instant<Z: TimeZone>(zone: &Z, at: NaiveDateTime) -> Option<DateTime<Utc>> {
    match zone.from_local_datetime(&at) {
        LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Some(first.with_timezone(&Utc)),
        LocalResult::None => None,
    }
}

/// A time of day as a time field or the time list posts it (`HH:MM`).
pub fn parse_time(raw: &str) -> Result<NaiveTime, Key> {
    NaiveTime::parse_from_str(raw.trim(), "%H:%M").map_err(|_| Key::ErrTimeInvalid)
}

/// The times of day the time list offers: every half hour.
pub fn time_choices() -> impl Iterator<Item = NaiveTime> {
    (0..48).filter_map(|i| NaiveTime::from_hms_opt(i / 2, (i % 2) * 30, 0))
}

/// The due-date fields of the task panel, as posted.
#[derive(Clone, Copy, Debug, Default)]
pub struct DueInput<'a> {
    pub preset: &'a str,
    pub date: &'a str,
    pub time: &'a str,
}

/// The reminder fields of the task panel, as posted.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReminderInput<'a> {
    pub preset: &'a str,
    pub date: &'a str,
    pub time: &'a str,
}

/// When a task is due and when to remind, resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub due: DateTime<Utc>,
    pub reminder: ReminderPreset,
    pub remind_at: Option<DateTime<Utc>>,
}

/// The task panel's form, as its flash names it.
pub mod panel {
    /// The panel's form key.
    pub const FORM: &str = "task";
    /// A flash value naming a field whose saved value differs from the one
    /// typed, after a save over a newer version: `conflict:{field}`.
    pub const CONFLICT_PREFIX: &str = "conflict:";
    /// The fields a conflict compares, in the panel's order.
    pub const COMPARED: [&str; 8] = [
        "title",
        "completed",
        "kind",
        "priority",
        "assignee",
        "due",
        "reminder",
        "notes",
    ];
}

/// The field names of the panel, which errors are reported on.
pub mod fields {
    pub const DUE_PRESET: &str = "due_preset";
    pub const DUE_DATE: &str = "due_date";
    pub const DUE_TIME: &str = "due_time";
    pub const REMINDER: &str = "reminder";
    pub const REMIND_DATE: &str = "remind_date";
    pub const REMIND_TIME: &str = "remind_time";
}

/// Resolves the due date and reminder typed on `today` in `zone`, or says
/// what is wrong, field by field.
pub fn schedule<Z: TimeZone>(
    zone: &Z,
    today: NaiveDate,
    due: DueInput<'_>,
    reminder: ReminderInput<'_>,
) -> Result<Schedule, Vec<(&'static str, Key)>> {
    let mut problems = Vec::new();
    let preset = DuePreset::parse(due.preset);
    let date = match preset {
        None => {
            problems.push((fields::DUE_PRESET, Key::ErrChooseOption));
            None
        }
        Some(DuePreset::Custom) => date::parse(due.date)
            .map_err(|e| problems.push((fields::DUE_DATE, e.message())))
            .ok(),
        Some(preset) => preset.date(today),
    };
    let time = parse_time(due.time)
        .map_err(|k| problems.push((fields::DUE_TIME, k)))
        .ok();
    let reminder_preset = ReminderPreset::parse(reminder.preset);
    if reminder_preset.is_none() {
        problems.push((fields::REMINDER, Key::ErrChooseOption));
    }
    let (Some(date), Some(time), Some(reminder_preset)) = (date, time, reminder_preset) else {
        return Err(problems);
    };
    let local_due = date.and_time(time);
    let Some(due_at) = local_instant(zone, local_due) else {
        return Err(vec![(fields::DUE_TIME, Key::ErrTimeSkipped)]);
    };
    let remind_at = match reminder_preset {
        ReminderPreset::None => None,
        ReminderPreset::AtDue => Some(due_at),
        ReminderPreset::Before15m => Some(due_at - Duration::minutes(15)),
        ReminderPreset::Before30m => Some(due_at - Duration::minutes(30)),
        ReminderPreset::Before1h => Some(due_at - Duration::hours(1)),
        // Days and weeks are calendar days on the user's clock: "1 day before"
        // a 08:00 task is 08:00 the day before, even across a clock change.
        ReminderPreset::Before1d | ReminderPreset::Before1w => {
            let days = if reminder_preset == ReminderPreset::Before1d {
                1
            } else {
                7
            };
            let local = local_due - Duration::days(days);
            Some(local_instant(zone, local).unwrap_or_else(|| {
                // That wall time does not exist that day: an hour later does.
                due_at - Duration::days(days)
            }))
        }
        ReminderPreset::Custom => {
            let date =
                date::parse(reminder.date).map_err(|e| vec![(fields::REMIND_DATE, e.message())])?;
            let time = parse_time(reminder.time).map_err(|k| vec![(fields::REMIND_TIME, k)])?;
            let at = local_instant(zone, date.and_time(time))
                .ok_or_else(|| vec![(fields::REMIND_TIME, Key::ErrTimeSkipped)])?;
            if at > due_at {
                return Err(vec![(fields::REMIND_DATE, Key::ErrReminderAfterDue)]);
            }
            Some(at)
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Schedule {
        due: due_at,
        reminder: reminder_preset,
        remind_at,
    })
}

/// The list's filters, as in the page's URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskFilter {
    /// `open` (the default), `completed` or `all`.
    pub status: TaskStatus,
    /// A user id, or `me`.
    pub assignee: Option<String>,
    pub overdue: bool,
    pub due_this_week: bool,
    pub kind: Option<TaskType>,
    pub priority: Option<Priority>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskStatus {
    #[default]
    Open,
    Completed,
    All,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 3] = [TaskStatus::Open, TaskStatus::Completed, TaskStatus::All];

    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::Open => "open",
            TaskStatus::Completed => "completed",
            TaskStatus::All => "all",
        }
    }

    pub fn label(self) -> Key {
        match self {
            TaskStatus::Open => Key::TasksOpen,
            TaskStatus::Completed => Key::TasksCompleted,
            TaskStatus::All => Key::TasksAll,
        }
    }
}

impl TaskFilter {
    /// Reads the URL's parameters; anything unknown is ignored, not an error.
    pub fn from_params<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> TaskFilter {
        let mut filter = TaskFilter::default();
        for (name, value) in params {
            let value = value.trim();
            match name {
                "status" => {
                    filter.status = TaskStatus::ALL
                        .into_iter()
                        .find(|s| s.as_str() == value)
                        .unwrap_or_default()
                }
                // `me` or a user id; whether that person may hold the
                // partner's tasks is the list's business (nobody else holds any).
                "assignee" if value == "me" || value.parse::<i64>().is_ok_and(|id| id > 0) => {
                    filter.assignee = Some(value.to_string())
                }
                "overdue" => filter.overdue = value == "1" || value == "on",
                "week" => filter.due_this_week = value == "1" || value == "on",
                "type" => filter.kind = TaskType::parse(value),
                "priority" => filter.priority = Priority::parse(value),
                _ => {}
            }
        }
        filter
    }

    /// The filter as URL parameters, defaults left out.
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        if self.status != TaskStatus::Open {
            params.push(("status", self.status.as_str().to_string()));
        }
        if let Some(a) = &self.assignee {
            params.push(("assignee", a.clone()));
        }
        if self.overdue {
            params.push(("overdue", "1".to_string()));
        }
        if self.due_this_week {
            params.push(("week", "1".to_string()));
        }
        if let Some(k) = self.kind {
            params.push(("type", k.as_str().to_string()));
        }
        if let Some(p) = self.priority {
            params.push(("priority", p.as_str().to_string()));
        }
        params
    }
}

/// The week "due this week" means: Monday to Sunday around `today`, in the
/// user's calendar. Returns the first day of the week and the first day after it.
pub fn this_week(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let monday = today - Duration::days(today.weekday().num_days_from_monday() as i64);
    (monday, monday + Duration::days(7))
}

/// Whether an open task is overdue at `now`.
pub fn is_overdue(due: DateTime<Utc>, completed: bool, now: DateTime<Utc>) -> bool {
    !completed && due < now
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn titles_are_one_to_two_hundred_characters() {
        assert_eq!(
            TaskTitle::parse("  Call Ann ").unwrap().as_str(),
            "Call Ann"
        );
        assert_eq!(TaskTitle::parse("   "), Err(Key::ErrTaskTitleRequired));
        assert!(TaskTitle::parse(&"任".repeat(200)).is_ok());
        assert_eq!(
            TaskTitle::parse(&"任".repeat(201)),
            Err(Key::ErrTaskTitleTooLong)
        );
    }

    #[test]
    fn choices_round_trip_their_stored_names() {
        for p in DuePreset::ALL {
            assert_eq!(DuePreset::parse(p.as_str()), Some(*p));
        }
        for r in ReminderPreset::ALL {
            assert_eq!(ReminderPreset::parse(r.as_str()), Some(*r));
        }
        assert_eq!(TaskType::parse("todo"), Some(TaskType::Todo));
        assert_eq!(Priority::parse("urgent"), None);
        assert!(Priority::High > Priority::Low);
    }

    #[test]
    fn business_days_skip_weekends() {
        // 2026-11-27 is a Friday.
        assert_eq!(add_business_days(d("2026-11-27"), 1), d("2026-11-30"));
        assert_eq!(add_business_days(d("2026-11-27"), 3), d("2026-12-02"));
        // From a Saturday, Monday is the first business day.
        assert_eq!(add_business_days(d("2026-11-28"), 2), d("2026-12-01"));
        assert_eq!(add_business_days(d("2026-11-25"), 2), d("2026-11-27"));
        assert_eq!(add_business_days(d("2026-11-25"), 0), d("2026-11-25"));
    }

    #[test]
    fn presets_fall_on_the_right_day() {
        let today = d("2026-01-31");
        let on = |p: DuePreset| p.date(today).unwrap();
        assert_eq!(on(DuePreset::Today), today);
        assert_eq!(on(DuePreset::Tomorrow), d("2026-02-01"));
        // Month ends: February has no 31st.
        assert_eq!(on(DuePreset::In1Month), d("2026-02-28"));
        assert_eq!(
            DuePreset::In1Month.date(d("2028-01-31")),
            Some(d("2028-02-29"))
        );
        assert_eq!(on(DuePreset::In3Months), d("2026-04-30"));
        assert_eq!(on(DuePreset::In6Months), d("2026-07-31"));
        assert_eq!(on(DuePreset::In2Weeks), d("2026-02-14"));
        assert_eq!(
            DuePreset::Tomorrow.date(d("2026-12-31")),
            Some(d("2027-01-01"))
        );
        assert_eq!(DuePreset::Custom.date(today), None);
    }

    fn due(preset: &str, date: &str, time: &str) -> DueInput<'static> {
        DueInput {
            preset: Box::leak(preset.to_string().into_boxed_str()),
            date: Box::leak(date.to_string().into_boxed_str()),
            time: Box::leak(time.to_string().into_boxed_str()),
        }
    }

    fn remind(preset: &'static str) -> ReminderInput<'static> {
        ReminderInput {
            preset,
            ..ReminderInput::default()
        }
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn presets_resolve_on_the_users_clock() {
        use chrono_tz::{America::New_York, Asia::Taipei};
        // The default: in 3 business days at 08:00 Taipei time (UTC+8).
        let s = schedule(
            &Taipei,
            d("2026-11-27"),
            due("in_3_business_days", "", "08:00"),
            remind("at_due"),
        )
        .unwrap();
        assert_eq!(s.due.to_rfc3339(), "2026-12-02T00:00:00+00:00");
        assert_eq!(s.remind_at, Some(s.due));
        // Tomorrow at 08:00 in New York falls on a different UTC instant.
        let s = schedule(
            &New_York,
            d("2026-11-27"),
            due("tomorrow", "", "08:00"),
            remind("before_15m"),
        )
        .unwrap();
        assert_eq!(s.due.to_rfc3339(), "2026-11-28T13:00:00+00:00");
        assert_eq!(
            s.remind_at.unwrap().to_rfc3339(),
            "2026-11-28T12:45:00+00:00"
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn clock_changes_are_handled() {
        use chrono_tz::America::New_York;
        // 2026-03-08 02:30 does not exist in New York: the clocks skip to 03:00.
        let skipped = schedule(
            &New_York,
            d("2026-03-01"),
            due("custom", "2026-03-08", "02:30"),
            remind("none"),
        );
        assert_eq!(skipped, Err(vec![(fields::DUE_TIME, Key::ErrTimeSkipped)]));
        // "1 day before" stays at 08:00 local across the change (23 hours apart).
        let s = schedule(
            &New_York,
            d("2026-03-01"),
            due("custom", "2026-03-08", "08:00"),
            remind("before_1d"),
        )
        .unwrap();
        assert_eq!(s.due.to_rfc3339(), "2026-03-08T12:00:00+00:00");
        assert_eq!(
            s.remind_at.unwrap().to_rfc3339(),
            "2026-03-07T13:00:00+00:00"
        );
        // 01:30 on 2026-11-01 happens twice: the first one (still summer time).
        let s = schedule(
            &New_York,
            d("2026-10-01"),
            due("custom", "2026-11-01", "01:30"),
            remind("none"),
        )
        .unwrap();
        assert_eq!(s.due.to_rfc3339(), "2026-11-01T05:30:00+00:00");
    }

    #[test]
    fn bad_input_is_refused_on_its_field() {
        let today = d("2026-11-27");
        for (date, key) in [
            ("2026-02-30", Key::ErrDateInvalid),
            ("2101-01-01", Key::ErrDateOutOfRange),
        ] {
            let r = schedule(&Utc, today, due("custom", date, "08:00"), remind("none"));
            assert_eq!(r, Err(vec![(fields::DUE_DATE, key)]), "{date}");
        }
        let r = schedule(&Utc, today, due("someday", "", "25:00"), remind("never"));
        assert_eq!(
            r,
            Err(vec![
                (fields::DUE_PRESET, Key::ErrChooseOption),
                (fields::DUE_TIME, Key::ErrTimeInvalid),
                (fields::REMINDER, Key::ErrChooseOption)
            ])
        );
        let late = ReminderInput {
            preset: "custom",
            date: "2026-12-31",
            time: "09:00",
        };
        let r = schedule(&Utc, today, due("custom", "2026-12-31", "08:00"), late);
        assert_eq!(
            r,
            Err(vec![(fields::REMIND_DATE, Key::ErrReminderAfterDue)])
        );
        let ok = ReminderInput {
            preset: "custom",
            date: "2026-12-31",
            time: "08:00",
        };
        assert!(schedule(&Utc, today, due("custom", "2026-12-31", "08:00"), ok).is_ok());
    }

    #[test]
    fn filters_round_trip_through_the_url() {
        let f = TaskFilter::from_params([
            ("status", "completed"),
            ("type", "call"),
            ("overdue", "1"),
            ("x", "y"),
        ]);
        assert_eq!(f.status, TaskStatus::Completed);
        assert_eq!(f.kind, Some(TaskType::Call));
        assert!(f.overdue && !f.due_this_week);
        let params = f.to_params();
        let back = TaskFilter::from_params(params.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, f);
        assert_eq!(
            TaskFilter::from_params([("status", "bogus")]),
            TaskFilter::default()
        );
    }

    #[test]
    fn an_assignee_filter_is_me_or_a_user_id() {
        let assignee = |v| TaskFilter::from_params([("assignee", v)]).assignee;
        assert_eq!(assignee("me").as_deref(), Some("me"));
        assert_eq!(assignee(" 42 ").as_deref(), Some("42"));
        for nonsense in ["", "abc", "0", "-3", "1.5", "99999999999999999999"] {
            assert_eq!(assignee(nonsense), None, "{nonsense:?}");
        }
    }

    #[test]
    fn weeks_run_monday_to_sunday() {
        assert_eq!(
            this_week(d("2026-11-29")),
            (d("2026-11-23"), d("2026-11-30"))
        );
        assert_eq!(
            this_week(d("2026-11-30")),
            (d("2026-11-30"), d("2026-12-07"))
        );
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (0i64..36_500).prop_map(|n| d("2000-01-01") + Duration::days(n))
    }

    proptest! {
        #[test]
        fn business_days_land_on_weekdays_and_count_right(from in any_date(), n in 1u32..40) {
            let to = add_business_days(from, n);
            prop_assert!(!matches!(to.weekday(), Weekday::Sat | Weekday::Sun));
            let counted = (1..=(to - from).num_days())
                .map(|i| from + Duration::days(i))
                .filter(|day| !matches!(day.weekday(), Weekday::Sat | Weekday::Sun))
                .count();
            prop_assert_eq!(counted as u32, n);
        }

        #[test]
        fn presets_are_never_in_the_past(today in any_date()) {
            for p in DuePreset::ALL.iter().filter(|p| **p != DuePreset::Custom) {
                let date = p.date(today).unwrap();
                prop_assert!(date >= today);
                prop_assert!(date <= today + Duration::days(185));
            }
        }

        #[test]
        fn month_presets_keep_the_day_or_take_the_last(today in any_date()) {
            let date = DuePreset::In1Month.date(today).unwrap();
            let last_day = |d: NaiveDate| (28..=31u32).rev().find(|day| d.with_day(*day).is_some()).unwrap();
            prop_assert_eq!(date.day(), today.day().min(last_day(date)));
        }

        #[test]
        fn reminders_are_never_after_the_due_time(today in any_date(), hour in 0u32..24, preset in 0usize..7) {
            let reminder = ReminderPreset::ALL[preset];
            let time = format!("{hour:02}:00");
            let r = ReminderInput { preset: reminder.as_str(), ..ReminderInput::default() };
            let s = schedule(&Utc, today, due("in_1_week", "", &time), r).unwrap();
            prop_assert_eq!(s.remind_at.is_none(), reminder == ReminderPreset::None);
            prop_assert!(s.remind_at.is_none_or(|at| at <= s.due));
        }
    }

    #[cfg(feature = "ssr")]
    proptest! {
        #[test]
        fn any_zone_resolves_existing_times_to_that_wall_clock(today in any_date(), zone in 0usize..chrono_tz::TZ_VARIANTS.len(), hour in 0u32..24) {
            let zone = chrono_tz::TZ_VARIANTS[zone];
            let time = format!("{hour:02}:30");
            match schedule(&zone, today, due("tomorrow", "", &time), remind("at_due")) {
                Ok(s) => {
                    let local = s.due.with_timezone(&zone);
                    prop_assert_eq!(local.date_naive(), today.succ_opt().unwrap());
                    prop_assert_eq!(local.format("%H:%M").to_string(), time);
                }
                Err(problems) => prop_assert_eq!(problems, vec![(fields::DUE_TIME, Key::ErrTimeSkipped)]),
            }
        }
    }
}
