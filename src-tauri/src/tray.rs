//! The tray icon: focus state and time left, start and stop focus, open
//! the planner, quit. Where no StatusNotifier host runs, Tauri falls back to
//! an XEmbed icon, and the app runs the same without one.

use deepblock_service::FocusStart;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Wry};
use tauri_specta::Event;

use crate::events::FocusChanged;
use crate::ipc::FocusView;
use crate::state::AppState;
use crate::timers::Timers;

/// The menu entries whose text or state follows focus.
struct TrayItems {
    status: MenuItem<Wry>,
    start: MenuItem<Wry>,
    stop: MenuItem<Wry>,
}

/// Builds the tray icon and its menu.
pub fn build(app: &AppHandle) -> tauri::Result<()> {
    let status = MenuItem::with_id(app, "status", "Focus: off", false, None::<&str>)?;
    let start = MenuItem::with_id(app, "focus-start", "Start focus", true, None::<&str>)?;
    let stop = MenuItem::with_id(app, "focus-stop", "Stop focus", false, None::<&str>)?;
    let open = MenuItem::with_id(app, "open", "Open planner", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "Quit Deepblock", true, None::<&str>)?;
    let menu = Menu::with_items(
        app,
        &[
            &status,
            &PredefinedMenuItem::separator(app)?,
            &start,
            &stop,
            &PredefinedMenuItem::separator(app)?,
            &open,
            &quit,
        ],
    )?;
    let mut tray = TrayIconBuilder::with_id("deepblock").tooltip("Deepblock").menu(&menu);
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.on_menu_event(|app, event| match event.id.as_ref() {
        "focus-start" => start_focus(app),
        "focus-stop" => stop_focus(app),
        "open" => show_planner(app),
        "quit" => app.exit(0),
        _ => {}
    })
    .build(app)?;
    app.manage(TrayItems { status, start, stop });
    Ok(())
}

/// Brings the planner window back (from the tray or a second launch).
pub fn show_planner(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}

/// Tells the tray, the window and the timers that focus changed.
pub fn focus_changed(app: &AppHandle, view: &FocusView) {
    show_focus(app, view);
    if let Some(timers) = app.try_state::<Timers>() {
        timers.wake();
    }
}

/// Shows where focus stands in the tray menu and tells the window.
pub fn show_focus(app: &AppHandle, view: &FocusView) {
    if let Some(items) = app.try_state::<TrayItems>() {
        let idle = view.phase == "idle";
        let text = match view.phase.as_str() {
            "idle" => "Focus: off".to_owned(),
            phase => {
                format!("{}: {} min left{}", capitalised(phase), view.remaining_minutes, lock_note(view))
            }
        };
        let _ = items.status.set_text(text);
        let _ = items.start.set_enabled(idle);
        let _ = items.stop.set_enabled(!idle && !view.locked);
    }
    let _ = FocusChanged { focus: view.clone() }.emit(app);
}

fn lock_note(view: &FocusView) -> &'static str {
    if view.locked { " (locked)" } else { "" }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn start_focus(app: &AppHandle) {
    let state = app.state::<AppState>();
    let started = state.app().and_then(|mut a| Ok(a.focus_start(FocusStart::default())?.into()));
    report(app, started);
}

fn stop_focus(app: &AppHandle) {
    let state = app.state::<AppState>();
    let stopped = state.app().and_then(|mut a| {
        a.focus_stop()?;
        Ok(a.focus_status()?.into())
    });
    report(app, stopped);
}

fn report(app: &AppHandle, result: Result<FocusView, crate::ipc::IpcError>) {
    match result {
        Ok(view) => focus_changed(app, &view),
        Err(error) => eprintln!("deepblock: {}", error.message),
    }
}
