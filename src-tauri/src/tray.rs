//! The tray icon: focus state and time left, start and stop focus, the
//! tracking timer ("Now: Model development · 0:42", a category to start it
//! on, Stop timer), open the planner, quit; beside the icon, the minutes
//! left of a session. Where no StatusNotifier host runs (GNOME without an
//! extension, a bare window manager), the icon shows nowhere: the app runs
//! the same, the window's header says that its entries are there, and
//! closing the window minimises it instead of hiding it. The tray only
//! shows and asks; what its entries do is the caller's (see `lib.rs`).

use std::sync::atomic::{AtomicBool, Ordering};

use deepblock_core::Category;
use deepblock_service::{TimerView, clock};
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem, Submenu};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Wry};
use tauri_specta::Event;

use crate::events::TrayChanged;
use crate::ipc::{FocusPhase, FocusView};

/// What a tray entry asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrayAction {
    /// Start a focus session.
    StartFocus,
    /// Stop the running one.
    StopFocus,
    /// Start the tracking timer on a category.
    Track(Category),
    /// Stop the tracking timer.
    StopTimer,
    /// Show the planner window.
    OpenPlanner,
    /// Quit the app.
    Quit,
}

/// The menu entries whose text or state follows focus.
struct TrayItems {
    status: MenuItem<Wry>,
    start: MenuItem<Wry>,
    stop: MenuItem<Wry>,
    now: MenuItem<Wry>,
    stop_timer: MenuItem<Wry>,
}

/// The menu id of the entry that starts the timer on `category`.
fn track_id(category: Category) -> String {
    format!("track:{category}")
}

/// Builds the tray icon and its menu; `act` runs what an entry asks for.
pub fn build(app: &AppHandle, act: fn(&AppHandle, TrayAction)) -> tauri::Result<()> {
    let status = MenuItem::with_id(app, "status", "Focus: off", false, None::<&str>)?;
    let start = MenuItem::with_id(app, "focus-start", "Start focus", true, None::<&str>)?;
    let stop = MenuItem::with_id(app, "focus-stop", "Stop focus", false, None::<&str>)?;
    let now = MenuItem::with_id(app, "timer-status", "Now: nothing tracked", false, None::<&str>)?;
    let categories = Category::ALL
        .iter()
        .map(|c| MenuItem::with_id(app, track_id(*c), c.label(), true, None::<&str>))
        .collect::<tauri::Result<Vec<_>>>()?;
    let entries: Vec<&dyn tauri::menu::IsMenuItem<Wry>> =
        categories.iter().map(|i| i as &dyn tauri::menu::IsMenuItem<Wry>).collect();
    let track = Submenu::with_id_and_items(app, "track", "Track", true, &entries)?;
    let stop_timer = MenuItem::with_id(app, "timer-stop", "Stop timer", false, None::<&str>)?;
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
            &now,
            &track,
            &stop_timer,
            &PredefinedMenuItem::separator(app)?,
            &open,
            &quit,
        ],
    )?;
    let mut tray = TrayIconBuilder::with_id("deepblock").tooltip("Deepblock").menu(&menu);
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.on_menu_event(move |app, event| {
        let id = event.id.as_ref();
        let action = match id {
            "focus-start" => TrayAction::StartFocus,
            "focus-stop" => TrayAction::StopFocus,
            "timer-stop" => TrayAction::StopTimer,
            _ if id.starts_with("track:") => match Category::ALL.iter().find(|c| track_id(**c) == id) {
                Some(category) => TrayAction::Track(*category),
                None => return,
            },
            "open" => TrayAction::OpenPlanner,
            "quit" => TrayAction::Quit,
            _ => return,
        };
        act(app, action);
    })
    .build(app)?;
    app.manage(TrayItems { status, start, stop, now, stop_timer });
    Ok(())
}

/// Whether a StatusNotifier host shows the tray. Until the bus has said,
/// it is taken to, the tray being where most desktops keep the app.
pub struct TrayHost(AtomicBool);

impl Default for TrayHost {
    fn default() -> Self {
        Self(AtomicBool::new(true))
    }
}

