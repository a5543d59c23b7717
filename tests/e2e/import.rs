//! `deepblock import ics` on real producers' files and broken ones.

use crate::harness::World;

fn fixture(name: &str) -> String {
    format!("{}/fixtures/ics/{name}", env!("CARGO_MANIFEST_DIR"))
}

const WEDNESDAY_MEETING: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\n\
BEGIN:VEVENT\r\nUID:weekly-sync@example.org\r\nDTSTAMP:20261101T000000Z\r\n\
DTSTART;TZID=W. Europe Standard Time:20261202T150000\r\nDTEND;TZID=W. Europe Standard Time:20261202T160000\r\n\
SUMMARY:Weekly sync\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

#[test]
fn importing_twice_updates_instead_of_duplicating() {
    let world = World::new("Europe/Lisbon");
    let file = fixture("icaljs_daily_recur.ics");
    let first = world.ok(&["import", "ics", &file, "--calendar", "Google"]);
    assert_eq!(first.stdout.trim(), "imported 1 meeting into 'Google' (1 new, 0 updated, 0 removed)");
    let again = world.ok(&["--json", "import", "ics", &file, "--calendar", "Google"]).json();
    assert_eq!(
        (again["added"].as_u64(), again["updated"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(0), Some(1))
    );
    let week = world.ok(&["--json", "block", "list", "--week", "2026-W49"]).json();
    let entries = week.as_array().expect("array");
    assert_eq!(entries.len(), 7, "one daily meeting a day, not two");
    assert_eq!(entries[0]["source"], "imported");
    assert_eq!(entries[0]["calendar"], "Google");
    // 05:00 in Los Angeles is 13:00 in Lisbon in December.
    assert_eq!(entries[0]["start"], "2026-11-30T13:00:00Z");
}

#[test]
fn imported_meetings_are_read_only() {
    let world = World::new("Europe/Lisbon");
    world.ok(&["import", "ics", &fixture("icaljs_daily_recur.ics"), "--calendar", "Google"]);
    let before = world.db_bytes();
    world.run(&["block", "rm", "1"]).fails(1, "was imported from the calendar 'Google'; change it there");
    world.run(&["block", "move", "1", "--start", "2026-12-01T10:00"]).fails(1, "imported");
    assert_eq!(world.db_bytes(), before);
}

#[test]
fn an_unreadable_event_is_left_out_with_a_warning_and_the_rest_imports() {
    let world = World::new("Europe/Lisbon");
    let file = world.dir.path().join("team.ics");
    let broken = WEDNESDAY_MEETING.replace(
        "END:VCALENDAR\r\n",
        "BEGIN:VEVENT\r\nUID:retro@example.org\r\nSUMMARY:Retro\r\nDTSTART:next friday\r\nEND:VEVENT\r\nEND:VCALENDA\r\n",
    );
    std::fs::write(&file, broken).expect("write");
    let run = world.ok(&["import", "ics", file.to_str().expect("utf-8"), "--calendar", "Team"]);
    assert_eq!(run.stdout.trim(), "imported 1 meeting into 'Team' (1 new, 0 updated, 0 removed)");
    assert!(
        run.stderr.contains(
            "warning: 2 things were skipped or repaired: line 14: the event 'Retro' cannot be read: \
             'next friday' is not an iCalendar date or date-time"
        ) && run.stderr.contains("line 16: 'END:VCALENDA' is read as END:VCALENDAR"),
        "{}",
        run.stderr
    );
    let report =
        world.ok(&["--json", "import", "ics", file.to_str().expect("utf-8"), "--calendar", "Team"]).json();
    assert_eq!(report["unreadable"], 1);
    assert_eq!(report["warnings"].as_array().map(Vec::len), Some(2));
}

#[test]
fn a_malformed_file_imports_nothing_and_names_the_line() {
    let world = World::new("Europe/Lisbon");
    world.ok(&["import", "ics", &fixture("icaljs_daily_recur.ics"), "--calendar", "Work"]);
    let before = world.db_bytes();
    let line = world
        .run(&["import", "ics", &fixture("pyical_broken_ical.ics"), "--calendar", "Work"])
        .fails(1, "pyical_broken_ical.ics: line 4:")
        .to_owned();
    assert!(line.contains("DTSTART;;VALUE"), "{line}");
    assert_eq!(world.db_bytes(), before, "a failed import changed the database");
    let missing = world.dir.path().join("missing.ics");
    world
        .run(&["import", "ics", missing.to_str().expect("utf-8"), "--calendar", "Work"])
        .fails(1, "cannot read");
    let binary = world.dir.path().join("binary.ics");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x42]).expect("write");
    world.run(&["import", "ics", binary.to_str().expect("utf-8")]).fails(1, "is not UTF-8");
    assert_eq!(world.db_bytes(), before);
}

