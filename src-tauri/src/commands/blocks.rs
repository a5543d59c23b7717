//! Planning: the week, and adding, moving, editing and deleting blocks.

use chrono::{NaiveDate, NaiveDateTime};
use deepblock_core::BlockId;
use deepblock_service::{Entry, PlannerWeek};
use tauri::State;

use crate::ipc::{BlockChanges, IpcError, MoveTo, NewBlock, Repeated, Saved};
use crate::state::AppState;

/// The week holding `date` (today when absent).
#[tauri::command]
#[specta::specta]
pub fn planner_week(state: State<'_, AppState>, date: Option<NaiveDate>) -> Result<PlannerWeek, IpcError> {
    Ok(state.app()?.planner_week(date)?)
}

/// Adds a block; refused with the rule's message when it breaks one.
#[tauri::command]
#[specta::specta]
pub fn add_block(state: State<'_, AppState>, block: NewBlock) -> Result<Saved, IpcError> {
    let mut app = state.app()?;
    let tz = app.tz();
    let changed = app.add_block(block.into_draft(tz))?;
    Ok(Saved::of(changed, app.tz()))
}

/// Moves or resizes a block, or one occurrence of a series.
#[tauri::command]
#[specta::specta]
pub fn move_block(state: State<'_, AppState>, id: BlockId, to: MoveTo) -> Result<Saved, IpcError> {
    let mut app = state.app()?;
    let tz = app.tz();
    let changed = app.move_block(id, to.into_move(tz))?;
    Ok(Saved::of(changed, app.tz()))
}

/// Changes a block's title, kind, category, protection or repetition.
#[tauri::command]
#[specta::specta]
pub fn edit_block(state: State<'_, AppState>, id: BlockId, changes: BlockChanges) -> Result<Saved, IpcError> {
    let mut app = state.app()?;
    let changed = app.edit_block(id, changes.into())?;
    Ok(Saved::of(changed, app.tz()))
}

/// Deletes a block, or one occurrence of a series.
#[tauri::command]
#[specta::specta]
pub fn delete_block(
    state: State<'_, AppState>,
    id: BlockId,
    occurrence: Option<NaiveDateTime>,
) -> Result<Entry, IpcError> {
    let mut app = state.app()?;
    let deleted = app.delete_block(id, occurrence)?;
    Ok(Entry::first(&deleted, app.tz()))
}

/// Makes the one-off deep-work blocks of the week holding `date` repeat
/// every week: the weekly template.
#[tauri::command]
#[specta::specta]
pub fn repeat_week_deep_blocks(
    state: State<'_, AppState>,
    date: Option<NaiveDate>,
) -> Result<Repeated, IpcError> {
    Ok(state.app()?.repeat_week_deep_blocks(date)?.into())
}
