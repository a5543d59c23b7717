//! VEVENTs into read-only meeting blocks.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use deepblock_core::recurrence::{MAX_RULE_STEPS, is_occurrence, series_end};
use deepblock_core::time::{resolve_local, to_local};
use deepblock_core::{Block, BlockId, Category, Kind, Recurrence, RepeatRule, Source, Span};

use super::parse::{Component, ImportError, Property};
use super::values::{RawTime, duration, raw_time, raw_times};
use super::zones::Zones;
use crate::text::unescape_text;

/// What an import found.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// The meetings, one block per UID (a series with its changes).
    pub blocks: Vec<Block>,
    /// All-day and free (TRANSP:TRANSPARENT) events: birthdays, holidays,
    /// reminders. They are not meetings, so they are not imported.
    pub skipped: usize,
    /// Cancelled events, and events the user declined (their ATTENDEE
    /// line says PARTSTAT=DECLINED): neither takes their time.
    pub cancelled: usize,
    /// Events that could not be read, left out of a calendar (an
    /// invitation is refused instead); each is also among the warnings.
    pub unreadable: usize,
    /// What was skipped or repaired, each with its line, for the summary.
    pub warnings: Vec<ImportError>,
    /// The first event left out, which is the error if the whole file is.
    pub(crate) first_unreadable: Option<ImportError>,
}

/// A time read from a property, in the zone it names.
struct Time {
    instant: DateTime<Utc>,
    tz: Tz,
    all_day: bool,
}

fn read_time(property: &Property, zones: &mut Zones, user: Tz) -> Result<Time, ImportError> {
    Ok(match raw_time(&property.value, property.line)? {
        RawTime::Date(d) => {
            Time { instant: resolve_local(user, d.and_time(NaiveTime::MIN)), tz: user, all_day: true }
        }
        RawTime::Utc(u) => Time { instant: u, tz: chrono_tz::UTC, all_day: false },
        RawTime::Wall(w) => match property.param("TZID") {
            Some(tzid) => {
                let zone = zones.resolve(tzid, w.year(), property.line)?;
                Time { instant: zone.instant(w), tz: zone.tz(), all_day: false }
            }
            None => Time { instant: resolve_local(user, w), tz: user, all_day: false },
        },
    })
}

/// The wall times a list property (EXDATE, RDATE, RECURRENCE-ID) names, in
/// the series' zone, at the series' time of day when only a date is given.
pub(crate) fn read_walls(
    property: &Property,
    zones: &mut Zones,
    series: &Block,
) -> Result<Vec<NaiveDateTime>, ImportError> {
    let time_of_day = series.local_start().time();
    raw_times(property)?
        .into_iter()
        .map(|raw| {
            Ok(match raw {
                RawTime::Date(d) => d.and_time(time_of_day),
                RawTime::Utc(u) => to_local(series.tz, u),
                RawTime::Wall(w) => match property.param("TZID") {
                    Some(tzid) => {
                        to_local(series.tz, zones.resolve(tzid, w.year(), property.line)?.instant(w))
                    }
                    None => w,
                },
            })
        })
        .collect()
}

/// The longest an event may last: ten years. Longer is a mistake in the
/// file, and the bound keeps every later sum of times within range.
const LONGEST_EVENT_DAYS: i64 = 3_660;

