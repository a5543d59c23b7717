//! The planner window itself: hidden to the tray from the keyboard
//! (Ctrl+W), as closing it does, while the app goes on in the tray.

use tauri::WebviewWindow;

use crate::ipc::IpcError;

/// Hides the window; the tray's "Open planner" brings it back.
#[tauri::command]
#[specta::specta]
pub async fn hide_to_tray(window: WebviewWindow) -> Result<(), IpcError> {
    window.hide().map_err(IpcError::crashed)
}
