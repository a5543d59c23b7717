//! The Tasks pane: the backlog on the impact/effort matrix, planned again
//! after every change, with each chunk's reason. Planning writes to the
//! database, so every command runs off the main thread.

use chrono::{NaiveDate, NaiveDateTime};
use deepblock_core::task::{Effort, Experiment, Impact, TaskId, parse_estimate};
use deepblock_core::time::resolve_local;
use deepblock_core::{BlockId, Category};
use deepblock_service::{Deepblock, Plan, ServiceResult, TaskDraft, TasksPane};
use serde::Deserialize;
use specta::Type;
use tauri::State;

use crate::ipc::IpcError;
use crate::state::AppState;

/// A task as the pane's form collects it.
#[derive(Debug, Clone, Deserialize, Type)]
pub struct TaskForm {
    /// What to do.
    pub title: String,
    /// How long: `6h`, `90m`.
    pub estimate: String,
    /// The day it is due by.
    pub due: Option<NaiveDate>,
    /// How much it matters.
    pub impact: Impact,
    /// How much it takes.
    pub effort: Effort,
    /// What the time goes to.
    pub category: Category,
    /// For an experiment: its upside, cost and learning value.
    pub experiment: Option<Experiment>,
    /// The shortest chunk, as the estimate is written; none for the default.
    pub chunk_min: Option<String>,
    /// The tasks to finish first.
    pub after: Vec<TaskId>,
    /// The first day to work on it.
    pub not_before: Option<NaiveDate>,
}

impl TaskForm {
    /// The service's draft, the lengths read as the CLI reads them.
    fn draft(self) -> ServiceResult<TaskDraft> {
        let chunk_min = self.chunk_min.filter(|c| !c.trim().is_empty());
        Ok(TaskDraft {
            title: self.title,
            estimate_minutes: parse_estimate(&self.estimate)?,
            due: self.due,
            impact: self.impact,
            effort: self.effort,
            category: self.category,
            chunk_min_minutes: chunk_min.as_deref().map(parse_estimate).transpose()?,
            after: self.after,
            not_before: self.not_before,
            experiment: self.experiment,
        })
    }
}

/// Plans the backlog and lists it.
fn planned(app: &Deepblock) -> Result<TasksPane, IpcError> {
    Ok(app.plan().tasks_pane()?)
}

/// Makes `change` to the plan, then plans the backlog and lists it.
fn changed<T>(
    app: &Deepblock,
    change: impl FnOnce(&mut Plan) -> ServiceResult<T>,
) -> Result<TasksPane, IpcError> {
    change(&mut app.plan())?;
    planned(app)
}

/// The pane, after planning the backlog again.
#[tauri::command]
#[specta::specta]
pub async fn tasks_pane(state: State<'_, AppState>) -> Result<TasksPane, IpcError> {
    state.run(planned).await
}

/// Adds a task, then plans.
#[tauri::command]
#[specta::specta]
pub async fn add_task(state: State<'_, AppState>, form: TaskForm) -> Result<TasksPane, IpcError> {
    state.run(move |app| changed(app, |plan| plan.add_task(form.draft()?))).await
}

/// Replaces what task `id` says, then plans.
#[tauri::command]
#[specta::specta]
pub async fn edit_task(
    state: State<'_, AppState>,
    id: TaskId,
    form: TaskForm,
) -> Result<TasksPane, IpcError> {
    state.run(move |app| changed(app, |plan| plan.edit_task(id, form.draft()?))).await
}

/// Marks a task done (its chunks not yet begun leave), then plans.
#[tauri::command]
#[specta::specta]
pub async fn finish_task(state: State<'_, AppState>, id: TaskId) -> Result<TasksPane, IpcError> {
    state.run(move |app| changed(app, |plan| plan.finish_task(id))).await
}

/// Removes a task, then plans.
#[tauri::command]
#[specta::specta]
pub async fn remove_task(state: State<'_, AppState>, id: TaskId) -> Result<TasksPane, IpcError> {
    state.run(move |app| changed(app, |plan| plan.remove_task(id))).await
}

/// Pins or unpins a task's chunk, then plans.
#[tauri::command]
#[specta::specta]
pub async fn pin_chunk(
    state: State<'_, AppState>,
    block: BlockId,
    pinned: bool,
) -> Result<TasksPane, IpcError> {
    state.run(move |app| changed(app, |plan| plan.pin_chunk(block, pinned))).await
}

/// Places a chunk of a task by hand at a wall time of the week (dropped
/// on the grid), pinned, then plans the rest around it.
#[tauri::command]
#[specta::specta]
pub async fn place_task(
    state: State<'_, AppState>,
    id: TaskId,
    start: NaiveDateTime,
) -> Result<TasksPane, IpcError> {
    state
        .run(move |app| {
            let at = resolve_local(app.tz(), start);
            changed(app, |plan| plan.place_task_at(id, at))
        })
        .await
}
