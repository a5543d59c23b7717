//! The settings view in the real window: each rule it sets is what the CLI
//! then lists, and bad input gets the CLI's own message and changes nothing.

use std::time::{Duration, Instant};

use crate::harness::World;
use crate::planner::artifacts;
use crate::window::{Launch, Window};

/// The rules as `deepblock rules list --json` prints them.
fn rules(world: &World) -> serde_json::Value {
    world.ok(&["rules", "list", "--json"]).json()
}

/// Waits (up to 10 s) until the CLI's rules satisfy `check`.
async fn until_rules(world: &World, what: &str, check: impl Fn(&serde_json::Value) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = rules(world);
        if check(&now) {
            return;
        }
        assert!(Instant::now() < deadline, "the CLI never showed {what}: {now}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn click(window: &Window, testid: &str) {
    window.click(testid).await;
}

async fn choose(window: &Window, testid: &str, value: &str) {
    let select = window.wait_for(&format!("[data-testid={testid}]")).await;
    select.select_by_value(value).await.unwrap_or_else(|e| panic!("{testid} = {value}: {e}"));
}

/// The settings view's status line, once it says something new.
async fn status_after(window: &Window, before: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let text = status(window).await;
        if !text.is_empty() && text != before {
            return text;
        }
        assert!(Instant::now() < deadline, "the settings status never changed from {before:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn status(window: &Window) -> String {
    window
        .js("return document.querySelector('[data-testid=settings-status]')?.textContent ?? ''")
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs an X display, WebKitWebDriver and tauri-driver; scripts/test installs and runs them"]
async fn every_rule_set_in_the_settings_view_is_what_the_cli_lists() {
    let world = World::new("UTC");
    let home = world.dir.path().join("home");
    let window = Window::open(Launch::utc(&world.db, &home)).await;
    click(&window, "open-settings").await;
    window.wait_for("[data-testid=settings] [data-testid=rule-add]").await;

    // Friday afternoons without meetings.
    choose(&window, "rule-weekday", "fri").await;
    choose(&window, "rule-half", "pm").await;
    let before = status(&window).await;
    click(&window, "rule-add").await;
    assert!(status_after(&window, &before).await.contains("saved"));
    until_rules(&world, "Friday afternoons", |r| {
        r["no_meeting"][0]["weekday"] == "Fri" && r["no_meeting"][0]["half"] == "pm"
    })
    .await;
    let listed = window.wait_for("[data-testid=no-meeting-rules]").await.text().await.expect("rules");
    assert!(listed.contains("No meetings Friday afternoons"), "{listed}");

    // A backwards range: the CLI's message, and nothing stored.
    let stored = rules(&world);
    choose(&window, "rule-kind", "range").await;
    window.fill("rule-date", "2026-12-31").await;
    window.fill("rule-to", "2026-12-24").await;
    let before = status(&window).await;
    click(&window, "rule-add").await;
    let refused = status_after(&window, &before).await;
    let cli = world.run(&["rules", "no-meeting", "add", "--from", "2026-12-31", "--to", "2026-12-24"]);
    let cli_line = cli.fails(1, "before it starts");
    assert!(cli_line.ends_with(&refused), "the window says {refused:?}, the CLI {cli_line:?}");
    assert_eq!(rules(&world), stored, "a refused rule changes nothing");

    // Working hours 08:30–16:00, Monday to Thursday.
    window.fill("work-start", "08:30").await;
    window.fill("work-end", "16:00").await;
    click(&window, "workday-fri").await;
    click(&window, "work-save").await;
    until_rules(&world, "the new workday", |r| {
        r["workday"]["start"] == "08:30:00"
            && r["workday"]["end"] == "16:00:00"
            && r["workday"]["days"].as_array().map(Vec::len) == Some(4)
    })
    .await;

    // Goals, and one the CLI refuses in the same words.
    window.fill("goal-deep-hours", "12").await;
    window.fill("goal-learning-hours", "4.5").await;
    click(&window, "goals-save").await;
    until_rules(&world, "the new goals", |r| {
        r["goals"]["deep_minutes"] == 720 && r["goals"]["learning_minutes"] == 270
    })
    .await;
    // The form reloads after a save and only then says "saved"; typing
    // before that could be overwritten by the reload.
    window.text_until("[data-testid=settings-status]", 10, |t| t == "Goals saved.").await;
    window.fill("goal-deep-hours", "200").await;
    let before = status(&window).await;
    click(&window, "goals-save").await;
    let refused = status_after(&window, &before).await;
    let cli_line = world.run(&["rules", "goals", "--deep", "200"]).fails(1, "hours in a week").to_owned();
    assert!(cli_line.ends_with(&refused), "the window says {refused:?}, the CLI {cli_line:?}");
    assert_eq!(rules(&world)["goals"]["deep_minutes"], 720);

    // Addresses: a good one is stored, a bad one gets the CLI's message.
    window.wait_for("[data-testid=address-new]").await.send_keys("Ana@Example.org").await.expect("type");
    click(&window, "address-add").await;
    until_rules(&world, "the address", |r| r["me"][0] == "ana@example.org").await;
    window.wait_for("[data-testid=address-new]").await.send_keys("not-an-address").await.expect("type");
    let before = status(&window).await;
    click(&window, "address-add").await;
    let refused = status_after(&window, &before).await;
    let cli_line = world.run(&["rules", "me", "add", "not-an-address"]).fails(1, "not-an-address").to_owned();
    assert!(cli_line.ends_with(&refused), "the window says {refused:?}, the CLI {cli_line:?}");

    // Weeks start on Sunday: the grid's first column follows.
    choose(&window, "week-start", "sun").await;
    click(&window, "week-start-save").await;
    until_rules(&world, "Sunday weeks", |r| r["week_start"] == "Sun").await;

    // Start on login writes the XDG autostart entry, and removes it again.
    let entry = home.join(".config/autostart/Deepblock.desktop");
    click(&window, "start-on-login").await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while !entry.exists() {
        assert!(
            Instant::now() < deadline,
            "no autostart entry at {}; the window says {:?}",
            entry.display(),
            status(&window).await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let desktop_entry = std::fs::read_to_string(&entry).expect("autostart entry");
    assert!(
        desktop_entry.contains("Exec=") && desktop_entry.contains("deepblock-desktop"),
        "{desktop_entry}"
    );
    window.screenshot(&artifacts().join("settings.png")).await;
    click(&window, "start-on-login").await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while entry.exists() {
        assert!(Instant::now() < deadline, "the autostart entry stayed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Closing the view shows the week, its first column now a Sunday.
    window.client.execute("document.activeElement?.blur()", vec![]).await.expect("blur");
    window
        .client
        .execute(
            "document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}))",
            vec![],
        )
        .await
        .expect("escape");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let first = window
            .js("return document.querySelector('[data-testid=week-grid] .ec-col-head, [data-testid=week-grid] .ec-day-head')?.textContent ?? ''")
            .await;
        if first.as_str().unwrap_or_default().starts_with("Sun") {
            break;
        }
        assert!(Instant::now() < deadline, "first column: {first}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    window.close().await;
}