/// When an event ends: DTEND, else DTSTART plus DURATION, else a day for an
/// all-day event and nothing for a timed one (RFC 5545 §3.6.1).
///
/// An end that the clock's spring-forward gap puts before its start (RFC
/// 5545 reads a skipped wall time with the offset before the gap, so
/// `01:30` to `02:00` on the morning Lisbon skips from 01:00 to 02:00
/// becomes 01:30Z to 01:00Z) keeps the length written in wall time, with a
/// warning.
fn read_end(
    event: &Component,
    start: &Time,
    zones: &mut Zones,
    user: Tz,
    warnings: &mut Vec<ImportError>,
) -> Result<DateTime<Utc>, ImportError> {
    let line = event.prop("DTEND").or(event.prop("DURATION")).map_or(event.line, |p| p.line);
    let end = if let Some(end) = event.prop("DTEND") {
        read_time(end, zones, user)?.instant
    } else if let Some(length) = event.prop("DURATION") {
        start
            .instant
            .checked_add_signed(duration(&length.value, length.line)?)
            .ok_or_else(|| ImportError::at(line, "the event ends too far in the future"))?
    } else if start.all_day {
        start.instant + Duration::days(1)
    } else {
        start.instant
    };
    let end = if end < start.instant {
        let Some(written) = wall_length(event).filter(|length| *length >= Duration::zero()) else {
            return Err(ImportError::at(line, "the event ends before it starts"));
        };
        warnings.push(ImportError::at(
            line,
            "the event starts or ends at a time the clock skips (the change to summer time); \
             it keeps the length written",
        ));
        start.instant.checked_add_signed(written).unwrap_or(start.instant)
    } else {
        end
    };
    if end - start.instant > Duration::days(LONGEST_EVENT_DAYS) {
        return Err(ImportError::at(line, "the event lasts more than ten years"));
    }
    Ok(end)
}

/// DTEND minus DTSTART as written on the wall clock, when both are wall
/// times of the same zone.
fn wall_length(event: &Component) -> Option<Duration> {
    let (start, end) = (event.prop("DTSTART")?, event.prop("DTEND")?);
    if start.param("TZID") != end.param("TZID") {
        return None;
    }
    match (raw_time(&start.value, start.line).ok()?, raw_time(&end.value, end.line).ok()?) {
        (RawTime::Wall(from), RawTime::Wall(to)) => Some(to - from),
        _ => None,
    }
}

/// A COUNT larger than the expander walks per query is cut to that many
/// occurrences (more than any meeting repeats), with a warning.
fn cap_count(rule: &str, line: usize, warnings: &mut Vec<ImportError>) -> String {
    let parts: Vec<String> = rule
        .split(';')
        .map(|part| match part.split_once('=') {
            Some((key, value))
                if key.trim().eq_ignore_ascii_case("COUNT")
                    && value.trim().parse::<u128>().is_ok_and(|n| n > MAX_RULE_STEPS as u128) =>
            {
                warnings.push(ImportError::at(
                    line,
                    format!(
                        "the rule's COUNT={} is cut to its first {MAX_RULE_STEPS} occurrences",
                        value.trim()
                    ),
                ));
                format!("COUNT={MAX_RULE_STEPS}")
            }
            _ => part.to_owned(),
        })
        .collect();
    parts.join(";")
}

/// A rule that repeats every second or minute is not a meeting, and would
/// flood every week it touches: it is refused (the event is left out), as
/// is one with INTERVAL=0, which never moves on. An hourly one is kept,
/// with a warning.
fn judge_frequency(rule: &str, line: usize, warnings: &mut Vec<ImportError>) -> Result<(), ImportError> {
    let mut hourly = false;
    for part in rule.split(';') {
        let Some((key, value)) = part.split_once('=') else { continue };
        let (key, value) = (key.trim().to_ascii_uppercase(), value.trim().to_ascii_uppercase());
        let every = match (key.as_str(), value.as_str()) {
            ("FREQ", "SECONDLY") => "second",
            ("FREQ", "MINUTELY") => "minute",
            ("FREQ", "HOURLY") => {
                hourly = true;
                continue;
            }
            ("INTERVAL", "0") => return Err(ImportError::at(line, "the rule's INTERVAL=0 never moves on")),
            _ => continue,
        };
        return Err(ImportError::at(line, format!("the event repeats every {every}, which no meeting does")));
    }
    if hourly {
        warnings.push(ImportError::at(
            line,
            "the event repeats every hour; it is kept, and fills every hour it may (check it is a meeting)",
        ));
    }
    Ok(())
}

fn cancelled(event: &Component) -> bool {
    event.prop("STATUS").is_some_and(|s| s.value.trim().eq_ignore_ascii_case("CANCELLED"))
}

