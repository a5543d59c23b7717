//! TZIDs as real producers write them, turned into IANA zones.
//!
//! In order: an IANA name (also at the end of a prefixed one such as
//! `/mozilla.org/20050126_1/Europe/Berlin`); a Windows name such as
//! `W. Europe Standard Time` (Outlook, Exchange, Teams), through CLDR's
//! windowsZones table; otherwise the file's own VTIMEZONE, whose rules are
//! evaluated and matched to the IANA zone with the same offsets all year
//! (Outlook's localized display names land here). A zone that matches none
//! is kept as a fixed offset: times are right, clock changes are not.

use std::collections::HashMap;
use std::str::FromStr;

use chrono::{DateTime, Duration, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{TZ_VARIANTS, Tz};
use deepblock_core::time::resolve_local;
use rrule::{RRule, Unvalidated};
use strum::IntoEnumIterator;
use windows_timezones::WindowsTimezone;

use super::parse::{Component, ImportError};
use super::values::{RawTime, raw_time, raw_times};

/// One STANDARD or DAYLIGHT observance of a VTIMEZONE.
#[derive(Debug, Clone)]
struct Observance {
    onset: NaiveDateTime,
    rule: Option<String>,
    extra_onsets: Vec<NaiveDateTime>,
    from: i32,
    to: i32,
}

/// A VTIMEZONE the file defines, evaluated from its own rules.
#[derive(Debug, Clone)]
pub struct FileZone {
    observances: Vec<Observance>,
}

fn offset_seconds(text: &str, line: usize) -> Result<i32, ImportError> {
    let bad = || ImportError::at(line, format!("'{text}' is not a UTC offset such as +0100"));
    let text = text.trim();
    let (sign, digits) = match text.split_at_checked(1) {
        Some(("+", d)) => (1, d),
        Some(("-", d)) => (-1, d),
        _ => return Err(bad()),
    };
    if !(digits.len() == 4 || digits.len() == 6) || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let n = |r: std::ops::Range<usize>| digits.get(r).and_then(|d| d.parse::<i32>().ok()).unwrap_or(0);
    Ok(sign * (n(0..2) * 3600 + n(2..4) * 60 + n(4..6)))
}

impl FileZone {
    fn read(component: &Component) -> Result<Self, ImportError> {
        let mut observances = Vec::new();
        for part in component.children.iter().filter(|c| c.name == "STANDARD" || c.name == "DAYLIGHT") {
            let need = |name: &str| {
                part.prop(name)
                    .ok_or_else(|| ImportError::at(part.line, format!("{} without {name}", part.name)))
            };
            let start = need("DTSTART")?;
            let onset = match raw_time(&start.value, start.line)? {
                RawTime::Wall(w) => w,
                RawTime::Utc(u) => u.naive_utc(),
                RawTime::Date(d) => d.and_time(chrono::NaiveTime::MIN),
            };
            let from = need("TZOFFSETFROM").and_then(|p| offset_seconds(&p.value, p.line))?;
            let to = need("TZOFFSETTO").and_then(|p| offset_seconds(&p.value, p.line))?;
            let mut extra_onsets = Vec::new();
            for rdate in part.props_named("RDATE") {
                for time in raw_times(rdate)? {
                    if let RawTime::Wall(w) = time {
                        extra_onsets.push(w);
                    }
                }
            }
            let rule = part.prop("RRULE").map(|p| p.value.clone());
            observances.push(Observance { onset, rule, extra_onsets, from, to });
        }
        if observances.is_empty() {
            return Err(ImportError::at(component.line, "a VTIMEZONE with no STANDARD or DAYLIGHT part"));
        }
        Ok(Self { observances })
    }

    /// Every change of offset up to `until`, as (instant, new offset).
    fn changes(&self, until: NaiveDateTime) -> Vec<(NaiveDateTime, i32)> {
        let mut changes = Vec::new();
        for o in &self.observances {
            let mut onsets = vec![o.onset];
            onsets.extend(&o.extra_onsets);
            // ASCII only: the `rrule` crate panics inside a wider character.
            let rule = o.rule.as_deref().filter(|r| r.is_ascii());
            if let Some(rule) = rule.and_then(|r| RRule::<Unvalidated>::from_str(r).ok()) {
                // Walked in wall time, as recurrences are (see core's recurrence).
                let start = rrule::Tz::UTC.from_utc_datetime(&o.onset);
                if let Ok(set) = rule.build(start) {
                    onsets.extend(
                        set.into_iter().map(|t| t.naive_utc()).take_while(|t| *t <= until).take(1000),
                    );
                }
            }
            changes.extend(onsets.into_iter().map(|w| (w - Duration::seconds(i64::from(o.from)), o.to)));
        }
        changes.sort();
        changes
    }

    /// The offset in force at a UTC instant.
    fn offset_at(&self, instant: NaiveDateTime) -> i32 {
        let changes = self.changes(instant + Duration::days(1));
        match changes.iter().rev().find(|(at, _)| *at <= instant) {
            Some((_, to)) => *to,
            // Before the first change: the state it changed from.
            None => self.observances.iter().min_by_key(|o| o.onset).map_or(0, |o| o.from),
        }
    }

    /// The IANA zone whose offsets agree with this one through `year` and
    /// the next, trying `preferred` first.
    fn matching_iana(&self, year: i32, preferred: Tz) -> Option<Tz> {
        let samples: Vec<NaiveDateTime> = (0..24)
            .filter_map(|i| chrono::NaiveDate::from_ymd_opt(year + i / 12, (i % 12) as u32 + 1, 15))
            .map(|d| d.and_time(chrono::NaiveTime::MIN))
            .collect();
        let ours: Vec<i32> = samples.iter().map(|t| self.offset_at(*t)).collect();
        let agrees = |tz: &Tz| {
            samples
                .iter()
                .zip(&ours)
                .all(|(t, want)| tz.offset_from_utc_datetime(t).fix().local_minus_utc() == *want)
        };
        std::iter::once(preferred).chain(TZ_VARIANTS.iter().copied()).find(agrees)
    }
}

/// How a TZID's wall times become instants.
#[derive(Debug, Clone, Copy)]
pub enum Zone {
    /// A zone of the tz database.
    Iana(Tz),
    /// A fixed offset, from a file zone no IANA zone matches.
    Fixed(i32),
}

impl Zone {
    /// The zone a block keeps (for its wall-time recurrence).
    pub fn tz(&self) -> Tz {
        match self {
            Zone::Iana(tz) => *tz,
            Zone::Fixed(_) => chrono_tz::UTC,
        }
    }

    /// The instant of a wall time in this zone.
    pub fn instant(&self, wall: NaiveDateTime) -> DateTime<Utc> {
        match self {
            Zone::Iana(tz) => resolve_local(*tz, wall),
            Zone::Fixed(offset) => (wall - Duration::seconds(i64::from(*offset))).and_utc(),
        }
    }
}

/// The zones of one calendar file.
#[derive(Debug)]
pub struct Zones {
    defined: HashMap<String, (usize, Component)>,
    resolved: HashMap<String, Zone>,
    user: Tz,
}

/// An IANA name, alone or at the end of a path-like TZID.
fn iana(tzid: &str) -> Option<Tz> {
    let tzid = tzid.trim().trim_matches('"');
    if let Ok(tz) = tzid.parse::<Tz>() {
        return Some(tz);
    }
    tzid.match_indices('/').find_map(|(i, _)| tzid[i + 1..].parse::<Tz>().ok())
}

/// A Windows zone by its ID (`W. Europe Standard Time`) or, as Outlook
/// also writes without a VTIMEZONE, by its display name with or without
/// the offset (`(UTC+08:00) Kuala Lumpur, Singapore`, `Kuala Lumpur,
/// Singapore`), case and escaped commas aside.
fn windows(tzid: &str) -> Option<Tz> {
    let name = tzid.trim().trim_matches('"').replace("\\,", ",");
    if let Ok(zone) = WindowsTimezone::from_str(&name) {
        return Some(Tz::from(zone));
    }
    let wanted = without_offset(&name).to_lowercase();
    WindowsTimezone::iter()
        .find(|zone| without_offset(zone.description()).to_lowercase() == wanted)
        .map(Tz::from)
}

/// A display name without its leading `(UTC+08:00) `.
fn without_offset(name: &str) -> &str {
    let name = name.trim();
    match name.strip_prefix("(UTC").and_then(|rest| rest.split_once(')')) {
        Some((_, place)) => place.trim(),
        None => name,
    }
}

impl Zones {
    /// The zones a calendar defines; `user` is tried first when matching.
    pub fn new(calendar: &Component, user: Tz) -> Self {
        let defined = calendar
            .children_named("VTIMEZONE")
            .filter_map(|c| c.prop("TZID").map(|p| (p.value.trim().to_owned(), (c.line, c.clone()))))
            .collect();
        Self { defined, resolved: HashMap::new(), user }
    }

    /// The zone a TZID names, for a time in `year`.
    pub fn resolve(&mut self, tzid: &str, year: i32, line: usize) -> Result<Zone, ImportError> {
        if let Some(zone) = self.resolved.get(tzid) {
            return Ok(*zone);
        }
        let zone = match iana(tzid).or_else(|| windows(tzid)) {
            Some(tz) => Zone::Iana(tz),
            None => {
                let (_, component) = self.defined.get(tzid.trim()).ok_or_else(|| {
                    ImportError::at(
                        line,
                        format!(
                            "TZID '{tzid}' is not a known zone and the file does not define it in a VTIMEZONE"
                        ),
                    )
                })?;
                let file_zone = FileZone::read(component)?;
                match file_zone.matching_iana(year, self.user) {
                    Some(tz) => Zone::Iana(tz),
                    None => {
                        let noon = chrono::NaiveDate::from_ymd_opt(year, 7, 1)
                            .unwrap_or_default()
                            .and_time(chrono::NaiveTime::MIN);
                        Zone::Fixed(file_zone.offset_at(noon))
                    }
                }
            }
        };
        self.resolved.insert(tzid.to_owned(), zone);
        Ok(zone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::parse::parse;

    #[test]
    fn names_resolve_by_iana_prefix_and_windows() {
        assert_eq!(iana("Europe/Lisbon"), Some(chrono_tz::Europe::Lisbon));
        assert_eq!(iana("/mozilla.org/20050126_1/Europe/Berlin"), Some(chrono_tz::Europe::Berlin));
        assert_eq!(windows("W. Europe Standard Time"), Some(chrono_tz::Europe::Berlin));
        assert_eq!(windows("Eastern Standard Time"), Some(chrono_tz::America::New_York));
        assert_eq!(windows("Nowhere Standard Time"), None);
        // Display names, as Outlook writes them with no VTIMEZONE.
        for name in
            ["(UTC+08:00) Kuala Lumpur, Singapore", "Kuala Lumpur\\, Singapore", "kuala lumpur, singapore"]
        {
            assert_eq!(windows(name), Some(chrono_tz::Asia::Singapore), "{name}");
        }
        assert_eq!(
            windows("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"),
            Some(chrono_tz::Europe::Berlin)
        );
        assert_eq!(windows("(UTC+08:00) Atlantis"), None);
    }

    #[test]
    fn a_display_name_zone_is_matched_by_its_rules() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nTZID:(UTC+01:00) Amsterdam\\, Berlin\\, Rome\r\n\
            BEGIN:STANDARD\r\nDTSTART:16010101T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n\
            RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\n\
            DTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n\
            RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\nEND:VCALENDAR\r\n";
        let calendar = &parse(text).unwrap()[0];
        let mut zones = Zones::new(calendar, chrono_tz::Europe::Berlin);
        let zone = zones.resolve("(UTC+01:00) Amsterdam\\, Berlin\\, Rome", 2026, 1).unwrap();
        assert_eq!(zone.tz(), chrono_tz::Europe::Berlin);
        let mut elsewhere = Zones::new(calendar, chrono_tz::Asia::Tokyo);
        let zone = elsewhere.resolve("(UTC+01:00) Amsterdam\\, Berlin\\, Rome", 2026, 1).unwrap();
        let offset = |tz: Tz, m| {
            tz.offset_from_utc_datetime(&chrono::NaiveDate::from_ymd_opt(2026, m, 1).unwrap().into()).fix()
        };
        assert_eq!(offset(zone.tz(), 1).local_minus_utc(), 3600);
        assert_eq!(offset(zone.tz(), 7).local_minus_utc(), 7200);
    }

    #[test]
    fn an_undefined_unknown_tzid_is_an_error_naming_the_line() {
        let calendar = &parse("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n").unwrap()[0];
        let err = Zones::new(calendar, chrono_tz::UTC).resolve("Mars Standard Time", 2026, 9).unwrap_err();
        assert_eq!(err.line, 9);
        assert!(err.message.contains("does not define it"), "{err}");
    }
}
