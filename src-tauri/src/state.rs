//! The one service instance the window, the tray and the timer share, and
//! the way commands reach it off the window's main thread.

use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, OnceLock};

use deepblock_service::{Deepblock, SystemClock, default_db_path, resolve_zone};

use crate::ipc::IpcError;

/// The plan, opened once at start. When it cannot be opened (a database
/// from a newer version, say) the window still opens and every command
/// answers with the reason, so the user sees it instead of a crash.
pub struct AppState {
    opened: Result<Arc<Deepblock>, IpcError>,
    /// Wakes the calendar thread (see `calendars`), once it runs.
    calendar_wake: OnceLock<Mutex<Sender<()>>>,
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
        Self { opened: opened.map(Arc::new).map_err(IpcError::from), calendar_wake: OnceLock::new() }
    }

    /// The service.
    pub fn app(&self) -> Result<Arc<Deepblock>, IpcError> {
        self.opened.clone()
    }

    /// Lets `wake` reach the calendar thread from now on.
    pub fn set_calendar_wake(&self, wake: Sender<()>) {
        let _ = self.calendar_wake.set(Mutex::new(wake));
    }

    /// Asks the calendar thread for a round soon: the plan changed, and a
    /// connected calendar should see it without waiting its quarter hour.
    pub fn wake_calendars(&self) {
        if let Some(wake) = self.calendar_wake.get() {
            let _ = wake.lock().unwrap_or_else(std::sync::PoisonError::into_inner).send(());
        }
    }

    /// [`AppState::run`] for a change to the plan: the calendar thread is
    /// woken once it succeeded.
    pub async fn edit<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Deepblock) -> Result<T, IpcError> + Send + 'static,
    ) -> Result<T, IpcError> {
        let done = self.run(work).await?;
        self.wake_calendars();
        Ok(done)
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
