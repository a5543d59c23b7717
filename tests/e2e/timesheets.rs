//! Timesheets: the week's CSV through a real spreadsheet and back into
//! another plan, Toggl and Clockify exports (real files, see
//! tests/fixtures/timesheets/README.md), and bad sheets refused whole.

use std::path::PathBuf;

use crate::harness::World;
use crate::peers;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/timesheets").join(name);
    path.to_str().expect("UTF-8 path").to_owned()
}

fn csv_of(world: &World, week: &str) -> String {
    world.ok(&["review", "week", "--week", week, "--csv"]).stdout
}

#[test]
#[ignore = "needs Gnumeric's ssconvert; scripts/test installs and runs it"]
fn the_weeks_csv_goes_through_a_spreadsheet_and_back_into_another_plan_unchanged() {
    let first = World::new("Europe/Berlin");
    first.ok(&[
        "block",
        "add",
        "--kind",
        "meeting",
        "--start",
        "2025-11-04T10:00",
        "--end",
        "2025-11-04T11:00",
        "--title",
        "Sync",
    ]);
    first.ok(&[
        "log",
        "2h",
        "--category",
        "model-dev",
        "--at",
        "2025-11-03T09:00",
        "--note",
        "RoPE ablations, \"long\" run 🔥",
    ]);
    first.ok(&["log", "45m", "--category", "admin", "--at", "2025-11-03T11:00"]);
    first.ok(&["log", "1h30m", "--category", "evaluation", "--at", "2025-11-04T11:00"]);
    let exported = csv_of(&first, "2025-W45");
    assert_eq!(exported.lines().count(), 5, "{exported}");

    for format in ["xlsx", "ods"] {
        let file = first.dir.path().join(format!("week-{format}.csv"));
        std::fs::write(&file, &exported).unwrap();
        let back = peers::through_spreadsheet(&file, format);
        let back_file = first.dir.path().join(format!("from-{format}.csv"));
        std::fs::write(&back_file, &back).unwrap();

        let second = World::new("Europe/Berlin");
        let path = back_file.to_str().unwrap();
        let imported = second.ok(&["log", "import", path]);
        assert_eq!(
            imported.stdout.lines().collect::<Vec<_>>(),
            [
                "imported 3 entries from a Deepblock timesheet (Mon 3 Nov 2025 to Tue 4 Nov 2025)",
                "passed over: 1 from focus sessions and meetings, kept with those",
            ]
        );
        let without_meeting: Vec<&str> = exported.lines().filter(|l| !l.contains(",meeting,")).collect();
        assert_eq!(
            csv_of(&second, "2025-W45").lines().collect::<Vec<_>>(),
            without_meeting,
            "through {format}"
        );

        let before = second.db_bytes();
        let again = second.ok(&["log", "import", path]);
        assert!(again.stdout.starts_with("imported 0 entries"), "{}", again.stdout);
        assert!(again.stdout.contains("3 already recorded"), "{}", again.stdout);
        assert!(second.db_bytes() == before, "importing the same sheet twice changes nothing");
    }
}

