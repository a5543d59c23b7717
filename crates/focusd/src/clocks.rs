//! The machine's clocks, read here and nowhere else in the daemon.

use std::fs;

use chrono::Utc;
use deepblock_blocker::lease::Clocks;

/// The wall clock, this boot's id and the seconds since boot (suspend
/// included), which no one can set.
pub fn now() -> Clocks {
    let boot_id = fs::read_to_string("/proc/sys/kernel/random/boot_id").unwrap_or_default().trim().to_owned();
    let uptime = fs::read_to_string("/proc/uptime")
        .ok()
        .and_then(|text| text.split_whitespace().next().and_then(|s| s.parse().ok()))
        .unwrap_or(0.0);
    Clocks { now: Utc::now(), boot_id, uptime }
}
