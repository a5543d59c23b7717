//! The command-line contract, scenario by scenario.

use crate::harness::World;

/// A one-hour meeting on Wednesday 2 December 2026, 14:00 local.
const WEDNESDAY_MEETING: &[&str] =
    &["block", "add", "--kind", "meeting", "--start", "2026-12-02T14:00", "--end", "2026-12-02T15:00"];

#[test]
fn plan_a_week_with_deep_learning_and_meeting_blocks() {
    let world = World::new("Europe/Lisbon");
    let deep = world.add(&[
        "--kind",
        "deep",
        "--start",
        "2026-12-01T07:00",
        "--end",
        "2026-12-01T10:00",
        "--title",
        "Paper: attention sinks",
        "--category",
        "research-learning",
        "--repeat",
        "weekly",
        "--protected",
    ]);
    let learning =
        world.add(&["--kind", "learning", "--start", "2026-12-04T14:00", "--end", "2026-12-04T15:00"]);
    let meeting = world.add(&[
        "--kind",
        "meeting",
        "--start",
        "2026-12-01T11:00",
        "--end",
        "2026-12-01T11:30",
        "--title",
        "1:1 with Rui",
    ]);

    assert_eq!(
        world.week("2026-W49"),
        [
            (deep, "2026-12-01T07:00:00Z".into(), "deep".into(), "Paper: attention sinks".into()),
            (meeting, "2026-12-01T11:00:00Z".into(), "meeting".into(), "1:1 with Rui".into()),
            (learning, "2026-12-04T14:00:00Z".into(), "learning".into(), "Learning".into()),
        ]
    );
    // The weekly block is there the next week too; the others are not.
    assert_eq!(world.week("2026-W50").len(), 1);

    let text = world.ok(&["block", "list", "--week", "2026-W49"]).stdout;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Week 2026-W49 · Mon 30 Nov – Sun 6 Dec 2026 · Europe/Lisbon");
    assert!(lines[2].contains("Tue 1 Dec") && lines[2].contains("07:00–10:00"), "{text}");
    assert!(
        lines[2].contains("Paper: attention sinks") && lines[2].contains("(protected, weekly)"),
        "{text}"
    );
    assert!(lines[3].contains("11:00–11:30") && lines[3].contains("meeting"), "{text}");
    assert!(lines[4].contains("Fri 4 Dec") && lines[4].contains("learning"), "{text}");
    assert_eq!(lines.len(), 5);
}

#[test]
fn json_entries_have_stable_fields() {
    let world = World::new("America/New_York");
    world.add(&[
        "--kind",
        "deep",
        "--start",
        "2026-12-01T09:00",
        "--end",
        "2026-12-01T12:00",
        "--repeat",
        "weekly",
    ]);
    let run = world.ok(&["--json", "block", "list", "--week", "2026-W49"]);
    let entry = &run.json()[0];
    for field in [
        "id",
        "uid",
        "kind",
        "title",
        "category",
        "start",
        "end",
        "tz",
        "protected",
        "repeat",
        "occurrence",
        "moved",
        "source",
        "calendar",
    ] {
        assert!(entry.get(field).is_some(), "missing {field} in {entry}");
    }
    assert_eq!(entry["start"], "2026-12-01T09:00:00-05:00");
    assert_eq!(entry["tz"], "America/New_York");
    assert_eq!(entry["repeat"], "FREQ=WEEKLY");
    assert_eq!(entry["occurrence"], "2026-12-01T09:00:00");
    assert_eq!(entry["source"], "planned");
}

