//! The plan as an iCalendar PUBLISH text that Google Calendar, Outlook,
//! Apple Calendar and Thunderbird import.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use deepblock_core::autofocus::KindSet;
use deepblock_core::rules::{Half, NoMeetingRule, NoMeetingWhen};
use deepblock_core::time::{resolve_local, to_local};
use deepblock_core::{Block, Rules, Span};

use crate::vtimezone::write_vtimezone;
use crate::writer::Writer;

/// Who publishes when the user has not said who they are. `.invalid` can
/// never reach anyone; RFC 5546 wants an ORGANIZER on published events.
const FALLBACK_ORGANIZER: &str = "mailto:noreply@deepblock.invalid";

/// How often subscribers should fetch the feed again.
const REFRESH: &str = "PT1H";

/// What to export besides the blocks.
#[derive(Debug, Clone)]
pub struct ExportOptions<'a> {
    /// The calendar's name in the subscriber's list.
    pub name: &'a str,
    /// The user's zone: no-meeting days are local to it.
    pub tz: Tz,
    /// DTSTAMP of every event.
    pub now: DateTime<Utc>,
    /// The stretch of time exported: dated no-meeting rules outside it are
    /// left out, and every zone's clock changes inside it are written.
    pub range: Span,
    /// The kinds shown as busy (`Rules::busy`); the others are free.
    pub busy: KindSet,
}

/// Whether instants in `tz` are written in UTC (`…Z`) rather than with a
/// TZID: UTC itself needs no VTIMEZONE.
fn is_utc(tz: Tz) -> bool {
    matches!(
        tz.name(),
        "UTC" | "Etc/UTC" | "Etc/UCT" | "Etc/Universal" | "Etc/Zulu" | "UCT" | "Universal" | "Zulu"
    )
}

const LOCAL_FORMAT: &str = "%Y%m%dT%H%M%S";

/// Writes a DATE-TIME property for a local wall time in `tz`.
fn wall_prop(w: &mut Writer, name: &str, tz: Tz, wall: NaiveDateTime) {
    if is_utc(tz) {
        w.prop(name, &[], &format!("{}Z", wall.format(LOCAL_FORMAT)));
    } else {
        w.prop(name, &[("TZID", tz.name())], &wall.format(LOCAL_FORMAT).to_string());
    }
}

/// Writes a DATE-TIME property for an instant, as a wall time in `tz`.
fn time_prop(w: &mut Writer, name: &str, tz: Tz, instant: DateTime<Utc>) {
    wall_prop(w, name, tz, to_local(tz, instant));
}

/// Writes a list of wall times (EXDATE, RDATE) in one property.
fn walls_prop(w: &mut Writer, name: &str, tz: Tz, walls: &[NaiveDateTime]) {
    if walls.is_empty() {
        return;
    }
    let suffix = if is_utc(tz) { "Z" } else { "" };
    let values: Vec<String> = walls.iter().map(|t| format!("{}{suffix}", t.format(LOCAL_FORMAT))).collect();
    if is_utc(tz) {
        w.prop(name, &[], &values.join(","));
    } else {
        w.prop(name, &[("TZID", tz.name())], &values.join(","));
    }
}

fn date_value(date: NaiveDate) -> String {
    date.format("%Y%m%d").to_string()
}

/// Exports planned blocks and no-meeting rules as one calendar.
pub fn export_calendar(blocks: &[Block], rules: &Rules, options: &ExportOptions<'_>) -> String {
    write_calendar(blocks, rules, options, true)
}

/// One block as a CalDAV calendar object resource (RFC 4791 4.1): its
/// event (and overridden occurrences) with the zones they need, and none
/// of a published calendar's properties: no METHOD, which a resource must
/// not carry, no calendar name or refresh interval.
pub fn export_resource(block: &Block, organizer: Option<&str>, options: &ExportOptions<'_>) -> String {
    let rules = Rules { me: organizer.map(str::to_owned).into_iter().collect(), ..Rules::default() };
    write_calendar(std::slice::from_ref(block), &rules, options, false)
}

