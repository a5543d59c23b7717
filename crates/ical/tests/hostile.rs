//! Generated hostile calendars: a structure-aware generator writes real
//! calendar structure (VCALENDAR, VTIMEZONE, VEVENT, overrides) out of a
//! dictionary of the property names and value shapes the importer reads,
//! mixed with broken and extreme ones (durations past the time type, rules
//! that flood, unknown zones, torn parameters, folds, stray ENDs), so that
//! generated input reaches value parsing and expansion rather than dying
//! at the first line. Whatever it writes, the importer must answer with
//! meetings or one error, never panic, and the meetings must be sane and
//! cheap to list.

use chrono::{Duration, TimeZone, Utc};
use deepblock_core::recurrence::{MAX_OCCURRENCES_PER_QUERY, MAX_RULE_STEPS, rule_steps};
use deepblock_core::{Span, occurrences};
use deepblock_ical::{import_calendar, stream_calendar_as};
use std::cell::Cell;

use proptest::prelude::*;
use proptest::test_runner::TestRunner;

fn one_of(values: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(values).prop_map(str::to_owned)
}

/// A DATE-TIME, sane or not.
fn time() -> impl Strategy<Value = String> {
    prop_oneof![
        (2000u32..2040, 1u32..13, 1u32..29, 0u32..24, 0u32..60)
            .prop_map(|(y, mo, d, h, mi)| format!("{y}{mo:02}{d:02}T{h:02}{mi:02}00")),
        one_of(&[
            "20250330T013000",
            "20251026T013000",
            "99991231T235959",
            "00010101T000000",
            "20261301T000000",
            "20260230T250000",
            "2026-12-01",
            "",
            "T",
            "20261201",
        ]),
    ]
}

fn zone_parameter() -> impl Strategy<Value = String> {
    one_of(&[
        "",
        ";TZID=Europe/Lisbon",
        ";TZID=America/New_York",
        ";TZID=\"(UTC+08:00) Kuala Lumpur, Singapore\"",
        ";TZID=W. Europe Standard Time",
        ";TZID=Custom",
        ";TZID=Atlantis",
        ";VALUE=DATE",
        ";TZID=\"unclosed",
    ])
}

fn duration() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u64..100_000).prop_map(|m| format!("PT{m}M")),
        (any::<u32>(), one_of(&["W", "D"])).prop_map(|(n, u)| format!("P{n}{u}")),
        one_of(&[
            "P999999999999999999W",
            "P999999999999D",
            "PT999999999999999H",
            "-PT15M",
            "P1DT",
            "PT",
            "P",
            "1 hour",
        ]),
    ]
}

fn rule() -> impl Strategy<Value = String> {
    let freq =
        one_of(&["SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY", "SOMETIMES"]);
    let part = prop_oneof![
        (0u64..5_000_000).prop_map(|n| format!("INTERVAL={n}")),
        (0u64..5_000_000).prop_map(|n| format!("COUNT={n}")),
        time().prop_map(|t| format!("UNTIL={t}Z")),
        one_of(&[
            "BYDAY=MO,WE,FR",
            "BYDAY=-1SU",
            "BYDAY=1TU",
            "BYSETPOS=400",
            "BYSETPOS=-1",
            "BYMONTHDAY=31",
            "BYMONTH=2;BYMONTHDAY=30",
            "BYHOUR=9,15",
            "BYWEEKNO=53",
            "BYYEARDAY=366",
            "WKST=SU",
            "INTERVAL=0",
            "BYDAY=2ӫU",
        ]),
    ];
    (freq, prop::collection::vec(part, 0..4), any::<bool>()).prop_map(|(freq, parts, escaped)| {
        let separator = if escaped { "\\;" } else { ";" };
        std::iter::once(format!("FREQ={freq}")).chain(parts).collect::<Vec<_>>().join(separator)
    })
}