#[test]
fn a_meeting_on_a_no_meeting_wednesday_exits_2_and_changes_nothing() {
    let world = World::new("Europe/Lisbon");
    world.ok(&["rules", "no-meeting", "add", "--weekday", "wed"]);
    world.add(&["--kind", "deep", "--start", "2026-12-02T09:00", "--end", "2026-12-02T12:00"]);
    let before = world.db_bytes();
    let run = world.run(WEDNESDAY_MEETING);
    assert_eq!(
        run.fails(2, "Wednesday 2 Dec is a no-meeting day"),
        "error: Wednesday 2 Dec is a no-meeting day"
    );
    assert_eq!(world.db_bytes(), before, "a refused command changed the database");
    assert_eq!(world.week("2026-W49").len(), 1);

    // Moving an existing meeting onto Wednesday is refused the same way.
    let meeting =
        world.add(&["--kind", "meeting", "--start", "2026-12-01T14:00", "--end", "2026-12-01T15:00"]);
    let before = world.db_bytes();
    let id = meeting.to_string();
    world.run(&["block", "move", &id, "--start", "2026-12-02T14:00"]).fails(2, "no-meeting day");
    assert_eq!(world.db_bytes(), before);
}

#[test]
fn a_meeting_over_a_protected_block_exits_2() {
    let world = World::new("Europe/Lisbon");
    world.add(&[
        "--kind",
        "deep",
        "--start",
        "2026-12-01T09:00",
        "--end",
        "2026-12-01T12:00",
        "--protected",
        "--title",
        "Thesis",
    ]);
    let before = world.db_bytes();
    world
        .run(&[
            "block",
            "add",
            "--kind",
            "meeting",
            "--start",
            "2026-12-01T10:00",
            "--end",
            "2026-12-01T10:30",
        ])
        .fails(2, "it overlaps the protected block 'Thesis' (Tue 1 Dec 09:00–12:00)");
    assert_eq!(world.db_bytes(), before);
}

#[test]
fn bad_input_exits_1_with_one_line_and_changes_nothing() {
    let world = World::new("Europe/Lisbon");
    world.add(&["--kind", "deep", "--start", "2026-12-01T09:00", "--end", "2026-12-01T12:00"]);
    let before = world.db_bytes();
    let cases: &[(&[&str], &str)] = &[
        (
            &["block", "add", "--kind", "focus", "--start", "2026-12-01T09:00", "--end", "2026-12-01T10:00"],
            "unknown kind 'focus'",
        ),
        (
            &["block", "add", "--kind", "deep", "--start", "tomorrow 9am", "--end", "2026-12-01T10:00"],
            "'tomorrow 9am' is not a time",
        ),
        (
            &["block", "add", "--kind", "deep", "--start", "2026-02-30T09:00", "--end", "2026-03-01T10:00"],
            "is not a time",
        ),
        (
            &["block", "add", "--kind", "deep", "--start", "2026-12-01T12:00", "--end", "2026-12-01T09:00"],
            "ends (Tue 1 Dec 09:00) before it starts",
        ),
        (
            &["block", "add", "--kind", "deep", "--start", "2026-12-01T12:00", "--end", "2026-12-01T12:00"],
            "give it an end after its start",
        ),
        (
            &[
                "block",
                "add",
                "--kind",
                "deep",
                "--start",
                "2026-12-01T12:00",
                "--end",
                "2026-12-01T14:00",
                "--category",
                "fun",
            ],
            "unknown category 'fun'",
        ),
        (&["block", "add", "--kind", "deep", "--start", "2026-12-01T12:00"], "--end"),
        (&["block", "move", "42", "--start", "2026-12-01T09:00"], "no block has id 42"),
        (&["block", "rm", "42"], "no block has id 42"),
        (
            &["block", "move", "1", "--start", "2026-12-03T09:00", "--occurrence", "2026-12-08T09:00"],
            "block 1 does not repeat",
        ),
        (&["block", "move", "abc", "--start", "2026-12-03T09:00"], "invalid value 'abc'"),
        (&["block", "list", "--week", "2026-W60"], "2026 has no week 60"),
        (
            &["block", "list", "--from", "2026-12-05", "--to", "2026-12-01"],
            "is before the first (2026-12-05); give the earlier date first (--from, --to)",
        ),
        (&["rules", "no-meeting", "add", "--weekday", "wednesday-ish"], "'wednesday-ish' is not a weekday"),
        (&["rules", "no-meeting", "add", "--from", "2026-12-05", "--to", "2026-12-01"], "the range ends"),
        (&["rules", "no-meeting", "rm", "9"], "no no-meeting rule has id 9"),
        (&["rules", "workday", "--start", "18:00"], "the workday ends (17:00) before it starts (18:00)"),
        (&["rules", "workday", "--start", "8am"], "'8am' is not a time of day"),
        (&["rules", "workday", "--days", "mon-someday"], "not a weekday"),
        (
            &["rules", "goals", "--deep", "200"],
            "a deep-work goal of 200 hours is not a number of hours in a week",
        ),
        (&["rules", "me", "add", "not-an-email"], "is not an email address"),
        (&["frobnicate"], "unrecognized subcommand 'frobnicate'"),
    ];
    for (args, text) in cases {
        let run = world.run(args);
        assert!(!run.stderr.contains("panicked"), "{args:?} panicked: {}", run.stderr);
        let line = run.fails(1, text);
        assert!(line.starts_with("error: "), "{line}");
        assert_eq!(world.db_bytes(), before, "{args:?} changed the database");
    }
}