fn write_calendar(blocks: &[Block], rules: &Rules, options: &ExportOptions<'_>, feed: bool) -> String {
    let mut w = Writer::new();
    w.begin("VCALENDAR");
    w.prop("VERSION", &[], "2.0");
    w.prop("PRODID", &[], "-//Deepblock//Deepblock planner//EN");
    w.prop("CALSCALE", &[], "GREGORIAN");
    if feed {
        w.prop("METHOD", &[], "PUBLISH");
        w.text("NAME", &[], options.name);
        w.text("X-WR-CALNAME", &[], options.name);
        w.prop("X-WR-TIMEZONE", &[], options.tz.name());
        w.prop("REFRESH-INTERVAL", &[("VALUE", "DURATION")], REFRESH);
        w.prop("X-PUBLISHED-TTL", &[], REFRESH);
    }

    let markers: Vec<&NoMeetingRule> =
        rules.no_meeting.iter().filter(|r| marker_in_range(r, options)).collect();
    for (tz, earliest) in zones_used(blocks, &markers, options).into_values() {
        write_vtimezone(&mut w, tz, earliest.min(options.range.start), options.range.end);
    }
    let organizer = rules.me.first().map(|m| format!("mailto:{m}"));
    let organizer = organizer.as_deref().unwrap_or(FALLBACK_ORGANIZER);
    for block in blocks {
        write_block(&mut w, block, organizer, options);
    }
    for rule in markers {
        write_marker(&mut w, rule, rules, organizer, options);
    }
    w.end("VCALENDAR");
    w.finish()
}

/// Every zone that needs a VTIMEZONE, by name, with the earliest instant
/// written in it.
fn zones_used(
    blocks: &[Block],
    markers: &[&NoMeetingRule],
    options: &ExportOptions<'_>,
) -> BTreeMap<&'static str, (Tz, DateTime<Utc>)> {
    let mut zones: BTreeMap<&'static str, (Tz, DateTime<Utc>)> = BTreeMap::new();
    let mut note = |tz: Tz, at: DateTime<Utc>| {
        if !is_utc(tz) {
            let (_, earliest) = zones.entry(tz.name()).or_insert((tz, at));
            *earliest = (*earliest).min(at);
        }
    };
    for block in blocks {
        note(block.tz, block.start);
        if let Some(recurrence) = &block.recurrence {
            for span in recurrence.moved.values() {
                note(block.tz, span.start);
            }
        }
    }
    for rule in markers {
        if let Some(start) = marker_first_day(rule).filter(|_| has_half(rule)) {
            note(options.tz, resolve_local(options.tz, start.and_time(NaiveTime::MIN)));
        }
    }
    zones
}

fn write_block(w: &mut Writer, block: &Block, organizer: &str, options: &ExportOptions<'_>) {
    let stamp = options.now.format("%Y%m%dT%H%M%SZ").to_string();
    w.begin("VEVENT");
    w.text("UID", &[], &block.uid);
    w.prop("DTSTAMP", &[], &stamp);
    w.prop("SEQUENCE", &[], &block.sequence.to_string());
    time_prop(w, "DTSTART", block.tz, block.start);
    time_prop(w, "DTEND", block.tz, block.end);
    if let Some(recurrence) = &block.recurrence {
        w.prop("RRULE", &[], recurrence.rule.as_str());
        let skipped: Vec<NaiveDateTime> = recurrence.skipped.iter().copied().collect();
        walls_prop(w, "EXDATE", block.tz, &skipped);
        let added: Vec<NaiveDateTime> = recurrence.added.iter().copied().collect();
        walls_prop(w, "RDATE", block.tz, &added);
    }
    write_details(w, block, organizer, options.busy);
    w.end("VEVENT");
    let Some(recurrence) = &block.recurrence else {
        return;
    };
    for (original, span) in &recurrence.moved {
        w.begin("VEVENT");
        w.text("UID", &[], &block.uid);
        w.prop("DTSTAMP", &[], &stamp);
        w.prop("SEQUENCE", &[], &block.sequence.to_string());
        wall_prop(w, "RECURRENCE-ID", block.tz, *original);
        time_prop(w, "DTSTART", block.tz, span.start);
        time_prop(w, "DTEND", block.tz, span.end);
        write_details(w, block, organizer, options.busy);
        w.end("VEVENT");
    }
}

