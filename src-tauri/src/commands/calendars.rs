//! Subscribed calendars from the settings view. Subscribing fetches the
//! calendar, so every command runs off the main thread.

use deepblock_service::{CalendarSync, Subscribe, SubscriptionView, SyncOptions, SyncReport};
use tauri::{AppHandle, State};
use tauri_specta::Event;

use crate::calendars;
use crate::events::PlanChanged;
use crate::ipc::IpcError;
use crate::state::AppState;

/// Every subscription and where it stands.
#[tauri::command]
#[specta::specta]
pub async fn subscriptions(state: State<'_, AppState>) -> Result<Vec<SubscriptionView>, IpcError> {
    state.run(|app| Ok(app.plan().subscriptions()?)).await
}

/// Subscribes by address (`calendar subscribe`); `every` is "15m", "2h"
/// or "1d", the default when empty. The user and password are for a feed
/// behind basic authentication (both or neither).
#[tauri::command]
#[specta::specta]
pub async fn subscribe(
    handle: AppHandle,
    state: State<'_, AppState>,
    name: String,
    address: String,
    every: String,
    user: String,
    password: String,
) -> Result<CalendarSync, IpcError> {
    let filled = |s: String| (!s.trim().is_empty()).then_some(s);
    let request = Subscribe {
        name,
        address,
        every: filled(every),
        user: filled(user),
        password: Some(password).filter(|p| !p.is_empty()),
    };
    let synced = state.run(move |app| Ok(app.subscribe(request)?)).await?;
    let _ = PlanChanged { source: "calendars".into() }.emit(&handle);
    calendars::subscriptions_changed(&handle);
    Ok(synced)
}

/// Fetches every subscribed calendar now (`calendar sync`).
#[tauri::command]
#[specta::specta]
pub async fn sync_calendars(handle: AppHandle, state: State<'_, AppState>) -> Result<SyncReport, IpcError> {
    let report = state.run(|app| Ok(app.sync_calendars(&SyncOptions::default())?)).await?;
    let _ = PlanChanged { source: "calendars".into() }.emit(&handle);
    Ok(report)
}

/// Unsubscribes (`calendar rm`); says how many meetings left the plan.
#[tauri::command]
#[specta::specta]
pub async fn unsubscribe(
    handle: AppHandle,
    state: State<'_, AppState>,
    name: String,
) -> Result<u32, IpcError> {
    let removed = state.run(move |app| Ok(app.unsubscribe(&name)?)).await?;
    let _ = PlanChanged { source: "calendars".into() }.emit(&handle);
    Ok(u32::try_from(removed).unwrap_or(u32::MAX))
}
