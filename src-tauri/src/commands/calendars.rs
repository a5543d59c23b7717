//! Subscribed and connected calendars from the settings view, and the
//! conflicts the week shows. Subscribing and connecting reach the network,
//! so every command runs off the main thread.

use deepblock_service::{
    AccountView, CalendarSync, Connect, InvitationView, Keep, OfferedCalendar, Subscribe, SubscriptionView,
    SyncOptions, SyncReport,
};
use tauri::{AppHandle, State};
use tauri_specta::Event;

use crate::calendars;
use crate::events::PlanChanged;
use crate::ipc::{IpcError, Noted};
use crate::state::AppState;

/// Every subscription and where it stands.
#[tauri::command]
#[specta::specta]
pub async fn subscriptions(state: State<'_, AppState>) -> Result<Vec<SubscriptionView>, IpcError> {
    state.run(|app| Ok(app.plan().subscriptions()?)).await
}

/// Subscribes by address (`calendar subscribe`).
#[tauri::command]
#[specta::specta]
pub async fn subscribe(
    handle: AppHandle,
    state: State<'_, AppState>,
    form: Subscribe,
) -> Result<CalendarSync, IpcError> {
    let synced = state.run(move |app| Ok(app.subscribe(form)?)).await?;
    calendars_changed(&handle);
    Ok(synced)
}

/// Fetches every subscribed calendar now (`calendar sync`).
#[tauri::command]
#[specta::specta]
pub async fn sync_calendars(handle: AppHandle, state: State<'_, AppState>) -> Result<SyncReport, IpcError> {
    let report = state.run(|app| Ok(app.sync_calendars(&SyncOptions::default())?)).await?;
    plan_changed(&handle);
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
    plan_changed(&handle);
    Ok(u32::try_from(removed).unwrap_or(u32::MAX))
}

/// Every connected CalDAV account and where it stands.
#[tauri::command]
#[specta::specta]
pub async fn accounts(state: State<'_, AppState>) -> Result<Vec<AccountView>, IpcError> {
    state.run(|app| Ok(app.plan().accounts()?)).await
}

/// The calendars a CalDAV account offers, to choose from before connecting.
#[tauri::command]
#[specta::specta]
pub async fn offered_calendars(
    state: State<'_, AppState>,
    url: String,
    user: String,
    password: String,
) -> Result<Vec<OfferedCalendar>, IpcError> {
    state.run(move |app| Ok(app.offered_calendars(&url, &user, &password)?)).await
}

/// Connects a CalDAV account (`calendar connect`) and syncs it once.
#[tauri::command]
#[specta::specta]
pub async fn connect_account(
    handle: AppHandle,
    state: State<'_, AppState>,
    form: Connect,
) -> Result<CalendarSync, IpcError> {
    let synced = state.run(move |app| Ok(app.connect(form)?)).await?;
    calendars_changed(&handle);
    Ok(synced)
}

/// Settles a conflict (`calendar resolve`); the calendar thread then syncs,
/// which writes the kept version where it must go.
#[tauri::command]
#[specta::specta]
pub async fn resolve_conflict(
    handle: AppHandle,
    state: State<'_, AppState>,
    uid: String,
    keep: Keep,
) -> Result<String, IpcError> {
    let said = state.run(move |app| Ok(app.plan().resolve_conflict(&uid, keep)?)).await?;
    calendars_changed(&handle);
    Ok(said)
}

/// Declines a waiting invitation on the server (`calendar decline`); with
/// `propose`, the comment offers the first free slot.
#[tauri::command]
#[specta::specta]
pub async fn decline_invitation(
    handle: AppHandle,
    state: State<'_, AppState>,
    uid: String,
    propose: bool,
) -> Result<InvitationView, IpcError> {
    let declined = state.run(move |app| Ok(app.decline_invitation(&uid, propose)?)).await?;
    plan_changed(&handle);
    Ok(declined)
}

/// Goes to a waiting invitation despite the rule (`calendar keep`).
#[tauri::command]
#[specta::specta]
pub async fn keep_invitation(
    handle: AppHandle,
    state: State<'_, AppState>,
    uid: String,
) -> Result<InvitationView, IpcError> {
    let kept = state.run(move |app| Ok(app.keep_invitation(&uid)?)).await?;
    plan_changed(&handle);
    Ok(kept)
}

/// Turns auto-decline on or off (`rules auto-decline`); turned on, the
/// calendar thread runs a round at once, declining what waits.
#[tauri::command]
#[specta::specta]
pub async fn set_auto_decline(
    handle: AppHandle,
    state: State<'_, AppState>,
    on: bool,
) -> Result<Noted, IpcError> {
    state.run(move |app| Ok(app.plan().set_auto_decline(on)?)).await?;
    calendars_changed(&handle);
    Ok(Noted::nothing())
}

/// The calendars or what is kept of them changed: the window reloads, and
/// the calendar thread runs a round (a new account publishes, a settled
/// conflict is carried out).
fn calendars_changed(handle: &AppHandle) {
    plan_changed(handle);
    calendars::sync_soon(handle);
}

/// What the calendars hold changed: the window reloads its week.
fn plan_changed(handle: &AppHandle) {
    let _ = PlanChanged { source: "calendars".into() }.emit(handle);
}
