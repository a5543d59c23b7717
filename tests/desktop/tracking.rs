//! The tracking timer in the window's header, checked against the CLI on
//! the same database both ways: started here, seen by `track status`;
//! started and stopped by the CLI, seen here.

use crate::focus::until_cli;
use crate::harness::World;
use crate::planner::artifacts;
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
