//! Benchmark (not a test): the Review page of the real release app in
//! WebKitGTK on Xvfb, over a year of actual time (N intervals, 500,000 by
//! default, imported as a timesheet). Measured in the page, from the
//! click on Review to the second animation frame after all four charts
//! have drawn (so the IPC call, the service's review and trend and the
//! paint are all inside), median of 5; then the service call alone. Aim:
//! under 500 ms.
//!
//! `cargo bench -p deepblock-e2e --bench ui_review [-- N]` (needs what
//! scripts/test installs: the built UI, tauri-driver, WebKitWebDriver,
//! Xvfb).

#[allow(dead_code)]
#[path = "../e2e/harness.rs"]
mod harness;
mod stats;
#[allow(dead_code)]
mod window;

use std::fmt::Write as _;

use chrono::{Datelike, Duration, Utc};
use harness::World;
use stats::median;
use window::{Launch, Window};

const AIM_MS: f64 = 500.0;

const RUNS: usize = 5;

const CATEGORIES: [&str; 6] =
    ["model-dev", "training", "evaluation", "admin", "meetings", "research-learning"];

/// A year of back-to-back stretches ending last Sunday, in our CSV.
fn timesheet(n: usize) -> String {
    let today = Utc::now().date_naive();
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let start = (monday - Duration::weeks(52)).and_hms_opt(0, 0, 0).expect("midnight").and_utc();
    let step = Duration::weeks(52).num_seconds() / n as i64;
    let mut csv = String::from("start,end,category,source,block,note\n");
    for i in 0..n {
        let from = start + Duration::seconds(step * i as i64);
        let to = from + Duration::seconds(step);
        let _ = writeln!(
            csv,
            "{},{},{},manual,,",
            from.to_rfc3339(),
            to.to_rfc3339(),
            CATEGORIES[i % CATEGORIES.len()]
        );
    }
    csv
}

/// Milliseconds from the click on Review to the second frame after its
/// four charts have drawn.
const OPEN_AND_WAIT: &str = "
    const done = arguments[0];
    const drawn = () => ['categories', 'goals', 'trend', 'days']
        .every((c) => document.querySelector(`[data-testid=chart-${c}] svg path`));
    const t0 = performance.now();
    document.querySelector('[data-testid=open-review]').click();
    const wait = () => drawn()
        ? requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)))
        : requestAnimationFrame(wait);
    wait();";

/// Milliseconds for the service call alone (IPC and JSON included), and
/// the size of its answer.
const CALL_ONLY: &str = "
    const done = arguments[0];
    const t0 = performance.now();
    window.__TAURI_INTERNALS__.invoke('review_page', { date: null })
        .then((page) => done([performance.now() - t0, JSON.stringify(page).length]));";

const CLOSE: &str = "
    const done = arguments[0];
    document.querySelector('[aria-label=\"Close review\"]').click();
    const wait = () => document.querySelector('[data-testid=review]') ? requestAnimationFrame(wait) : done();
    wait();";

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let n: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(500_000);
    let world = World::new("UTC");
    world.ok(&["rules", "activitywatch", "off"]);
    let file = world.dir.path().join("year.csv");
    std::fs::write(&file, timesheet(n)).expect("timesheet");
    world.ok(&["log", "import", file.to_str().expect("utf-8")]);
    let home = world.dir.path().join("home");
    let window = Window::open(Launch::utc(&world.db, &home)).await;
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let ms = window.client.execute_async(OPEN_AND_WAIT, vec![]).await.expect("open the review");
        times.push(ms.as_f64().expect("milliseconds"));
        window.client.execute_async(CLOSE, vec![]).await.expect("close the review");
    }
    let mut calls = Vec::new();
    let mut bytes = 0.0;
    for _ in 0..RUNS {
        let answer = window.client.execute_async(CALL_ONLY, vec![]).await.expect("call the service");
        calls.push(answer[0].as_f64().expect("milliseconds"));
        bytes = answer[1].as_f64().expect("length");
    }
    window.close().await;
    let ms = median(times);
    let call = median(calls);
    let verdict = if ms <= AIM_MS { "meets" } else { "MISSES" };
    println!(
        "{n} intervals in a year; the Review page opened and drawn in {ms:.0} ms, median of {RUNS} ({verdict} the {AIM_MS:.0} ms aim)"
    );
    println!("of which the service call (IPC and JSON): {call:.0} ms for {:.0} kB", bytes / 1000.0);
}
