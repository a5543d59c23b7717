//! `deepblock focus` and `deepblock blocklist` from the shell.

use crate::harness::World;

#[test]
fn a_locked_session_refuses_to_stop_and_says_blocking_is_advisory() {
    let world = World::new("Europe/Lisbon");
    let run = world.ok(&["focus", "start", "--minutes", "90", "--rhythm", "25/5", "--locked"]);
    assert!(run.stdout.starts_with("Focus, period 1, until "), "{}", run.stdout);
    assert!(run.stdout.contains("(25/5 rhythm, locked), "), "{}", run.stdout);
    assert!(run.stderr.contains("sites are not blocked"), "advisory mode is said plainly: {}", run.stderr);
    let before = world.db_bytes();
    world.run(&["focus", "stop"]).fails(2, "this session is locked until");
    world.run(&["focus", "start"]).fails(1, "already running");
    world.run(&["focus", "start", "--rhythm", "50-10"]).fails(1, "is not a rhythm");
    assert_eq!(world.db_bytes(), before);
    let extended = world.ok(&["--json", "focus", "extend", "--minutes", "30"]).json();
    assert_eq!(
        extended["remaining_minutes"].as_i64().map(|m| (118..=120).contains(&m)),
        Some(true),
        "{extended}"
    );
    world.run(&["focus", "extend", "--until", "2000-01-01T00:00"]).fails(1, "later end");
    let status = world.ok(&["--json", "focus", "status"]).json();
    assert_eq!(status["phase"]["phase"], "focus");
    assert_eq!(status["blocking"], "advisory");
    assert_eq!(status["session"]["locked"], true);
}

#[test]
fn a_debugging_timebox_runs_as_a_session_and_keeps_whether_the_cause_was_found() {
    let world = World::new("Europe/Lisbon");
    world.run(&["focus", "found"]).fails(1, "no time-box waits for an answer");
    assert_ne!(world.run(&["focus", "start", "--timebox", "2h"]).code, 0, "a time-box needs its question");
    world.run(&["focus", "start", "--timebox", "2h", "  "]).fails(1, "say what the time-box is about");
    world.run(&["focus", "start", "--timebox", "0m", "loss NaN"]).fails(1, "is not a length");
    let started = world.ok(&["focus", "start", "--timebox", "2h", "loss NaN after warmup"]);
    assert!(started.stdout.contains("Time-box: 'loss NaN after warmup'"), "{}", started.stdout);
    let status = world.ok(&["--json", "focus", "status"]).json();
    assert_eq!(status["timebox"], "loss NaN after warmup");
    let minutes = status["remaining_minutes"].as_i64().unwrap_or(0);
    assert!((118..=120).contains(&minutes), "a two-hour session: {status}");
    let found = world.ok(&["focus", "found", "--no"]);
    assert_eq!(found.stdout.trim(), "recorded: the cause of 'loss NaN after warmup' was not found");
    world.run(&["focus", "found"]).fails(1, "no time-box waits for an answer");

    // The week's review lists it with its answer, and counts it.
    let review = world.ok(&["--json", "review", "week", "--week", "this"]).json();
    assert_eq!(review["timeboxes"][0]["question"], "loss NaN after warmup", "{review}");
    assert_eq!(review["timeboxes"][0]["cause_found"], false);
    let said = world.ok(&["review", "week", "--week", "this"]).stdout;
    assert!(said.contains("'loss NaN after warmup' ran 0:00: cause not found"), "{said}");
    assert!(said.contains("- Debugging time-boxes: 1; not found in 1"), "{said}");
}

#[test]
fn the_blocklist_refuses_injection_and_changes_nothing() {
    let world = World::new("Europe/Lisbon");
    world.ok(&["blocklist", "list"]);
    let before = world.db_bytes();
    for bad in ["evil.com\n0.0.0.0 bank.com", "evil.com # x", "1.2.3.4", "*.evil.com", "localhost"] {
        world.run(&["blocklist", "add", "fine.example", bad]).fails(1, "cannot be blocked");
    }
    world.run(&["blocklist", "rm", "not-listed.example"]).fails(1, "is not on the blocklist");
    assert_eq!(world.db_bytes(), before);
    world.ok(&["blocklist", "add", "Arxiv-Sanity.example."]);
    let list = world.ok(&["--json", "blocklist", "list"]).json();
    assert!(list.as_array().expect("array").iter().any(|h| h == "arxiv-sanity.example"), "{list}");
}

#[test]
fn a_deep_block_under_way_starts_focus_when_the_plan_is_followed() {
    let world = World::new("Europe/Lisbon");
    let now = chrono::Utc::now();
    let (start, end) =
        ((now - chrono::Duration::minutes(5)).to_rfc3339(), (now + chrono::Duration::hours(1)));
    let end_text = end.to_rfc3339();
    let id = world.add(&[
        "--kind",
        "deep",
        "--start",
        &start,
        "--end",
        &end_text,
        "--title",
        "Ablation study",
        "--category",
        "evaluation",
    ]);
    world.ok(&["rules", "auto-focus", "none"]);
    let before = world.db_bytes();
    world.run(&["rules", "auto-focus", "deep,break"]).fails(1, "a break cannot start a focus session");
    world.run(&["rules", "auto-focus", "deep,focus"]).fails(1, "unknown kind 'focus'");
    world.run(&["rules", "focus-rhythm", "50-10"]).fails(1, "is not a rhythm");
    assert_eq!(world.db_bytes(), before, "refused settings change nothing");
    let idle = world.ok(&["focus", "follow", "--once"]);
    assert_eq!(idle.stdout, "", "auto focus is off: {}", idle.stdout);

    world.ok(&["rules", "auto-focus", "deep"]);
    world.ok(&["rules", "focus-rhythm", "90/20"]);
    let listed = world.ok(&["rules", "list"]).stdout;
    assert!(listed.contains("Auto focus:       deep blocks\n"), "{listed}");
    assert!(listed.contains("Focus rhythm:     90/20\n"), "{listed}");
    let followed = world.ok(&["focus", "follow", "--once"]);
    let until = end.with_timezone(&chrono_tz::Europe::Lisbon).format("%H:%M").to_string();
    assert!(
        followed.stdout.trim_end().ends_with(&format!("focus started for 'Ablation study' until {until}")),
        "{}",
        followed.stdout
    );
    let status = world.ok(&["--json", "focus", "status"]).json();
    assert_eq!(status["session"]["block_id"], id);
    assert_eq!(status["session"]["category"], "evaluation");
    assert_eq!(status["session"]["rhythm"], "90/20");
    assert_eq!(status["block_title"], "Ablation study");
    let text = world.ok(&["focus", "status"]).stdout;
    assert!(text.contains("(90/20 rhythm, with the block 'Ablation study'), "), "{text}");
    assert_eq!(world.ok(&["focus", "follow", "--once"]).stdout, "", "one session per block");
}
