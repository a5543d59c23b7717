//! `deepblock track` and `deepblock log` as a user's shell runs them:
//! what is recorded is listed back, and bad input gets one line and
//! changes nothing.

use crate::harness::World;

#[test]
fn the_timer_and_the_log_record_time_and_refuse_bad_input_without_a_change() {
    let world = World::new("Europe/Berlin");
    assert_eq!(world.ok(&["track", "status"]).stdout.trim(), "no timer is running");
    let started = world.ok(&["track", "start", "model-dev", "--note", "RoPE scaling"]);
    assert!(started.stdout.starts_with("tracking model-dev since "), "{}", started.stdout);
    let status = world.ok(&["--json", "track", "status"]).json();
    assert_eq!(
        (status["category"].as_str(), status["note"].as_str()),
        (Some("model-dev"), Some("RoPE scaling"))
    );
    // Stopped within the minute: nothing is recorded, and it says so.
    let stopped = world.ok(&["track", "stop"]);
    assert!(stopped.stderr.contains("less than a minute"), "{}", stopped.stderr);

    let logged =
        world.ok(&["log", "45m", "--category", "admin", "--at", "2025-11-03T09:00", "--note", "expenses"]);
    assert_eq!(logged.stdout.trim(), "logged admin: 45 min (Mon 3 Nov 09:00–09:45)");

    let before = world.db_bytes();
    world.run(&["log", "-5m", "--category", "admin"]).fails(1, "'-5m' is not a length");
    world.run(&["log", "30m", "--category", "fun"]).fails(1, "fun");
    world
        .run(&["log", "30m", "--category", "admin", "--at", "2025-11-03T09:30"])
        .fails(1, "already counted as admin");
    world.run(&["track", "stop"]).fails(1, "no timer is running");
    world.run(&["track", "start", "naps"]).fails(1, "naps");
    assert!(world.db_bytes() == before, "a refused entry changes nothing");
}
