//! The app's calendar thread: fetches every subscribed calendar and syncs
//! every connected one once at start, then each as it comes due, and a few
//! seconds after the plan changes (so a block moved here reaches the
//! user's phone soon). It runs apart from the alert timer so a slow server
//! never delays a focus session or an alert, and the window learns of
//! what changed through [`PlanChanged`].

use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use deepblock_service::SyncOptions;
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
        loop {
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

/// Asks the calendar thread to sync the connected accounts (and whatever
/// is due) now: one was added, or a conflict settled that the next sync
/// carries out.
pub fn sync_soon(app: &AppHandle) {
    app.state::<AppState>().wake_calendars();
}
