//! The tracking timer from the window's header and the tray: start it on
//! a category, stop it, see what it runs on. Each change is shown in the
//! tray and the window at once.

use chrono::NaiveDateTime;
use deepblock_core::Category;
use deepblock_core::time::resolve_local;
use deepblock_service::{Deepblock, EntryView, TimerView};
use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, Manager, State};

use crate::announce;
use crate::ipc::IpcError;
use crate::state::AppState;

/// The timer after a command, and what the command has to say (the entry
/// a stop recorded, a timer cut at the end of its workday).
#[derive(Debug, Clone, Serialize, Type)]
pub struct Tracked {
    /// The running timer, if any.
    pub timer: Option<TimerView>,
    /// One line for the user, when there is something to say.
    pub said: Option<String>,
}

/// The running timer, if any.
#[tauri::command]
#[specta::specta]
pub async fn track_status(state: State<'_, AppState>) -> Result<Option<TimerView>, IpcError> {
    state.run(|app| Ok(app.plan().track_status()?)).await
}

/// Starts the timer on `category`, stopping (and recording) the one running.
#[tauri::command]
#[specta::specta]
pub async fn track_start(
    handle: AppHandle,
    state: State<'_, AppState>,
    category: Category,
    note: Option<String>,
) -> Result<Tracked, IpcError> {
    let tracked = state.run(move |app| start(app, category, note.as_deref())).await?;
    announce::show_timer(&handle, &tracked.timer);
    Ok(tracked)
}

/// Stops the timer and records its time.
#[tauri::command]
#[specta::specta]
pub async fn track_stop(handle: AppHandle, state: State<'_, AppState>) -> Result<Tracked, IpcError> {
    let tracked = state.run(stop).await?;
    announce::show_timer(&handle, &tracked.timer);
    Ok(tracked)
}

/// Records a stretch of the past drawn on the week (wall times in the
/// user's zone) as time spent on `category`, as `deepblock log` does.
#[tauri::command]
#[specta::specta]
pub async fn log_done(
    state: State<'_, AppState>,
    start: NaiveDateTime,
    end: NaiveDateTime,
    category: Category,
) -> Result<EntryView, IpcError> {
    state
        .edit(move |app| {
            let tz = app.tz();
            let (start, end) = (resolve_local(tz, start), resolve_local(tz, end));
            Ok(app.plan().log_entry(end - start, category, Some(start), None)?)
        })
        .await
}

/// What recording `entry` came to, in a line.
fn recorded(entry: &EntryView) -> String {
    let recorded = format!("{} min of {} recorded", entry.minutes, entry.category.label());
    match &entry.cut {
        Some(cut) if entry.minutes == 0 => cut.clone(),
        Some(cut) => format!("{recorded}; {cut}"),
        None => recorded,
    }
}

fn start(app: &Deepblock, category: Category, note: Option<&str>) -> Result<Tracked, IpcError> {
    let started = app.plan().track_start(category, note)?;
    Ok(Tracked { said: started.stopped.as_ref().map(recorded), timer: Some(started.timer) })
}

fn stop(app: &Deepblock) -> Result<Tracked, IpcError> {
    let entry = app.plan().track_stop()?;
    Ok(Tracked { timer: None, said: Some(recorded(&entry)) })
}

/// What the tray's timer entries do: start on a category, or stop.
pub fn from_tray(handle: &AppHandle, category: Option<Category>) {
    let handle = handle.clone();
    tauri::async_runtime::spawn(async move {
        let state = handle.state::<AppState>();
        let done = match category {
            Some(category) => state.run(move |app| start(app, category, None)).await,
            None => state.run(stop).await,
        };
        match done {
            Ok(tracked) => announce::show_timer(&handle, &tracked.timer),
            Err(error) => tracing::warn!("the tray's timer action failed: {}", error.message),
        }
    });
}

/// Shows the timer as it stands (after a tick, or a change on disk).
pub fn refresh(handle: &AppHandle, app: &Deepblock) {
    match app.plan().track_status() {
        Ok(timer) => announce::show_timer(handle, &timer),
        Err(error) => tracing::warn!("the timer cannot be read: {}", error.message),
    }
}
