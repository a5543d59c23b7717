//! The settings view: every rule the CLI's `rules` commands set, read and
//! checked by the same service code, and start on login.

use deepblock_core::autofocus::KindSet;
use deepblock_core::time::parse_weekday;
use deepblock_service::{ErrorCode, NoMeetingSpec, ServiceError, SettingsView, WorkdayChange, goal_minutes};
use tauri::{AppHandle, State};
use tauri_plugin_autostart::ManagerExt;

use crate::ipc::{IpcError, Noted};
use crate::state::AppState;

/// Every rule and setting, for the form.
#[tauri::command]
#[specta::specta]
pub fn settings(state: State<'_, AppState>) -> Result<SettingsView, IpcError> {
    Ok(state.app()?.settings()?)
}

/// Adds a no-meeting weekday, date or range (`rules no-meeting add`).
#[tauri::command]
#[specta::specta]
pub fn add_no_meeting(state: State<'_, AppState>, rule: NoMeetingSpec) -> Result<Noted, IpcError> {
    let when = rule.when()?;
    Ok(state.app()?.add_no_meeting(when)?.into())
}

/// Removes a no-meeting rule by id (`rules no-meeting rm`).
#[tauri::command]
#[specta::specta]
pub fn remove_no_meeting(state: State<'_, AppState>, id: i64) -> Result<Noted, IpcError> {
    state.app()?.remove_no_meeting(id)?;
    Ok(Noted::nothing())
}

/// Sets working hours and days (`rules workday`).
#[tauri::command]
#[specta::specta]
pub fn set_workday(
    state: State<'_, AppState>,
    start: String,
    end: String,
    days: Vec<String>,
) -> Result<Noted, IpcError> {
    let change = WorkdayChange::parse(Some(&start), Some(&end), Some(&days.join(",")))?;
    state.app()?.set_workday(change)?;
    Ok(Noted::nothing())
}

/// Sets the weekly goals in hours (`rules goals`).
#[tauri::command]
#[specta::specta]
pub fn set_goals(
    state: State<'_, AppState>,
    deep_hours: f64,
    learning_hours: f64,
) -> Result<Noted, IpcError> {
    let deep = goal_minutes(Some(deep_hours), "deep-work")?;
    let learning = goal_minutes(Some(learning_hours), "learning")?;
    state.app()?.set_goals(deep, learning)?;
    Ok(Noted::nothing())
}

/// Sets the shortest deep block without a warning (`rules min-deep`).
#[tauri::command]
#[specta::specta]
pub fn set_min_deep(state: State<'_, AppState>, minutes: u32) -> Result<Noted, IpcError> {
    state.app()?.set_min_deep_minutes(minutes)?;
    Ok(Noted::nothing())
}

/// Sets the first day of the week (`rules week-start`).
#[tauri::command]
#[specta::specta]
pub fn set_week_start(state: State<'_, AppState>, day: String) -> Result<Noted, IpcError> {
    let day = parse_weekday(&day).map_err(ServiceError::from)?;
    state.app()?.set_week_start(day)?;
    Ok(Noted::nothing())
}

/// Adds one of the user's email addresses (`rules me add`).
#[tauri::command]
#[specta::specta]
pub fn add_address(state: State<'_, AppState>, email: String) -> Result<Noted, IpcError> {
    Ok(state.app()?.add_my_address(&email)?.into())
}

/// Forgets one of the user's email addresses (`rules me rm`).
#[tauri::command]
#[specta::specta]
pub fn remove_address(state: State<'_, AppState>, email: String) -> Result<Noted, IpcError> {
    state.app()?.remove_my_address(&email)?;
    Ok(Noted::nothing())
}

/// Sets the comment sent with declined invitations (`rules decline-comment`).
#[tauri::command]
#[specta::specta]
pub fn set_decline_comment(state: State<'_, AppState>, text: String) -> Result<Noted, IpcError> {
    state.app()?.set_decline_comment(&text)?;
    Ok(Noted::nothing())
}

/// Sets the kinds of block that start a focus session (`rules auto-focus`).
#[tauri::command]
#[specta::specta]
pub fn set_auto_focus(state: State<'_, AppState>, kinds: Vec<String>) -> Result<Noted, IpcError> {
    let kinds = KindSet::from_names(&kinds).map_err(ServiceError::from)?;
    state.app()?.set_auto_focus(kinds)?;
    Ok(Noted::nothing())
}

/// Sets the rhythm of sessions not given one (`rules focus-rhythm`).
#[tauri::command]
#[specta::specta]
pub fn set_focus_rhythm(state: State<'_, AppState>, rhythm: String) -> Result<Noted, IpcError> {
    let rhythm = rhythm.parse().map_err(ServiceError::from)?;
    state.app()?.set_focus_rhythm(rhythm)?;
    Ok(Noted::nothing())
}

/// Whether the app starts when the user logs in.
#[tauri::command]
#[specta::specta]
pub fn start_on_login(app: AppHandle) -> Result<bool, IpcError> {
    app.autolaunch().is_enabled().map_err(|e| login_error(&e))
}

/// Turns starting on login on or off (an XDG autostart entry on Linux).
#[tauri::command]
#[specta::specta]
pub fn set_start_on_login(app: AppHandle, on: bool) -> Result<bool, IpcError> {
    // auto-launch (under the autostart plugin) creates ~/.config/autostart
    // but not ~/.config itself, which a fresh home may lack.
    #[cfg(target_os = "linux")]
    if let Some(dirs) = directories::BaseDirs::new() {
        std::fs::create_dir_all(dirs.home_dir().join(".config")).map_err(|e| login_error(&e))?;
    }
    let launcher = app.autolaunch();
    let result = if on { launcher.enable() } else { launcher.disable() };
    result.map_err(|e| login_error(&e))?;
    launcher.is_enabled().map_err(|e| login_error(&e))
}

fn login_error(error: &dyn std::fmt::Display) -> IpcError {
    ServiceError::new(
        ErrorCode::Environment,
        format!("cannot change start on login: {error}; check ~/.config/autostart is writable"),
    )
    .into()
}
