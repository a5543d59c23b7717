//! What we export, read back by parsers we did not write: python icalendar
//! and vobject, ical.js, libical, and a real Radicale CalDAV server.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use crate::harness::World;
use crate::peers;

/// Occurrences between these instants are compared: they span the autumn
/// clock changes in Lisbon and New York and the spring one in Sydney.
const FROM: &str = "2026-09-01T00:00:00";
const TO: &str = "2027-03-31T00:00:00";

const HARD_TITLE: &str = "Read: Søren Kierkegaard, “Frygt og Bæven”; notes\nthen summarise \\ discuss — 日本語のテキストも含む長いタイトル";

type Occurrence = (String, DateTime<Utc>, DateTime<Utc>);

fn instant(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap_or_else(|e| panic!("{text}: {e}")).with_timezone(&Utc)
}

/// Occurrences of blocks (no-meeting markers are events too, not blocks).
fn occurrences(json: &serde_json::Value) -> BTreeSet<Occurrence> {
    json.as_array()
        .expect("array")
        .iter()
        .filter(|o| !o["uid"].as_str().is_some_and(|uid| uid.starts_with("no-meeting-")))
        .map(|o| {
            let text = |key: &str| o[key].as_str().unwrap_or_else(|| panic!("{key} in {o}")).to_owned();
            (text("uid"), instant(&text("start")), instant(&text("end")))
        })
        .collect()
}

/// A realistic plan, made through the CLI in three zones, exported.
fn exported_plan(world: &World) -> std::path::PathBuf {
    let lisbon = "Europe/Lisbon";
    let run = |zone: &str, args: &[&str]| {
        world.ok_in(zone, args);
    };
    run(lisbon, &["rules", "me", "add", "ana@example.org"]);
    run(lisbon, &["rules", "no-meeting", "add", "--weekday", "wed"]);
    run(lisbon, &["rules", "no-meeting", "add", "--date", "2026-11-20", "--half", "pm"]);
    run(lisbon, &["rules", "no-meeting", "add", "--from", "2026-12-21", "--to", "2026-12-31"]);
    run(
        lisbon,
        &[
            "block",
            "add",
            "--kind",
            "deep",
            "--start",
            "2026-10-13T09:00",
            "--end",
            "2026-10-13T12:00",
            "--title",
            "Model dev, ablations; round 2",
            "--category",
            "model-dev",
            "--protected",
            "--repeat",
            "weekly",
            "--until",
            "2026-12-15",
        ],
    );
    run(lisbon, &["block", "rm", "1", "--occurrence", "2026-10-27T09:00"]);
    run(lisbon, &["block", "move", "1", "--start", "2026-11-05T14:00", "--occurrence", "2026-11-03T09:00"]);
    run(
        "America/New_York",
        &[
            "block",
            "add",
            "--kind",
            "deep",
            "--start",
            "2026-10-20T08:00",
            "--end",
            "2026-10-20T10:00",
            "--repeat",
            "weekly",
        ],
    );
    run(
        "Australia/Sydney",
        &[
            "block",
            "add",
            "--kind",
            "learning",
            "--start",
            "2026-09-22T19:00",
            "--end",
            "2026-09-22T20:30",
            "--title",
            "Paper club",
            "--repeat",
            "weekly",
            "--until",
            "2026-10-27",
        ],
    );
    run(
        lisbon,
        &[
            "block",
            "add",
            "--kind",
            "learning",
            "--start",
            "2026-11-06T15:00",
            "--end",
            "2026-11-06T16:00",
            "--title",
            HARD_TITLE,
        ],
    );
    let file = world.dir.path().join("plan.ics");
    let file_arg = file.to_str().expect("utf-8 path");
    run(lisbon, &["export", "ics", "--from", "2026-09-01", "--to", "2027-03-31", "-o", file_arg]);
    file
}

/// Our own occurrences in the compared window, in UTC.
fn ours(world: &World) -> BTreeSet<Occurrence> {
    let run = world.ok_in("UTC", &["--json", "block", "list", "--from", "2026-09-01", "--to", "2027-03-30"]);
    occurrences(&run.json())
}

