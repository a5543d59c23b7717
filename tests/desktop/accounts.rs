//! Connecting a CalDAV account from the settings view of the real window,
//! against Radicale: the calendars it offers are chosen in the window, the
//! meeting lands on the week and the block on the server; a block renamed
//! on both sides shows as a conflict on the week, settled with one click.

use std::time::{Duration, Instant};

use chrono::{Datelike, Days, Utc};

use crate::davserver::{DavServer, Kind, PASSWORD, USER};
use crate::harness::World;
use crate::planner::artifacts;
use crate::window::{Launch, Window};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs an X display, WebKitWebDriver, tauri-driver, the OS keyring and Radicale; scripts/test installs and runs them"]
async fn a_caldav_account_connected_in_settings_syncs_both_ways_and_asks_about_conflicts() {
    let world = World::new("UTC");
    let home = world.dir.path().join("home");
    let server = DavServer::start(Kind::Radicale, &world.dir.path().join("dav"));
    server.client(&["make-calendar", "Work"]);
    server.client(&["make-calendar", "Blocks"]);
    let today = Utc::now().date_naive();
    let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    let (wed, thu) = (monday + Days::new(2), monday + Days::new(3));
    let at = |day: chrono::NaiveDate, hour: u32| format!("{}T{hour:02}0000Z", day.format("%Y%m%d"));
    server.client(&["add", "Work", "review@team", "Design review", &at(wed, 14), &at(wed, 15)]);
    let id = world.add(&[
        "--kind",
        "deep",
        "--start",
        &format!("{thu}T09:00"),
        "--end",
        &format!("{thu}T12:00"),
        "--title",
        "Paper",
    ]);

    let window = Window::open(Launch::utc(&world.db, &home)).await;
    window.click("open-settings").await;
    window.fill("connect-name", "Team").await;
    window.fill("connect-url", &server.url()).await;
    window.fill("connect-user", USER).await;
    window.fill("connect-password", PASSWORD).await;
    window.click("connect-find").await;
    let publish = window.wait_for("[data-testid=connect-publish]").await;
    publish.select_by_label("Blocks").await.expect("choose Blocks");
    window.click("connect-read-Work").await;
    window.screenshot(&artifacts().join("caldav-connect.png")).await;
    window.click("connect-add").await;
    let said = window.text_until("[data-testid=settings-status]", 60, |t| t.starts_with("Connected")).await;
    assert_eq!(
        said,
        "Connected. Team: read 1 calendar (1 new, 0 changed, 0 removed); published 1 block to Blocks (1 new, 0 updated, 0 removed)"
    );
    window.text_until("[data-testid=account-status]", 10, |t| t.starts_with("synced ")).await;
    let published = server.client(&["list", "Blocks"]);
    assert!(published.contains("|Paper|"), "{published}");
    window.click("settings-close").await;
    window
        .text_until("[data-testid=week-grid]", 10, |t| t.contains("Design review") && t.contains("Paper"))
        .await;

    // Moved here: the app publishes it within seconds, no sync asked for.
    world.ok(&[
        "block",
        "move",
        &id.to_string(),
        "--start",
        &format!("{thu}T10:00"),
        "--end",
        &format!("{thu}T13:00"),
    ]);
    let deadline = Instant::now() + Duration::from_secs(60);
    while !server.client(&["list", "Blocks"]).ends_with(&format!("|Paper|{}", at(thu, 10))) {
        assert!(Instant::now() < deadline, "the moved block never reached the server");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    // Renamed on the server and here: the week asks which to keep.
    let uid = published.split('|').next().expect("uid").to_owned();
    server.client(&["rename", "Blocks", &uid, "Paper (theirs)"]);
    world.ok(&["block", "edit", &id.to_string(), "--title", "Paper (mine)"]);
    world.ok(&["calendar", "sync"]);
    let conflict = window.text_until("[data-testid=conflict]", 20, |t| !t.is_empty()).await;
    assert!(
        conflict.starts_with(
            "'Paper (mine)' was changed here and in 'Team' (title there 'Paper (theirs)'). Keep which?"
        ),
        "{conflict}"
    );
    window.screenshot(&artifacts().join("caldav-conflict.png")).await;
    window.click("conflict-theirs").await;
    window.text_until("[data-testid=message]", 10, |t| t.contains("kept theirs for 'Paper (theirs)'")).await;
    let listed =
        world.ok(&["--json", "block", "list", "--from", &thu.to_string(), "--to", &thu.to_string()]).json();
    assert_eq!(listed[0]["title"], "Paper (theirs)");
    assert!(world.ok(&["calendar", "conflicts"]).stdout.is_empty());
    window.close().await;
}
