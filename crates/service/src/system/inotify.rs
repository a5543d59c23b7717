//! File-change events from the kernel (inotify on Linux, through the
//! notify crate): the database and its write-ahead log are watched, nothing
//! polls.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher as _};

use crate::watch::{PlanWatch, Watcher};
use crate::{ErrorCode, ServiceError, ServiceResult};

/// How long to wait for a burst of writes (one SQLite commit touches the
/// log and the file several times) to end before saying so once.
const SETTLE: Duration = Duration::from_millis(150);

/// The kernel's file events.
#[derive(Debug, Default)]
pub struct Inotify;

impl Watcher for Inotify {
    fn watch(&self, path: &Path, changed: Box<dyn Fn() + Send>) -> ServiceResult<PlanWatch> {
        let environment = |e: notify::Error| {
            ServiceError::new(
                ErrorCode::Environment,
                format!("cannot watch {} for changes: {e}", path.display()),
            )
        };
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_owned();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let (tx, rx) = mpsc::channel::<()>();
        let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let Ok(event) = event else { return };
            if event.kind.is_modify() && event.paths.iter().any(|p| is_plan_file(p, &name)) {
                let _ = tx.send(());
            }
        })
        .map_err(environment)?;
        watcher.watch(&dir, RecursiveMode::NonRecursive).map_err(environment)?;
        std::thread::Builder::new()
            .name("plan-watch".into())
            .spawn(move || {
                while rx.recv().is_ok() {
                    while rx.recv_timeout(SETTLE).is_ok() {}
                    changed();
                }
            })
            .map_err(|e| {
                ServiceError::new(ErrorCode::Environment, format!("cannot start the plan watch: {e}"))
            })?;
        Ok(PlanWatch::new(watcher))
    }
}

/// The database itself or its `-wal` log.
fn is_plan_file(path: &Path, name: &str) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n == name || n.strip_suffix("-wal") == Some(name))
}
