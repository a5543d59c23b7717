//! Import of real producers' files and of malformed ones.

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;
use deepblock_core::{Kind, Source, Span, occurrences};
use deepblock_ical::{ImportError, Imported, import_calendar, stream_calendar_as};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/ics/");

fn lisbon() -> Tz {
    "Europe/Lisbon".parse().unwrap()
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}{name}")).unwrap()
}

fn import(name: &str) -> Imported {
    import_calendar(&fixture(name), "Work", lisbon()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

fn starts(found: &Imported, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    let mut all: Vec<_> = found
        .blocks
        .iter()
        .flat_map(|b| occurrences(b, &Span::new(from, to)).unwrap())
        .map(|o| o.span.start)
        .collect();
    all.sort();
    all
}

#[test]
fn google_daily_series_keeps_los_angeles_wall_time_across_dst() {
    let found = import("icaljs_daily_recur.ics");
    let block = &found.blocks[0];
    assert_eq!(block.uid, "tgh9qho17b07pk2n2ji3gluans@google.com");
    assert_eq!(block.kind, Kind::Meeting);
    assert_eq!(block.source, Source::Imported { calendar: "Work".into() });
    assert_eq!(block.tz.name(), "America/Los_Angeles");
    // 05:00 PDT before 4 Nov 2012, 05:00 PST after.
    let got = starts(&found, utc(2012, 11, 3, 0, 0), utc(2012, 11, 6, 0, 0));
    assert_eq!(got, [utc(2012, 11, 3, 12, 0), utc(2012, 11, 4, 13, 0), utc(2012, 11, 5, 13, 0)]);
}

#[test]
fn google_duration_stands_for_dtend() {
    let block = &import("icaljs_duration_instead_of_dtend.ics").blocks[0];
    assert_eq!(block.end - block.start, chrono::Duration::days(1));
}

#[test]
fn all_day_birthdays_are_not_meetings() {
    let found = import("icaljs_google_birthday.ics");
    assert!(found.blocks.is_empty());
    assert_eq!(found.skipped, 4);
}

#[test]
fn exchange_windows_zone_names_map_to_iana() {
    let found = import("pyical_issue_836_do_not_quote_tzid.ics");
    let block = &found.blocks[0];
    assert_eq!(block.tz.name(), "America/New_York");
    assert_eq!(block.start, utc(2024, 10, 28, 21, 0), "17:00 EDT");
    let quoted = &import("pyical_timezone_same_start.ics").blocks[0];
    assert_eq!(quoted.tz.name(), "America/Los_Angeles");
    assert_eq!(quoted.start, utc(2017, 2, 24, 20, 0), "12:00 PST");
}

#[test]
fn thunderbird_and_google_single_events_land_at_their_instants() {
    let thunderbird = &import("pyical_alarm_thunderbird_future.ics").blocks[0];
    assert_eq!((thunderbird.tz.name(), thunderbird.start), ("Europe/London", utc(2024, 10, 23, 14, 0)));
    let google = &import("pyical_alarm_google_future.ics").blocks[0];
    assert_eq!(google.start, utc(2024, 10, 4, 18, 15));
}

#[test]
fn zimbra_series_keeps_rdates_exdates_and_overrides() {
    let found = import("icaljs_recur_instances.ics");
    let block = &found.blocks[0];
    let recurrence = block.recurrence.as_ref().unwrap();
    assert!(recurrence.rule.as_str().contains("BYDAY=1TU"));
    assert!(!recurrence.moved.is_empty() && !recurrence.added.is_empty() && !recurrence.skipped.is_empty());
    // The first Tuesday of October 2012 at 10:00 in Los Angeles.
    assert_eq!(block.start, utc(2012, 10, 2, 17, 0));
}

#[test]
fn a_date_exdate_removes_that_days_occurrence() {
    let found = import("icaljs_rdate_exdate.ics");
    let got = starts(&found, utc(2024, 6, 1, 0, 0), utc(2024, 7, 1, 0, 0));
    assert_eq!(got, [utc(2024, 6, 9, 3, 0), utc(2024, 6, 10, 3, 0), utc(2024, 6, 12, 3, 0)]);
}

#[test]
fn lf_only_and_tab_folded_files_read_the_same() {
    let original = fixture("icaljs_daily_recur.ics");
    let lf = original.replace("\r\n", "\n");
    let tabs = original.replace("\r\n ", "\r\n\t");
    let a = import_calendar(&original, "Work", lisbon()).unwrap();
    for variant in [lf, tabs] {
        let b = import_calendar(&variant, "Work", lisbon()).unwrap();
        assert_eq!(a.blocks, b.blocks);
    }
}

#[test]
fn a_byte_order_mark_is_fine() {
    assert!(import("pyical_bom_calendar.ics").blocks.is_empty());
}

fn error(text: &str) -> ImportError {
    import_calendar(text, "Work", lisbon()).unwrap_err()
}

const HEAD: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:a@t\r\n";
const TAIL: &str = "END:VEVENT\r\nEND:VCALENDAR\r\n";

fn event(lines: &str) -> String {
    format!("{HEAD}{lines}{TAIL}")
}

#[test]
fn malformed_files_fail_whole_with_the_line_named() {
    assert_eq!(import_calendar(&fixture("pyical_broken_ical.ics"), "W", lisbon()).unwrap_err().line, 4);
    let cases = [
        (event("DTSTART:2026-12-01\r\n"), 6, "is not an iCalendar date"),
        (event("DTSTART:20261201T090000Z\r\nDTEND:20261201T080000Z\r\n"), 7, "ends before it starts"),
        (event("DTSTART:20261201T090000Z\r\nRRULE:FREQ=SOMETIMES\r\n"), 7, "repeat rule"),
        (event("DTSTART;TZID=Atlantis:20261201T090000\r\n"), 6, "TZID 'Atlantis'"),
        (event("DTSTART:20261201T090000Z\r\nDURATION:1 hour\r\n"), 7, "not an iCalendar duration"),
        (event("SUMMARY:no start\r\n"), 4, "without DTSTART"),
        (event("DTSTART:20261201T090000Z\r\nDTEND\r\n"), 7, "expected NAME:VALUE"),
        (format!("{HEAD}DTSTART:20261201T090000Z\r\n"), 4, "never closed"),
        ("\u{0}\u{1}binary".to_owned(), 1, ""),
        ("just some text\r\n".to_owned(), 1, ""),
    ];
    for (text, line, words) in cases {
        let err = import_calendar(&text, "Work", lisbon()).unwrap_err();
        assert_eq!(err.line, line, "{err}");
        assert!(err.to_string().contains(words), "{err}");
    }
}

#[test]
fn an_event_that_cannot_be_read_is_left_out_and_named_and_the_rest_imports() {
    let text = format!(
        "{HEAD}DTSTART:20261201T090000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b@t\r\nSUMMARY:Retro\r\n\
         DTSTART:tomorrow\r\n{TAIL}"
    );
    let found = import_calendar(&text, "Work", lisbon()).unwrap();
    assert_eq!((found.blocks.len(), found.unreadable), (1, 1));
    assert_eq!(found.blocks[0].uid, "a@t");
    let warning = found.warnings[0].to_string();
    assert!(warning.starts_with("line 11: the event 'Retro' cannot be read: 'tomorrow'"), "{warning}");
}

#[test]
fn a_file_whose_events_mostly_cannot_be_read_is_refused_whole() {
    let bad = |uid: &str| format!("END:VEVENT\r\nBEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:tomorrow\r\n");
    let text = format!("{HEAD}DTSTART:20261201T090000Z\r\n{}{}{TAIL}", bad("b@t"), bad("c@t"));
    let refused = error(&text);
    assert_eq!(refused.line, 10, "the first unreadable event");
    assert!(refused.message.contains("(and 1 more of its 3 events cannot be read)"), "{refused}");
}

#[test]
fn an_event_in_the_spring_forward_gap_imports_with_its_written_length_and_a_warning() {
    // Lisbon skips from 01:00 to 02:00 on 30 March 2025; a calendar of
    // 30,000 meetings with two such events imports whole.
    let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n");
    let start = utc(2025, 1, 6, 9, 0);
    for n in 0..30_000 {
        let at = start + chrono::Duration::minutes(37 * n);
        text.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:{n}@t\r\nDTSTART:{}\r\nDURATION:PT30M\r\nEND:VEVENT\r\n",
            at.format("%Y%m%dT%H%M%SZ")
        ));
    }
    for (uid, from) in [("gap-1@t", "013000"), ("gap-2@t", "011500")] {
        text.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART;TZID=Europe/Lisbon:20250330T{from}\r\n\
             DTEND;TZID=Europe/Lisbon:20250330T020000\r\nEND:VEVENT\r\n"
        ));
    }
    text.push_str("END:VCALENDAR\r\n");
    let found = import_calendar(&text, "Work", lisbon()).unwrap();
    assert_eq!(found.blocks.len(), 30_002);
    assert_eq!(found.warnings.len(), 2, "{:?}", found.warnings);
    assert!(found.warnings[0].message.contains("the clock skips"), "{}", found.warnings[0]);
    let gap = found.blocks.iter().find(|b| b.uid == "gap-1@t").unwrap();
    // 01:30 is read with the offset before the gap (01:30Z); 30 minutes as written.
    assert_eq!((gap.start, gap.end), (utc(2025, 3, 30, 1, 30), utc(2025, 3, 30, 2, 0)));
}