#[test]
fn toggl_and_clockify_exports_import_with_the_users_map() {
    let world = World::new("Europe/Berlin");
    let toggl = fixture("solidtime_toggl_time_entries_import_test_1.csv");
    let dry = world.ok(&["log", "import", &toggl, "--dry-run"]);
    assert!(
        dry.stdout.starts_with("would import 1 entry from a Toggl timesheet (Mon 4 Mar 2024"),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stderr.contains("counted as other, matching no category: Project for Big Company"),
        "{}",
        dry.stderr
    );
    assert_eq!(
        world.ok(&["--json", "review", "week", "--week", "2024-W10"]).json()["intervals"],
        serde_json::json!([])
    );

    let map = "Project for Big Company=model-dev";
    let done = world.ok(&["log", "import", &toggl, "--map", map]);
    assert_eq!(
        done.stdout.lines().collect::<Vec<_>>(),
        [
            "imported 1 entry from a Toggl timesheet (Mon 4 Mar 2024 to Mon 4 Mar 2024)",
            "passed over: 1 lasting no time"
        ]
    );
    let rows = csv_of(&world, "2024-W10");
    assert_eq!(
        rows.lines().nth(1),
        Some(
            "2024-03-04T10:23:00+01:00,2024-03-04T11:23:01+01:00,model-dev,manual,,Project for Big Company — Working hard"
        )
    );

    // Clockify's export of the same hour (US dates, 12-hour times) is the
    // same entry: already there.
    let clockify = world.ok(&[
        "log",
        "import",
        &fixture("solidtime_clockify_time_entries_import_test_1.csv"),
        "--map",
        map,
    ]);
    assert!(
        clockify.stdout.starts_with("imported 0 entries from a Clockify timesheet"),
        "{}",
        clockify.stdout
    );
    assert!(clockify.stdout.contains("1 already recorded; 1 lasting no time"), "{}", clockify.stdout);

    // Quotes, backslashes and an emoji in the description survive; the
    // tag-less project falls to "other".
    world.ok(&["log", "import", &fixture("solidtime_toggl_time_entries_import_test_2.csv")]);
    world.ok(&[
        "log",
        "import",
        &fixture("solidtime_clockify_time_entries_import_test_2.csv"),
        "--map",
        "Real World Project=evaluation",
    ]);
    // The same hour under another category: refused, it is counted already.
    let short_row = fixture("solidtime_clockify_time_entries_import_test_7.csv");
    world
        .run(&["log", "import", &short_row, "--map", "Project A=admin"])
        .fails(1, "shares time with model-dev");
    let fresh = World::new("Europe/Berlin");
    let done = fresh.ok(&["log", "import", &short_row, "--map", "Project A=admin"]);
    assert!(done.stdout.starts_with("imported 1 entry from a Clockify timesheet"), "{}", done.stdout);
    let october = world.ok(&["--json", "review", "week", "--week", "2024-W42"]).json();
    let intervals = october["intervals"].as_array().unwrap();
    assert_eq!(intervals.len(), 2, "{intervals:?}");
    assert_eq!(intervals[0]["category"], "evaluation");
    assert_eq!(intervals[1]["category"], "other");
    let note = intervals[1]["note"].as_str().unwrap();
    assert!(
        note.starts_with("Real World Project — \\\\ 🔥 Special characters  \"\"\"`!@#$%^&*()_+"),
        "{note}"
    );
}

#[test]
fn a_bad_sheet_gets_one_line_and_changes_nothing() {
    let world = World::new("Europe/Berlin");
    world.ok(&["log", "1h", "--category", "admin", "--at", "2025-11-03T09:00"]);
    let before = world.db_bytes();
    let write = |name: &str, text: &str| {
        let path = world.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let header = "start,end,category,source,block,note\n";
    world
        .run(&["log", "import", &fixture("solidtime_clockify_time_entries_import_test_3.csv")])
        .fails(1, "line 2: '13/15/2024' is not a date; nothing was imported");
    let overlapping = write(
        "overlap.csv",
        &format!(
            "{header}2025-11-04T09:00:00+01:00,2025-11-04T10:00:00+01:00,admin,manual,,\n2025-11-04T09:30:00+01:00,2025-11-04T11:00:00+01:00,training,timer,,\n"
        ),
    );
    world.run(&["log", "import", &overlapping]).fails(1, "lines 2 and 3 share time");
    let clash = write(
        "clash.csv",
        &format!("{header}2025-11-03T09:30:00+01:00,2025-11-03T10:30:00+01:00,training,manual,,\n"),
    );
    world.run(&["log", "import", &clash]).fails(1, "shares time with admin already counted");
    let unknown = write(
        "unknown.csv",
        &format!("{header}2025-11-05T09:00:00+01:00,2025-11-05T10:00:00+01:00,naps,manual,,\n"),
    );
    world.run(&["log", "import", &unknown]).fails(1, "line 2: unknown category 'naps'");
    let backwards = write(
        "backwards.csv",
        &format!("{header}2025-11-05T10:00:00+01:00,2025-11-05T09:00:00+01:00,admin,manual,,\n"),
    );
    world.run(&["log", "import", &backwards]).fails(1, "line 2: an entry must end after it starts");
    let future = write(
        "future.csv",
        &format!("{header}2099-01-05T09:00:00+01:00,2099-01-05T10:00:00+01:00,admin,manual,,\n"),
    );
    world.run(&["log", "import", &future]).fails(1, "ends in the future");
    let other = write("other.csv", "name,amount\nrent,900\n");
    world.run(&["log", "import", &other]).fails(1, "not a timesheet Deepblock reads");
    let binary = world.dir.path().join("binary.csv");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    world.run(&["log", "import", binary.to_str().unwrap()]).fails(1, "is not UTF-8 text");
    world.run(&["log", "import", &clash, "--map", "Thesis"]).fails(1, "'Thesis' is not NAME=CATEGORY");
    world.run(&["log", "import", &clash, "--map", "Thesis=naps"]).fails(1, "unknown category 'naps'");
    assert!(world.db_bytes() == before, "a refused sheet changes nothing");
}
