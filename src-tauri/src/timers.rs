//! The app's one timer thread. Each wake is one [`Deepblock::tick`] of the
//! service (alerts, focus that follows the plan, held notifications at a
//! break); the tick says when to wake next, and the thread sleeps until
//! then or until woken because focus or the plan changed.
//!
//! [`Deepblock::tick`]: deepblock_service::Deepblock::tick

use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use tauri::{AppHandle, Manager};

use crate::announce::{self, TimerWake};
use crate::ipc::FocusView;
use crate::state::AppState;

/// How long to wait after a tick that could not read the plan at all.
const RETRY: Duration = Duration::from_secs(60);

/// Starts the thread and registers its wake handle with the app.
pub fn start(app: &AppHandle) {
    let (tx, rx) = mpsc::channel::<()>();
    app.manage(TimerWake(tx));
    let app = app.clone();
    let spawned = std::thread::Builder::new().name("deepblock-timers".into()).spawn(move || {
        let Ok(service) = app.state::<AppState>().app() else { return };
        loop {
            let wait = match service.tick() {
                Ok(tick) => {
                    for said in &tick.said {
                        tracing::info!("{said}");
                    }
                    for problem in &tick.problems {
                        tracing::warn!("{problem}");
                    }
                    announce::show_focus(&app, &FocusView::from(tick.focus));
                    // The tick comes at least once a minute: the timer's
                    // minutes in the tray and the header move with it.
                    crate::commands::track::refresh(&app, &service);
                    (tick.wake_at - service.now()).to_std().unwrap_or(Duration::ZERO)
                }
                Err(error) => {
                    tracing::error!("the timer cannot read the plan: {}", error.message);
                    RETRY
                }
            };
            if rx.recv_timeout(wait) == Err(RecvTimeoutError::Disconnected) {
                return;
            }
        }
    });
    if let Err(error) = spawned {
        tracing::error!("no alerts this run, the timer thread did not start: {error}");
    }
}