impl TrayHost {
    /// What the bus said last.
    pub fn shown(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// The well-known name of the StatusNotifier watcher that panels run.
const WATCHER: &str = "org.kde.StatusNotifierWatcher";

/// Follows the watcher on the session bus from a thread of its own: asked
/// at start and again each time the name changes hands (a panel started
/// after the app, or gone), so [`TrayHost`] follows the desktop.
pub fn follow_host(app: &AppHandle) {
    let handle = app.clone();
    let started = std::thread::Builder::new().name("tray host".into()).spawn(move || {
        if let Err(error) = follow(&handle) {
            tracing::info!("the session bus cannot say whether a panel shows the tray: {error}");
            seen(&handle, false);
        }
    });
    if let Err(error) = started {
        tracing::warn!("cannot follow the tray host: {error}");
    }
}

fn follow(app: &AppHandle) -> zbus::Result<()> {
    let bus = zbus::blocking::Connection::session()?;
    let changes =
        zbus::blocking::fdo::DBusProxy::new(&bus)?.receive_name_owner_changed_with_args(&[(0, WATCHER)])?;
    seen(app, host_registered(&bus));
    for _ in changes {
        seen(app, host_registered(&bus));
    }
    Ok(())
}

/// Whether the watcher runs with a host registered: without one, no panel
/// shows the icon.
fn host_registered(bus: &zbus::blocking::Connection) -> bool {
    let asked = || -> zbus::Result<bool> {
        zbus::blocking::Proxy::new(bus, WATCHER, "/StatusNotifierWatcher", WATCHER)?
            .get_property("IsStatusNotifierHostRegistered")
    };
    asked().unwrap_or(false)
}

/// Keeps what the bus said and tells the window when it changed.
fn seen(app: &AppHandle, shown: bool) {
    if app.state::<TrayHost>().0.swap(shown, Ordering::Relaxed) != shown {
        tracing::info!("{}", if shown { "a panel shows the tray" } else { "no panel shows the tray icon" });
        let _ = TrayChanged { shown }.emit(app);
    }
}

/// Puts the window away: hidden, for the tray to bring back, or minimised
/// where no tray shows.
pub fn put_away(window: &tauri::WebviewWindow, host: &TrayHost) -> tauri::Result<()> {
    if host.shown() { window.hide() } else { window.minimize() }
}

/// Brings the planner window back (from the tray or a second launch).
pub fn show_planner(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}

/// Shows where focus stands in the tray menu.
pub fn show_focus(app: &AppHandle, view: &FocusView) {
    let Some(items) = app.try_state::<TrayItems>() else { return };
    let lock = if view.locked { " (locked)" } else { "" };
    let mut text = match view.phase {
        FocusPhase::Idle => "Focus: off".to_owned(),
        FocusPhase::Focus => format!("Focus: {} min left{lock}", view.remaining_minutes),
        FocusPhase::Break => format!("Break: {} min left{lock}", view.remaining_minutes),
    };
    if let (Some(job), FocusPhase::Idle) = (&view.waiting_on, view.phase) {
        text.push_str(&format!(" · running: {job}"));
    }
    if let Some(task) = &view.for_the_wait {
        text.push_str(&format!(" · meanwhile: {task}"));
    }
    let idle = view.phase == FocusPhase::Idle;
    // Beside the icon, where a panel shows a label: the minutes left.
    if let Some(icon) = app.tray_by_id("deepblock") {
        let label = match view.phase {
            FocusPhase::Idle => None,
            FocusPhase::Focus => Some(format!("{} min", view.remaining_minutes)),
            FocusPhase::Break => Some(format!("Break {} min", view.remaining_minutes)),
        };
        let _ = icon.set_title(label);
    }
    let _ = items.status.set_text(text);
    let _ = items.start.set_enabled(idle);
    let _ = items.stop.set_enabled(!idle && !view.locked);
}

/// Shows the tracking timer in the tray menu.
pub fn show_timer(app: &AppHandle, timer: Option<&TimerView>) {
    let Some(items) = app.try_state::<TrayItems>() else { return };
    let text = match timer {
        Some(t) => format!("Now: {} · {}", t.category.label(), clock(t.minutes)),
        None => "Now: nothing tracked".to_owned(),
    };
    let _ = items.now.set_text(text);
    let _ = items.stop_timer.set_enabled(timer.is_some());
}