/// What every event of a block says besides its times.
fn write_details(w: &mut Writer, block: &Block, organizer: &str, busy_kinds: KindSet) {
    w.text("SUMMARY", &[], &block.title);
    w.prop("ORGANIZER", &[("CN", "Deepblock")], organizer);
    w.text_list("CATEGORIES", &[block.kind.label(), block.category.label()]);
    // Busy kinds keep colleagues and schedulers off; the rest is free to book.
    let busy = busy_kinds.contains(block.kind);
    w.prop("TRANSP", &[], if busy { "OPAQUE" } else { "TRANSPARENT" });
    w.prop("X-MICROSOFT-CDO-BUSYSTATUS", &[], if busy { "BUSY" } else { "FREE" });
    w.prop("X-DEEPBLOCK-KIND", &[], block.kind.as_str());
    w.prop("X-DEEPBLOCK-CATEGORY", &[], block.category.as_str());
    if block.protected {
        w.prop("X-DEEPBLOCK-PROTECTED", &[], "TRUE");
    }
}

fn has_half(rule: &NoMeetingRule) -> bool {
    matches!(
        rule.when,
        NoMeetingWhen::Weekday { half: Some(_), .. } | NoMeetingWhen::Date { half: Some(_), .. }
    )
}

/// The first day a rule's marker covers: the date, the range's start, or
/// the first matching weekday on or after the day the rule was made.
fn marker_first_day(rule: &NoMeetingRule) -> Option<NaiveDate> {
    match rule.when {
        NoMeetingWhen::Weekday { weekday, .. } => {
            rule.created_on.iter_days().take(7).find(|d| d.weekday() == weekday)
        }
        NoMeetingWhen::Date { date, .. } => Some(date),
        NoMeetingWhen::Range { from, .. } => Some(from),
    }
}

fn marker_in_range(rule: &NoMeetingRule, options: &ExportOptions<'_>) -> bool {
    let first = to_local(options.tz, options.range.start).date();
    let last = to_local(options.tz, options.range.end).date();
    match rule.when {
        NoMeetingWhen::Weekday { .. } => true,
        NoMeetingWhen::Date { date, .. } => (first..=last).contains(&date),
        NoMeetingWhen::Range { from, to } => from <= last && to >= first,
    }
}

/// A no-meeting day as an all-day event, or a half-day as a timed one,
/// readable as what it is in any calendar.
fn write_marker(
    w: &mut Writer,
    rule: &NoMeetingRule,
    rules: &Rules,
    organizer: &str,
    options: &ExportOptions<'_>,
) {
    let Some(first) = marker_first_day(rule) else {
        return;
    };
    let noon = NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN);
    w.begin("VEVENT");
    w.text("UID", &[], &format!("no-meeting-{}@deepblock.invalid", rule.id));
    w.prop("DTSTAMP", &[], &options.now.format("%Y%m%dT%H%M%SZ").to_string());
    w.prop("SEQUENCE", &[], "0");
    let (half, last) = match rule.when {
        NoMeetingWhen::Weekday { half, .. } | NoMeetingWhen::Date { half, .. } => (half, first),
        NoMeetingWhen::Range { to, .. } => (None, to),
    };
    let summary = match half {
        None => {
            w.prop("DTSTART", &[("VALUE", "DATE")], &date_value(first));
            let after = last.checked_add_days(Days::new(1)).unwrap_or(last);
            w.prop("DTEND", &[("VALUE", "DATE")], &date_value(after));
            "No meetings — focus day"
        }
        Some(half) => {
            // Shown over the working part of the half, not from midnight.
            let workday = rules.workday;
            let (start, end) = match half {
                Half::Am => (if workday.start < noon { workday.start } else { NaiveTime::MIN }, noon),
                Half::Pm => (
                    noon,
                    if workday.end > noon {
                        workday.end
                    } else {
                        NaiveTime::from_hms_opt(23, 59, 0).unwrap_or(noon)
                    },
                ),
            };
            wall_prop(w, "DTSTART", options.tz, first.and_time(start));
            wall_prop(w, "DTEND", options.tz, first.and_time(end));
            match half {
                Half::Am => "No meetings — focus morning",
                Half::Pm => "No meetings — focus afternoon",
            }
        }
    };
    if matches!(rule.when, NoMeetingWhen::Weekday { .. }) {
        w.prop("RRULE", &[], "FREQ=WEEKLY");
    }
    w.text("SUMMARY", &[], summary);
    w.prop("ORGANIZER", &[("CN", "Deepblock")], organizer);
    w.text_list("CATEGORIES", &["No meetings"]);
    w.prop("TRANSP", &[], "TRANSPARENT");
    w.prop("X-MICROSOFT-CDO-BUSYSTATUS", &[], "FREE");
    w.end("VEVENT");
}