#[test]
fn an_unknown_zone_is_bad_input_and_touches_no_file() {
    let world = World::new("Mars/Olympus_Mons");
    world
        .run(&["block", "list"])
        .fails(1, "unknown time zone 'Mars/Olympus_Mons'; use an IANA name such as Europe/Lisbon");
    assert!(!world.db.exists(), "the database was created for a refused command");
}

#[test]
fn database_problems_exit_3_and_say_what_to_do() {
    let world = World::new("Europe/Lisbon");
    let missing_dir = world.dir.path().join("no/such/dir/plan.db");
    let missing = missing_dir.to_str().expect("utf-8 path");
    let run = world.run_raw(&["--db", missing, "block", "list"]);
    let line = run.fails(3, "cannot open the database");
    assert!(line.contains("--db"), "{line}");

    let notes = world.dir.path().join("notes.txt");
    std::fs::write(&notes, "my notes\n".repeat(200)).expect("write notes");
    let notes_path = notes.to_str().expect("utf-8 path");
    world.run_raw(&["--db", notes_path, "block", "list"]).fails(3, "is not a Deepblock database");
    assert_eq!(std::fs::read_to_string(&notes).expect("read notes"), "my notes\n".repeat(200));

    world.ok(&["block", "list"]);
    assert!(bump_schema_version(&world.db), "bumped the schema version");
    let before = std::fs::read(&world.db).expect("read db");
    world.run(&["block", "list"]).fails(3, "written by a newer Deepblock");
    assert_eq!(std::fs::read(&world.db).expect("read db"), before);
}

/// Sets the file's schema version far ahead, as a future Deepblock would,
/// by editing the SQLite header (bytes 60..64, big-endian `user_version`).
fn bump_schema_version(path: &std::path::Path) -> bool {
    let mut bytes = std::fs::read(path).expect("read db");
    if bytes.len() < 100 || !bytes.starts_with(b"SQLite format 3\0") {
        return false;
    }
    bytes[60..64].copy_from_slice(&999u32.to_be_bytes());
    std::fs::write(path, bytes).expect("write db");
    true
}

#[test]
fn json_errors_are_one_line_objects_with_a_code() {
    let world = World::new("Europe/Lisbon");
    world.ok(&["rules", "no-meeting", "add", "--weekday", "wed"]);
    let run = world.run(&[&["--json"], WEDNESDAY_MEETING].concat());
    assert_eq!(run.code, 2);
    let error: serde_json::Value = serde_json::from_str(run.stderr.trim()).expect("JSON error");
    assert_eq!(error["code"], "rule-violation");
    assert_eq!(error["message"], "Wednesday 2 Dec is a no-meeting day");
    assert_eq!(error["findings"][0]["violation"]["rule"], "no-meeting-day");
    assert_eq!(error["findings"][0]["violation"]["date"], "2026-12-02");
}