#[test]
fn a_garbled_last_line_is_read_as_the_calendars_end_with_a_warning() {
    let text = event("DTSTART:20261201T090000Z\r\n").replace("END:VCALENDAR", "END:VCALENDA");
    let found = import_calendar(&text, "Work", lisbon()).unwrap();
    assert_eq!(found.blocks.len(), 1);
    assert_eq!(found.warnings[0].to_string(), "line 8: 'END:VCALENDA' is read as END:VCALENDAR");
}

#[test]
fn sequences_beyond_32_bits_and_unknown_properties_are_fine() {
    let found = import_calendar(
        &event("DTSTART:20261201T090000Z\r\nSEQUENCE:98765432109876\r\nX-ANYTHING;X-P=1:whatever\r\n"),
        "Work",
        lisbon(),
    )
    .unwrap();
    assert_eq!(found.blocks[0].sequence, u32::MAX);
}

#[test]
fn cancelled_events_and_occurrences_are_left_out() {
    let text = format!(
        "{HEAD}DTSTART:20261201T090000Z\r\nDTEND:20261201T100000Z\r\nRRULE:FREQ=DAILY;COUNT=3\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:a@t\r\nRECURRENCE-ID:20261202T090000Z\r\nSTATUS:CANCELLED\r\n\
         DTSTART:20261202T090000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:gone@t\r\nSTATUS:CANCELLED\r\n\
         DTSTART:20261203T150000Z\r\n{TAIL}"
    );
    let found = import_calendar(&text, "Work", lisbon()).unwrap();
    assert_eq!(found.cancelled, 1);
    let got = starts(&found, utc(2026, 12, 1, 0, 0), utc(2026, 12, 5, 0, 0));
    assert_eq!(got, [utc(2026, 12, 1, 9, 0), utc(2026, 12, 3, 9, 0)]);
}

