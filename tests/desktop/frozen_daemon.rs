//! A focus daemon that hangs must not hang the planner. The app is started
//! against a private bus on which `org.deepblock.Focus1` is owned by a
//! process that never answers (tests/helpers/silent_bus_name.rs). While a
//! focus start waits on it, the week is dragged, saved and turned as usual;
//! then the start gives up, records nothing, and the panel says why.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Days;

use crate::focus::{click, text, until_cli};
use crate::harness::World;
use crate::planner::{block, drag, event_centre, monday, point, until_listed};
use crate::window::{Launch, Window};

/// A child process killed when the test ends, pass or fail.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `command` and waits for its first line of output.
fn started(command: &mut Command, what: &str) -> (Killed, String) {
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().expect(what);
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect(what);
    assert!(!line.is_empty(), "{what} said nothing");
    (Killed(child), line.trim().to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs an X display, WebKitWebDriver and tauri-driver; scripts/test installs and runs them"]
async fn a_focus_daemon_that_never_answers_does_not_stall_the_planner() {
    let world = World::new("UTC");
    let tue = monday() + Days::new(1);
    world.add(&["--kind", "deep", "--start", &format!("{tue}T09:00"), "--end", &format!("{tue}T10:30")]);
    let socket = world.dir.path().join("system_bus");
    let (_bus, address) = started(
        Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address"])
            .arg(format!("--address=unix:path={}", socket.display())),
        "dbus-daemon (scripts/setup installs dbus)",
    );
    let (_silent, ready) = started(
        Command::new(env!("CARGO_BIN_EXE_deepblock-silent-bus-name")).arg(&address),
        "the silent daemon",
    );
    assert_eq!(ready, "ready");

    let home = world.dir.path().join("home");
    let window = Window::open(Launch { system_bus: Some(&address), ..Launch::utc(&world.db, &home) }).await;

    // The panel says the daemon does not answer, once its status times out.
    click(&window, "focus-toggle").await;
    let deadline = Instant::now() + Duration::from_secs(15);
    while !text(&window, "focus-blocking").await.contains("not answering") {
        assert!(Instant::now() < deadline, "the panel never said the daemon is not answering");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    window.screenshot(&crate::planner::artifacts().join("focus-daemon-not-answering.png")).await;

    // A start now waits on the daemon (up to its 30 s limit)…
    click(&window, "focus-start").await;
    let asked = Instant::now();
    window.js("document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))").await;

    // …while the planner drags and saves, and turns the week, as usual.
    let (x, y) = event_centre(&window, "deep").await;
    let hour = point(&window, 1, "10:00").await.1 - point(&window, 1, "09:00").await.1;
    drag(&window, (x, y), (x, y + hour)).await;
    until_listed(&world, &[block("deep", tue, "10:00", "11:30")]).await;
    let this_week = text(&window, "week-name").await;
    window
        .js("document.dispatchEvent(new KeyboardEvent('keydown', { key: 'PageDown', bubbles: true }))")
        .await;
    while text(&window, "week-name").await == this_week {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let planned = asked.elapsed();
    let message = "return document.querySelector('[data-testid=message]')?.textContent ?? ''";
    assert!(
        !window.js(message).await.as_str().unwrap_or_default().contains("did not answer"),
        "the start answered before the planner was done; the test proves nothing"
    );
    assert!(planned < Duration::from_secs(10), "the planner took {planned:?} while the daemon hung");

    // Then the start gives up: nothing is recorded, and the window says why.
    let deadline = Instant::now() + Duration::from_secs(45);
    loop {
        let shown = window.js(message).await;
        if shown.as_str().is_some_and(|m| m.contains("did not answer in time")) {
            break;
        }
        assert!(Instant::now() < deadline, "the start never gave up; the message says {shown}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    until_cli(&world, &["--json", "focus", "status"], |s| s["session"].is_null()).await;
    window.close().await;
}