#[test]
fn warnings_go_to_stderr_and_the_change_is_made() {
    let world = World::new("Europe/Lisbon");
    let run = world.ok(&[
        "block",
        "add",
        "--kind",
        "deep",
        "--start",
        "2026-12-01T09:00",
        "--end",
        "2026-12-01T10:00",
    ]);
    assert!(
        run.stdout.starts_with("added block 1: Tue 1 Dec 09:00–10:00, deep 'Deep work'"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stderr.trim(), "warning: a 60-minute deep block is shorter than your 90-minute minimum");
    assert_eq!(world.week("2026-W49").len(), 1);
}

#[test]
fn move_resize_edit_and_delete_show_up_in_the_list() {
    let world = World::new("Europe/Lisbon");
    let id = world
        .add(&["--kind", "deep", "--start", "2026-12-01T09:00", "--end", "2026-12-01T12:00"])
        .to_string();
    world.ok(&["block", "move", &id, "--start", "2026-12-03T13:00"]);
    world.ok(&["block", "move", &id, "--end", "2026-12-03T17:00"]);
    world.ok(&["block", "edit", &id, "--title", "Ablations", "--category", "evaluation"]);
    let run = world.ok(&["--json", "block", "list", "--week", "2026-W49"]);
    let entry = &run.json()[0];
    assert_eq!(entry["start"], "2026-12-03T13:00:00Z");
    assert_eq!(entry["end"], "2026-12-03T17:00:00Z");
    assert_eq!(entry["title"], "Ablations");
    assert_eq!(entry["category"], "evaluation");
    let run = world.ok(&["block", "rm", &id]);
    assert_eq!(run.stdout.trim(), format!("deleted block {id} 'Ablations'"));
    assert!(world.week("2026-W49").is_empty());
}

#[test]
fn one_occurrence_of_a_series_can_move_or_go() {
    let world = World::new("Europe/Lisbon");
    let id = world
        .add(&[
            "--kind",
            "deep",
            "--start",
            "2026-12-01T09:00",
            "--end",
            "2026-12-01T11:00",
            "--repeat",
            "weekly",
        ])
        .to_string();
    world.ok(&["block", "rm", &id, "--occurrence", "2026-12-08T09:00"]);
    world.ok(&["block", "move", &id, "--start", "2026-12-17T14:00", "--occurrence", "2026-12-15T09:00"]);
    assert!(world.week("2026-W50").is_empty());
    let week51 = world.week("2026-W51");
    assert_eq!(week51.len(), 1);
    assert_eq!(week51[0].1, "2026-12-17T14:00:00Z");
    assert_eq!(world.week("2026-W52")[0].1, "2026-12-22T09:00:00Z");
    world
        .run(&["block", "rm", &id, "--occurrence", "2026-12-08T09:00"])
        .fails(1, "has no occurrence at 2026-12-08T09:00");
}

#[test]
fn a_weekly_block_keeps_its_local_time_across_the_clock_change() {
    let world = World::new("Europe/Lisbon");
    world.add(&[
        "--kind",
        "deep",
        "--start",
        "2026-10-20T09:00",
        "--end",
        "2026-10-20T12:00",
        "--repeat",
        "weekly",
    ]);
    // Summer time (+01:00) before 25 October, winter time (Z) after.
    assert_eq!(world.week("2026-W43")[0].1, "2026-10-20T09:00:00+01:00");
    assert_eq!(world.week("2026-W44")[0].1, "2026-10-27T09:00:00Z");
    let text = world.ok(&["block", "list", "--week", "2026-W44"]).stdout;
    assert!(text.contains("Tue 27 Oct  09:00–12:00"), "{text}");
}

#[test]
fn rules_are_set_listed_and_checked() {
    let world = World::new("Europe/Lisbon");
    world.add(&[
        "--kind",
        "meeting",
        "--start",
        "2026-12-02T10:00",
        "--end",
        "2026-12-02T11:00",
        "--title",
        "Review",
    ]);
    let run = world.ok(&["rules", "no-meeting", "add", "--weekday", "wed"]);
    assert_eq!(run.stdout.trim(), "no meetings every Wednesday (rule 1)");
    world.ok(&["rules", "no-meeting", "add", "--date", "2026-12-24", "--half", "pm"]);
    world.ok(&["rules", "workday", "--start", "09:00", "--end", "18:00", "--days", "mon-thu"]);
    world.ok(&["rules", "goals", "--deep", "12", "--learning", "2.5"]);
    world.ok(&["rules", "min-deep", "60"]);
    world.ok(&["rules", "me", "add", "Ana@Example.org"]);

    let rules = world.ok(&["--json", "rules", "list"]).json();
    assert_eq!(rules["no_meeting"][0]["type"], "weekday");
    assert_eq!(rules["no_meeting"][1]["half"], "pm");
    assert_eq!(rules["workday"]["start"], "09:00:00");
    assert_eq!(rules["workday"]["days"], serde_json::json!(["mon", "tue", "wed", "thu"]));
    assert_eq!(rules["goals"]["learning_minutes"], 150);
    assert_eq!(rules["min_deep_minutes"], 60);
    assert_eq!(rules["me"][0], "ana@example.org");

    let check = world.run(&["rules", "check", "--week", "2026-W49"]);
    assert_eq!(check.code, 2, "a breach makes rules check exit 2: {}", check.stderr);
    assert!(
        check.stdout.contains("Wed 2 Dec 10:00–11:00  block 1 'Review': Wednesday 2 Dec is a no-meeting day"),
        "{}",
        check.stdout
    );
    assert!(
        check.stdout.contains("warning: 2026-W49 plans 0.0 h of deep work; your goal is 12.0 h"),
        "{}",
        check.stdout
    );

    world.ok(&["block", "rm", "1"]);
    let check = world.run(&["rules", "check", "--week", "2026-W49"]);
    assert_eq!(check.code, 0);
    assert!(check.stdout.starts_with("No rule breaches in 2026-W49."));
    world.ok(&["rules", "no-meeting", "rm", "1"]);
    assert_eq!(world.ok(&["--json", "rules", "list"]).json()["no_meeting"].as_array().map(Vec::len), Some(1));
}

#[test]
fn the_default_database_lives_in_the_data_directory() {
    let world = World::new("Europe/Lisbon");
    let run = world.run_raw(&["--tz", "Europe/Lisbon", "block", "list"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(world.dir.path().join("home/data/deepblock/deepblock.db").exists());
}

#[test]
fn an_override_places_a_refused_meeting_and_says_it_was_recorded() {
    let world = World::new("Europe/Lisbon");
    world.ok(&["rules", "no-meeting", "add", "--weekday", "wed"]);
    let run = world.ok(&[WEDNESDAY_MEETING, &["--override", "quarterly board meeting"]].concat());
    assert!(run.stderr.contains("warning: Wednesday 2 Dec is a no-meeting day"), "{}", run.stderr);
    assert!(
        run.stderr.contains("note: rule overridden on purpose and recorded: quarterly board meeting"),
        "{}",
        run.stderr
    );
    assert_eq!(world.week("2026-W49").len(), 1);
}

#[test]
fn a_reader_that_stops_early_ends_the_listing_quietly() {
    let world = World::new("UTC");
    world.ok(&["block", "add", "--kind", "deep", "--start", "2026-12-01T09:00", "--end", "2026-12-01T12:00"]);
    // As `deepblock block list | head -0` does: the reader is gone before
    // the first line is written.
    let mut child = std::process::Command::new(crate::harness::deepblock_bin())
        .arg("--db")
        .arg(&world.db)
        .args(["--tz", "UTC", "block", "list", "--week", "2026-W49"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run deepblock");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("deepblock ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "nothing to say about a closed pipe: {stderr}");
}
