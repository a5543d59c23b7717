//! The Tasks pane in the real window, checked against the CLI on the same
//! database: a task added is planned at once with its reason and shows on
//! the week, a chunk pinned stays pinned, a task dragged onto the grid is
//! placed there by hand, an experiment is ranked, a task the CLI adds is
//! planned by the open pane, a task marked done leaves the calendar.

use chrono::{Datelike, NaiveDate, Utc};
use fantoccini::key::Key;

use crate::focus::until_cli;
use crate::harness::World;
use crate::planner::{artifacts, drag, keys, point};
use crate::window::{Launch, Window};

fn task_list(world: &World) -> serde_json::Value {
    world.ok(&["--json", "task", "list"]).json()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs an X display, WebKitWebDriver and tauri-driver; scripts/test installs and runs them"]
async fn a_task_added_in_the_pane_is_planned_pinned_placed_by_hand_and_done() {
    let world = World::new("UTC");
    let home = world.dir.path().join("home");
    let window = Window::open(Launch::utc(&world.db, &home)).await;

    keys(&window, &[Key::Control, Key::Shift], 't').await;
    window.wait_for("[data-testid=tasks-pane]").await;
    window.fill("task-title", "Implement RoPE scaling").await;
    window.fill("task-estimate", "3h").await;
    window.click("task-add").await;
    let chunk =
        window.text_until("[data-testid=task-1] .chunk", 10, |t| t.contains("first free deep stretch")).await;
    assert!(chunk.contains("no due date, high impact"), "{chunk}");
    let listed = task_list(&world);
    assert_eq!(
        (listed[0]["quadrant"].as_str(), listed[0]["placed_minutes"].as_i64()),
        (Some("schedule"), Some(180))
    );

    // On the week: the chunk's week is shown (the next one when this
    // week's workdays are over).
    let next = listed[0]["next"].as_str().expect("a next chunk").to_owned();
    let day = NaiveDate::parse_from_str(&next[..10], "%Y-%m-%d").expect("date");
    let today = Utc::now().date_naive();
    if day.iso_week() != today.iso_week() {
        keys(&window, &[], char::from(Key::PageDown)).await;
    }
    window.text_until("[data-testid=week-grid]", 10, |t| t.contains("Implement RoPE scaling")).await;
    window.screenshot(&artifacts().join("tasks-pane.png")).await;

    // Pinned in the pane: the CLI's plan keeps it pinned.
    let block = window
        .js("return document.querySelector('[data-testid=task-1] .chunk').dataset.testid.slice(6)")
        .await
        .as_str()
        .expect("block id")
        .to_owned();
    window.click(&format!("pin-{block}")).await;
    window.wait_for(&format!("[data-testid=pin-{block}][aria-pressed=true]")).await;
    let plan = world.ok(&["--json", "task", "plan"]).json();
    let pinned = plan["chunks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["block"].as_i64().unwrap().to_string() == block)
        .cloned();
    assert_eq!(pinned.map(|c| c["pinned"].clone()), Some(serde_json::json!(true)));

    // A second task dragged onto Saturday 10:00 of the week shown.
    window.fill("task-title", "Write the eval report").await;
    window.fill("task-estimate", "1h").await;
    window.click("task-add").await;
    window.wait_for("[data-testid=task-2]").await;
    let grip = window
        .js("const r = document.querySelector('[data-testid=task-2] .grip').getBoundingClientRect();
             return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];")
        .await;
    let from = (grip[0].as_f64().unwrap(), grip[1].as_f64().unwrap());
    drag(&window, from, point(&window, 5, "10:05").await).await;
    let saturday = window.text_until("[data-testid=task-2]", 10, |t| t.contains("pinned by you")).await;
    assert!(saturday.contains("Sat"), "{saturday}");
    until_cli(&world, &["--json", "task", "plan"], |p| {
        p["chunks"].as_array().is_some_and(|c| {
            c.iter().any(|c| {
                c["task"] == 2
                    && c["pinned"] == true
                    && c["start"].as_str().is_some_and(|s| s.contains("T10:00"))
            })
        })
    })
    .await;

    window.screenshot(&artifacts().join("tasks-pane-pinned.png")).await;

    // An experiment: ranked with its stated score.
    window.fill("task-title", "Try RoPE base 500k").await;
    window.click("task-experiment").await;
    window
        .js("const s = document.querySelector('[data-testid=task-upside]'); s.value = '5'; s.dispatchEvent(new Event('change', { bubbles: true }));")
        .await;
    window.click("task-add").await;
    window
        .text_until("[data-testid=experiments]", 10, |t| {
            t.contains("Try RoPE base 500k (2 × 5 + 3) ÷ 3 = 4.3")
        })
        .await;
    let ranked = world.ok(&["task", "experiments"]).stdout;
    assert!(ranked.contains("'Try RoPE base 500k': (2 × 5 + 3) ÷ 3 = 4.3"), "{ranked}");

    // A task added by the CLI (which does not plan) is planned by the
    // open pane as soon as the window sees the change.
    world.ok(&["task", "add", "Fix the data loader", "--estimate", "90m", "--category", "data-prep"]);
    window.text_until("[data-testid=task-4]", 15, |t| t.contains("first free deep stretch")).await;
    let listed = task_list(&world);
    assert_eq!(listed[3]["placed_minutes"].as_i64(), Some(90), "{listed}");

    // Done: the task leaves the matrix, its chunks not yet begun the calendar.
    window.click("task-done-1").await;
    until_cli(&world, &["--json", "task", "list"], |t| t[0]["task"]["done"] == true).await;
    window.text_until("[data-testid=tasks-pane]", 10, |t| !t.contains("Implement RoPE scaling")).await;
    window.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs an X display, WebKitWebDriver and tauri-driver; scripts/test installs and runs them"]
async fn the_app_plans_the_backlog_again_after_a_change_with_the_pane_closed() {
    let world = World::new("UTC");
    let home = world.dir.path().join("home");
    let window = Window::open(Launch::utc(&world.db, &home)).await;

    // A task the CLI adds (the CLI does not plan) is placed by the app.
    world.ok(&["task", "add", "Fix the data loader", "--estimate", "90m", "--category", "data-prep"]);
    let placed = until_cli(&world, &["--json", "task", "list"], |t| t[0]["placed_minutes"] == 90).await;
    let start = placed[0]["next"].as_str().expect("a next chunk").to_owned();
    let start_at = chrono::DateTime::parse_from_rfc3339(&start).expect("an instant");

    // A meeting over the chunk (it is protected: the meeting takes an
    // override): the app moves the chunk out of its way.
    let end = (start_at + chrono::Duration::hours(1)).to_rfc3339();
    world.ok(&[
        "block",
        "add",
        "--kind",
        "meeting",
        "--title",
        "Reading group",
        "--start",
        &start,
        "--end",
        &end,
        "--override",
        "only slot the speaker has",
    ]);
    let moved = until_cli(&world, &["--json", "task", "list"], |t| {
        t[0]["next"].as_str().is_some_and(|next| next != start)
    })
    .await;
    let next = chrono::DateTime::parse_from_rfc3339(moved[0]["next"].as_str().unwrap()).unwrap();
    assert!(
        next >= start_at + chrono::Duration::hours(1) || next + chrono::Duration::minutes(90) <= start_at,
        "the chunk at {next} still overlaps the meeting at {start}"
    );
    assert_eq!(moved[0]["placed_minutes"].as_i64(), Some(90), "{moved}");
    // The pane, opened now, has nothing left to change: the chunk is where
    // the app put it, with its reason.
    keys(&window, &[Key::Control, Key::Shift], 't').await;
    window.text_until("[data-testid=task-1] .chunk", 10, |t| t.contains("first free deep stretch")).await;
    assert_eq!(task_list(&world)[0]["next"], moved[0]["next"]);
    window.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs an X display, WebKitWebDriver and tauri-driver; scripts/test installs and runs them"]
async fn a_task_edited_in_the_pane_waits_for_another_and_keeps_its_first_day() {
    let world = World::new("UTC");
    world.ok(&["task", "add", "Collect the eval set", "--estimate", "2h", "--category", "data-prep"]);
    world.ok(&["task", "add", "Run the evals", "--estimate", "3h", "--category", "evaluation"]);
    let home = world.dir.path().join("home");
    let window = Window::open(Launch::utc(&world.db, &home)).await;
    keys(&window, &[Key::Control, Key::Shift], 't').await;
    window.click("task-edit-2").await;
    assert_eq!(
        window.js("return document.querySelector('[data-testid=task-title]').value").await,
        "Run the evals"
    );
    assert_eq!(window.js("return document.querySelector('[data-testid=task-estimate]').value").await, "3h");
    // No date field until one is wanted: an empty one would read as today.
    assert_eq!(window.js("return !!document.querySelector('[data-testid=task-due]')").await, false);
    window.js("document.querySelector('[data-testid=task-form] details').open = true").await;
    window.fill("task-chunk-min", "90m").await;
    window.click("task-has-not-before").await;
    let first_day = window
        .js("return document.querySelector('[data-testid=task-not-before]').value")
        .await
        .as_str()
        .expect("a date")
        .to_owned();
    window
        .js("const s = document.querySelector('[data-testid=task-after]'); s.options[0].selected = true; s.dispatchEvent(new Event('change', { bubbles: true }));")
        .await;
    window.click("task-add").await;
    let listed =
        until_cli(&world, &["--json", "task", "list"], |t| t[1]["task"]["after"] == serde_json::json!([1]))
            .await;
    let edited = &listed[1]["task"];
    assert_eq!(
        (edited["chunk_min_minutes"].as_i64(), edited["not_before"].as_str(), edited["title"].as_str()),
        (Some(90), Some(first_day.as_str()), Some("Run the evals")),
        "{listed}"
    );
    window.text_until("[data-testid=task-2]", 10, |t| t.contains("after Collect the eval set")).await;
    // Planned after it and not before its first day.
    let plan = world.ok(&["--json", "task", "plan"]).json();
    let chunks = plan["chunks"].as_array().unwrap();
    let first_end = chunks.iter().filter(|c| c["task"] == 1).filter_map(|c| c["end"].as_str()).max().unwrap();
    assert!(
        chunks.iter().filter(|c| c["task"] == 2).all(|c| {
            c["start"].as_str().unwrap() >= first_end && c["start"].as_str().unwrap()[..10] >= *first_day
        }),
        "{plan}"
    );
    window.screenshot(&artifacts().join("tasks-pane-edit.png")).await;
    window.close().await;
}
