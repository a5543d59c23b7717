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