#[test]
fn floating_times_are_read_in_the_users_zone() {
    let found =
        import_calendar(&event("DTSTART:20260701T090000\r\nDTEND:20260701T100000\r\n"), "W", lisbon())
            .unwrap();
    assert_eq!(found.blocks[0].start, utc(2026, 7, 1, 8, 0));
}

#[test]
fn times_out_of_the_time_types_range_are_line_numbered_errors() {
    let event = |lines: &str| {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:a@t\r\n\
             DTSTART:20261201T090000Z\r\n{lines}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
    };
    for (line, says) in [
        ("DURATION:P999999999999999999W", "too long"),
        ("DURATION:P999999999999D", "too long"),
        ("DURATION:PT999999999999999H", "too long"),
        ("DURATION:P99999999W", "too far in the future"),
        ("DURATION:P99999W", "more than ten years"),
        ("DTEND:99991231T235959Z", "more than ten years"),
    ] {
        let error = import_calendar(&event(line), "Work", lisbon()).unwrap_err().to_string();
        assert!(error.contains("line 7") && error.contains(says), "{line}: {error}");
    }
}

#[test]
fn a_rule_with_escaped_separators_is_read_as_written_without_them() {
    let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:a@t\r\n\
                DTSTART:20261201T090000Z\r\nDTEND:20261201T093000Z\r\nRRULE:FREQ=DAILY\\;COUNT=3\\;BYDAY=MO\\,TU\\,WE\r\n\
                END:VEVENT\r\nEND:VCALENDAR\r\n";
    let found = import_calendar(text, "Work", lisbon()).unwrap();
    let got = starts(&found, utc(2026, 11, 30, 0, 0), utc(2026, 12, 31, 0, 0));
    assert_eq!(got, [utc(2026, 12, 1, 9, 0), utc(2026, 12, 2, 9, 0), utc(2026, 12, 7, 9, 0)]);
}

#[test]
fn a_windows_display_name_without_a_vtimezone_is_mapped_to_its_zone() {
    for tzid in
        ["\"(UTC+08:00) Kuala Lumpur, Singapore\"", "Kuala Lumpur, Singapore", "W. Europe Standard Time"]
    {
        let found = import_calendar(
            &event(&format!("DTSTART;TZID={tzid}:20261201T090000\r\nDURATION:PT1H\r\n")),
            "Work",
            lisbon(),
        )
        .unwrap_or_else(|e| panic!("{tzid}: {e}"));
        let expected = if tzid.starts_with('W') { utc(2026, 12, 1, 8, 0) } else { utc(2026, 12, 1, 1, 0) };
        assert_eq!(found.blocks[0].start, expected, "{tzid}");
    }
    let unknown = error(&event("DTSTART;TZID=\"(UTC+08:00) Atlantis\":20261201T090000\r\n"));
    assert!(unknown.message.contains("Atlantis"), "{unknown}");
}