/// Whether the event takes none of the user's time: cancelled, or declined
/// by one of `me` (their addresses, lower case).
fn absent(event: &Component, me: &[String]) -> bool {
    cancelled(event)
        || event.props_named("ATTENDEE").any(|a| {
            is_address_of(&a.value, me)
                && a.param("PARTSTAT").is_some_and(|p| p.trim().eq_ignore_ascii_case("DECLINED"))
        })
}

/// Whether a calendar address (`mailto:ana@example.org`) is one of
/// `addresses` (lower-case emails).
pub(crate) fn is_address_of(value: &str, addresses: &[String]) -> bool {
    let value = value.trim();
    let email = value.get(..7).filter(|p| p.eq_ignore_ascii_case("mailto:")).map_or(value, |_| &value[7..]);
    addresses.iter().any(|m| m.eq_ignore_ascii_case(email))
}

fn free(event: &Component) -> bool {
    event.prop("TRANSP").is_some_and(|t| t.value.trim().eq_ignore_ascii_case("TRANSPARENT"))
}

fn sequence(event: &Component) -> u32 {
    // Some servers count far past 32 bits; the order is all that matters.
    event
        .prop("SEQUENCE")
        .and_then(|s| s.value.trim().parse::<u128>().ok())
        .map_or(0, |n| u32::try_from(n).unwrap_or(u32::MAX))
}

fn uid(event: &Component) -> String {
    match event.prop("UID").map(|p| p.value.trim()).filter(|v| !v.is_empty()) {
        Some(uid) => unescape_text(uid),
        // A file without UIDs still imports; the same event gets the same
        // made-up UID each time, so re-importing updates it.
        None => {
            let start = event.prop("DTSTART").map_or("", |p| p.value.as_str());
            let summary = event.prop("SUMMARY").map_or("", |p| p.value.as_str());
            format!("no-uid-{start}-{:x}@import.invalid", fnv1a(summary.as_bytes()))
        }
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// The events of one calendar by UID, before any is converted: the master
/// of each series (the one of highest SEQUENCE when it comes more than
/// once) and its changed occurrences. `E` is how an event is reached again:
/// the parsed event itself, or where to read it from the file.
pub(crate) struct ByUid<E> {
    masters: BTreeMap<String, (u32, E)>,
    overrides: BTreeMap<String, Vec<E>>,
}

impl<E> Default for ByUid<E> {
    fn default() -> Self {
        Self { masters: BTreeMap::new(), overrides: BTreeMap::new() }
    }
}

impl<E> ByUid<E> {
    /// Files `event`, reached again through `reach`.
    pub(crate) fn add(&mut self, event: &Component, reach: E) {
        let key = uid(event);
        if event.prop("RECURRENCE-ID").is_some() {
            self.overrides.entry(key).or_default().push(reach);
        } else {
            let sequence = sequence(event);
            if self.masters.get(&key).is_none_or(|(kept, _)| *kept <= sequence) {
                self.masters.insert(key, (sequence, reach));
            }
        }
    }
}

/// Converts one calendar's events. An event that cannot be read is left
/// out and named in the warnings, so one bad event never sinks a calendar.
/// An `invitation` is read strictly (the reply needs all of it) and keeps
/// all-day and free events: an invitation to one still wants an answer.
/// Events and occurrences declined by one of `me` are left out like
/// cancelled ones.
pub fn convert<'c>(
    calendar: &'c Component,
    name: &str,
    user: Tz,
    (invitation, me): (bool, &[String]),
    found: &mut Imported,
) -> Result<(), ImportError> {
    let mut events = ByUid::default();
    for event in calendar.children_named("VEVENT") {
        events.add(event, event);
    }
    let mut blocks = Vec::new();
    let reach = |event: &&'c Component| Ok(Cow::Borrowed(*event));
    convert_by_uid(calendar, events, reach, (name, user), (invitation, me), found, &mut |b| blocks.push(b))?;
    found.blocks.extend(blocks);
    Ok(())
}

/// [`convert`] over events filed by UID, each reached through `reach` when
/// it is converted, each block handed to `sink` as it is made.
pub(crate) fn convert_by_uid<'a, E>(
    calendar: &Component,
    events: ByUid<E>,
    reach: impl Fn(&E) -> Result<Cow<'a, Component>, ImportError>,
    (name, user): (&str, Tz),
    (invitation, me): (bool, &[String]),
    found: &mut Imported,
    sink: &mut dyn FnMut(Block),
) -> Result<(), ImportError> {
    let keep_free = invitation;
    let mut zones = Zones::new(calendar, user);
    let ByUid { masters, mut overrides } = events;
    for (key, (_, reached)) in &masters {
        let event = reach(reached)?;
        if absent(&event, me) {
            found.cancelled += 1;
            continue;
        }
        let exceptions = overrides.remove(key).unwrap_or_default();
        let exceptions = exceptions.iter().map(&reach).collect::<Result<Vec<_>, _>>()?;
        let exceptions: Vec<&Component> = exceptions.iter().map(AsRef::as_ref).collect();
        let series = read_master(&event, key, name, &mut zones, user, keep_free, found).and_then(|block| {
            with_overrides(block, &exceptions, (&mut zones, user, me), &mut found.warnings)
        });
        match series {
            Ok(block) => block.into_iter().for_each(&mut *sink),
            Err(error) if !invitation => left_out(found, &event, error),
            Err(error) => return Err(error),
        }
    }
    // Overrides whose series is not in the file stand alone.
    for (key, reached) in overrides {
        for reached in &reached {
            let event = reach(reached)?;
            if absent(&event, me) {
                continue;
            }
            let rid = event.prop("RECURRENCE-ID").map_or("", |p| p.value.trim());
            let standalone = format!("{key}/{rid}");
            match read_master(&event, &standalone, name, &mut zones, user, keep_free, found) {
                Ok(Some(mut block)) => {
                    block.recurrence = None;
                    sink(block);
                }
                Ok(None) => {}
                Err(error) if !invitation => left_out(found, &event, error),
                Err(error) => return Err(error),
            }
        }
    }
    Ok(())
}

