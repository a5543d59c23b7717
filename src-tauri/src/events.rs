//! Events the shell sends the window, typed for the generated bindings.

use serde::{Deserialize, Serialize};
use specta::Type;

use deepblock_service::TimerView;

use crate::ipc::FocusView;

/// The plan changed on disk (this window, the CLI, an import): reload the
/// week.
#[derive(Debug, Clone, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct PlanChanged {
    /// Always `disk` for now; room for finer reasons.
    pub source: String,
}

/// Focus started, stopped, or changed phase (from the tray or a timer).
#[derive(Debug, Clone, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct FocusChanged {
    /// Where focus stands now.
    pub focus: FocusView,
}

/// The tracking timer started or stopped (from the window, the tray or the
/// CLI), or a minute passed while it runs.
#[derive(Debug, Clone, Serialize, Type, tauri_specta::Event)]
pub struct TimerChanged {
    /// The running timer, if any.
    pub timer: Option<TimerView>,
}

/// A panel that shows the tray came or went: the header says where the
/// tray's entries are when none shows it.
#[derive(Debug, Clone, Serialize, Type, tauri_specta::Event)]
pub struct TrayChanged {
    /// Whether the tray icon shows anywhere.
    pub shown: bool,
}