#[test]
fn rules_check_lists_imported_meetings_on_no_meeting_days() {
    let world = World::new("Europe/Lisbon");
    world.ok(&["rules", "no-meeting", "add", "--weekday", "wed"]);
    let file = world.dir.path().join("outlook.ics");
    std::fs::write(&file, WEDNESDAY_MEETING).expect("write");
    world.ok(&["import", "ics", file.to_str().expect("utf-8"), "--calendar", "Outlook"]);
    let check = world.run(&["rules", "check", "--week", "2026-W49"]);
    assert_eq!(check.code, 2, "{}", check.stderr);
    // 15:00 in Berlin is 14:00 in Lisbon.
    assert!(
        check
            .stdout
            .contains("Wed 2 Dec 14:00–15:00  block 1 'Weekly sync': Wednesday 2 Dec is a no-meeting day"),
        "{}",
        check.stdout
    );
}

/// A Google export as it lists the user's meetings: one accepted, one the
/// user declined (their ATTENDEE line says so), and a series with one
/// occurrence declined.
const WITH_DECLINES: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n\
BEGIN:VEVENT\r\nUID:kept@google.com\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261202T090000Z\r\nDTEND:20261202T100000Z\r\n\
SUMMARY:Design review\r\nATTENDEE;CN=ana@example.org;PARTSTAT=ACCEPTED:mailto:ana@example.org\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:declined@google.com\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261202T140000Z\r\nDTEND:20261202T150000Z\r\n\
SUMMARY:All-hands\r\nATTENDEE;CN=ana@example.org;PARTSTAT=DECLINED:mailto:ana@example.org\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:standup@google.com\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261130T083000Z\r\nDTEND:20261130T084500Z\r\n\
RRULE:FREQ=DAILY;COUNT=5\r\nSUMMARY:Standup\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:ana@example.org\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:standup@google.com\r\nDTSTAMP:20261101T000000Z\r\nRECURRENCE-ID:20261202T083000Z\r\n\
DTSTART:20261202T083000Z\r\nDTEND:20261202T084500Z\r\nSUMMARY:Standup\r\nATTENDEE;PARTSTAT=DECLINED:mailto:ana@example.org\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

#[test]
fn meetings_the_user_declined_take_none_of_their_time() {
    let world = World::new("UTC");
    let file = world.dir.path().join("google.ics");
    std::fs::write(&file, WITH_DECLINES).expect("write");
    let file = file.to_str().expect("utf-8");
    // Not knowing who the user is, every meeting counts.
    let blind = world.ok(&["import", "ics", file, "--calendar", "Google"]);
    assert!(blind.stdout.starts_with("imported 3 meetings"), "{}", blind.stdout);

    world.ok(&["rules", "me", "add", "Ana@Example.org"]);
    let run = world.ok(&["import", "ics", file, "--calendar", "Google"]);
    assert!(
        run.stdout.starts_with("imported 2 meetings into 'Google' (0 new, 1 updated, 1 removed)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("1 all-day, free, cancelled or declined event was left out"),
        "{}",
        run.stderr
    );
    let wednesday =
        world.ok(&["--json", "block", "list", "--from", "2026-12-02", "--to", "2026-12-02"]).json();
    let titles: Vec<&str> =
        wednesday.as_array().expect("array").iter().map(|b| b["title"].as_str().expect("title")).collect();
    assert_eq!(titles, ["Design review"], "the declined meeting and the declined standup are gone");
    let thursday =
        world.ok(&["--json", "block", "list", "--from", "2026-12-03", "--to", "2026-12-03"]).json();
    assert_eq!(thursday.as_array().map(Vec::len), Some(1), "the other standups stay");
}
