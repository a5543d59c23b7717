//! Focus sessions from the focus panel and the tray, and the blocklist
//! from the settings view. Every call may wait on the focus daemon, so each
//! runs off the main thread and tells the tray, the window and the timer
//! what changed.

use deepblock_service::{Deepblock, FocusStart, RhythmMinutes};
use tauri::{AppHandle, Manager, State};

use crate::announce;
use crate::ipc::{FocusView, IpcError};
use crate::state::AppState;

/// Where focus stands now.
#[tauri::command]
#[specta::specta]
pub async fn focus_status(state: State<'_, AppState>) -> Result<FocusView, IpcError> {
    state.run(|app| Ok(app.focus_status()?.into())).await
}

/// Starts a session of `minutes` with `rhythm` (the user's default when
/// none), locked or not; with `timebox`, a debugging time-box about that
/// question.
#[tauri::command]
#[specta::specta]
pub async fn focus_start(
    handle: AppHandle,
    state: State<'_, AppState>,
    minutes: u32,
    rhythm: Option<RhythmMinutes>,
    locked: bool,
    timebox: Option<String>,
) -> Result<FocusView, IpcError> {
    let view = state
        .run(move |app| {
            let rhythm = rhythm.map(RhythmMinutes::rhythm).transpose()?;
            let timebox = timebox.filter(|q| !q.trim().is_empty());
            let start =
                FocusStart { minutes: Some(minutes), rhythm, locked, timebox, ..FocusStart::default() };
            Ok(FocusView::from(app.focus_start(start)?))
        })
        .await?;
    announce::focus_changed(&handle, &view);
    Ok(view)
}

/// Records whether the cause was found for the latest time-box not yet
/// answered (the CLI's `focus found`).
#[tauri::command]
#[specta::specta]
pub async fn focus_found(
    handle: AppHandle,
    state: State<'_, AppState>,
    found: bool,
) -> Result<FocusView, IpcError> {
    let view = state
        .run(move |app| {
            app.plan().answer_timebox(found)?;
            Ok(FocusView::from(app.focus_status()?))
        })
        .await?;
    announce::show_focus(&handle, &view);
    Ok(view)
}

/// Adds `minutes` to the running session (locked ones too).
#[tauri::command]
#[specta::specta]
pub async fn focus_extend(
    handle: AppHandle,
    state: State<'_, AppState>,
    minutes: u32,
) -> Result<FocusView, IpcError> {
    let view = state.run(move |app| Ok(FocusView::from(app.focus_extend(Some(minutes), None)?))).await?;
    announce::focus_changed(&handle, &view);
    Ok(view)
}

/// Stops the running session (refused for a locked one).
#[tauri::command]
#[specta::specta]
pub async fn focus_stop(handle: AppHandle, state: State<'_, AppState>) -> Result<FocusView, IpcError> {
    let view = state.run(stop).await?;
    announce::focus_changed(&handle, &view);
    Ok(view)
}

fn stop(app: &Deepblock) -> Result<FocusView, IpcError> {
    app.focus_stop()?;
    Ok(app.focus_status()?.into())
}

/// The tray's Start and Stop entries: the same as the panel's, run off the
/// main thread (the tray's menu events arrive on it).
pub fn from_tray(handle: &AppHandle, start: bool) {
    let handle = handle.clone();
    tauri::async_runtime::spawn(async move {
        let state = handle.state::<AppState>();
        let done = if start {
            state.run(|app| Ok(FocusView::from(app.focus_start(FocusStart::default())?))).await
        } else {
            state.run(stop).await
        };
        match done {
            Ok(view) => announce::focus_changed(&handle, &view),
            Err(error) => tracing::warn!("the tray's focus action failed: {}", error.message),
        }
    });
}

/// The names focus sessions block.
#[tauri::command]
#[specta::specta]
pub async fn blocklist(state: State<'_, AppState>) -> Result<Vec<String>, IpcError> {
    state.run(|app| Ok(app.plan().blocklist()?)).await
}

/// Adds names, checked as the daemon checks them (all or none); the list after.
#[tauri::command]
#[specta::specta]
pub async fn blocklist_add(state: State<'_, AppState>, hosts: Vec<String>) -> Result<Vec<String>, IpcError> {
    state
        .run(move |app| {
            let mut plan = app.plan();
            plan.blocklist_add(&hosts)?;
            Ok(plan.blocklist()?)
        })
        .await
}

/// Removes names; the list after.
#[tauri::command]
#[specta::specta]
pub async fn blocklist_remove(
    state: State<'_, AppState>,
    hosts: Vec<String>,
) -> Result<Vec<String>, IpcError> {
    state
        .run(move |app| {
            let mut plan = app.plan();
            plan.blocklist_remove(&hosts)?;
            Ok(plan.blocklist()?)
        })
        .await
}
