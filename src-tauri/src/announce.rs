//! The one place focus and tracking changes fan out from: to the tray's
//! menu, to the window (a typed event), and to the timer thread, which
//! recomputes when to wake.

use std::sync::mpsc::Sender;

use tauri::{AppHandle, Manager};
use tauri_specta::Event;

use deepblock_service::TimerView;

use crate::events::{FocusChanged, TimerChanged};
use crate::ipc::FocusView;
use crate::tray;

/// Wakes the timer thread early.
pub struct TimerWake(pub Sender<()>);

impl TimerWake {
    /// Asks the timer to tick now.
    pub fn wake(&self) {
        let _ = self.0.send(());
    }
}

/// Shows `view` in the tray and the window.
pub fn show_focus(app: &AppHandle, view: &FocusView) {
    tray::show_focus(app, view);
    let _ = FocusChanged { focus: view.clone() }.emit(app);
}

/// Focus changed by a command or the tray: show it, and let the timer
/// look again (a new session needs ticking every minute).
pub fn focus_changed(app: &AppHandle, view: &FocusView) {
    show_focus(app, view);
    wake_timer(app);
}

/// Shows the tracking timer in the tray and the window.
pub fn show_timer(app: &AppHandle, timer: &Option<TimerView>) {
    tray::show_timer(app, timer.as_ref());
    let _ = TimerChanged { timer: timer.clone() }.emit(app);
}

/// The plan or focus changed elsewhere: the timer looks again.
pub fn wake_timer(app: &AppHandle) {
    if let Some(timer) = app.try_state::<TimerWake>() {
        timer.wake();
    }
}
