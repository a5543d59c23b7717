//! Telling a long-running front end that the plan changed on disk, so the
//! desktop window shows a block the CLI just added. The database file and
//! its write-ahead log are watched with inotify (the notify crate); nothing
//! polls.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use crate::error::{ErrorCode, ServiceError, ServiceResult};

/// How long to wait for a burst of writes (one SQLite commit touches the
/// log and the file several times) to end before saying so once.
const SETTLE: Duration = Duration::from_millis(150);

/// Keeps the watch alive; dropping it stops the watch.
pub struct PlanWatch {
    _watcher: RecommendedWatcher,
}

/// Calls `changed` once after each burst of writes to the database at
/// `path` (by this process or another).
pub fn watch_plan(path: &Path, changed: impl Fn() + Send + 'static) -> ServiceResult<PlanWatch> {
    let environment = |e: notify::Error| {
        ServiceError::new(ErrorCode::Environment, format!("cannot watch {} for changes: {e}", path.display()))
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
    Ok(PlanWatch { _watcher: watcher })
}

/// The database itself or its `-wal` log.
fn is_plan_file(path: &Path, name: &str) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n == name || n.strip_suffix("-wal") == Some(name))
}
