//! Mail's pure rules: the kinds of message, when a failed one is tried again,
//! and what may stand in a subject line. The sending is `server::mail`.

use crate::model::progress::PaceStatus;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc};

choices! {
    /// What a message is about; each kind can be turned off on its own.
    MailKind {
        TaskReminder => "task_reminder", MailKindTaskReminder;
        TaskAssigned => "task_assigned", MailKindTaskAssigned;
        ReviewDue => "review_due", MailKindReviewDue;
        Digest => "digest", MailKindDigest;
        OffTrack => "off_track", MailKindOffTrack;
    }
}

impl MailKind {
    /// The `users` column that says whether its person receives this kind
    /// (migration 0014): a constant of ours, so safe in SQL text.
    pub fn choice_column(self) -> &'static str {
        match self {
            MailKind::TaskReminder => "mail_reminders",
            MailKind::TaskAssigned => "mail_assignments",
            MailKind::ReviewDue => "mail_reviews",
            MailKind::Digest => "mail_digest",
            MailKind::OffTrack => "mail_alerts",
        }
    }
}

choices! {
    /// Why a queued message was not sent (kept as its code, shown in the
    /// reader's language on /admin/mail).
    SkipReason {
        Deactivated => "deactivated", MailSkipDeactivated;
        TurnedOff => "turned_off", MailSkipTurnedOff;
        NoAccess => "no_access", MailSkipNoAccess;
        TaskDeleted => "task_deleted", MailSkipTaskDeleted;
        TaskDone => "task_done", MailSkipTaskDone;
        Reassigned => "reassigned", MailSkipReassigned;
        ReviewStarted => "review_started", MailSkipReviewStarted;
        NothingToTell => "nothing_to_tell", MailSkipNothingToTell;
        BackOnTrack => "back_on_track", MailSkipBackOnTrack;
        Malformed => "malformed", MailSkipMalformed;
    }
}

/// What a person chooses to receive (on /settings): every kind is on until
/// they turn it off, and the digest comes on `digest_weekday` (ISO, 1 is Monday).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MailChoices {
    pub reminders: bool,
    pub assignments: bool,
    pub reviews: bool,
    pub digest: bool,
    pub alerts: bool,
    pub digest_weekday: u8,
}

impl Default for MailChoices {
    fn default() -> Self {
        MailChoices {
            reminders: true,
            assignments: true,
            reviews: true,
            digest: true,
            alerts: true,
            digest_weekday: 1,
        }
    }
}

impl MailChoices {
    /// Whether this kind is on.
    pub fn receives(&self, kind: MailKind) -> bool {
        match kind {
            MailKind::TaskReminder => self.reminders,
            MailKind::TaskAssigned => self.assignments,
            MailKind::ReviewDue => self.reviews,
            MailKind::Digest => self.digest,
            MailKind::OffTrack => self.alerts,
        }
    }
}

choices! {
    /// Where a message in the outbox is.
    MailState {
        Queued => "queued", MailStateQueued;
        Sending => "sending", MailStateSending;
        Sent => "sent", MailStateSent;
        Failed => "failed", MailStateFailed;
        Skipped => "skipped", MailStateSkipped;
    }
}

/// The hour of the digest's day, in its reader's time zone, from which it is sent.
pub const DIGEST_HOUR: u32 = 8;

/// The week (its Monday) whose digest is due at `local`, the reader's own
/// time, for a reader who chose `weekday` (ISO, 1 is Monday): from 08:00 of
/// that day to the week's end; `None` earlier in the week.
pub fn digest_week(local: NaiveDateTime, weekday: u8) -> Option<NaiveDate> {
    let date = local.date();
    let monday = date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
    let day = monday + Duration::days(i64::from(weekday.clamp(1, 7)) - 1);
    let due = day.and_hms_opt(DIGEST_HOUR, 0, 0)?;
    (local >= due).then_some(monday)
}

/// Whether a goal's pacing turning from `before` to `now` is the news an
/// off-track alert brings: from on track or better to behind or worse.
pub fn turned_off_track(before: PaceStatus, now: PaceStatus) -> bool {
    let off = |s: PaceStatus| matches!(s, PaceStatus::Behind | PaceStatus::AtRisk);
    !off(before) && off(now)
}

/// How long a message is tried again after temporary failures (a server
/// answering 4xx, a refused connection) before it is given up.
pub const RETRY_FOR: Duration = Duration::hours(24);

/// When to try again a message that failed for the `attempts`-th time, or
/// `None` once [`RETRY_FOR`] has passed since it was queued: a minute, then
/// doubling up to an hour between tries (1, 2, 4 … 32, 60, 60 … minutes),
/// so a server down for a moment delays mail by a minute and one down for a
/// morning is not asked every minute of it.
pub fn next_attempt(
    queued_at: DateTime<Utc>,
    attempts: u32,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let minutes = 1i64 << attempts.saturating_sub(1).min(6);
    let next = now + Duration::minutes(minutes.min(60));
    (next <= queued_at + RETRY_FOR).then_some(next)
}

/// The longest subject line kept, in characters (RFC 5322 recommends lines
/// under 78 characters; a subject is folded, but mail clients show about this much).
pub const SUBJECT_MAX: usize = 150;

