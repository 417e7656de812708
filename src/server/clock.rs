//! The two clocks people read: the viewer's (their own time zone, from their
//! settings) and the partner's (its time zone decides which day, month and
//! quarter it is). Every instant shown to a person goes through
//! [`local_time`].

use crate::server::authz::Access;
use crate::server::store::partners::PartnerRow;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

/// The viewer's time zone, from their settings (UTC when they have none).
pub fn viewer_zone(access: &Access) -> Tz {
    access
        .user
        .as_ref()
        .and_then(|s| s.user.time_zone.parse::<Tz>().ok())
        .unwrap_or(chrono_tz::UTC)
}

/// An instant as the viewer reads it: their time zone, to the minute.
pub fn local_time(access: &Access, at: DateTime<Utc>) -> String {
    at.with_timezone(&viewer_zone(access))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// "Today" is the partner's: its year and month decide what is past.
pub fn partner_today(partner: &PartnerRow) -> NaiveDate {
    let zone = partner.time_zone.parse::<Tz>().unwrap_or(chrono_tz::UTC);
    Utc::now().with_timezone(&zone).date_naive()
}
