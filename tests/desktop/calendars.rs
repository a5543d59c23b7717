//! Subscribing from the settings view in the real window, against a real
//! feed server: the meetings land on the week, and when the server goes
//! away "Sync now" says so, the window warns that the calendar is stale,
//! and the meetings stay. Those meetings are read-only on the grid: a drag
//! leaves them where they are, a click shows them.

use chrono::{Datelike, Days, Utc};

use crate::feeds::{FeedServer, google_feed};
use crate::harness::World;
use crate::planner::{artifacts, drag};
use crate::window::{Launch, Window};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs an X display, WebKitWebDriver, tauri-driver and the OS keyring; scripts/test installs and runs them"]
async fn a_calendar_subscribed_in_settings_shows_on_the_week_and_says_when_it_is_stale() {
    let world = World::new("UTC");
    let home = world.dir.path().join("home");
    let mut server = FeedServer::start(&world.dir.path().join("www"));
    // The feed's Tuesday-to-Thursday meetings, moved into this week.
    let today = Utc::now().date_naive();
    let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    let mut feed = google_feed(None);
    for (from, offset) in [("20300604", 1), ("20300605", 2), ("20300606", 3)] {
        feed = feed.replace(from, &(monday + Days::new(offset)).format("%Y%m%d").to_string());
    }
    server.publish("/team.ics", &feed);

    let window = Window::open(Launch::utc(&world.db, &home)).await;
    window.click("open-settings").await;
    window.fill("subscribe-name", "Team").await;
    window.fill("subscribe-address", &server.url("/team.ics")).await;
    window.click("subscribe-add").await;
    let said = window.text_until("[data-testid=settings-status]", 30, |t| t.contains("Subscribed")).await;
    assert_eq!(said, "Subscribed. Team: 3 meetings (3 new, 0 updated, 0 removed)");
    window.text_until("[data-testid=subscription-status]", 10, |t| t.starts_with("updated ")).await;
    let listed = world.ok(&["calendar", "list"]).stdout;
    assert!(listed.starts_with("Team  127.0.0.1:") && listed.contains("3 meetings  updated "), "{listed}");
    window
        .text_until("[data-testid=week-grid]", 10, |t| t.contains("Design review") && t.contains("Retro"))
        .await;

    // The server goes away; "Sync now" says so and the week warns.
    server.stop();
    window.click("subscriptions-sync").await;
    let failed =
        window.text_until("[data-testid=settings-status]", 90, |t| t.starts_with("Team: cannot reach")).await;
    assert!(failed.ends_with("is kept"), "{failed}");
    window.text_until("[data-testid=subscription-status]", 10, |t| t.starts_with("stale since ")).await;
    window.click("settings-close").await;
    let warning = window.text_until("[data-testid=stale-calendars]", 10, |t| !t.is_empty()).await;
    assert!(warning.starts_with("Calendar 'Team' may be out of date (stale since "), "{warning}");
    let grid = window.text_until("[data-testid=week-grid]", 10, |t| t.contains("Design review")).await;
    assert!(grid.contains("Retro"), "the last copy stays on the week");

    // A drag on an imported meeting does nothing (EventCalendar lets any
    // event be dragged unless told otherwise per event, and the service then
    // refused the move with an error); a click opens it, read-only.
    let place = "const e = [...document.querySelectorAll('[data-testid=week-grid] .ec-event')]
        .find((e) => e.textContent.includes('Design review'));
        const r = e.getBoundingClientRect();
        return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2), e.classList.contains('ec-draggable')];";
    let before = window.js(place).await;
    assert_eq!(before[2], false, "an imported meeting is not offered for dragging");
    let (x, y) = (before[0].as_f64().unwrap(), before[1].as_f64().unwrap());
    drag(&window, (x, y), (x, y + 80.0)).await;
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    assert_eq!(window.js(place).await, before, "the meeting stays where its calendar has it");
    let alert = window
        .js("return document.querySelector('[data-testid=message][role=alert]')?.textContent ?? ''")
        .await;
    assert_eq!(alert, "", "a drag on a meeting is not an error");
    window.client.execute(&format!("document.elementFromPoint({x}, {y}).click()"), vec![]).await.unwrap();
    let panel = window.text_until("[data-testid=block-panel]", 10, |t| t.contains("From Team")).await;
    assert!(panel.contains("From Team"), "{panel}");
    window.screenshot(&artifacts().join("calendar-stale.png")).await;
    window.close().await;
}
