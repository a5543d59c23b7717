//! Focus sessions from the focus panel (the tray calls the same service),
//! and the blocklist from the settings view.

use deepblock_core::focus::Rhythm;
use deepblock_service::{FocusStart, ServiceError};
use tauri::{AppHandle, State};

use crate::ipc::{FocusView, IpcError};
use crate::state::AppState;
use crate::tray;

/// Where focus stands now.
#[tauri::command]
#[specta::specta]
pub fn focus_status(state: State<'_, AppState>) -> Result<FocusView, IpcError> {
    Ok(state.app()?.focus_status()?.into())
}

/// Starts a session of `minutes` with `rhythm` (`50/10` when none), locked
/// or not.
#[tauri::command]
#[specta::specta]
pub fn focus_start(
    handle: AppHandle,
    state: State<'_, AppState>,
    minutes: u32,
    rhythm: Option<String>,
    locked: bool,
) -> Result<FocusView, IpcError> {
    let rhythm = rhythm.map(|r| r.parse::<Rhythm>()).transpose().map_err(ServiceError::from)?;
    let start = FocusStart { minutes: Some(minutes), rhythm, locked, ..FocusStart::default() };
    let view: FocusView = state.app()?.focus_start(start)?.into();
    tray::focus_changed(&handle, &view);
    Ok(view)
}

/// Adds `minutes` to the running session (locked ones too).
#[tauri::command]
#[specta::specta]
pub fn focus_extend(
    handle: AppHandle,
    state: State<'_, AppState>,
    minutes: u32,
) -> Result<FocusView, IpcError> {
    let view: FocusView = state.app()?.focus_extend(Some(minutes), None)?.into();
    tray::focus_changed(&handle, &view);
    Ok(view)
}

/// Stops the running session (refused for a locked one).
#[tauri::command]
#[specta::specta]
pub fn focus_stop(handle: AppHandle, state: State<'_, AppState>) -> Result<FocusView, IpcError> {
    let mut app = state.app()?;
    app.focus_stop()?;
    let view: FocusView = app.focus_status()?.into();
    tray::focus_changed(&handle, &view);
    Ok(view)
}

/// The names focus sessions block.
#[tauri::command]
#[specta::specta]
pub fn blocklist(state: State<'_, AppState>) -> Result<Vec<String>, IpcError> {
    Ok(state.app()?.blocklist()?)
}

/// Adds names, checked as the daemon checks them (all or none); the list after.
#[tauri::command]
#[specta::specta]
pub fn blocklist_add(state: State<'_, AppState>, hosts: Vec<String>) -> Result<Vec<String>, IpcError> {
    let mut app = state.app()?;
    app.blocklist_add(&hosts)?;
    Ok(app.blocklist()?)
}

/// Removes names; the list after.
#[tauri::command]
#[specta::specta]
pub fn blocklist_remove(state: State<'_, AppState>, hosts: Vec<String>) -> Result<Vec<String>, IpcError> {
    let mut app = state.app()?;
    app.blocklist_remove(&hosts)?;
    Ok(app.blocklist()?)
}
