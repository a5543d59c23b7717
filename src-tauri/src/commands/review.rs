//! The Review page: the week's numbers, the trend and the retro, the next
//! week planned from this one, and charts saved as pictures. Reading
//! ActivityWatch waits on the network, so every command runs off the main
//! thread.

use chrono::NaiveDate;
use deepblock_service::{NextWeek, Retro, ReviewPage, save_export};
use serde::Deserialize;
use specta::Type;
use tauri::State;

use crate::ipc::{IpcError, Noted};
use crate::state::AppState;

/// The review of the week holding `date` (the week just ending when
/// absent), ActivityWatch read first.
#[tauri::command]
#[specta::specta]
pub async fn review_page(
    state: State<'_, AppState>,
    date: Option<NaiveDate>,
) -> Result<ReviewPage, IpcError> {
    state.run(move |app| Ok(app.review_page(date)?)).await
}

/// Keeps the retro's answers with the week starting on `first_day`.
#[tauri::command]
#[specta::specta]
pub async fn save_retro(
    state: State<'_, AppState>,
    first_day: NaiveDate,
    retro: Retro,
) -> Result<Retro, IpcError> {
    state
        .run(move |app| {
            let mut plan = app.plan();
            let week = plan.week_holding(first_day)?;
            plan.save_retro(week, &retro)?;
            Ok(plan.retro(week)?)
        })
        .await
}

/// What planning next week did, with what the rules said.
#[derive(Debug, Clone, serde::Serialize, Type)]
pub struct NextWeekPlanned {
    /// Copied and left behind.
    pub next: NextWeek,
    /// Warnings and notes.
    pub noted: Noted,
}

/// Plans the week after the one starting on `first_day` from it.
#[tauri::command]
#[specta::specta]
pub async fn plan_next_week(
    state: State<'_, AppState>,
    first_day: NaiveDate,
) -> Result<NextWeekPlanned, IpcError> {
    state
        .edit(move |app| {
            let mut plan = app.plan();
            let week = plan.week_holding(first_day)?;
            let done = plan.plan_next_week_from(week)?;
            let next = done.value.clone();
            Ok(NextWeekPlanned { next, noted: done.into() })
        })
        .await
}

/// A chart's picture, as the page drew it.
#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum Picture {
    /// Vector, as drawn.
    Svg,
    /// Pixels.
    Png,
}

/// Saves a chart's picture; the path it went to.
#[tauri::command]
#[specta::specta]
pub async fn export_chart(
    state: State<'_, AppState>,
    name: String,
    picture: Picture,
    bytes: Vec<u8>,
) -> Result<String, IpcError> {
    let extension = match picture {
        Picture::Svg => "svg",
        Picture::Png => "png",
    };
    state.run(move |_| Ok(save_export(&format!("{name}.{extension}"), &bytes)?.display().to_string())).await
}
