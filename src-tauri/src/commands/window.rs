//! The planner window itself: hidden to the tray from the keyboard
//! (Ctrl+W), as closing it does, while the app goes on in the tray; on a
//! desktop where nothing shows the tray, minimised instead, and the header
//! says so.

use tauri::{State, WebviewWindow};

use crate::ipc::IpcError;
use crate::tray::TrayHost;

/// Hides the window; the tray's "Open planner" brings it back. Where no
/// tray shows, minimises it instead, so it stays in reach.
#[tauri::command]
#[specta::specta]
pub async fn hide_to_tray(window: WebviewWindow, host: State<'_, TrayHost>) -> Result<(), IpcError> {
    crate::tray::put_away(&window, &host).map_err(IpcError::crashed)
}

/// Whether a panel shows the tray icon on this desktop, as last heard from
/// the session bus (`TrayChanged` tells of changes); the header says where
/// the tray's entries are when none does.
#[tauri::command]
#[specta::specta]
pub async fn tray_shown(host: State<'_, TrayHost>) -> Result<bool, IpcError> {
    Ok(host.shown())
}