/// One property line of an event.
fn event_line() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => (zone_parameter(), time()).prop_map(|(p, t)| format!("DTSTART{p}:{t}")),
        2 => (zone_parameter(), time()).prop_map(|(p, t)| format!("DTEND{p}:{t}")),
        2 => duration().prop_map(|d| format!("DURATION:{d}")),
        2 => rule().prop_map(|r| format!("RRULE:{r}")),
        1 => (zone_parameter(), time(), time()).prop_map(|(p, a, b)| format!("EXDATE{p}:{a},{b}")),
        1 => (zone_parameter(), time(), duration()).prop_map(|(p, a, d)| format!("RDATE{p};VALUE=PERIOD:{a}/{d}")),
        1 => (zone_parameter(), time()).prop_map(|(p, t)| format!("RECURRENCE-ID{p}:{t}")),
        1 => one_of(&["STATUS:CANCELLED", "TRANSP:TRANSPARENT", "SEQUENCE:99999999999999999999", "SEQUENCE:-1"]),
        3 => one_of(&[
            "SUMMARY:Standup",
            "SUMMARY",
            "ORGANIZER;CN=Ana",
            "ATTENDEE;CN=\"Doe, Jane\";ROLE=CHAIR:mailto:j@x.org",
            "X-APPLE-STRUCTURED-LOCATION;VALUE=URI;X-TITLE=\"Room:geo:1,2",
            "LOCATION;ALTREP=:x",
            "X-ANYTHING;X-P=1:whatever",
        ]),
        // What no reader can take: the whole file is refused.
        1 => one_of(&[";broken", "no colon at all", "BEGIN:VALARM", "END:VTODO"]),
    ]
}

fn uid() -> impl Strategy<Value = String> {
    one_of(&["UID:a@t", "UID:b@t", "UID:c@t", "UID:", "DTSTAMP:20260101T000000Z"])
}

/// A sane start, as most events have one: the hostile lines come after.
fn sane_start() -> impl Strategy<Value = String> {
    (one_of(&["", ";TZID=Europe/Lisbon", ";TZID=America/New_York"]), 0u64..5000, 0u32..96).prop_map(
        |(zone, day, quarter)| {
            let date = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap() + chrono::Days::new(day);
            format!("DTSTART{zone}:{}T{:02}{:02}00", date.format("%Y%m%d"), quarter / 4, quarter % 4 * 15)
        },
    )
}

fn event() -> impl Strategy<Value = String> {
    (uid(), prop::option::weighted(0.9, sane_start()), prop::collection::vec(event_line(), 0..6)).prop_map(
        |(uid, start, lines)| {
            let start = start.map(|s| format!("{s}\r\n")).unwrap_or_default();
            format!("BEGIN:VEVENT\r\n{uid}\r\n{start}{}\r\nEND:VEVENT\r\n", lines.join("\r\n"))
        },
    )
}

fn timezone() -> impl Strategy<Value = String> {
    let offset = || one_of(&["+0100", "-0500", "+0000", "+2400", "-9999", "+01", "junk"]);
    (offset(), offset(), rule(), time()).prop_map(|(from, to, rule, start)| {
        format!(
            "BEGIN:VTIMEZONE\r\nTZID:Custom\r\nBEGIN:STANDARD\r\nDTSTART:{start}\r\nTZOFFSETFROM:{from}\r\n\
             TZOFFSETTO:{to}\r\nRRULE:{rule}\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
        )
    })
}

/// A whole calendar, now and then folded, torn or mistyped at the end.
fn calendar() -> impl Strategy<Value = String> {
    let ending = one_of(&[
        "END:VCALENDAR\r\n",
        "END:VCALENDA\r\n",
        "",
        "END:VEVENT\r\n",
        "END:VCALENDAR\r\nX-JUNK\r\n",
    ]);
    (prop::option::of(timezone()), prop::collection::vec(event(), 0..6), ending, 0usize..200, any::<bool>())
        .prop_map(|(zone, events, ending, fold_at, fold)| {
            let mut text = format!(
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hostile//EN\r\n{}{}{ending}",
                zone.unwrap_or_default(),
                events.concat()
            );
            if fold && fold_at < text.len() && text.is_char_boundary(fold_at) {
                text.insert_str(fold_at, "\r\n ");
            }
            text
        })
}

