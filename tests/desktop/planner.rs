//! The planner in the real window: every drag, key and refusal is checked
//! against what the CLI reads from the same database.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{Datelike, Days, NaiveDate, Utc};
use fantoccini::Locator;
use fantoccini::actions::{
    InputSource, KeyAction, KeyActions, MOUSE_BUTTON_LEFT, MouseActions, PointerAction,
};
use fantoccini::key::Key;

use crate::harness::World;
use crate::window::{Launch, Window};

/// This week's Monday in UTC, the zone of these tests.
pub(crate) fn monday() -> NaiveDate {
    let today = Utc::now().date_naive();
    today - Days::new(u64::from(today.weekday().num_days_from_monday()))
}

pub fn artifacts() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    exe.ancestors().nth(3).expect("target dir").join("deepblock-artifacts")
}

/// The plan as the CLI lists it: "kind start end" per block.
pub(crate) fn listed(world: &World) -> Vec<String> {
    let json = world.ok(&["block", "list", "--json"]).json();
    json.as_array()
        .expect("a list")
        .iter()
        .map(|e| {
            format!(
                "{} {} {}",
                e["kind"].as_str().unwrap(),
                e["start"].as_str().unwrap(),
                e["end"].as_str().unwrap()
            )
        })
        .collect()
}

/// Waits (up to 10 s) until the CLI lists `expected`.
pub(crate) async fn until_listed(world: &World, expected: &[String]) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = listed(world);
        if now == expected {
            return;
        }
        assert!(Instant::now() < deadline, "the CLI lists {now:?}, expected {expected:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

pub(crate) fn block(kind: &str, day: NaiveDate, from: &str, to: &str) -> String {
    format!("{kind} {day}T{from}:00Z {day}T{to}:00Z")
}

/// The viewport point of `time` ("09:30") in day column `day` (0 = Monday).
pub(crate) async fn point(window: &Window, day: usize, time: &str) -> (f64, f64) {
    let (h, m) = time.split_once(':').expect("HH:MM");
    let minutes = h.parse::<u32>().expect("hour") * 60 + m.parse::<u32>().expect("minutes");
    // The day column spans the grid's hours, 05:00 to 23:00 (WeekGrid.svelte).
    let script = format!(
        "const col = document.querySelectorAll('[data-testid=week-grid] .ec-body .ec-grid .ec-day')[{day}]
             .getBoundingClientRect();
         return [Math.round(col.left + col.width / 2), col.top + col.height * ({minutes} - 300) / (18 * 60)];"
    );
    let xy = window.js(&script).await;
    (xy[0].as_f64().expect("x"), xy[1].as_f64().expect("y"))
}

/// Presses at `from`, moves in steps to `to`, releases: a real drag.
pub(crate) async fn drag(window: &Window, from: (f64, f64), to: (f64, f64)) {
    let mut mouse = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo { duration: None, x: from.0, y: from.1 })
        .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT });
    for step in 1..=5 {
        let x = from.0 + (to.0 - from.0) * f64::from(step) / 5.0;
        let y = from.1 + (to.1 - from.1) * f64::from(step) / 5.0;
        mouse = mouse.then(PointerAction::MoveTo { duration: Some(Duration::from_millis(40)), x, y });
    }
    mouse = mouse.then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
    window.client.perform_actions(mouse).await.expect("drag");
    window.client.release_actions().await.expect("release");
}

/// Presses `key` with `modifiers` held.
pub(crate) async fn keys(window: &Window, modifiers: &[Key], key: char) {
    let mut actions = KeyActions::new("keyboard".into());
    for m in modifiers {
        actions = actions.then(KeyAction::Down { value: char::from(*m) });
    }
    actions = actions.then(KeyAction::Down { value: key }).then(KeyAction::Up { value: key });
    for m in modifiers.iter().rev() {
        actions = actions.then(KeyAction::Up { value: char::from(*m) });
    }
    window.client.perform_actions(actions).await.expect("keys");
}

/// The centre of the first event of `kind` on the grid.
pub(crate) async fn event_centre(window: &Window, kind: &str) -> (f64, f64) {
    window.wait_for(&format!(".ec-event.db-kind-{kind}")).await;
    let xy = window
        .js(&format!(
            "const r = document.querySelector('.ec-event.db-kind-{kind}').getBoundingClientRect();
             return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];"
        ))
        .await;
    (xy[0].as_f64().unwrap(), xy[1].as_f64().unwrap())
}

async fn disabled(window: &Window, testid: &str) -> bool {
    window.js(&format!("return document.querySelector('[data-testid={testid}]').disabled")).await == true
}

