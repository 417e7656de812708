//! iCalendar text (RFC 5545): escaping, line folding and the calendar of
//! events a feed serves. Pure text building; what goes into an event is
//! decided by `server::tasks::calendar_feed`.

use chrono::{DateTime, Utc};
use std::fmt::Write;

/// The longest content line, in octets, before it is folded (RFC 5545 §3.1).
const LINE_OCTETS: usize = 75;

/// A calendar to publish: its name and its events.
pub struct Calendar<'a> {
    /// What a calendar application names the subscription (`X-WR-CALNAME`).
    pub name: &'a str,
    pub events: Vec<Event>,
}

/// One event, at one instant.
pub struct Event {
    /// Stable across every fetch, so an application updates the event in place.
    pub uid: String,
    pub summary: String,
    pub description: String,
    /// Text labels, such as the partner the event belongs to.
    pub categories: Vec<String>,
    pub start: DateTime<Utc>,
    /// When the application should alert, if at all.
    pub alarm: Option<DateTime<Utc>>,
    pub created: DateTime<Utc>,
    pub last_modified: DateTime<Utc>,
}

impl Calendar<'_> {
    /// The whole `text/calendar` body: CRLF line ends, folded lines.
    pub fn render(&self) -> String {
        let mut out = Lines::default();
        out.raw("BEGIN", "VCALENDAR");
        out.raw("VERSION", "2.0");
        out.raw("PRODID", "-//partner-map//Action tasks//EN");
        out.raw("CALSCALE", "GREGORIAN");
        out.text("X-WR-CALNAME", self.name);
        // How often to fetch again (RFC 7986, and the older name Outlook reads).
        out.raw("REFRESH-INTERVAL;VALUE=DURATION", "PT1H");
        out.raw("X-PUBLISHED-TTL", "PT1H");
        for event in &self.events {
            event.render(&mut out);
        }
        out.raw("END", "VCALENDAR");
        out.0
    }
}

impl Event {
    fn render(&self, out: &mut Lines) {
        out.raw("BEGIN", "VEVENT");
        out.text("UID", &self.uid);
        // Without a METHOD, DTSTAMP is when the information last changed (§3.8.7.2).
        out.instant("DTSTAMP", self.last_modified);
        out.instant("CREATED", self.created);
        out.instant("LAST-MODIFIED", self.last_modified);
        // No DTEND: an event with a DTSTART date-time and no end is a moment
        // (§3.6.1), which is what a due time is; DTEND may not equal DTSTART.
        out.instant("DTSTART", self.start);
        out.text("SUMMARY", &self.summary);
        if !self.description.is_empty() {
            out.text("DESCRIPTION", &self.description);
        }
        if !self.categories.is_empty() {
            let list: Vec<String> = self.categories.iter().map(|c| escape_text(c)).collect();
            out.raw("CATEGORIES", &list.join(","));
        }
        // A due time takes no time: it must not show the person as busy.
        out.raw("TRANSP", "TRANSPARENT");
        if let Some(alarm) = self.alarm {
            out.raw("BEGIN", "VALARM");
            out.raw("ACTION", "DISPLAY");
            out.text("DESCRIPTION", &self.summary);
            out.raw("TRIGGER;VALUE=DATE-TIME", &instant(alarm));
            out.raw("END", "VALARM");
        }
        out.raw("END", "VEVENT");
    }
}

/// Content lines as they are written: each folded and ended with CRLF.
#[derive(Default)]
struct Lines(String);

impl Lines {
    /// A property whose value is already in iCalendar syntax.
    fn raw(&mut self, name: &str, value: &str) {
        let _ = write!(self.0, "{}\r\n", fold(&format!("{name}:{value}")));
    }

    fn text(&mut self, name: &str, value: &str) {
        self.raw(name, &escape_text(value));
    }

    fn instant(&mut self, name: &str, at: DateTime<Utc>) {
        self.raw(name, &instant(at));
    }
}