/// A series with its changed occurrences applied.
fn with_overrides(
    mut block: Option<Block>,
    exceptions: &[&Component],
    (zones, user, me): (&mut Zones, Tz, &[String]),
    warnings: &mut Vec<ImportError>,
) -> Result<Option<Block>, ImportError> {
    if let Some(series) = block.as_mut() {
        for exception in exceptions {
            apply_override(series, exception, (zones, user, me), warnings)?;
        }
    }
    Ok(block)
}

/// Leaves out an event that cannot be read, saying which and why (the
/// warning is also the error when the whole file is refused).
fn left_out(found: &mut Imported, event: &Component, error: ImportError) {
    let title = event.prop("SUMMARY").map(|p| unescape_text(p.value.trim())).filter(|t| !t.is_empty());
    let which = title.map_or_else(|| "an event".to_owned(), |t| format!("the event '{t}'"));
    let warning = ImportError::at(error.line, format!("{which} cannot be read: {}", error.message));
    found.unreadable += 1;
    found.first_unreadable.get_or_insert_with(|| warning.clone());
    found.warnings.push(warning);
}

fn read_master(
    event: &Component,
    key: &str,
    calendar: &str,
    zones: &mut Zones,
    user: Tz,
    keep_free: bool,
    found: &mut Imported,
) -> Result<Option<Block>, ImportError> {
    if let Some(broken) = &event.broken {
        return Err(broken.clone());
    }
    let start_prop =
        event.prop("DTSTART").ok_or_else(|| ImportError::at(event.line, "a VEVENT without DTSTART"))?;
    let start = read_time(start_prop, zones, user)?;
    let end = read_end(event, &start, zones, user, &mut found.warnings)?;
    if !keep_free && (start.all_day || free(event)) {
        found.skipped += 1;
        return Ok(None);
    }
    let title = event.prop("SUMMARY").map(|p| unescape_text(p.value.trim())).filter(|t| !t.is_empty());
    let mut block = Block {
        id: BlockId::UNSAVED,
        uid: key.to_owned(),
        sequence: sequence(event),
        kind: Kind::Meeting,
        title: title.unwrap_or_else(|| "(no title)".to_owned()),
        category: Category::Meetings,
        start: start.instant,
        end,
        tz: start.tz,
        recurrence: None,
        protected: false,
        source: Source::Imported { calendar: calendar.to_owned() },
    };
    let rule = event.prop("RRULE");
    let has_dates = event.prop("RDATE").is_some() || event.prop("EXDATE").is_some();
    if rule.is_some() || has_dates {
        // A series made only of RDATEs repeats its first time once.
        // Some generators escape the rule's separators as if it were
        // text (`FREQ=DAILY\;COUNT=10`); python icalendar reads those too.
        let text =
            rule.map_or("FREQ=DAILY;COUNT=1".to_owned(), |r| r.value.replace("\\;", ";").replace("\\,", ","));
        let line = rule.map_or(event.line, |r| r.line);
        judge_frequency(&text, line, &mut found.warnings)?;
        let text = cap_count(&text, line, &mut found.warnings);
        let parsed = RepeatRule::parse(&text).map_err(|e| ImportError::at(line, e.to_string()))?;
        block.recurrence = Some(Recurrence::new(parsed));
        // Walk the rule once now, so a rule the expander refuses fails the
        // import here, at its line, not later in the planner.
        is_occurrence(&block, block.local_start()).map_err(|e| ImportError::at(line, e.to_string()))?;
        if series_end(&block)
            .map_err(|e| ImportError::at(line, e.to_string()))?
            .is_some_and(|end| end < block.end)
        {
            found.warnings.push(ImportError::at(
                line,
                "the rule's UNTIL ends before the event starts; only its first occurrence is kept",
            ));
        }
        for property in event.props_named("EXDATE") {
            let walls = read_walls(property, zones, &block)?;
            if let Some(r) = block.recurrence.as_mut() {
                r.skipped.extend(walls);
            }
        }
        for property in event.props_named("RDATE") {
            let walls = read_walls(property, zones, &block)?;
            if let Some(r) = block.recurrence.as_mut() {
                r.added.extend(walls);
            }
        }
    }
    Ok(Some(block))
}