/// 10,000 generated calendars: an answer for each, never a panic; the
/// meetings accepted end after they start and list any week, however far
/// from their start, within the expansion bound. A fair share must be
/// accepted with meetings, or the generator no longer reaches expansion.
#[test]
fn hostile_calendars_get_an_answer_never_a_panic() {
    let config = ProptestConfig { cases: 10_000, failure_persistence: None, ..ProptestConfig::default() };
    let mut runner = TestRunner::new(config);
    let with_meetings = Cell::new(0_usize);
    let result = runner.run(&(calendar(), 0i64..800), |(text, week_offset)| {
        let Ok(found) = import_calendar(&text, "hostile", chrono_tz::Europe::Lisbon) else { return Ok(()) };
        with_meetings.set(with_meetings.get() + usize::from(!found.blocks.is_empty()));
        let monday = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap() + Duration::weeks(week_offset);
        let week = Span::new(monday, monday + Duration::weeks(1));
        for block in &found.blocks {
            prop_assert!(block.end >= block.start, "{block:?}");
            prop_assert!(block.end - block.start <= Duration::days(3_660), "{block:?}");
            let before = rule_steps();
            let listed = occurrences(block, &week);
            let walked = rule_steps() - before;
            let moved = block.recurrence.as_ref().map_or(0, |r| r.moved.len());
            if let Ok(listed) = listed {
                prop_assert!(listed.len() <= MAX_OCCURRENCES_PER_QUERY + moved);
            }
            // A rule with COUNT is counted from its start (capped); any
            // other is walked from near the week.
            let counted = block.recurrence.as_ref().is_some_and(|r| r.rule.as_str().contains("COUNT"));
            let bound = if counted { MAX_RULE_STEPS } else { 2 * MAX_OCCURRENCES_PER_QUERY };
            prop_assert!(walked <= bound as u64, "walked {walked} for {:?}", block.recurrence);
        }
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
    assert!(with_meetings.get() > 600, "only {} of 10,000 calendars gave meetings", with_meetings.get());
}

/// Reading one event at a time (the import of large files) finds what
/// reading the whole file at once finds, whatever the file: the same
/// meetings in the same order, the same counts and warnings, or the same
/// error.
#[test]
fn a_file_read_one_event_at_a_time_imports_as_if_read_whole() {
    let config = ProptestConfig { cases: 3_000, failure_persistence: None, ..ProptestConfig::default() };
    let result = TestRunner::new(config).run(&calendar(), |text| {
        let whole = import_calendar(&text, "hostile", chrono_tz::Europe::Lisbon);
        let mut streamed = Vec::new();
        let one_by_one =
            stream_calendar_as(&text, "hostile", chrono_tz::Europe::Lisbon, &[], &mut |b| streamed.push(b));
        match (whole, one_by_one) {
            (Ok(whole), Ok(one_by_one)) => {
                prop_assert_eq!(&whole.blocks, &streamed);
                prop_assert!(one_by_one.blocks.is_empty(), "the meetings went to the sink");
                prop_assert_eq!(
                    (whole.skipped, whole.cancelled, whole.unreadable, &whole.warnings),
                    (one_by_one.skipped, one_by_one.cancelled, one_by_one.unreadable, &one_by_one.warnings)
                );
            }
            (Err(whole), Err(one_by_one)) => prop_assert_eq!(whole, one_by_one),
            (whole, one_by_one) => prop_assert!(false, "whole: {whole:?}\none by one: {one_by_one:?}"),
        }
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
}
