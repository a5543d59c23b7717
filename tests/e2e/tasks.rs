//! `deepblock task …` as a user's shell runs it: a backlog planned into
//! next week around a meeting, planned again without a change, a new
//! meeting moving only the chunk it overlaps, a moved chunk staying put,
//! a backlog that cannot be done in time refused with its fix, and bad
//! input refused without a change.

use chrono::{Datelike, Duration, NaiveDate, Utc};

use crate::harness::World;

/// Next week's Monday (in any zone near UTC, today is never in it).
fn next_monday() -> NaiveDate {
    let today = Utc::now().date_naive();
    today + Duration::days(7 - i64::from(today.weekday().num_days_from_monday()))
}

fn at(day: NaiveDate, time: &str) -> String {
    format!("{day}T{time}")
}

/// (task, start, end) of each chunk a `--json task plan` printed.
fn chunks(plan: &serde_json::Value) -> Vec<(i64, String, String)> {
    plan["chunks"]
        .as_array()
        .expect("chunks")
        .iter()
        .map(|c| {
            let text = |k: &str| c[k].as_str().expect("time")[..16].to_owned();
            (c["task"].as_i64().expect("task"), text("start"), text("end"))
        })
        .collect()
}

#[test]
fn a_backlog_is_planned_around_meetings_stays_put_and_says_why() {
    let world = World::new("Europe/Berlin");
    let monday = next_monday();
    let (wednesday, friday, sunday) =
        (monday + Duration::days(2), monday + Duration::days(4), monday + Duration::days(6));
    let window = ["--from", &monday.to_string(), "--to", &sunday.to_string()];
    world.add(&[
        "--kind",
        "meeting",
        "--title",
        "Standup",
        "--start",
        &at(monday, "10:00"),
        "--end",
        &at(monday, "11:00"),
    ]);
    let added = world.ok(&[
        "task",
        "add",
        "Implement RoPE scaling",
        "--estimate",
        "6h",
        "--due",
        &friday.to_string(),
    ]);
    assert_eq!(
        added.stdout.trim(),
        "added task 1 'Implement RoPE scaling' (6 h, Schedule): `task plan` gives it time"
    );
    world.ok(&[
        "task",
        "add",
        "Evaluate long context",
        "--estimate",
        "3h",
        "--due",
        &wednesday.to_string(),
        "--category",
        "evaluation",
        "--after",
        "1",
    ]);
    world.ok(&[
        "task",
        "add",
        "Expense report",
        "--estimate",
        "1h",
        "--impact",
        "low",
        "--effort",
        "low",
        "--category",
        "admin",
    ]);

    let mut args = vec!["--json", "task", "plan"];
    args.extend_from_slice(&window);
    let plan = world.ok(&args).json();
    let m = monday.to_string();
    let t = (monday + Duration::days(1)).to_string();
    // Task 1 is as urgent as task 2, which waits for it; deep work in the
    // stretches around the standup, 90 min at least, 3 h at most; task 2
    // after it; the expense report (automate or delegate) gets no time.
    assert_eq!(
        chunks(&plan),
        vec![
            (1, format!("{m}T08:00"), format!("{m}T10:00")),
            (1, format!("{m}T11:00"), format!("{m}T13:30")),
            (1, format!("{m}T13:30"), format!("{m}T15:00")),
            (2, format!("{m}T15:00"), format!("{m}T16:30")),
            (2, format!("{t}T08:00"), format!("{t}T09:30")),
        ]
    );
    let reasons: Vec<&str> =
        plan["chunks"].as_array().unwrap().iter().map(|c| c["reason"].as_str().unwrap()).collect();
    assert_eq!(
        reasons[0],
        format!("due {}, high impact, first free deep stretch", friday.format("%a %-d %b"))
    );
    assert_eq!(
        reasons[3],
        format!("due {}, high impact, after 'Implement RoPE scaling'", wednesday.format("%a %-d %b"))
    );

    // The chunks are ordinary deep blocks of the week.
    let day = world.day(&m);
    assert!(day.iter().filter(|line| line.contains("Implement RoPE scaling")).count() == 3, "{day:?}");

    // Planned again, nothing changed: nothing moves.
    let mut human = vec!["task", "plan"];
    human.extend_from_slice(&window);
    let before = world.db_bytes();
    let again = world.ok(&human);
    assert!(again.stdout.trim_end().ends_with("0 new, 0 moved (0 min)"), "{}", again.stdout);
    assert!(again.stdout.contains(reasons[0]), "a kept chunk keeps its reason: {}", again.stdout);
    assert!(world.db_bytes() == before, "a plan that changes nothing writes nothing");

    // A new meeting over Tuesday's chunk (a protected deep block, so it
    // takes an override) moves that chunk only.
    world.add(&[
        "--kind",
        "meeting",
        "--title",
        "Reading group",
        "--start",
        &at(monday + Duration::days(1), "09:00"),
        "--end",
        &at(monday + Duration::days(1), "10:00"),
        "--override",
        "only slot the speaker has",
    ]);
    let moved = world.ok(&args).json();
    assert_eq!((moved["moved"].as_i64(), moved["moved_minutes"].as_i64()), (Some(1), Some(90)));
    assert_eq!(
        chunks(&moved),
        vec![
            (1, format!("{m}T08:00"), format!("{m}T10:00")),
            (1, format!("{m}T11:00"), format!("{m}T13:30")),
            (1, format!("{m}T13:30"), format!("{m}T15:00")),
            (2, format!("{m}T15:00"), format!("{m}T16:30")),
            (2, format!("{t}T10:00"), format!("{t}T11:30")),
        ]
    );

    // A chunk the user moves is pinned: planning leaves it there.
    let last = moved["chunks"][4]["block"].as_i64().unwrap().to_string();
    world.ok(&["block", "move", &last, "--start", &at(monday + Duration::days(1), "14:00")]);
    let replanned = world.ok(&args).json();
    let pinned = replanned["chunks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["block"].as_i64().unwrap().to_string() == last)
        .unwrap();
    assert_eq!(
        (pinned["pinned"].as_bool(), &pinned["start"].as_str().unwrap()[..16]),
        (Some(true), &*at(monday + Duration::days(1), "14:00"))
    );
    assert!(pinned["reason"].as_str().unwrap().ends_with("pinned by you"));

    // Renamed: the chunks to come carry the new title.
    world.ok(&["task", "edit", "1", "--title", "Implement RoPE scaling (NTK-aware)"]);
    let day = world.day(&m);
    assert!(
        day.iter().filter(|line| line.contains("Implement RoPE scaling (NTK-aware)")).count() == 3,
        "{day:?}"
    );

    let listed = world.ok(&["task", "list"]).stdout;
    assert!(
        listed.contains("Automate or delegate 'Expense report'") && listed.contains("script it, batch it"),
        "{listed}"
    );
    let done = world.ok(&["task", "done", "2"]);
    assert!(done.stdout.contains("2 chunk(s) not yet begun left the calendar"), "{}", done.stdout);
}

#[test]
fn a_backlog_that_cannot_be_done_in_time_is_refused_with_its_fix_and_bad_input_changes_nothing() {
    let world = World::new("Europe/Berlin");
    let monday = next_monday();
    let tuesday = monday + Duration::days(1);
    world.ok(&["task", "add", "Ablations", "--estimate", "20h", "--due", &tuesday.to_string()]);
    world.ok(&["task", "add", "Sweep", "--estimate", "2h", "--after", "1"]);
    let before = world.db_bytes();
    let line = world
        .run(&[
            "task",
            "plan",
            "--from",
            &monday.to_string(),
            "--to",
            &(monday + Duration::days(6)).to_string(),
        ])
        .fails(2, "the due dates cannot all hold, so nothing was placed")
        .to_owned();
    let (tue, wed) = (tuesday.format("%a %-d %b"), (tuesday + Duration::days(1)).format("%a %-d %b"));
    assert!(line.contains(&format!("task 1 'Ablations' is 2 h short of its due date {tue}")), "{line}");
    assert!(
        line.ends_with(&format!("move the due date of task 1 'Ablations' from {tue} to {wed}")),
        "{line}"
    );

    world.run(&["task", "add", "Nothing", "--estimate", "0m"]).fails(1, "is not a length");
    world.run(&["task", "add", "Everything", "--estimate", "900h"]).fails(1, "at most 200h");
    world.run(&["task", "add", "Late", "--estimate", "1h", "--due", "2020-01-01"]).fails(1, "in the past");
    world
        .run(&["task", "edit", "1", "--after", "2"])
        .fails(1, "in a circle: 'Ablations' waits for 'Sweep', which waits for 'Ablations'");
    world.run(&["task", "done", "99"]).fails(1, "there is no task 99");
    world
        .run(&["task", "add", "Sync", "--estimate", "1h", "--category", "meetings"])
        .fails(1, "cannot be a meeting");
    world.run(&["task", "rm", "1"]).fails(1, "task 2 'Sweep' waits for it");
    world
        .run(&["task", "add", "Bad", "--estimate", "1h", "--upside", "9", "--cost", "1", "--learning", "1"])
        .fails(1, "each 1 to 5");
    assert!(world.db_bytes() == before, "refusals change nothing");

    // Experiments ranked by their stated score, ready ones first.
    world.ok(&[
        "task",
        "add",
        "Try RoPE base 500k",
        "--estimate",
        "2h",
        "--upside",
        "4",
        "--cost",
        "2",
        "--learning",
        "3",
    ]);
    world.ok(&[
        "task",
        "add",
        "Warmup sweep",
        "--estimate",
        "1h",
        "--upside",
        "5",
        "--cost",
        "1",
        "--learning",
        "5",
        "--after",
        "1",
    ]);
    world.ok(&[
        "task",
        "add",
        "Init check",
        "--estimate",
        "30m",
        "--upside",
        "2",
        "--cost",
        "1",
        "--learning",
        "2",
    ]);
    let ranked = world.ok(&["task", "experiments"]).stdout;
    assert_eq!(
        ranked.lines().collect::<Vec<_>>(),
        vec![
            " 1. task 5 'Init check': (2 × 2 + 2) ÷ 1 = 6.0",
            " 2. task 3 'Try RoPE base 500k': (2 × 4 + 3) ÷ 2 = 5.5",
            " 3. task 4 'Warmup sweep': (2 × 5 + 5) ÷ 1 = 15.0 (waits for an unfinished task)",
        ]
    );
}

#[test]
fn a_plan_begun_at_the_end_of_the_calendar_stops_at_its_last_day() {
    let world = World::new("UTC");
    world.ok(&["task", "add", "Port the loader", "--estimate", "20h"]);
    let plan = world.ok(&["--json", "task", "plan", "--from", "9999-12-30"]).json();
    assert_eq!(plan["to"], "9999-12-31", "{plan}");
    let ends: Vec<&str> =
        plan["chunks"].as_array().unwrap().iter().map(|c| c["end"].as_str().unwrap()).collect();
    assert!(!ends.is_empty() && ends.iter().all(|e| e.starts_with("9999-12-3")), "{ends:?}");
    let listed = world.ok(&["--json", "task", "list"]).json();
    assert!(listed[0]["placed_minutes"].as_i64().unwrap() < 20 * 60, "{listed}");
}