fn apply_override(
    series: &mut Block,
    event: &Component,
    (zones, user, me): (&mut Zones, Tz, &[String]),
    warnings: &mut Vec<ImportError>,
) -> Result<(), ImportError> {
    if let Some(broken) = &event.broken {
        return Err(broken.clone());
    }
    let Some(rid) = event.prop("RECURRENCE-ID") else {
        return Ok(());
    };
    let originals = read_walls(rid, zones, series)?;
    let Some(original) = originals.first().copied() else {
        return Ok(());
    };
    if series.recurrence.is_none() {
        series.recurrence = Some(Recurrence::new(
            RepeatRule::parse("FREQ=DAILY;COUNT=1").map_err(|e| ImportError::at(rid.line, e.to_string()))?,
        ));
    }
    let span = if absent(event, me) {
        None
    } else {
        let start = match event.prop("DTSTART") {
            Some(p) => read_time(p, zones, user)?,
            None => Time { instant: resolve_local(series.tz, original), tz: series.tz, all_day: false },
        };
        let end = if event.prop("DTEND").is_some() || event.prop("DURATION").is_some() {
            read_end(event, &start, zones, user, warnings)?
        } else {
            start.instant + series.duration()
        };
        Some(Span::new(start.instant, end))
    };
    if let Some(recurrence) = series.recurrence.as_mut() {
        match span {
            Some(span) => {
                recurrence.moved.insert(original, span);
            }
            None => {
                recurrence.skipped.insert(original);
            }
        }
    }
    Ok(())
}
