//! Undo and redo of the changes made in this window.

use deepblock_service::Replayed;
use tauri::State;

use crate::ipc::IpcError;
use crate::state::AppState;

/// Reverts the latest change.
#[tauri::command]
#[specta::specta]
pub async fn undo(state: State<'_, AppState>) -> Result<Replayed, IpcError> {
    state.edit(|app| Ok(app.plan().undo()?)).await
}

/// Makes the latest undone change again.
#[tauri::command]
#[specta::specta]
pub async fn redo(state: State<'_, AppState>) -> Result<Replayed, IpcError> {
    state.edit(|app| Ok(app.plan().redo()?)).await
}
