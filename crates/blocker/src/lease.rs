//! How long a blocking session still has to run, judged so that a locked
//! session cannot be cut short by moving the system clock or restarting.
//!
//! An unlocked session ends at its wall-clock end, like the calendar block
//! it belongs to. A locked one ends when enough time has really passed: the
//! time since boot (which no one can set) counts, and across a reboot the
//! elapsed time saved at the last checkpoint carries over. Time the machine
//! was off does not count, so a reboot never shortens a locked session.
//! Pure: the caller passes the wall clock, the boot id and the uptime.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where the machine's own clocks stand: the wall clock, which boot this
/// is and the seconds since it (from `/proc/uptime`, which counts suspend).
#[derive(Debug, Clone, PartialEq)]
pub struct Clocks {
    /// The wall clock, which anyone with root can move.
    pub now: DateTime<Utc>,
    /// `/proc/sys/kernel/random/boot_id`: changes at every boot.
    pub boot_id: String,
    /// Seconds since this boot.
    pub uptime: f64,
}

/// A session's timing, saved with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lease {
    /// When it ends by the wall clock.
    pub end: DateTime<Utc>,
    /// Whether it refuses to be stopped or shortened.
    pub locked: bool,
    /// How many seconds of real time it lasts in all (extensions included).
    pub duration: f64,
    /// Seconds that had passed before the current boot's count started.
    pub elapsed_before: f64,
    /// The boot the count runs in.
    pub boot_id: String,
    /// Uptime when the count started in this boot.
    pub uptime_at: f64,
}

impl Lease {
    /// A session starting now and ending at `end`.
    pub fn start(end: DateTime<Utc>, locked: bool, clocks: &Clocks) -> Self {
        Self {
            end,
            locked,
            duration: seconds_between(clocks.now, end),
            elapsed_before: 0.0,
            boot_id: clocks.boot_id.clone(),
            uptime_at: clocks.uptime,
        }
    }

    /// Real seconds that have passed in the session.
    pub fn elapsed(&self, clocks: &Clocks) -> f64 {
        if clocks.boot_id == self.boot_id {
            self.elapsed_before + (clocks.uptime - self.uptime_at).max(0.0)
        } else {
            self.elapsed_before
        }
    }

    /// Carries the count over to this boot and saves how much has passed;
    /// called at start-up and regularly, since a reboot loses what came
    /// after the last checkpoint.
    pub fn checkpoint(&mut self, clocks: &Clocks) {
        self.elapsed_before = self.elapsed(clocks);
        self.boot_id = clocks.boot_id.clone();
        self.uptime_at = clocks.uptime;
    }

    /// Seconds left (0 once it is over).
    pub fn remaining(&self, clocks: &Clocks) -> f64 {
        let left = if self.locked {
            self.duration - self.elapsed(clocks)
        } else {
            seconds_between(clocks.now, self.end)
        };
        left.max(0.0)
    }

    /// Whether the session has run its course.
    pub fn is_over(&self, clocks: &Clocks) -> bool {
        self.remaining(clocks) <= 0.0
    }

    /// Moves the end to `end`, which must be later than the current one;
    /// the real duration grows by the same amount.
    pub fn extend_to(&mut self, end: DateTime<Utc>) -> bool {
        if end <= self.end {
            return false;
        }
        self.duration += seconds_between(self.end, end);
        self.end = end;
        true
    }
}

fn seconds_between(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_milliseconds() as f64 / 1000.0
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;

    fn clocks(minute: i64, boot: &str, uptime: f64) -> Clocks {
        Clocks {
            now: Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap() + Duration::minutes(minute),
            boot_id: boot.to_owned(),
            uptime,
        }
    }

    fn lease(locked: bool) -> Lease {
        let start = clocks(0, "a", 1000.0);
        Lease::start(start.now + Duration::minutes(60), locked, &start)
    }

    #[test]
    fn an_unlocked_session_ends_by_the_wall_clock() {
        let lease = lease(false);
        assert_eq!(lease.remaining(&clocks(30, "a", 2800.0)), 1800.0);
        assert!(lease.is_over(&clocks(60, "a", 1060.0)));
    }

    #[test]
    fn moving_the_clock_forward_does_not_end_a_locked_session() {
        let lease = lease(true);
        let moved = clocks(24 * 60, "a", 1600.0);
        assert_eq!(lease.remaining(&moved), 3000.0);
        assert!(!lease.is_over(&moved));
        assert!(lease.is_over(&clocks(24 * 60, "a", 4600.0)));
    }

    #[test]
    fn a_reboot_keeps_what_had_passed_and_never_counts_the_time_off() {
        let mut lease = lease(true);
        lease.checkpoint(&clocks(20, "a", 2200.0));
        assert_eq!(lease.remaining(&clocks(300, "b", 5.0)), 2400.0);
        lease.checkpoint(&clocks(300, "b", 5.0));
        assert_eq!(lease.remaining(&clocks(310, "b", 605.0)), 1800.0);
    }

    #[test]
    fn extending_adds_real_time_and_refuses_to_shorten() {
        let mut lease = lease(true);
        assert!(!lease.extend_to(lease.end - Duration::minutes(1)));
        assert!(lease.extend_to(lease.end + Duration::minutes(30)));
        assert_eq!(lease.remaining(&clocks(0, "a", 1000.0)), 5400.0);
    }
}
