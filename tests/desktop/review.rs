//! The Review page in the real window: last week's numbers as the CLI
//! gives them, the retro kept across a restart, next week planned from
//! this one, charts saved as SVG and PNG, light and dark screenshots.

use chrono::{Datelike, Duration, Utc};

use crate::harness::World;
use crate::planner::artifacts;
use crate::window::{Launch, Window};

/// Last week's Monday, and its ISO name.
fn last_week() -> (chrono::NaiveDate, String) {
    let today = Utc::now().date_naive();
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()) + 7);
    let iso = monday.iso_week();
    (monday, format!("{}-W{:02}", iso.year(), iso.week()))
}

/// Opens the Review page and steps back to `name`.
async fn review_of(window: &Window, name: &str) {
    window.click("open-review").await;
    for _ in 0..3 {
        let shown = window.text_until("[data-testid=review-week]", 15, |t| t.contains("-W")).await;
        if shown.ends_with(name) {
            return;
        }
        window
            .js("document.querySelector('[data-testid=review] [aria-label=\"Previous week\"]').click()")
            .await;
        window.text_until("[data-testid=review-week]", 15, |t| t != shown).await;
    }
    panic!("the review never reached {name}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs an X display, WebKitWebDriver and tauri-driver; scripts/test installs and runs them"]
async fn the_review_shows_the_week_keeps_the_retro_and_plans_the_next_week() {
    let world = World::new("UTC");
    let home = world.dir.path().join("home");
    let (monday, name) = last_week();
    let at = |days: i64, time: &str| format!("{}T{time}", monday + Duration::days(days));
    world.ok(&["rules", "activitywatch", "off"]);
    let (d9, d12) = (at(0, "09:00"), at(0, "12:00"));
    world.ok(&[
        "block",
        "add",
        "--kind",
        "deep",
        "--start",
        &d9,
        "--end",
        &d12,
        "--title",
        "RoPE",
        "--category",
        "model-dev",
    ]);
    let (t10, t11) = (at(1, "10:00"), at(1, "11:00"));
    world.ok(&["block", "add", "--kind", "meeting", "--start", &t10, "--end", &t11, "--title", "Sync"]);
    world.ok(&["log", "2h", "--category", "model-dev", "--at", &d9]);
    world.ok(&["log", "1h", "--category", "admin", "--at", &at(0, "11:00")]);
    world.ok(&["log", "1h30m", "--category", "evaluation", "--at", &t11]);

    let window = Window::open(Launch::utc(&world.db, &home)).await;
    review_of(&window, &name).await;
    let row = window
        .text_until("[data-testid=category-table] [data-category=model-dev]", 15, |t| !t.is_empty())
        .await;
    assert_eq!(row, "Model development3:002:00-1:00");
    let findings = window.text_until("[data-testid=findings]", 5, |t| !t.is_empty()).await;
    assert!(findings.contains("Evaluation took 1.5 h with none planned"), "{findings}");
    let cli = world.ok(&["--json", "review", "week", "--week", &name]).json();
    assert_eq!(cli["categories"][0]["actual_minutes"], 120, "the CLI agrees: {cli}");
    let bars =
        window.js("return document.querySelectorAll('[data-testid=chart-categories] svg path').length").await;
    assert!(bars.as_u64().unwrap_or(0) >= 4, "the category chart has its bars: {bars}");
    window.screenshot(&artifacts().join("review-light.png")).await;

    // Charts saved as pictures, where the message says.
    for (picture, magic) in [("svg", b"<svg".as_slice()), ("png", b"\x89PNG".as_slice())] {
        window.click(&format!("export-categories-{picture}")).await;
        let said = window
            .text_until("[data-testid=review-status]", 10, |t| t.contains(&format!(".{picture}")))
            .await;
        let path = said.trim_start_matches("Saved to ").trim();
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(bytes.starts_with(magic), "{path} is not a {picture}");
    }

    window.fill("retro-worked", "Mornings without Slack").await;
    window.fill("retro-did-not", "Admin ate Monday").await;
    window.fill("retro-change", "Expenses on Friday afternoon").await;
    window.click("retro-save").await;
    window.text_until("[data-testid=review-status]", 10, |t| t.contains("saved")).await;
    let retro = world.ok(&["--json", "review", "retro", "--week", &name]).json();
    assert_eq!(retro["did_not"], "Admin ate Monday");

    window.click("plan-next-week").await;
    window
        .text_until("[data-testid=review-status]", 10, |t| t.starts_with("1 block copied to next week"))
        .await;
    let iso_next = (monday + Duration::days(7)).iso_week();
    let listed = world
        .ok(&["--json", "block", "list", "--week", &format!("{}-W{:02}", iso_next.year(), iso_next.week())])
        .json();
    let titles: Vec<&str> = listed.as_array().unwrap().iter().filter_map(|b| b["title"].as_str()).collect();
    assert!(titles.contains(&"RoPE"), "the deep block that held is copied: {titles:?}");
    assert!(!titles.contains(&"Sync"), "meetings are not copied: {titles:?}");
    window.close().await;

    // After a restart, in the dark: the answers are back, the charts follow the theme.
    let dark = Window::open(Launch { dark: true, ..Launch::utc(&world.db, &home) }).await;
    review_of(&dark, &name).await;
    let kept = dark.js("return document.querySelector('[data-testid=retro-did-not]').value").await;
    assert_eq!(kept, "Admin ate Monday");
    let text_fill = dark
        .js("return document.querySelector('[data-testid=chart-categories] svg text')?.getAttribute('fill') ?? ''")
        .await;
    assert_eq!(text_fill, "#e6e9ef", "the chart's words use the dark theme's text colour");
    dark.screenshot(&artifacts().join("review-dark.png")).await;
    dark.close().await;
}
