//! The one service instance the window, the tray and the timers share.

use std::sync::{Mutex, MutexGuard, PoisonError};

use deepblock_service::{Deepblock, SystemClock, default_db_path, resolve_zone};

use crate::ipc::IpcError;

/// The plan, opened once at start. When it cannot be opened (a database
/// from a newer version, say) the window still opens and every command
/// answers with the reason, so the user sees it instead of a crash.
pub struct AppState {
    opened: Result<Mutex<Deepblock>, IpcError>,
    /// The database file, for the change watcher.
    pub db_path: Option<std::path::PathBuf>,
}

impl AppState {
    /// Opens the database named by `DEEPBLOCK_DB` (the CLI's variable) or
    /// the default one, in the zone named by `DEEPBLOCK_TZ` or the system's.
    pub fn open() -> Self {
        let path =
            std::env::var_os("DEEPBLOCK_DB").map(std::path::PathBuf::from).map_or_else(default_db_path, Ok);
        let opened = path.clone().and_then(|path| {
            let tz = resolve_zone(std::env::var("DEEPBLOCK_TZ").ok().as_deref())?;
            Deepblock::open(&path, tz, Box::new(SystemClock))
        });
        Self { opened: opened.map(Mutex::new).map_err(IpcError::from), db_path: path.ok() }
    }

    /// The service, locked for one command.
    pub fn app(&self) -> Result<MutexGuard<'_, Deepblock>, IpcError> {
        match &self.opened {
            Ok(app) => Ok(app.lock().unwrap_or_else(PoisonError::into_inner)),
            Err(error) => Err(error.clone()),
        }
    }
}