/// The drawn width of the block titled `title`, in pixels; 0 while it is not drawn.
async fn width_of(window: &Window, title: &str) -> f64 {
    let script = format!(
        "return [...document.querySelectorAll('.ec-event')].find((e) => e.textContent.includes('{title}'))?.getBoundingClientRect().width ?? 0"
    );
    window.js(&script).await.as_f64().unwrap_or_default()
}

/// Waits (up to 10 s) until the block titled `title` is drawn at a width that passes `check`.
async fn until_width(window: &Window, title: &str, check: impl Fn(f64) -> bool) -> f64 {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let width = width_of(window, title).await;
        if width > 0.0 && check(width) {
            return width;
        }
        assert!(Instant::now() < deadline, "'{title}' stayed {width} px wide");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits (up to 10 s) for an element's text to differ from `before`.
async fn until_text_changes(window: &Window, css: &str, before: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = window.wait_for(css).await.text().await.expect("text");
        if now != before {
            return now;
        }
        assert!(Instant::now() < deadline, "{css} stayed {before:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn message(window: &Window) -> String {
    window.wait_for("[data-testid=message]").await.text().await.expect("message text")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs an X display, WebKitWebDriver and tauri-driver; scripts/test installs and runs them"]
async fn a_deep_block_is_planned_with_the_mouse_and_keyboard_and_the_cli_agrees() {
    let world = World::new("UTC");
    world.ok(&["rules", "no-meeting", "add", "--weekday", "wed"]);
    let home = world.dir.path().join("home");
    let window = Window::open(Launch::utc(&world.db, &home)).await;
    let (tue, wed) = (monday() + Days::new(1), monday() + Days::new(2));
    assert!(disabled(&window, "undo").await && disabled(&window, "redo").await, "nothing to undo yet");

    // Drag on empty space, pick "Deep work".
    drag(&window, point(&window, 1, "09:05").await, point(&window, 1, "10:25").await).await;
    window.wait_for("[data-testid=kind-deep]").await.click().await.expect("pick deep");
    until_listed(&world, &[block("deep", tue, "09:00", "10:30")]).await;

    // Move it down an hour.
    let (x, y) = event_centre(&window, "deep").await;
    let hour = point(&window, 1, "10:00").await.1 - point(&window, 1, "09:00").await.1;
    drag(&window, (x, y), (x, y + hour)).await;
    until_listed(&world, &[block("deep", tue, "10:00", "11:30")]).await;

    // Resize it from its bottom edge by half an hour.
    let bottom = window
        .js("const r = document.querySelector('.ec-event.db-kind-deep').getBoundingClientRect(); return Math.round(r.bottom - 3);")
        .await
        .as_f64()
        .unwrap();
    drag(&window, (x, bottom), (x, bottom + hour / 2.0)).await;
    until_listed(&world, &[block("deep", tue, "10:00", "12:00")]).await;

    // Keyboard: select, arrow down moves by 15 minutes, Delete, Ctrl+Z.
    let (x, y) = event_centre(&window, "deep").await;
    window.client.execute(&format!("document.elementFromPoint({x}, {y}).click()"), vec![]).await.unwrap();
    window.wait_for("[data-testid=block-panel]").await;
    keys(&window, &[], char::from(Key::Down)).await;
    until_listed(&world, &[block("deep", tue, "10:15", "12:15")]).await;
    keys(&window, &[], char::from(Key::Delete)).await;
    until_listed(&world, &[]).await;
    assert!(message(&window).await.contains("Ctrl+Z"));
    keys(&window, &[Key::Control], 'z').await;
    until_listed(&world, &[block("deep", tue, "10:15", "12:15")]).await;

    // The Redo button, enabled now, deletes it again; the Undo button brings it back.
    window.wait_for("[data-testid=redo]:not(:disabled)").await.click().await.expect("redo button");
    until_listed(&world, &[]).await;
    window.wait_for("[data-testid=undo]:not(:disabled)").await.click().await.expect("undo button");
    until_listed(&world, &[block("deep", tue, "10:15", "12:15")]).await;

    // A palette template dragged onto Friday 14:00 becomes a block of its length.
    let fri = monday() + Days::new(4);
    let template = window.wait_for("[data-testid=template-learning-60]").await;
    let from = window
        .js("const r = document.querySelector('[data-testid=template-learning-60]').getBoundingClientRect();
             return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];")
        .await;
    drop(template);
    let from = (from[0].as_f64().unwrap(), from[1].as_f64().unwrap());
    drag(&window, from, point(&window, 4, "14:05").await).await;
    until_listed(&world, &[block("deep", tue, "10:15", "12:15"), block("learning", fri, "14:00", "15:00")])
        .await;

    // PageDown and PageUp turn the week.
    let this_week = window.wait_for("[data-testid=week-name]").await.text().await.expect("week");
    keys(&window, &[], char::from(Key::PageDown)).await;
    let next = until_text_changes(&window, "[data-testid=week-name]", &this_week).await;
    assert_ne!(next, this_week);
    keys(&window, &[], char::from(Key::PageUp)).await;
    assert_eq!(until_text_changes(&window, "[data-testid=week-name]", &next).await, this_week);
    window.wait_for(".ec-event.db-kind-learning").await;

    // The weekly template: this week's one-off deep block repeats next week too.
    window.wait_for("[data-testid=repeat-week]").await.click().await.expect("repeat week");
    let said = window
        .client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::XPath(
            "//*[@data-testid='message'][contains(., '1 deep-work block now repeats every week')]",
        ))
        .await;
    assert!(said.is_ok(), "no word that the deep block repeats: {}", message(&window).await);
    let next_week = (monday() + Days::new(7)).iso_week();
    let next_week = format!("{}-W{:02}", next_week.year(), next_week.week());
    let next = world.ok(&["block", "list", "--json", "--week", &next_week]).json();
    assert_eq!(next[0]["kind"], "deep", "{next}");
    assert_eq!(next[0]["start"], format!("{}T10:15:00Z", tue + Days::new(7)), "{next}");

    // A meeting dropped on the no-meeting Wednesday is refused with the rule's words.
    drag(&window, point(&window, 2, "14:05").await, point(&window, 2, "14:55").await).await;
    window.wait_for("[data-testid=kind-meeting]").await.click().await.expect("pick meeting");
    let refused = message(&window).await;
    assert!(refused.contains("no-meeting"), "{refused}");
    assert_eq!(
        listed(&world),
        [block("deep", tue, "10:15", "12:15"), block("learning", fri, "14:00", "15:00")],
        "nothing was added for {wed}"
    );

    // A block added with the CLI appears in the open window.
    let thu = monday() + Days::new(3);
    world.ok(&[
        "block",
        "add",
        "--kind",
        "learning",
        "--title",
        "Added from the CLI",
        "--start",
        &format!("{thu}T15:00"),
        "--end",
        &format!("{thu}T16:00"),
    ]);
    let shown = window
        .client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::XPath("//*[contains(@class, 'ec-event')][contains(., 'Added from the CLI')]"))
        .await;
    assert!(shown.is_ok(), "the block added with the CLI never appeared in the window");

    // Another block over it, from the CLI: the first one makes room (the
    // grid draws overlapping blocks staggered, the later one over the right
    // part), and when it goes the first one has its column back. (The grid
    // hands the calendar only what changed; a block beside a changed one
    // must follow.)
    let alone = width_of(&window, "Added from the CLI").await;
    let over = world
        .ok(&[
            "--json",
            "block",
            "add",
            "--kind",
            "admin",
            "--title",
            "Over it",
            "--start",
            &format!("{thu}T15:30"),
            "--end",
            &format!("{thu}T16:30"),
        ])
        .json();
    until_width(&window, "Over it", |w| w < alone * 0.6).await;
    until_width(&window, "Added from the CLI", |w| w < alone * 0.8).await;
    world.ok(&["block", "rm", &over["id"].to_string()]);
    until_width(&window, "Added from the CLI", |w| (w - alone).abs() < 1.0).await;

    assert_page_is_whole(&window).await;
    window.screenshot(&artifacts().join("week-light.png")).await;
    window.close().await;

    let dark = Window::open(Launch { dark: true, ..Launch::utc(&world.db, &home) }).await;
    let background = dark.js("return getComputedStyle(document.documentElement).backgroundColor").await;
    assert_eq!(background, "rgb(22, 26, 34)", "the dark theme follows the system");
    assert_page_is_whole(&dark).await;
    dark.screenshot(&artifacts().join("week-dark.png")).await;
    dark.close().await;
}

/// Fails on a blank or error page: the week has its seven day columns, its
/// header, and its blocks, and no error is shown.
async fn assert_page_is_whole(window: &Window) {
    let state = window
        .js("return {
            days: document.querySelectorAll('[data-testid=week-grid] .ec-body .ec-day').length,
            week: document.querySelector('[data-testid=week-name]')?.textContent ?? '',
            events: document.querySelectorAll('[data-testid=week-grid] .ec-event:not(.ec-bg-event)').length,
            error: document.querySelector('[data-testid=message][role=alert]')?.textContent ?? null,
        }")
        .await;
    assert_eq!(state["days"], 7, "{state}");
    assert!(state["week"].as_str().unwrap().contains("-W"), "{state}");
    assert!(state["events"].as_u64().unwrap() >= 2, "{state}");
    assert!(state["error"].is_null() || state["error"].as_str().unwrap().contains("no-meeting"), "{state}");
}
