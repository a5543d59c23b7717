//! A calendar the user subscribed to by address: how often it is fetched,
//! when it is due, and whether the copy in the plan is stale. The fetching
//! itself happens elsewhere; this is what the plan knows of it.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::{CoreError, CoreResult};

/// The shortest refresh interval: feeds publish every few minutes at best,
/// and Google throttles clients that ask more often.
pub const MIN_EVERY_MINUTES: u32 = 5;
/// The longest refresh interval: a week.
pub const MAX_EVERY_MINUTES: u32 = 7 * 24 * 60;
/// The interval when the user names none.
pub const DEFAULT_EVERY_MINUTES: u32 = 15;

/// One subscription and what its last fetches did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Subscription {
    /// The calendar's name; its meetings are the imported calendar of
    /// that name.
    pub name: String,
    /// The address, shortened (the whole one is a credential and is kept
    /// in the keyring).
    pub shown: String,
    /// What its address and password are filed under in the keyring:
    /// random, so that two plans never share a subscription's secrets.
    #[serde(skip)]
    pub secret_id: String,
    /// Minutes between fetches.
    pub every_minutes: u32,
    /// The HTTP user, when the feed needs basic authentication.
    pub user: Option<String>,
    /// The validators the last good copy came with.
    pub etag: Option<String>,
    /// The other validator.
    pub last_modified: Option<String>,
    /// When the user subscribed.
    pub added: DateTime<Utc>,
    /// When a fetch was last tried.
    pub last_attempt: Option<DateTime<Utc>>,
    /// When a fetch last succeeded (a 304 counts).
    pub last_success: Option<DateTime<Utc>>,
    /// Why the last fetch failed, while it has not succeeded since.
    pub problem: Option<String>,
}

impl Subscription {
    /// When the next fetch is due: now for one never tried, else an
    /// interval after the last attempt (a failure is retried as often as a
    /// success is refreshed, so a dead server is not hammered).
    pub fn due_at(&self) -> DateTime<Utc> {
        match self.last_attempt {
            None => self.added,
            // Saturating: a stored instant near the end of time must not
            // make the sum panic.
            Some(at) => at
                .checked_add_signed(Duration::minutes(i64::from(self.every_minutes)))
                .unwrap_or(DateTime::<Utc>::MAX_UTC),
        }
    }

    /// Whether a fetch is due at `now`.
    pub fn is_due(&self, now: DateTime<Utc>) -> bool {
        self.due_at() <= now
    }

    /// The interval as `parse_every` reads it and people write it: 15m,
    /// 2h, 1d.
    pub fn every_label(&self) -> String {
        match self.every_minutes {
            m if m % (24 * 60) == 0 => format!("{}d", m / (24 * 60)),
            m if m % 60 == 0 => format!("{}h", m / 60),
            m => format!("{m}m"),
        }
    }

    /// Whether the plan holds an old copy because the last fetch failed.
    pub fn is_stale(&self) -> bool {
        self.problem.is_some()
    }
}

/// Reads a refresh interval: `15m`, `2h`, `1d`, or bare minutes (`30`),
/// between five minutes and a week.
pub fn parse_every(text: &str) -> CoreResult<u32> {
    let text = text.trim();
    let refuse = || {
        CoreError::BadInput(format!(
            "'{text}' is not a refresh interval; write minutes, hours or days such as 15m, 2h or 1d \
             (between {MIN_EVERY_MINUTES}m and 7d)"
        ))
    };
    let (number, unit) = text.split_at(text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len()));
    let number: u32 = number.parse().map_err(|_| refuse())?;
    let per = match unit.trim() {
        "" | "m" | "min" => 1,
        "h" => 60,
        "d" => 24 * 60,
        _ => return Err(refuse()),
    };
    let minutes = number.checked_mul(per).ok_or_else(refuse)?;
    if (MIN_EVERY_MINUTES..=MAX_EVERY_MINUTES).contains(&minutes) { Ok(minutes) } else { Err(refuse()) }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, h, m, 0).unwrap()
    }

    #[test]
    fn intervals_read_as_people_write_them() {
        assert_eq!(parse_every("15m"), Ok(15));
        assert_eq!(parse_every("2h"), Ok(120));
        assert_eq!(parse_every("1d"), Ok(1440));
        assert_eq!(parse_every(" 30 "), Ok(30));
        for bad in ["1m", "8d", "0", "m", "15s", "-5m", "99999999999h", ""] {
            assert!(parse_every(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_new_subscription_is_due_at_once_then_every_interval_after_an_attempt() {
        let mut sub = Subscription {
            name: "team".into(),
            shown: "example.com/…/team.ics".into(),
            secret_id: "0f1e".into(),
            every_minutes: 15,
            user: None,
            etag: None,
            last_modified: None,
            added: at(9, 0),
            last_attempt: None,
            last_success: None,
            problem: None,
        };
        assert!(sub.is_due(at(9, 0)));
        assert_eq!(sub.every_label(), "15m");
        for minutes in [5, 90, 120, 1440, 10080] {
            sub.every_minutes = minutes;
            assert_eq!(parse_every(&sub.every_label()), Ok(minutes), "{minutes}");
        }
        sub.every_minutes = 15;
        sub.last_attempt = Some(at(9, 0));
        sub.problem = Some("cannot reach example.com".into());
        assert!(sub.is_stale());
        assert!(!sub.is_due(at(9, 14)));
        assert!(sub.is_due(at(9, 15)));
    }
}
