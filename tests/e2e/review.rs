//! `deepblock review week` on a past week seeded from the shell: the
//! figures, the CSV of actual time, skipped meetings, and bad input.

use crate::harness::World;

fn seed(world: &World) {
    for (kind, start, end, title, category) in [
        ("deep", "2025-11-03T09:00", "2025-11-03T12:00", "RoPE", "model-dev"),
        ("meeting", "2025-11-04T10:00", "2025-11-04T11:00", "Sync", "meetings"),
        ("meeting", "2025-11-04T14:00", "2025-11-04T15:00", "All hands", "meetings"),
        ("deep", "2025-11-05T14:00", "2025-11-05T16:00", "Never", "data-prep"),
    ] {
        let block = ["block", "add", "--kind", kind, "--start", start, "--end", end, "--title", title];
        world.ok(&[&block[..], &["--category", category]].concat());
    }
    world.ok(&["log", "2h", "--category", "model-dev", "--at", "2025-11-03T09:00"]);
    world.ok(&["log", "1h", "--category", "admin", "--at", "2025-11-03T11:00", "--note", "expenses, again"]);
    world.ok(&["log", "1h30m", "--category", "evaluation", "--at", "2025-11-04T11:00"]);
}

#[test]
fn a_past_week_reviews_to_its_figures_and_a_skipped_meeting_leaves_it() {
    let world = World::new("Europe/Berlin");
    seed(&world);
    let said = world.ok(&["track", "skip", "3", "--on", "2025-11-04"]);
    assert_eq!(said.stdout.trim(), "'All hands' on Tue 4 Nov: marked skipped: the review leaves it out");

    let review = world.ok(&["--json", "review", "week", "--week", "2025-W45"]).json();
    let rows: Vec<(String, i64, i64)> = review["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_owned(),
                c["planned_minutes"].as_i64().unwrap(),
                c["actual_minutes"].as_i64().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("data-prep", 120, 0),
        ("model-dev", 180, 120),
        ("evaluation", 0, 90),
        ("meetings", 120, 60),
        ("admin", 0, 60),
    ];
    assert_eq!(rows, expected.map(|(n, p, a)| (n.to_owned(), p, a)));
    let findings: Vec<&str> =
        review["findings"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
    assert!(findings.contains(&"Evaluation took 1.5 h with none planned"), "{findings:?}");
    assert!(
        findings.contains(&"Monday's deep block 'RoPE' got 2 h of 3 h: Admin took 1 h of it"),
        "{findings:?}"
    );
    assert_eq!(review["days"][1]["switches"], 1, "evaluation after the meeting: one switch on Tuesday");

    let text = world.ok(&["review", "week", "--week", "2025-W45"]).stdout;
    assert!(text.contains("Model development          3:00     2:00    -1:00"), "{text}");

    let csv = world.ok(&["review", "week", "--week", "2025-W45", "--csv"]).stdout;
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines,
        [
            "start,end,category,source,block,note",
            "2025-11-03T09:00:00+01:00,2025-11-03T11:00:00+01:00,model-dev,manual,,",
            "2025-11-03T11:00:00+01:00,2025-11-03T12:00:00+01:00,admin,manual,,\"expenses, again\"",
            "2025-11-04T10:00:00+01:00,2025-11-04T11:00:00+01:00,meetings,meeting,2,Sync",
            "2025-11-04T11:00:00+01:00,2025-11-04T12:30:00+01:00,evaluation,manual,,",
        ]
    );

    world.ok(&["track", "skip", "3", "--on", "2025-11-04", "--attended"]);
    let review = world.ok(&["--json", "review", "week", "--week", "2025-W45"]).json();
    assert_eq!(review["kinds"][1]["actual_minutes"], 120, "both meetings count again");
}

#[test]
fn bad_review_and_skip_requests_get_one_line_and_change_nothing() {
    let world = World::new("Europe/Berlin");
    seed(&world);
    let before = world.db_bytes();
    world.run(&["review", "week", "--week", "2025-W99"]).fails(1, "no week 99");
    world.run(&["review", "week", "--csv", "--json"]).fails(1, "choose one of --csv and --json");
    world.run(&["track", "skip", "1", "--on", "2025-11-03"]).fails(1, "is not a meeting");
    world
        .run(&["track", "skip", "2", "--on", "2025-11-05"])
        .fails(1, "has no occurrence starting on Wed 5 Nov");
    world.run(&["track", "skip", "99"]).fails(1, "99");
    assert!(world.db_bytes() == before, "a refused request changes nothing");
}

#[test]
fn the_retro_is_kept_with_its_week_and_next_week_is_planned_from_the_blocks_that_held() {
    let world = World::new("Europe/Berlin");
    seed(&world);
    let said = world.ok(&[
        "review",
        "retro",
        "--week",
        "2025-W45",
        "--worked",
        "Mornings without Slack",
        "--did-not",
        "Admin ate Monday",
        "--change",
        "Expenses on Friday",
    ]);
    assert_eq!(
        said.stdout.lines().collect::<Vec<_>>(),
        [
            "What worked: Mornings without Slack",
            "What did not: Admin ate Monday",
            "What changes next week: Expenses on Friday"
        ]
    );
    let kept = world.ok(&["--json", "review", "retro", "--week", "2025-W45"]).json();
    assert_eq!(kept["change"], "Expenses on Friday");
    assert!(
        world.ok(&["review", "week", "--week", "2025-W45"]).stdout.contains("What did not: Admin ate Monday")
    );
    assert_eq!(
        world.ok(&["--json", "review", "retro", "--week", "2025-W46"]).json()["worked"],
        "",
        "another week has its own"
    );

    let before = world.db_bytes();
    let long = "x".repeat(4001);
    world
        .run(&["review", "retro", "--week", "2025-W45", "--worked", &long])
        .fails(1, "longer than 4000 characters");
    assert!(world.db_bytes() == before, "a refused retro changes nothing");

    // RoPE got 2 h of its 3: it held and is copied. "Never" got nothing:
    // left behind. Meetings come from their own calendars.
    let planned = world.ok(&["review", "next-week", "--week", "2025-W45"]);
    assert_eq!(
        planned.stdout.lines().collect::<Vec<_>>(),
        ["copied 1 block to the week of Mon 10 Nov", "left behind: 'Never' (it did not get half its time)"]
    );
    let next = world.week("2025-W46");
    let titles: Vec<&str> = next.iter().map(|(_, _, _, title)| title.as_str()).collect();
    assert_eq!(titles, ["RoPE"], "{next:?}");
    assert!(next[0].1.contains("09:00"), "same day and time a week later: {next:?}");

    // Planning the same week again adds nothing next week already has.
    let again = world.ok(&["review", "next-week", "--week", "2025-W45"]);
    assert_eq!(
        again.stdout.lines().collect::<Vec<_>>(),
        [
            "copied 0 blocks to the week of Mon 10 Nov",
            "1 block was there already",
            "left behind: 'Never' (it did not get half its time)"
        ]
    );
    assert_eq!(world.week("2025-W46"), next, "no second copy");
}
