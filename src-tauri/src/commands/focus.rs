//! Focus sessions from the header (the tray calls the same service).

use deepblock_service::FocusStart;
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

/// Starts a session of `minutes` with the default rhythm.
#[tauri::command]
#[specta::specta]
pub fn focus_start(
    handle: AppHandle,
    state: State<'_, AppState>,
    minutes: u32,
) -> Result<FocusView, IpcError> {
    let view: FocusView =
        state.app()?.focus_start(FocusStart { minutes: Some(minutes), ..FocusStart::default() })?.into();
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
