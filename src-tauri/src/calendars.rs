//! The app's calendar thread: fetches every subscribed calendar once at
//! start, then each as its interval comes due. It runs apart from the
//! alert timer so a slow server never delays a focus session or an alert,
//! and the window learns of what changed through [`PlanChanged`].

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

/// Wakes the calendar thread for a round of every calendar (one was
/// added, or a conflict settled that the next sync carries out).
pub struct CalendarWake(mpsc::Sender<()>);

/// Starts the thread and registers its wake handle with the app.
pub fn start(app: &AppHandle) {
    let (tx, rx) = mpsc::channel::<()>();
    app.manage(CalendarWake(tx));
    let app = app.clone();
    let spawned = std::thread::Builder::new().name("deepblock-calendars".into()).spawn(move || {
        let Ok(service) = app.state::<AppState>().app() else { return };
        let mut due_only = false;
        loop {
            match service.sync_calendars(&SyncOptions { due_only, ..SyncOptions::default() }) {
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
            match rx.recv_timeout(wait) {
                Ok(()) => due_only = false,
                Err(RecvTimeoutError::Timeout) => due_only = true,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
    });
    if let Err(error) = spawned {
        tracing::error!("subscribed calendars will not refresh this run, the thread did not start: {error}");
    }
}

/// Asks the calendar thread for a round of every calendar now.
pub fn subscriptions_changed(app: &AppHandle) {
    if let Some(wake) = app.try_state::<CalendarWake>() {
        let _ = wake.0.send(());
    }
}
