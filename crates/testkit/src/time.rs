//! Zones and wall times as tests write them.

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use deepblock_core::time::resolve_local;

/// The zone named `name`.
pub fn zone(name: &str) -> Tz {
    name.parse().unwrap_or_else(|_| panic!("{name} is not a zone"))
}

/// Europe/Lisbon: the zone most tests plan in (it has summer time, and
/// is UTC for half the year, which hides no offset bugs in the other).
pub fn lisbon() -> Tz {
    zone("Europe/Lisbon")
}

/// A wall time written `2026-12-01T09:00`.
pub fn wall(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .unwrap_or_else(|_| panic!("{text} is not a wall time"))
}

/// The instant of the wall time `text` in `tz` (RFC 5545's rules for gaps
/// and repeated hours).
pub fn at(tz: Tz, text: &str) -> DateTime<Utc> {
    resolve_local(tz, wall(text))
}

/// The instant of the Lisbon wall time `text`.
pub fn in_lisbon(text: &str) -> DateTime<Utc> {
    at(lisbon(), text)
}
