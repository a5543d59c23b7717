//! The app's one timer thread. It sleeps until the next deadline (the next
//! alert, the next block that starts focus, or the next minute while a
//! session runs so the tray's "time left" stays true) or until woken
//! because focus or the plan changed. It never sleeps longer than a minute:
//! the sleep is timed by the monotonic clock, which stands still while the
//! laptop is suspended, and a block that began during the suspension must
//! still start its session soon after the lid opens. Which alerts are due
//! and which block focus follows are the service's to say.

use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::Duration;

use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use tauri::{AppHandle, Manager};

use crate::ipc::FocusView;
use crate::state::AppState;
use crate::tray;

/// The longest the thread sleeps without looking at the clock again.
const LONGEST_SLEEP_MINUTES: i64 = 1;

/// Wakes the timer thread early.
pub struct Timers {
    wake: Sender<()>,
}

impl Timers {
    /// Asks the thread to recompute its next deadline now.
    pub fn wake(&self) {
        let _ = self.wake.send(());
    }
}

/// Starts the thread and registers its handle with the app.
pub fn start(app: &AppHandle) {
    let (tx, rx) = mpsc::channel::<()>();
    app.manage(Timers { wake: tx });
    let app = app.clone();
    let spawned = std::thread::Builder::new().name("deepblock-timers".into()).spawn(move || {
        let mut shown_up_to = None;
        while let Some(wait) = tick(&app, &mut shown_up_to) {
            if rx.recv_timeout(wait) == Err(RecvTimeoutError::Disconnected) {
                return;
            }
        }
    });
    if let Err(error) = spawned {
        eprintln!("deepblock: no alerts this run, the timer thread did not start: {error}");
    }
}

/// Shows the alerts due since the last tick, starts the session the plan
/// asks for, refreshes the tray, and returns how long to sleep; `None` when
/// the plan cannot be read at all.
fn tick(app: &AppHandle, shown_up_to: &mut Option<DateTime<Utc>>) -> Option<Duration> {
    let state = app.state::<AppState>();
    let mut service = state.app().ok()?;
    let now = service.now();
    for alert in service.due_alerts(shown_up_to.unwrap_or(now)).unwrap_or_default() {
        if let Err(error) = service.show_alert(&alert) {
            eprintln!("deepblock: {}", error.message);
        }
    }
    *shown_up_to = Some(now);
    let next_block = match service.follow_plan() {
        Ok(followed) => {
            if let Some(said) = followed.said {
                eprintln!("deepblock: {said}");
            }
            Some(followed.next_check)
        }
        Err(error) => {
            eprintln!("deepblock: focus did not follow the plan: {}", error.message);
            None
        }
    };
    let focus: Option<FocusView> = service.focus_status().ok().map(Into::into);
    let next_alert = service.next_alert(now).ok().flatten().map(|a| a.at);
    drop(service);
    let mut deadline = [next_alert, next_block]
        .into_iter()
        .flatten()
        .fold(now + TimeDelta::minutes(LONGEST_SLEEP_MINUTES), DateTime::min);
    if let Some(view) = focus {
        if view.phase != "idle" {
            let next_minute =
                now.duration_trunc(TimeDelta::minutes(1)).unwrap_or(now) + TimeDelta::minutes(1);
            // A break starts on time, not at the next whole minute.
            let next = view.phase_ends.map_or(next_minute, |ends| ends.min(next_minute));
            deadline = deadline.min(next);
        }
        tray::show_focus(app, &view);
    }
    Some((deadline - now).to_std().unwrap_or(Duration::ZERO))
}