/// A subject line from words that may hold what users typed: no line breaks
/// or other control characters (a header cannot be split to inject another),
/// runs of spaces made one, and cut with an ellipsis at [`SUBJECT_MAX`].
pub fn subject_line(text: &str) -> String {
    let mut line = String::with_capacity(text.len());
    for c in text.chars() {
        let c = if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
            ' '
        } else {
            c
        };
        if c.is_whitespace() && (line.is_empty() || line.ends_with(char::is_whitespace)) {
            continue;
        }
        line.push(if c.is_whitespace() { ' ' } else { c });
    }
    let line = line.trim_end();
    if line.chars().count() <= SUBJECT_MAX {
        return line.to_string();
    }
    let cut: String = line.chars().take(SUBJECT_MAX - 1).collect();
    format!("{}…", cut.trim_end())
}

/// `text` safe inside HTML, as element content or a quoted attribute.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn a_failed_message_waits_longer_each_time_and_is_given_up_after_a_day() {
        let queued = at("2026-12-07T08:00:00Z");
        let wait = |attempts, now| next_attempt(queued, attempts, now).map(|t| t - now);
        assert_eq!(wait(1, queued), Some(Duration::minutes(1)));
        assert_eq!(wait(2, queued), Some(Duration::minutes(2)));
        assert_eq!(wait(6, queued), Some(Duration::minutes(32)));
        assert_eq!(wait(7, queued), Some(Duration::minutes(60)));
        assert_eq!(wait(40, queued), Some(Duration::minutes(60)));
        // A try that would come after the day is not made.
        let late = queued + Duration::hours(23) + Duration::minutes(30);
        assert_eq!(wait(30, late), None);
        assert_eq!(wait(1, late), Some(Duration::minutes(1)));
    }

    #[test]
    fn the_digest_is_due_from_eight_on_the_chosen_day_to_the_weeks_end() {
        let at = |s: &str| s.parse::<NaiveDateTime>().unwrap();
        let monday: NaiveDate = "2026-12-07".parse().unwrap();
        assert_eq!(digest_week(at("2026-12-07T07:59:59"), 1), None);
        assert_eq!(digest_week(at("2026-12-07T08:00:00"), 1), Some(monday));
        assert_eq!(digest_week(at("2026-12-13T23:59:00"), 1), Some(monday));
        // Friday's reader waits for Friday; Sunday's for Sunday.
        assert_eq!(digest_week(at("2026-12-10T09:00:00"), 5), None);
        assert_eq!(digest_week(at("2026-12-11T08:00:00"), 5), Some(monday));
        assert_eq!(digest_week(at("2026-12-13T08:00:00"), 7), Some(monday));
        // The next Monday is the next week's.
        assert_eq!(
            digest_week(at("2026-12-14T08:00:00"), 1),
            Some(monday + Duration::days(7))
        );
    }

    #[test]
    fn only_a_turn_from_on_track_to_behind_is_news() {
        use PaceStatus::*;
        assert!(turned_off_track(OnTrack, Behind));
        assert!(turned_off_track(Ahead, AtRisk));
        assert!(turned_off_track(Achieved, Behind));
        assert!(!turned_off_track(Behind, AtRisk));
        assert!(!turned_off_track(AtRisk, Behind));
        assert!(!turned_off_track(Behind, OnTrack));
        assert!(!turned_off_track(OnTrack, Ahead));
    }

    proptest! {
        #[test]
        fn a_digest_week_is_a_monday_within_the_last_seven_days(
            day in 0i64..3650, minute in 0u32..1440, weekday in 1u8..=7
        ) {
            let date = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + Duration::days(day);
            let local = date.and_hms_opt(minute / 60, minute % 60, 0).unwrap();
            if let Some(week) = digest_week(local, weekday) {
                prop_assert_eq!(week.weekday(), chrono::Weekday::Mon);
                prop_assert!(week <= date && date - week < Duration::days(7));
            }
        }
    }

    #[test]
    fn a_subject_is_one_line() {
        assert_eq!(
            subject_line("Call\r\nBcc: x@evil.example\tnow"),
            "Call Bcc: x@evil.example now"
        );
        assert_eq!(subject_line("  two   spaces  "), "two spaces");
        let long = "字".repeat(400);
        let cut = subject_line(&long);
        assert_eq!(cut.chars().count(), SUBJECT_MAX);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn html_escape_leaves_no_markup() {
        assert_eq!(
            html_escape(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
    }

    proptest! {
        #[test]
        fn no_subject_holds_a_line_break(text in "\\PC*[\r\n\u{0b}\u{0c}\u{85}\u{2028}]\\PC*") {
            let line = subject_line(&text);
            let breaks = |c: char| c.is_control() || c == '\u{2028}';
            prop_assert!(!line.chars().any(breaks), "a break in {:?}", line);
            prop_assert!(line.chars().count() <= SUBJECT_MAX);
        }

        #[test]
        fn escaped_text_has_no_tag_or_quote(text in "\\PC*") {
            let escaped = html_escape(&text);
            prop_assert!(!escaped.contains(['<', '>', '"', '\'']));
        }
    }
}
