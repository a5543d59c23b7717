//! Actual time from the window, checked against the CLI on the same
//! database: the tracking timer in the header both ways (started here,
//! seen by `track status`; started and stopped by the CLI, seen here), and
//! a stretch of the past drawn on the week logged as done.

use crate::focus::until_cli;
use crate::harness::World;
use fantoccini::key::Key;

use crate::planner::{artifacts, keys};
use crate::window::{Launch, Window};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs an X display, WebKitWebDriver and tauri-driver; scripts/test installs and runs them"]
async fn the_header_timer_and_the_cli_run_the_same_timer() {
    let world = World::new("UTC");
    let home = world.dir.path().join("home");
    let window = Window::open(Launch::utc(&world.db, &home)).await;

    window.wait_for("[data-testid=timer-category]").await;
    window
        .js("const s = document.querySelector('[data-testid=timer-category]'); s.value = 'admin'; s.dispatchEvent(new Event('change', { bubbles: true }));")
        .await;
    window.click("timer-start").await;
    window.text_until("[data-testid=timer-now]", 10, |t| t.contains("Admin · 0:00")).await;
    until_cli(&world, &["--json", "track", "status"], |t| t["category"] == "admin").await;

    // The CLI stops it and starts another: the header follows.
    world.ok(&["track", "start", "model-dev", "--note", "RoPE"]);
    window.text_until("[data-testid=timer-now]", 10, |t| t.contains("Model development")).await;
    window.screenshot(&artifacts().join("timer-running.png")).await;
    world.ok(&["track", "stop"]);
    window.wait_for("[data-testid=timer-category]").await;

    // Started and stopped here within the minute: nothing is recorded, and
    // the window says so in the CLI's words.
    window.click("timer-start").await;
    window.text_until("[data-testid=timer-now]", 10, |t| t.contains("Admin")).await;
    window.click("timer-stop").await;
    window.text_until("[data-testid=message]", 10, |t| t.contains("less than a minute")).await;
    assert_eq!(world.ok(&["track", "status"]).stdout.trim(), "no timer is running");
    window.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs an X display, WebKitWebDriver and tauri-driver; scripts/test installs and runs them"]
async fn a_stretch_of_the_past_drawn_on_the_week_is_logged_as_done() {
    let world = World::new("UTC");
    let home = world.dir.path().join("home");
    let window = Window::open(Launch::utc(&world.db, &home)).await;
    // Last week, a new stretch at the start of Monday's workday (N): all
    // of it is past, so the picker offers to log it. N is pressed once last
    // week is shown: before, it would open on today (not yet past at dawn).
    let this_week = window.text_until("[data-testid=week-name]", 10, |t| !t.trim().is_empty()).await;
    keys(&window, &[], char::from(Key::PageUp)).await;
    window.text_until("[data-testid=week-name]", 10, |t| t != this_week && !t.trim().is_empty()).await;
    keys(&window, &[], 'n').await;
    window.wait_for("[data-testid=log-done-form]").await;
    window.screenshot(&artifacts().join("log-as-done.png")).await;
    window
        .js("const s = document.querySelector('[data-testid=log-done-category]'); s.value = 'admin'; s.dispatchEvent(new Event('change', { bubbles: true }));")
        .await;
    window.click("log-done").await;
    window.text_until("[data-testid=message]", 10, |t| t.starts_with("Logged 90 min of Admin")).await;
    let review = world.ok(&["--json", "review", "week", "--week", "last"]).json();
    let admin = review["categories"].as_array().unwrap().iter().find(|c| c["name"] == "admin").cloned();
    assert_eq!(admin.map(|c| c["actual_minutes"].clone()), Some(serde_json::json!(90)), "{review}");

    // The same stretch again: refused in the CLI's words, nothing recorded twice.
    keys(&window, &[], 'n').await;
    window.click("log-done").await;
    window.text_until("[data-testid=message]", 10, |t| t.contains("already counted as admin")).await;
    window.close().await;
}
