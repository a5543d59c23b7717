//! The settings view: every rule the CLI's `rules` commands set, read and
//! checked by the same service code, and start on login.

use deepblock_core::Kind;
use deepblock_core::autofocus::KindSet;
use deepblock_core::rules::WeekdayName;
use deepblock_service::{
    ErrorCode, NoMeetingSpec, RhythmMinutes, ServiceError, SettingsView, WorkdayChange, goal_minutes,
};
use tauri::{AppHandle, State};
use tauri_plugin_autostart::ManagerExt;

use crate::ipc::{IpcError, Noted};
use crate::state::AppState;

/// Every rule and setting, for the form.
#[tauri::command]
#[specta::specta]
pub async fn settings(state: State<'_, AppState>) -> Result<SettingsView, IpcError> {
    state.run(|app| Ok(app.plan().settings()?)).await
}

/// Adds a no-meeting weekday, date or range (`rules no-meeting add`).
#[tauri::command]
#[specta::specta]
pub async fn add_no_meeting(state: State<'_, AppState>, rule: NoMeetingSpec) -> Result<Noted, IpcError> {
    state.run(move |app| Ok(app.plan().add_no_meeting(rule.when()?)?.into())).await
}

/// Removes a no-meeting rule by id (`rules no-meeting rm`).
#[tauri::command]
#[specta::specta]
pub async fn remove_no_meeting(state: State<'_, AppState>, id: i64) -> Result<Noted, IpcError> {
    state.run(move |app| Ok(app.plan().remove_no_meeting(id).map(|_| Noted::nothing())?)).await
}

/// Sets working hours and days (`rules workday`).
#[tauri::command]
#[specta::specta]
pub async fn set_workday(
    state: State<'_, AppState>,
    start: String,
    end: String,
    days: Vec<WeekdayName>,
) -> Result<Noted, IpcError> {
    state
        .run(move |app| {
            let change = WorkdayChange::from_form(&start, &end, &days)?;
            Ok(app.plan().set_workday(change).map(|_| Noted::nothing())?)
        })
        .await
}

/// Sets the weekly goals in hours (`rules goals`).
#[tauri::command]
#[specta::specta]
pub async fn set_goals(
    state: State<'_, AppState>,
    deep_hours: f64,
    learning_hours: f64,
) -> Result<Noted, IpcError> {
    state
        .run(move |app| {
            let deep = goal_minutes(Some(deep_hours), "deep-work")?;
            let learning = goal_minutes(Some(learning_hours), "learning")?;
            Ok(app.plan().set_goals(deep, learning).map(|_| Noted::nothing())?)
        })
        .await
}

/// Sets the shortest deep block without a warning (`rules min-deep`).
#[tauri::command]
#[specta::specta]
pub async fn set_min_deep(state: State<'_, AppState>, minutes: u32) -> Result<Noted, IpcError> {
    state.run(move |app| Ok(app.plan().set_min_deep_minutes(minutes).map(|_| Noted::nothing())?)).await
}

/// Sets the first day of the week (`rules week-start`).
#[tauri::command]
#[specta::specta]
pub async fn set_week_start(state: State<'_, AppState>, day: WeekdayName) -> Result<Noted, IpcError> {
    state.run(move |app| Ok(app.plan().set_week_start(day.into()).map(|_| Noted::nothing())?)).await
}

/// Adds one of the user's email addresses (`rules me add`).
#[tauri::command]
#[specta::specta]
pub async fn add_address(state: State<'_, AppState>, email: String) -> Result<Noted, IpcError> {
    state.run(move |app| Ok(app.plan().add_my_address(&email)?.into())).await
}

/// Forgets one of the user's email addresses (`rules me rm`).
#[tauri::command]
#[specta::specta]
pub async fn remove_address(state: State<'_, AppState>, email: String) -> Result<Noted, IpcError> {
    state.run(move |app| Ok(app.plan().remove_my_address(&email).map(|_| Noted::nothing())?)).await
}

/// Sets the comment sent with declined invitations (`rules decline-comment`).
#[tauri::command]
#[specta::specta]
pub async fn set_decline_comment(state: State<'_, AppState>, text: String) -> Result<Noted, IpcError> {
    state.run(move |app| Ok(app.plan().set_decline_comment(&text).map(|_| Noted::nothing())?)).await
}

/// Sets the kinds of block that start a focus session (`rules auto-focus`).
#[tauri::command]
#[specta::specta]
pub async fn set_auto_focus(state: State<'_, AppState>, kinds: Vec<Kind>) -> Result<Noted, IpcError> {
    state
        .run(move |app| {
            let kinds = KindSet::of(&kinds).map_err(ServiceError::from)?;
            Ok(app.plan().set_auto_focus(kinds).map(|_| Noted::nothing())?)
        })
        .await
}

/// Sets the kinds of block published as busy (`rules busy`); the calendar
/// thread then republishes what changed sides.
#[tauri::command]
#[specta::specta]
pub async fn set_busy_kinds(
    handle: AppHandle,
    state: State<'_, AppState>,
    kinds: Vec<Kind>,
) -> Result<Noted, IpcError> {
    state.run(move |app| Ok(app.plan().set_busy_kinds(KindSet::any_of(&kinds))?)).await?;
    crate::calendars::sync_soon(&handle);
    Ok(Noted::nothing())
}

/// Sets the rhythm of sessions not given one (`rules focus-rhythm`).
#[tauri::command]
#[specta::specta]
pub async fn set_focus_rhythm(state: State<'_, AppState>, rhythm: RhythmMinutes) -> Result<Noted, IpcError> {
    state
        .run(move |app| {
            let rhythm = rhythm.rhythm()?;
            Ok(app.plan().set_focus_rhythm(rhythm).map(|_| Noted::nothing())?)
        })
        .await
}

/// Whether the app starts when the user logs in.
#[tauri::command(async)]
#[specta::specta]
pub fn start_on_login(app: AppHandle) -> Result<bool, IpcError> {
    app.autolaunch().is_enabled().map_err(|e| login_error(&e))
}

/// Turns starting on login on or off (an XDG autostart entry on Linux).
#[tauri::command(async)]
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
