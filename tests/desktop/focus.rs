//! The focus panel, the break screen and the blocklist in the real window,
//! checked against the CLI on the same database. No focus daemon runs here,
//! so the panel must say plainly that sites are not blocked.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::harness::World;
use crate::planner::artifacts;
use crate::window::{Launch, Window};

/// Clicks an element after scrolling it into view (the settings sheet scrolls).
pub(crate) async fn click(window: &Window, testid: &str) {
    window.click(testid).await;
}

pub(crate) async fn text(window: &Window, testid: &str) -> String {
    window.wait_for(&format!("[data-testid={testid}]")).await.text().await.unwrap_or_default()
}

/// A low-energy task in the backlog: what breaks and waits offer.
fn add_expense_report(world: &World) {
    world.ok(&[
        "task",
        "add",
        "Expense report",
        "--estimate",
        "30m",
        "--category",
        "admin",
        "--effort",
        "low",
    ]);
}

/// Waits (up to 10 s) until the CLI's `--json` answer to `args` satisfies `check`.
pub(crate) async fn until_cli(
    world: &World,
    args: &[&str],
    check: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = world.ok(args).json();
        if check(&now) {
            return now;
        }
        assert!(Instant::now() < deadline, "the CLI never agreed: {args:?} gave {now}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs an X display, WebKitWebDriver and tauri-driver; scripts/test installs and runs them"]
async fn the_focus_panel_starts_a_locked_session_and_the_blocklist_is_edited_in_settings() {
    let world = World::new("UTC");
    let home = world.dir.path().join("home");
    let window = Window::open(Launch::utc(&world.db, &home)).await;

    // The blocklist: names added in settings are what the CLI lists; a bad
    // one gets the CLI's own words and changes nothing.
    click(&window, "open-settings").await;
    window
        .wait_for("[data-testid=blocklist-new]")
        .await
        .send_keys("news.example.org, Video.Example.")
        .await
        .unwrap();
    click(&window, "blocklist-add").await;
    until_cli(&world, &["--json", "blocklist", "list"], |l| {
        l.as_array().is_some_and(|l| {
            l.iter().any(|h| h == "news.example.org") && l.iter().any(|h| h == "video.example")
        })
    })
    .await;
    let before = world.ok(&["--json", "blocklist", "list"]).json();
    window.wait_for("[data-testid=blocklist-new]").await.send_keys("evil.example #x").await.unwrap();
    click(&window, "blocklist-add").await;
    let cli_line =
        world.run(&["blocklist", "add", "evil.example", "#x"]).fails(1, "cannot be blocked").to_owned();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !cli_line.ends_with(&text(&window, "settings-status").await) {
        assert!(Instant::now() < deadline, "the window never showed {cli_line:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(world.ok(&["--json", "blocklist", "list"]).json(), before);
    window.js("document.querySelector('[aria-label=\"Unblock video.example\"]').click()").await;
    until_cli(&world, &["--json", "blocklist", "list"], |l| {
        l.as_array().is_some_and(|l| !l.iter().any(|h| h == "video.example"))
    })
    .await;
    window.js("document.querySelector('[aria-label^=\"Close settings\"]').click()").await;

    // The panel says sites are not blocked here, and why, before a session.
    click(&window, "focus-toggle").await;
    let blocking = text(&window, "focus-blocking").await;
    assert!(
        blocking.contains("Not blocking")
            && blocking.contains("the focus daemon (deepblock-focusd) is not running"),
        "{blocking}"
    );

    // A locked 30-minute 25/5 session from the panel: the CLI sees it, Stop
    // is greyed out, +15 min extends it.
    let minutes = window.wait_for("[data-testid=focus-minutes]").await;
    minutes.clear().await.unwrap();
    minutes.send_keys("30").await.unwrap();
    window.wait_for("[data-testid=focus-rhythm]").await.select_by_value("25/5").await.unwrap();
    click(&window, "focus-locked").await;
    click(&window, "focus-start").await;
    let status = until_cli(&world, &["--json", "focus", "status"], |s| s["session"]["locked"] == true).await;
    assert_eq!(status["session"]["rhythm"], "25/5");
    assert!(text(&window, "focus-phase").await.starts_with("Focus until"));
    let stop = window.wait_for("[data-testid=focus-stop]").await;
    assert!(stop.attr("disabled").await.unwrap().is_some(), "a locked session cannot be stopped");
    click(&window, "focus-extend").await;
    until_cli(&world, &["--json", "focus", "status"], |s| {
        s["remaining_minutes"].as_i64().is_some_and(|m| m >= 43)
    })
    .await;
    window.screenshot(&artifacts().join("focus-panel.png")).await;
    window.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs an X display, WebKitWebDriver and tauri-driver; scripts/test installs and runs them"]
async fn a_break_shows_the_break_screen_with_a_low_energy_task_until_dismissed() {
    let world = World::new("UTC");
    world.ok(&["focus", "start", "--minutes", "60", "--rhythm", "25/5"]);
    // Move the session's start 26 minutes back: its first break is on now.
    let moved = Command::new("python3")
        .args(["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('UPDATE focus_sessions SET started_utc = started_utc - 1560'); c.commit()"])
        .arg(&world.db)
        .status()
        .expect("python3");
    assert!(moved.success());
    assert_eq!(world.ok(&["--json", "focus", "status"]).json()["phase"]["phase"], "break");
    // A low-energy task in the backlog is offered for the break, here and in the CLI.
    add_expense_report(&world);
    let status = world.ok(&["focus", "status"]).stdout;
    assert!(status.contains("For the break: Expense report"), "{status}");

    let home = world.dir.path().join("home");
    let window = Window::open(Launch::utc(&world.db, &home)).await;
    let screen = text(&window, "break-screen").await;
    assert!(screen.starts_with("Break until"), "{screen}");
    assert!(
        screen.contains("A low-energy task, if you would rather not sit idle: Expense report"),
        "{screen}"
    );
    window.wait_for("[data-testid=break-dismiss]").await;
    window.screenshot(&artifacts().join("break-screen.png")).await;
    window.js("document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))").await;
    window.until_gone("[data-testid=break-screen]", 5, "Escape did not dismiss the break screen").await;
    window.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs an X display, WebKitWebDriver and tauri-driver; scripts/test installs and runs them"]
async fn a_deep_block_under_way_starts_focus_by_itself_and_settings_choose_the_kinds() {
    let world = World::new("UTC");
    let now = chrono::Utc::now();
    let (start, end) = (now - chrono::Duration::minutes(2), now + chrono::Duration::minutes(50));
    let id = world.add(&[
        "--kind",
        "deep",
        "--start",
        &start.to_rfc3339(),
        "--end",
        &end.to_rfc3339(),
        "--title",
        "Gradient checks",
    ]);
    let home = world.dir.path().join("home");
    let window = Window::open(Launch::utc(&world.db, &home)).await;

    // Nobody clicks anything: the app's timer starts the block's session.
    let status = until_cli(&world, &["--json", "focus", "status"], |s| s["session"]["block_id"] == id).await;
    assert_eq!(
        status["session"]["planned_end"],
        end.with_timezone(&chrono::Utc).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    );
    click(&window, "focus-toggle").await;
    assert_eq!(text(&window, "focus-block").await, "Gradient checks (ends with it)");
    window.screenshot(&artifacts().join("focus-follows-block.png")).await;
    click(&window, "focus-toggle").await;

    // Settings: learning blocks instead of deep ones, and a 25/5 rhythm; a
    // bad rhythm gets the CLI's words and changes nothing.
    click(&window, "open-settings").await;
    click(&window, "auto-focus-deep").await;
    click(&window, "auto-focus-learning").await;
    window
        .js("document.querySelector('[data-testid=focus-rhythm-default]').scrollIntoView({block: 'center'})")
        .await;
    window.wait_for("[data-testid=focus-rhythm-default]").await.select_by_value("25/5").await.unwrap();
    click(&window, "focus-settings-save").await;
    // The form saves the rhythm, then the kinds: wait for both.
    let saved = until_cli(&world, &["--json", "rules", "list"], |r| {
        r["focus_rhythm"] == "25/5" && r["auto_focus"] == serde_json::json!(["learning"])
    })
    .await;
    window.screenshot(&artifacts().join("settings-focus.png")).await;
    window.wait_for("[data-testid=focus-rhythm-default]").await.select_by_value("custom").await.unwrap();
    window.fill("focus-rhythm-default-focus", "2").await;
    window.fill("focus-rhythm-default-break", "5").await;
    click(&window, "focus-settings-save").await;
    // Clap wraps the parser's words ("error: invalid value … ; see --help").
    let cli_line = world.run(&["rules", "focus-rhythm", "2/5"]).fails(1, "is not a rhythm").to_owned();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let shown = text(&window, "settings-status").await;
        if shown.contains("is not a rhythm") {
            assert!(cli_line.contains(&shown), "{shown:?} is not the CLI's {cli_line:?}");
            break;
        }
        assert!(Instant::now() < deadline, "the window never showed {cli_line:?}; it shows {shown:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(world.ok(&["--json", "rules", "list"]).json(), saved);
    window.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs an X display, WebKitWebDriver and tauri-driver; scripts/test installs and runs them"]
async fn a_command_run_through_notify_shows_in_the_panel_with_a_task_for_the_wait() {
    let world = World::new("UTC");
    add_expense_report(&world);
    let home = world.dir.path().join("home");
    let window = Window::open(Launch::utc(&world.db, &home)).await;
    click(&window, "focus-toggle").await;
    window.wait_for("[data-testid=focus-start]").await;

    // A training run started from a terminal while the app runs.
    let mut run = Command::new(crate::harness::deepblock_bin())
        .arg("--db")
        .arg(&world.db)
        .args(["--tz", "UTC", "notify", "--title", "run 46 finished", "--", "sleep", "4"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("deepblock notify");
    let wait = text(&window, "focus-wait").await;
    assert_eq!(wait, "Running: sleep 4. Meanwhile, a low-energy task: Expense report");
    window.screenshot(&artifacts().join("focus-panel-wait.png")).await;

    // Its end takes the line away.
    run.wait().expect("notify ends");
    window.until_gone("[data-testid=focus-wait]", 10, "the panel still shows the run after it ended").await;
    window.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs an X display, WebKitWebDriver and tauri-driver; scripts/test installs and runs them"]
async fn a_debugging_time_box_started_in_the_panel_asks_whether_the_cause_was_found() {
    let world = World::new("UTC");
    let home = world.dir.path().join("home");
    let window = Window::open(Launch::utc(&world.db, &home)).await;
    click(&window, "focus-toggle").await;
    window.fill("focus-timebox-question", "loss NaN after warmup").await;
    click(&window, "focus-start").await;
    // The panel shows the box once the session has started; only then may the CLI be asked.
    assert_eq!(text(&window, "focus-timebox").await, "loss NaN after warmup");
    let status = world.ok(&["focus", "status"]).stdout;
    assert!(status.contains("Time-box: 'loss NaN after warmup'"), "{status}");

    // Stopped: the panel asks, and the answer is what the CLI records.
    click(&window, "focus-stop").await;
    let asked = text(&window, "timebox-answer").await;
    assert!(
        asked.contains("The time-box “loss NaN after warmup” is over. Did you find the cause?"),
        "{asked}"
    );
    let status = world.ok(&["focus", "status"]).stdout;
    assert!(status.contains("The time-box 'loss NaN after warmup' ended"), "{status}");
    window.screenshot(&artifacts().join("focus-timebox-answer.png")).await;
    click(&window, "timebox-not-found").await;
    until_cli(&world, &["--json", "focus", "status"], |s| s["timebox_to_answer"].is_null()).await;
    world.run(&["focus", "found"]).fails(1, "no time-box waits for an answer");
    window.close().await;
}