#[test]
fn rules_that_would_flood_or_contradict_themselves_are_decided_and_said() {
    let with_rule = |rule: &str| {
        format!(
            "{HEAD}SUMMARY:Sync\r\nDTSTART:20261201T090000Z\r\nDURATION:PT30M\r\nRRULE:{rule}\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:ok@t\r\nDTSTART:20261202T090000Z\r\nDURATION:PT30M\r\n{TAIL}"
        )
    };
    for (rule, says) in [
        ("FREQ=SECONDLY", "repeats every second"),
        ("FREQ=MINUTELY;INTERVAL=5", "repeats every minute"),
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL"),
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=400", "BYSETPOS"),
    ] {
        let found =
            import_calendar(&with_rule(rule), "Work", lisbon()).unwrap_or_else(|e| panic!("{rule}: {e}"));
        assert_eq!((found.blocks.len(), found.unreadable), (1, 1), "{rule}: {:?}", found.warnings);
        let warning = found.warnings[0].to_string();
        assert!(
            warning.starts_with("line 9: the event 'Sync' cannot be read") && warning.contains(says),
            "{rule}: {warning}"
        );
    }
    let hourly = import_calendar(&with_rule("FREQ=HOURLY;INTERVAL=2"), "Work", lisbon()).unwrap();
    assert_eq!((hourly.blocks.len(), hourly.unreadable), (2, 0));
    assert!(
        hourly.warnings[0].to_string().starts_with("line 9: the event repeats every hour"),
        "{:?}",
        hourly.warnings
    );
    let counted = import_calendar(&with_rule("FREQ=DAILY;COUNT=5000000"), "Work", lisbon()).unwrap();
    assert!(
        counted.warnings[0].message.contains("cut to its first 20000 occurrences"),
        "{:?}",
        counted.warnings
    );
    let ended = import_calendar(&with_rule("FREQ=DAILY;UNTIL=20261101T000000Z"), "Work", lisbon()).unwrap();
    assert_eq!(ended.blocks.len(), 2);
    assert!(ended.warnings[0].message.contains("ends before the event starts"), "{:?}", ended.warnings);
    let series = ended.blocks.iter().find(|b| b.uid == "a@t").unwrap();
    let got = starts(&ended, utc(2026, 11, 1, 0, 0), utc(2026, 12, 31, 0, 0));
    assert!(got.contains(&series.start) && got.len() == 2, "only its first occurrence: {got:?}");
}

#[test]
fn a_torn_line_an_event_needs_leaves_out_that_event_only() {
    let text = format!(
        "{HEAD}DTSTART:20261201T090000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b@t\r\nSUMMARY:Retro\r\n\
         DTSTART;;VALUE=DATE-TIME:20261202T090000\r\n{TAIL}"
    );
    let found = import_calendar(&text, "Work", lisbon()).unwrap();
    assert_eq!((found.blocks.len(), found.unreadable), (1, 1));
    let warning = found.warnings[0].to_string();
    assert!(warning.starts_with("line 11: the event 'Retro' cannot be read: a parameter name"), "{warning}");
    // A torn BEGIN or END leaves the structure unknown: the whole file is refused.
    assert_eq!(error(&text.replace("BEGIN:VEVENT\r\nUID:b@t", "BEGIN;VEVENT\r\nUID:b@t")).line, 8);
}

/// Every real producer's file in the fixtures imports the same read one
/// event at a time (how `deepblock import ics` reads, to keep large files
/// small in memory) as read whole.
#[test]
fn real_files_read_one_event_at_a_time_import_as_if_read_whole() {
    let mut compared = 0;
    for entry in std::fs::read_dir(FIXTURES).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ics") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let whole = import_calendar(&text, "Work", lisbon());
        let mut streamed = Vec::new();
        let one_by_one = stream_calendar_as(&text, "Work", lisbon(), &[], &mut |b| streamed.push(b));
        match (whole, one_by_one) {
            (Ok(whole), Ok(one_by_one)) => {
                assert_eq!(whole.blocks, streamed, "{}", path.display());
                assert_eq!(whole.warnings, one_by_one.warnings, "{}", path.display());
                compared += 1;
            }
            (whole, one_by_one) => {
                assert_eq!(whole.err(), one_by_one.err(), "{}", path.display());
            }
        }
    }
    assert!(compared >= 10, "only {compared} fixtures imported");
}
