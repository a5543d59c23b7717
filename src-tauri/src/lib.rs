//! Deepblock's desktop app: the planner window, the tray and the alert
//! timer, as a thin Tauri shell over `deepblock-service`. Commands live in
//! [`commands`]; they hold no business logic, SQL or file access.

pub mod announce;
pub mod calendars;
pub mod commands;
pub mod events;
pub mod ipc;
pub mod rendering;
pub mod state;
pub mod timers;
pub mod tray;

use deepblock_service::Choices;
use tauri::{AppHandle, Manager, WindowEvent};
use tauri_specta::Event;

use crate::events::PlanChanged;
use crate::state::AppState;
use crate::tray::TrayAction;

/// Where the generated TypeScript bindings go, relative to this crate.
pub const BINDINGS_PATH: &str = "../ui/src/lib/bindings.ts";

/// The commands and events the window may use, with their types.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(tauri_specta::collect_commands![
            commands::blocks::planner_week,
            commands::blocks::add_block,
            commands::blocks::move_block,
            commands::blocks::edit_block,
            commands::blocks::delete_block,
            commands::blocks::repeat_week_deep_blocks,
            commands::files::open_calendar_file,
            commands::history::undo,
            commands::calendars::subscriptions,
            commands::calendars::subscribe,
            commands::calendars::sync_calendars,
            commands::calendars::unsubscribe,
            commands::calendars::accounts,
            commands::calendars::offered_calendars,
            commands::calendars::connect_account,
            commands::calendars::resolve_conflict,
            commands::calendars::decline_invitation,
            commands::calendars::keep_invitation,
            commands::calendars::set_auto_decline,
            commands::settings::settings,
            commands::settings::add_no_meeting,
            commands::settings::remove_no_meeting,
            commands::settings::set_workday,
            commands::settings::set_goals,
            commands::settings::set_min_deep,
            commands::settings::set_week_start,
            commands::settings::add_address,
            commands::settings::remove_address,
            commands::settings::set_decline_comment,
            commands::settings::set_auto_focus,
            commands::settings::set_busy_kinds,
            commands::settings::set_focus_rhythm,
            commands::settings::start_on_login,
            commands::settings::set_start_on_login,
            commands::history::redo,
            commands::focus::focus_status,
            commands::focus::focus_start,
            commands::focus::focus_stop,
            commands::focus::focus_extend,
            commands::focus::focus_found,
            commands::focus::blocklist,
            commands::focus::blocklist_add,
            commands::focus::blocklist_remove,
            commands::review::review_page,
            commands::review::save_retro,
            commands::review::plan_next_week,
            commands::review::export_chart,
            commands::track::track_status,
            commands::track::track_start,
            commands::track::track_stop,
            commands::track::log_done,
            commands::tasks::tasks_pane,
            commands::tasks::add_task,
            commands::tasks::edit_task,
            commands::tasks::finish_task,
            commands::tasks::remove_task,
            commands::tasks::pin_chunk,
            commands::tasks::place_task,
            commands::window::hide_to_tray,
            commands::window::tray_shown,
        ])
        .events(tauri_specta::collect_events![
            PlanChanged,
            events::FocusChanged,
            events::TimerChanged,
            events::TrayChanged
        ])
        // Names and labels the UI offers, from the same definitions the
        // service checks against (one constant: tauri-specta writes
        // several in no fixed order).
        .constant("CHOICES", Choices::all())
}

/// The TypeScript the bindings file must hold for `builder`.
pub fn bindings_config() -> specta_typescript::Typescript {
    specta_typescript::Typescript::default()
        .bigint(specta_typescript::BigIntExportBehavior::Number)
        .header("// Generated from the Rust commands by tauri-specta; `cargo test -p deepblock-desktop` checks it.\n// @ts-nocheck")
}

/// Runs the app until the user quits from the tray.
pub fn run() {
    let log_dir = deepblock_service::logging::to_file();
    tracing::info!(
        "Deepblock starting; logs in {}",
        log_dir.map_or("stderr".into(), |d| d.display().to_string())
    );
    let builder = specta_builder();
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| tray::show_planner(app)))
        .plugin(tauri_plugin_autostart::init(tauri_plugin_autostart::MacosLauncher::LaunchAgent, None))
        .manage(AppState::open())
        .manage(tray::TrayHost::default())
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            let handle = app.handle().clone();
            tray::build(&handle, tray_action)?;
            tray::follow_host(&handle);
            timers::start(&handle);
            calendars::start(&handle);
            watch_plan(&handle);
            Ok(())
        })
        .on_window_event(|window, event| {
            // Closing the window keeps the app (and focus) running in the tray.
            if let WindowEvent::CloseRequested { api, .. } = event {
                if let Some(window) = window.app_handle().get_webview_window(window.label()) {
                    let _ = tray::put_away(&window, &window.state::<tray::TrayHost>());
                }
                api.prevent_close();
            }
        })
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(error) => {
            tracing::error!("the desktop app could not start: {error}");
            eprintln!("deepblock: the desktop app could not start: {error}");
            std::process::exit(3);
        }
    }
}

/// What the tray's entries do.
fn tray_action(app: &AppHandle, action: TrayAction) {
    match action {
        TrayAction::StartFocus => commands::focus::from_tray(app, true),
        TrayAction::StopFocus => commands::focus::from_tray(app, false),
        TrayAction::Track(category) => commands::track::from_tray(app, Some(category)),
        TrayAction::StopTimer => commands::track::from_tray(app, None),
        TrayAction::OpenPlanner => tray::show_planner(app),
        TrayAction::Quit => app.exit(0),
    }
}

/// Reloads the window's week whenever another program (the CLI, another
/// window) changes the plan; the window's own edits reload it themselves.
fn watch_plan(app: &AppHandle) {
    let Ok(service) = app.state::<AppState>().app() else { return };
    let handle = app.clone();
    let watcher = service.clone();
    let watched = service.watch_changes(move || {
        let _ = PlanChanged { source: "disk".into() }.emit(&handle);
        commands::track::refresh(&handle, &watcher);
        announce::wake_timer(&handle);
        calendars::sync_soon(&handle);
    });
    match watched {
        Ok(Some(watch)) => {
            app.manage(watch);
        }
        Ok(None) => {}
        Err(error) => tracing::warn!("{}", error.message),
    }
}
