//! The app's calendar thread: fetches every subscribed calendar and syncs
//! every connected one once at start, then each as it comes due, and a few
//! seconds after the plan changes (so a block moved here reaches the
//! user's phone soon). After each change and each sync it plans the task
//! backlog again, so a chunk makes way for a new meeting whether or not
//! the Tasks pane is open. It runs apart from the alert timer so a slow
//! server never delays a focus session or an alert, and the window learns
//! of what changed through [`PlanChanged`].

use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use deepblock_service::{Deepblock, SyncOptions};
use tauri::{AppHandle, Manager};
use tauri_specta::Event;

use crate::events::PlanChanged;
use crate::state::AppState;

/// How long the thread sleeps when nothing is subscribed, or when the plan
/// cannot be read; a subscription added meanwhile wakes it.
const IDLE: Duration = Duration::from_secs(15 * 60);

/// How long the thread waits after a wake for the burst of changes that
/// woke it (a drag is several writes) to end.
const SETTLE: Duration = Duration::from_secs(3);

/// Starts the thread and registers its wake handle with the app.
pub fn start(app: &AppHandle) {
    let (tx, rx) = mpsc::channel::<()>();
    app.state::<AppState>().set_calendar_wake(tx);
    let app = app.clone();
    let spawned = std::thread::Builder::new().name("deepblock-calendars".into()).spawn(move || {
        let Ok(service) = app.state::<AppState>().app() else { return };
        // At start every calendar; then those due, and the accounts too
        // when the plan changed.
        let mut options = SyncOptions::default();
        let mut at_once = false;
        loop {
            // Before the round, so chunks moved for a change made here are
            // published with it.
            replan(&app, &service);
            match service.sync_calendars(&options) {
                Ok(report) => {
                    for calendar in &report.calendars {
                        if calendar.ok {
                            tracing::info!("{}", calendar.line);
                        } else {
                            tracing::warn!("{}", calendar.line);
                        }
                    }
                    // A stale mark is news to the window even when no
                    // meeting changed.
                    if !report.calendars.is_empty() {
                        let _ = PlanChanged { source: "calendars".into() }.emit(&app);
                    }
                }
                Err(error) => tracing::error!("cannot sync the subscribed calendars: {}", error.message),
            }
            // A meeting the round brought in may take a chunk's time: the
            // chunks moved go out in a round at once (one such round: a
            // plan that kept moving would not hold the thread).
            let moved = replan(&app, &service);
            if moved && !at_once {
                at_once = true;
                options = SyncOptions { due_only: true, publish_now: true, ..SyncOptions::default() };
                continue;
            }
            at_once = false;
            let wait = match service.next_calendar_due() {
                Ok(Some(due)) => (due - service.now()).to_std().unwrap_or(Duration::ZERO).min(IDLE),
                Ok(None) | Err(_) => IDLE,
            };
            let woken = match rx.recv_timeout(wait) {
                Ok(()) => {
                    while rx.recv_timeout(SETTLE).is_ok() {}
                    true
                }
                Err(RecvTimeoutError::Timeout) => false,
                Err(RecvTimeoutError::Disconnected) => return,
            };
            options = SyncOptions { due_only: true, publish_now: woken, ..SyncOptions::default() };
        }
    });
    if let Err(error) = spawned {
        tracing::error!("subscribed calendars will not refresh this run, the thread did not start: {error}");
    }
}

/// Plans the task backlog again (see [`deepblock_service::Plan::replan_tasks`])
/// and tells the window when chunks moved or were placed; whether any
/// were. Due dates that cannot hold change nothing: the Tasks pane says
/// why when opened, the log says it here.
fn replan(app: &AppHandle, service: &Deepblock) -> bool {
    match service.plan().replan_tasks() {
        Ok(Some(plan)) => {
            let new = plan.chunks.iter().filter(|c| c.new).count();
            tracing::info!("tasks planned again: {new} chunk(s) placed, {} moved", plan.moved);
            let _ = PlanChanged { source: "tasks".into() }.emit(app);
            true
        }
        Ok(None) => false,
        Err(error) => {
            tracing::warn!("the task backlog was not planned again: {}", error.message);
            false
        }
    }
}

/// Asks the calendar thread to sync the connected accounts (and whatever
/// is due) now: one was added, or a conflict settled that the next sync
/// carries out.
pub fn sync_soon(app: &AppHandle) {
    app.state::<AppState>().wake_calendars();
}
