//! "The quarter ended and its review has not been started": told once to each
//! member and PDM of the partner, when the quarter ends in the partner's time
//! zone. Run as a job (`server::app::jobs`); every run adds only what is missing,
//! so a server that was down at a quarter's end tells everyone at its start.
//!
//! Each person told is also emailed (unless they turned that off), queued in
//! the same transaction as the notification.
//!
//! Only the quarter that ended last is considered, and only for partners that
//! existed when it ended: a partner added today is not asked about a quarter
//! it had no part in, and nobody is asked about quarters long gone.

use crate::model::mail::MailKind;
use crate::model::reviews::Quarter;
use crate::server::db::Db;
use crate::server::store::mail_outbox::{self, About};
use crate::server::store::{notifications, partners};
use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Adds the notifications due at `now`; how many it added.
pub async fn notify(db: &Db, now: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    let mut added = 0;
    // One statement per time zone in use (a handful), never one per partner.
    for zone in partners::active_time_zones(db).await? {
        let (quarter, ended) = last_ended(&zone, now);
        let mut tx = db.begin().await?;
        let told = notifications::notify_review_due(&mut tx, &zone, quarter, ended, now).await?;
        if told > 0 {
            for partner in notifications::review_due_partners(&mut tx, quarter, now).await? {
                let about = About {
                    period: Some(quarter.code()),
                    ..About::default()
                };
                mail_outbox::queue_for_partner(&mut tx, MailKind::ReviewDue, partner, &about, now)
                    .await?;
            }
        }
        tx.commit().await?;
        added += told;
    }
    Ok(added)
}

/// The quarter that ended last at `now` in `zone`, and the instant it ended.
/// A zone that does not parse is UTC, as everywhere a partner's day is read.
pub fn last_ended(zone: &str, now: DateTime<Utc>) -> (Quarter, DateTime<Utc>) {
    let tz = zone.parse::<Tz>().unwrap_or(Tz::UTC);
    let quarter = Quarter::last_ended(now.with_timezone(&tz).date_naive());
    let midnight = quarter.day_after().and_time(chrono::NaiveTime::MIN);
    // Midnight may not exist (a zone that moved its clocks at midnight): the
    // earliest instant of that day's local time, else the UTC reading.
    let ended = tz
        .from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&midnight));
    (quarter, ended)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn a_quarter_ends_at_midnight_where_the_partner_is() {
        let q3 = Quarter {
            year: 2026,
            quarter: 3,
        };
        // 1 October 00:00 in Taipei is 30 September 16:00 UTC.
        let (quarter, ended) = last_ended("Asia/Taipei", utc("2026-09-30T16:00:00Z"));
        assert_eq!((quarter, ended), (q3, utc("2026-09-30T16:00:00Z")));
        // A minute earlier, Taipei is still in the third quarter.
        let (quarter, _) = last_ended("Asia/Taipei", utc("2026-09-30T15:59:00Z"));
        assert_eq!(quarter, q3.previous());
        // Los Angeles ends it seven hours after UTC does (summer time).
        let (quarter, ended) = last_ended("America/Los_Angeles", utc("2026-10-01T07:30:00Z"));
        assert_eq!((quarter, ended), (q3, utc("2026-10-01T07:00:00Z")));
        // An unknown zone is read as UTC.
        let (quarter, ended) = last_ended("Mars/Olympus", utc("2027-01-01T00:00:00Z"));
        assert_eq!(
            quarter,
            Quarter {
                year: 2026,
                quarter: 4
            }
        );
        assert_eq!(ended, utc("2027-01-01T00:00:00Z"));
    }
}
