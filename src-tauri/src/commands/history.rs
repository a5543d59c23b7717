//! Undo and redo of the changes made in this window.

use deepblock_service::Replayed;
use tauri::State;

use crate::ipc::IpcError;
use crate::state::AppState;

/// Reverts the latest change.
#[tauri::command]
#[specta::specta]
pub fn undo(state: State<'_, AppState>) -> Result<Replayed, IpcError> {
    Ok(state.app()?.undo()?)
}

/// Makes the latest undone change again.
#[tauri::command]
#[specta::specta]
pub fn redo(state: State<'_, AppState>) -> Result<Replayed, IpcError> {
    Ok(state.app()?.redo()?)
}