/// A UTC date-time value: `20260105T080000Z`.
pub fn instant(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A TEXT value (§3.3.11): backslash, semicolon, comma and line breaks
/// escaped; other control characters, which TEXT may not hold, dropped.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                // CRLF is one line break, as is a lone CR or LF.
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line (§3.1): no physical line longer than 75 octets, each
/// continuation starting with a space; a UTF-8 character is never split.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / LINE_OCTETS * 3);
    let mut room = LINE_OCTETS;
    for c in line.chars() {
        if c.len_utf8() > room {
            out.push_str("\r\n ");
            // The leading space counts toward the continuation's 75 octets.
            room = LINE_OCTETS - 1;
        }
        out.push(c);
        room -= c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
    }

    /// The reverse of [`escape_text`], as a parser reads a TEXT value.
    fn unescape(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        }
        out
    }

    #[test]
    fn escapes_what_text_values_must_escape() {
        assert_eq!(
            escape_text("a\\b;c,d\ne\r\nf\rg"),
            "a\\\\b\\;c\\,d\\ne\\nf\\ng"
        );
        assert_eq!(escape_text("bell\u{7}\ttab"), "bell\ttab");
        assert_eq!(escape_text("季度檢討：第一季"), "季度檢討：第一季");
    }

    #[test]
    fn folds_long_chinese_text_between_characters() {
        let line = format!("SUMMARY:{}", "安排季度檢討並規劃共同行銷活動".repeat(6));
        let folded = fold(&line);
        for physical in folded.split("\r\n") {
            assert!(
                physical.len() <= 75,
                "{} octets: {physical}",
                physical.len()
            );
        }
        // Three-octet characters after an eight-octet name: the first line
        // stops at 74 octets rather than split the 23rd character.
        assert_eq!(folded.split("\r\n").next().unwrap().len(), 74);
        assert!(folded.split("\r\n").skip(1).all(|l| l.starts_with(' ')));
        assert_eq!(unfold(&folded), line);
        assert_eq!(fold("VERSION:2.0"), "VERSION:2.0");
    }

    #[test]
    fn renders_a_calendar_with_an_event_and_its_alarm() {
        let at = |h| Utc.with_ymd_and_hms(2026, 3, 2, h, 0, 0).unwrap();
        let calendar = Calendar {
            name: "partner-map tasks",
            events: vec![Event {
                uid: "task-7@partner-map".into(),
                summary: "Call, then email".into(),
                description: "Line one\nLine two".into(),
                categories: vec!["Acme, Inc.".into()],
                start: at(8),
                alarm: Some(at(7)),
                created: at(1),
                last_modified: at(2),
            }],
        };
        let text = calendar.render();
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(text.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        for line in [
            "UID:task-7@partner-map",
            "DTSTART:20260302T080000Z",
            "DTSTAMP:20260302T020000Z",
            "SUMMARY:Call\\, then email",
            "DESCRIPTION:Line one\\nLine two",
            "CATEGORIES:Acme\\, Inc.",
            "TRIGGER;VALUE=DATE-TIME:20260302T070000Z",
            "X-WR-CALNAME:partner-map tasks",
        ] {
            assert!(
                text.contains(&format!("{line}\r\n")),
                "{line} missing: {text}"
            );
        }
        assert!(!text.replace("\r\n", "").contains('\n'), "a bare LF");
    }

    proptest! {
        #[test]
        fn folding_keeps_lines_short_and_unfolds_to_the_line(line in "\\PC{0,300}") {
            let folded = fold(&line);
            for physical in folded.split("\r\n") {
                prop_assert!(physical.len() <= LINE_OCTETS);
            }
            prop_assert_eq!(unfold(&folded), line);
        }

        #[test]
        fn escaped_text_reads_back_with_line_breaks_as_lf(text in "[\\PC\r\n\\\\;,]{0,200}") {
            let escaped = escape_text(&text);
            prop_assert!(!escaped.contains('\n') && !escaped.contains('\r'));
            let expected = text.replace("\r\n", "\n").replace('\r', "\n");
            prop_assert_eq!(unescape(&escaped), expected);
        }
    }
}
