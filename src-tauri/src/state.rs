//! The one service instance the window, the tray and the timer share, and
//! the way commands reach it off the window's main thread.

use std::sync::Arc;

use deepblock_service::{Deepblock, SystemClock, default_db_path, resolve_zone};

use crate::ipc::IpcError;

/// The plan, opened once at start. When it cannot be opened (a database
/// from a newer version, say) the window still opens and every command
/// answers with the reason, so the user sees it instead of a crash.
pub struct AppState {
    opened: Result<Arc<Deepblock>, IpcError>,
}

impl AppState {
    /// Opens the database named by `DEEPBLOCK_DB` (the CLI's variable) or
    /// the default one, in the zone named by `DEEPBLOCK_TZ` or the system's.
    pub fn open() -> Self {
        let path =
            std::env::var_os("DEEPBLOCK_DB").map(std::path::PathBuf::from).map_or_else(default_db_path, Ok);
        let opened = path.and_then(|path| {
            let tz = resolve_zone(std::env::var("DEEPBLOCK_TZ").ok().as_deref())?;
            Deepblock::open(&path, tz, SystemClock)
        });
        Self { opened: opened.map(Arc::new).map_err(IpcError::from) }
    }

    /// The service.
    pub fn app(&self) -> Result<Arc<Deepblock>, IpcError> {
        self.opened.clone()
    }

    /// Runs `work` on the service on a thread of the blocking pool, so
    /// nothing it waits for (the disk, the focus daemon, a password prompt)
    /// ever holds up the window's main thread.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Deepblock) -> Result<T, IpcError> + Send + 'static,
    ) -> Result<T, IpcError> {
        let app = self.app()?;
        tauri::async_runtime::spawn_blocking(move || work(&app)).await.map_err(IpcError::crashed)?
    }
}
