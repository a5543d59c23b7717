//! Calendar files dropped on the window.

use std::path::PathBuf;

use deepblock_service::Opened;
use tauri::State;

use crate::ipc::IpcError;
use crate::state::AppState;

/// Triages a dropped invitation (its reply saved beside it) or imports a
/// dropped calendar.
#[tauri::command]
#[specta::specta]
pub async fn open_calendar_file(state: State<'_, AppState>, path: PathBuf) -> Result<Opened, IpcError> {
    state.edit(move |app| Ok(app.open_calendar_file(&path)?)).await
}
