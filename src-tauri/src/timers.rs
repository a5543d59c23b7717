//! The app's one timer thread. It sleeps until the next deadline (the next
//! alert, or the next minute while a session runs so the tray's "time
//! left" stays true) or until woken because focus changed; nothing polls
//! on a short interval.

use std::sync::Mutex;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::Duration;

use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use tauri::{AppHandle, Manager};

use crate::ipc::FocusView;
use crate::state::AppState;
use crate::tray;

/// Wakes the timer thread early.
pub struct Timers {
    wake: Mutex<Sender<()>>,
}

impl Timers {
    /// Asks the thread to recompute its next deadline now.
    pub fn wake(&self) {
        let _ = self.wake.lock().map(|tx| tx.send(()));
    }
}

/// Starts the thread and registers its handle with the app.
pub fn start(app: &AppHandle) {
    let (tx, rx) = mpsc::channel::<()>();
    app.manage(Timers { wake: Mutex::new(tx) });
    let app = app.clone();
    let spawned = std::thread::Builder::new().name("deepblock-timers".into()).spawn(move || {
        let mut shown_up_to = Utc::now();
        loop {
            let Some(deadline) = tick(&app, &mut shown_up_to) else { return };
            let wait = (deadline - Utc::now()).to_std().unwrap_or(Duration::ZERO);
            let woken = match deadline {
                d if d == DateTime::<Utc>::MAX_UTC => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
                _ => rx.recv_timeout(wait),
            };
            if woken == Err(RecvTimeoutError::Disconnected) {
                return;
            }
        }
    });
    if let Err(error) = spawned {
        eprintln!("deepblock: no alerts this run, the timer thread did not start: {error}");
    }
}

/// Shows what is due, refreshes the tray, and returns the next deadline
/// (`MAX_UTC` for none); `None` when the plan cannot be read at all.
fn tick(app: &AppHandle, shown_up_to: &mut DateTime<Utc>) -> Option<DateTime<Utc>> {
    let state = app.state::<AppState>();
    let mut service = state.app().ok()?;
    let now = Utc::now();
    while let Ok(Some(alert)) = service.next_alert(*shown_up_to) {
        if alert.at > now {
            break;
        }
        *shown_up_to = alert.at;
        // Alerts missed by more than a minute (the machine slept) are skipped.
        if now - alert.at < TimeDelta::minutes(1) {
            if let Err(error) = service.show_alert(&alert) {
                eprintln!("deepblock: {}", error.message);
            }
        }
    }
    *shown_up_to = now;
    let focus: Option<FocusView> = service.focus_status().ok().map(Into::into);
    let next_alert = service.next_alert(now).ok().flatten().map_or(DateTime::<Utc>::MAX_UTC, |a| a.at);
    drop(service);
    let mut deadline = next_alert;
    if let Some(view) = focus {
        if view.phase != "idle" {
            let next_minute =
                now.duration_trunc(TimeDelta::minutes(1)).unwrap_or(now) + TimeDelta::minutes(1);
            deadline = deadline.min(next_minute);
        }
        tray::show_focus(app, &view);
    }
    Some(deadline)
}