#[test]
#[ignore = "needs the iCalendar peers (python icalendar, ical.js, libical, Radicale); scripts/test installs and runs them"]
fn python_icalendar_reads_every_event_at_our_instants() {
    let world = World::new("Europe/Lisbon");
    let file = exported_plan(&world);
    let ours = ours(&world);
    let events = peers::python("icalendar", &file, &[]);
    let timed: Vec<&serde_json::Value> = events
        .as_array()
        .expect("array")
        .iter()
        .filter(|e| e["start"].as_str().is_some_and(|s| s.contains('T')))
        .collect();
    assert_eq!(timed.len(), 6, "five blocks and one moved occurrence, plus the half-day marker: {events}");
    for event in timed.iter().filter(|e| !e["uid"].as_str().unwrap_or("").starts_with("no-meeting-")) {
        let key = (
            event["uid"].as_str().expect("uid").to_owned(),
            instant(event["start"].as_str().expect("start")),
            instant(event["end"].as_str().expect("end")),
        );
        assert!(ours.contains(&key), "python icalendar read {key:?}, which is not in our plan");
    }
    let titles: Vec<&str> =
        events.as_array().expect("array").iter().filter_map(|e| e["summary"].as_str()).collect();
    assert!(titles.contains(&HARD_TITLE), "the hard title did not survive: {titles:?}");
    assert!(titles.contains(&"No meetings — focus day"));
}

#[test]
#[ignore = "needs the iCalendar peers (python icalendar, ical.js, libical, Radicale); scripts/test installs and runs them"]
fn vobject_expands_the_same_occurrences_as_we_do() {
    let world = World::new("Europe/Lisbon");
    let file = exported_plan(&world);
    let theirs = occurrences(&peers::python("vobject", &file, &[FROM, TO]));
    assert_eq!(theirs, ours(&world));
}

#[test]
#[ignore = "needs the iCalendar peers (python icalendar, ical.js, libical, Radicale); scripts/test installs and runs them"]
fn icaljs_expands_the_same_occurrences_as_we_do() {
    let world = World::new("Europe/Lisbon");
    let file = exported_plan(&world);
    let theirs = occurrences(&peers::icaljs(&file, FROM, TO));
    let ours = ours(&world);
    assert!(ours.len() > 20, "the plan spans months: {}", ours.len());
    assert_eq!(theirs, ours);
}

#[test]
#[ignore = "needs the iCalendar peers (python icalendar, ical.js, libical, Radicale); scripts/test installs and runs them"]
fn libical_finds_no_parse_or_rfc5546_problem() {
    let world = World::new("Europe/Lisbon");
    let file = exported_plan(&world);
    let (clean, report) = peers::libical(&file);
    assert!(clean, "libical reports:\n{report}");
    assert!(report.ends_with("0 problem(s)\n"), "{report}");
}

#[test]
#[ignore = "needs the iCalendar peers (python icalendar, ical.js, libical, Radicale); scripts/test installs and runs them"]
fn libical_catches_what_it_should() {
    // The checker itself must be able to fail: an empty DESCRIPTION and a
    // PUBLISH event without ORGANIZER are both flagged.
    let world = World::new("Europe/Lisbon");
    let file = world.dir.path().join("bad.ics");
    let bad = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nMETHOD:PUBLISH\r\nBEGIN:VEVENT\r\n\
               UID:x@test\r\nDTSTAMP:20261001T120000Z\r\nDTSTART:20261001T120000Z\r\nDESCRIPTION:\r\n\
               END:VEVENT\r\nEND:VCALENDAR\r\n";
    std::fs::write(&file, bad).expect("write");
    let (clean, report) = peers::libical(&file);
    assert!(!clean, "libical accepted a bad file:\n{report}");
}

#[test]
#[ignore = "needs the iCalendar peers (python icalendar, ical.js, libical, Radicale); scripts/test installs and runs them"]
fn radicale_accepts_the_export() {
    let world = World::new("Europe/Lisbon");
    let file = exported_plan(&world);
    let put = peers::python("radicale", &file, &[]);
    assert_eq!(put["status"], 201, "{put}");
    let written = std::fs::read_to_string(&file).expect("read export").matches("BEGIN:VEVENT").count();
    assert_eq!(put["events"], written as u64, "{put}");
}
