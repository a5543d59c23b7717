//! Idle means idle: with the window shown and nobody touching it, and with
//! the pointer resting over the grid, the page changes nothing and runs no
//! frame loop between the minute ticks of the current-time line. Counted,
//! not timed: a MutationObserver over the whole page, a count of the
//! animation-frame callbacks that ran, and the processor time the kernel
//! charged the web content process, over three quiet seconds. The last
//! catches what no script sees (WebKitGTK animating its native scrollbar
//! under a resting pointer took 88% of a core while the page was still).

use std::time::Duration;

use chrono::{Timelike, Utc};
use fantoccini::actions::{InputSource, MouseActions, PointerAction};

use crate::harness::World;
use crate::planner::{monday, point};
use crate::window::{Launch, Window};

/// Starts counting what the page does: DOM mutations (with a sample of
/// what changed) and animation-frame callbacks run.
const INSTALL_COUNTERS: &str = "
    window.__idle = { mutations: 0, changed: [], frames: 0 };
    new MutationObserver((records) => {
        window.__idle.mutations += records.length;
        for (const r of records.slice(0, 3)) {
            const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
            window.__idle.changed.push(`${r.type} ${r.attributeName ?? ''} on ${el?.className ?? el?.tagName}`);
        }
    }).observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
    const request = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (callback) => request((time) => { window.__idle.frames += 1; callback(time); });
";

/// What the page did since the counters were installed.
const READ_COUNTERS: &str = "return window.__idle;";

/// The most processor time the web content process may use in three quiet
/// seconds: a tenth of a core. Idle, it uses next to nothing (0 to 3 ticks);
/// the native scrollbar under a resting pointer used over 250.
const QUIET_TICKS: u64 = 30;

/// Waits until the current-time line has moved for this minute and three
/// quiet seconds cannot meet its next move.
async fn between_minute_ticks() {
    while !(2..=50).contains(&Utc::now().second()) {
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

async fn quiet_for_three_seconds(window: &Window, what: &str) {
    between_minute_ticks().await;
    window.js(INSTALL_COUNTERS).await;
    let before = window.web_content_ticks();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let used = window.web_content_ticks() - before;
    let counted = window.js(READ_COUNTERS).await;
    assert_eq!(counted["mutations"], 0, "{what}: the page changed: {counted}");
    assert_eq!(counted["frames"], 0, "{what}: a frame loop ran: {counted}");
    assert!(used <= QUIET_TICKS, "{what}: the web process used {used} ticks of processor time in 3 s");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs an X display, WebKitWebDriver and tauri-driver; scripts/test installs and runs them"]
async fn the_window_does_nothing_while_nobody_touches_it() {
    let world = World::new("UTC");
    let tue = monday() + chrono::Days::new(1);
    world.add(&["--kind", "deep", "--start", &format!("{tue}T09:00"), "--end", &format!("{tue}T10:30")]);
    let home = world.dir.path().join("home");
    let window = Window::open(Launch::utc(&world.db, &home)).await;
    window.wait_for(".ec-event.db-kind-deep").await;
    // Let the first draw and the first focus status settle.
    tokio::time::sleep(Duration::from_secs(2)).await;

    quiet_for_three_seconds(&window, "untouched").await;

    let (x, y) = point(&window, 3, "14:00").await;
    let rest = MouseActions::new("mouse".into()).then(PointerAction::MoveTo { duration: None, x, y });
    window.client.perform_actions(rest).await.expect("move the pointer over the grid");
    tokio::time::sleep(Duration::from_millis(500)).await;
    quiet_for_three_seconds(&window, "pointer resting over the grid").await;

    let (x, y) = point(&window, 1, "09:30").await;
    let over_a_block = MouseActions::new("mouse".into()).then(PointerAction::MoveTo { duration: None, x, y });
    window.client.perform_actions(over_a_block).await.expect("move the pointer over a block");
    tokio::time::sleep(Duration::from_millis(500)).await;
    quiet_for_three_seconds(&window, "pointer resting over a block").await;
    window.close().await;
}
