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
pub async fn planner_week(
    state: State<'_, AppState>,
    date: Option<NaiveDate>,
) -> Result<PlannerWeek, IpcError> {
    state.run(move |app| Ok(app.plan().planner_week(date)?)).await
}

/// Adds a block; refused with the rule's message when it breaks one.
#[tauri::command]
#[specta::specta]
pub async fn add_block(state: State<'_, AppState>, block: NewBlock) -> Result<Saved, IpcError> {
    state
        .edit(move |app| {
            let changed = app.plan().add_block(block.into_draft(app.tz()))?;
            Ok(Saved::of(changed, app.tz()))
        })
        .await
}

/// Moves or resizes a block, or one occurrence of a series.
#[tauri::command]
#[specta::specta]
pub async fn move_block(state: State<'_, AppState>, id: BlockId, to: MoveTo) -> Result<Saved, IpcError> {
    state
        .edit(move |app| {
            let changed = app.plan().move_block(id, to.into_move(app.tz()))?;
            Ok(Saved::of(changed, app.tz()))
        })
        .await
}

/// Changes a block's title, kind, category, protection or repetition.
#[tauri::command]
#[specta::specta]
pub async fn edit_block(
    state: State<'_, AppState>,
    id: BlockId,
    changes: BlockChanges,
) -> Result<Saved, IpcError> {
    state
        .edit(move |app| {
            let changed = app.plan().edit_block(id, changes.into())?;
            Ok(Saved::of(changed, app.tz()))
        })
        .await
}

/// Deletes a block, or one occurrence of a series.
#[tauri::command]
#[specta::specta]
pub async fn delete_block(
    state: State<'_, AppState>,
    id: BlockId,
    occurrence: Option<NaiveDateTime>,
) -> Result<Entry, IpcError> {
    state
        .edit(move |app| {
            let deleted = app.plan().delete_block(id, occurrence)?;
            Ok(Entry::first(&deleted, app.tz()))
        })
        .await
}

/// Makes the one-off deep-work blocks of the week holding `date` repeat
/// every week: the weekly template.
#[tauri::command]
#[specta::specta]
pub async fn repeat_week_deep_blocks(
    state: State<'_, AppState>,
    date: Option<NaiveDate>,
) -> Result<Repeated, IpcError> {
    state.edit(move |app| Ok(app.plan().repeat_week_deep_blocks(date)?.into())).await
}
