//! How many failed logins are tolerated before the next attempt must wait.

use chrono::{DateTime, Duration, Utc};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Throttle {
    pub max_failures: usize,
    pub window: Duration,
}

impl Throttle {
    /// Per account: a password guesser gets five tries per quarter hour.
    pub const PER_ACCOUNT: Throttle = Throttle {
        max_failures: 5,
        window: Duration::minutes(15),
    };
    /// Per known browser (one that signed in to the account before): the
    /// same five tries, its own, so failures from elsewhere never lock it.
    pub const PER_DEVICE: Throttle = Throttle {
        max_failures: 5,
        window: Duration::minutes(15),
    };
    /// Per client address: generous enough for an office behind one NAT.
    pub const PER_CLIENT: Throttle = Throttle {
        max_failures: 20,
        window: Duration::minutes(15),
    };

    /// How long the next attempt must wait, given the failures inside the window
    /// (oldest first); `None` when it may go ahead now. The lock lifts when the
    /// oldest failure that counts towards the limit leaves the window.
    pub fn wait(&self, failures: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<Duration> {
        let recent: Vec<_> = failures
            .iter()
            .filter(|t| **t > now - self.window)
            .collect();
        if recent.len() < self.max_failures {
            return None;
        }
        let unlock = *recent[recent.len() - self.max_failures] + self.window;
        (unlock > now).then(|| unlock - now)
    }
}

/// Whole minutes, rounded up, for telling a person how long to wait.
pub fn whole_minutes_up(d: Duration) -> u32 {
    let secs = d.num_seconds().max(1);
    ((secs + 59) / 60) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + minute * 60, 0).unwrap()
    }

    #[test]
    fn locks_after_the_limit_and_unlocks_when_the_oldest_leaves_the_window() {
        let t = Throttle::PER_ACCOUNT;
        let four: Vec<_> = (0..4).map(at).collect();
        assert_eq!(t.wait(&four, at(5)), None);
        let five: Vec<_> = (0..5).map(at).collect();
        assert_eq!(t.wait(&five, at(5)), Some(Duration::minutes(10)));
        assert_eq!(t.wait(&five, at(14)), Some(Duration::minutes(1)));
        assert_eq!(t.wait(&five, at(15)), None);
    }

    #[test]
    fn minutes_round_up() {
        assert_eq!(whole_minutes_up(Duration::seconds(1)), 1);
        assert_eq!(whole_minutes_up(Duration::seconds(60)), 1);
        assert_eq!(whole_minutes_up(Duration::seconds(61)), 2);
        assert_eq!(whole_minutes_up(Duration::zero()), 1);
    }

    proptest! {
        #[test]
        fn never_waits_beyond_the_window(offsets in proptest::collection::vec(0_i64..30, 0..40), now in 0_i64..45) {
            let mut failures: Vec<_> = offsets.into_iter().filter(|m| *m <= now).map(at).collect();
            failures.sort();
            let t = Throttle::PER_ACCOUNT;
            if let Some(wait) = t.wait(&failures, at(now)) {
                prop_assert!(wait > Duration::zero() && wait <= t.window);
                prop_assert!(failures.len() >= t.max_failures);
            } else {
                let recent = failures.iter().filter(|f| **f > at(now) - t.window).count();
                prop_assert!(recent < t.max_failures);
            }
        }
    }
}
