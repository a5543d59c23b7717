//! Benchmark (not a test): the real release app in WebKitGTK on Xvfb draws
//! a week of 50, 200 and 500 blocks. Measured in the page, from the key
//! that turns to the week to the second animation frame after its blocks
//! are in the DOM (so the IPC call, the service's query and the paint are
//! all inside), median of 5. Printed beside what the bare calendar
//! component needs for the same number of events on these machines.
//!
//! `cargo bench -p deepblock-e2e --bench ui_week` (needs what scripts/test
//! installs: the built UI, tauri-driver, WebKitWebDriver, Xvfb).

#[allow(dead_code)]
#[path = "../e2e/harness.rs"]
mod harness;
mod stats;
#[allow(dead_code)]
mod window;

use std::fmt::Write as _;

use chrono::{Datelike, Days, Utc};
use harness::World;
use stats::median;
use window::{Launch, Window};

/// @event-calendar/core 5.15 alone, box-shadow off (as our grid draws it),
/// in a Tauri 2 release build on WebKitGTK 2.50 under Xvfb, 1280x800: first
/// paint to the second animation frame, median of 5, measured on these
/// machines with a bare page. Our app adds IPC, SQLite and Svelte on top.
const BARE_COMPONENT_MS: [(usize, f64); 3] = [(50, 104.0), (200, 279.0), (500, 564.0)];

/// How far above the bare component the whole app may be.
const AIM_RATIO: f64 = 1.5;

const RUNS: usize = 5;

/// An imported calendar of `n` half-hour meetings spread over next week,
/// 06:00 to 22:00, in UTC.
fn calendar(n: usize) -> String {
    let today = Utc::now().date_naive();
    let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday())) + Days::new(7);
    let mut ics = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Deepblock//bench//EN\r\n");
    for i in 0..n {
        let day = monday + Days::new((i % 7) as u64);
        let slot = (i / 7) % 32;
        let (h, m) = (6 + slot / 2, (slot % 2) * 30);
        let date = day.format("%Y%m%d");
        let _ = write!(
            ics,
            "BEGIN:VEVENT\r\nUID:bench-{i}\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:Meeting {i}\r\n\
             DTSTART:{date}T{h:02}{m:02}00Z\r\nDURATION:PT30M\r\nEND:VEVENT\r\n"
        );
    }
    ics.push_str("END:VCALENDAR\r\n");
    ics
}

/// Milliseconds from PageDown to the second frame after `n` blocks show.
const TURN_AND_WAIT: &str = "
    const [n, done] = arguments;
    const count = () => document.querySelectorAll('[data-testid=week-grid] .ec-event:not(.ec-bg-event)').length;
    const t0 = performance.now();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'PageDown', bubbles: true }));
    const wait = () => count() >= n
        ? requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)))
        : requestAnimationFrame(wait);
    wait();";

const BACK: &str = "
    const done = arguments[0];
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'PageUp', bubbles: true }));
    const wait = () => document.querySelectorAll('[data-testid=week-grid] .ec-event:not(.ec-bg-event)').length === 0
        ? done() : requestAnimationFrame(wait);
    wait();";

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    println!("{:>7} {:>10} {:>12} {:>7}", "blocks", "app ms", "bare ms", "ratio");
    let mut worst: f64 = 0.0;
    for (n, bare) in BARE_COMPONENT_MS {
        let world = World::new("UTC");
        let file = world.dir.path().join("bench.ics");
        std::fs::write(&file, calendar(n)).expect("calendar");
        world.ok(&["import", "ics", file.to_str().expect("utf-8"), "--calendar", "bench"]);
        let home = world.dir.path().join("home");
        let window = Window::open(Launch::utc(&world.db, &home)).await;
        let mut times = Vec::new();
        for _ in 0..RUNS {
            let ms = window.client.execute_async(TURN_AND_WAIT, vec![n.into()]).await.expect("turn the week");
            times.push(ms.as_f64().expect("milliseconds"));
            window.client.execute_async(BACK, vec![]).await.expect("back");
        }
        window.close().await;
        let ms = median(times);
        worst = worst.max(ms / bare);
        println!("{n:>7} {ms:>10.0} {bare:>12.0} {:>6.2}x", ms / bare);
    }
    let verdict = if worst <= AIM_RATIO { "meets" } else { "MISSES" };
    println!("worst ratio {worst:.2}x: {verdict} the aim of at most {AIM_RATIO}x the bare component");
}
