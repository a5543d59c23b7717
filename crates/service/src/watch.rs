//! Telling a long-running front end that another program changed the plan,
//! so the desktop window shows a block the CLI just added. File events say
//! that the database was written; the plan's `data_version` says whether
//! the write was someone else's, so the window's own edit does not reload
//! the week a second time.

use std::path::Path;
use std::sync::{Arc, Weak};

use crate::{Deepblock, ServiceResult};

/// Keeps a watch alive; dropping it stops the watch.
pub struct PlanWatch {
    _guard: Box<dyn Send + Sync>,
}

impl PlanWatch {
    /// A watch kept alive by `guard`.
    pub fn new(guard: impl Send + Sync + 'static) -> Self {
        Self { _guard: Box::new(guard) }
    }
}

/// What reports writes to a file.
pub trait Watcher: Send + Sync {
    /// Calls `changed` once after each burst of writes to the database at
    /// `path` (by this process or another) until the watch is dropped.
    fn watch(&self, path: &Path, changed: Box<dyn Fn() + Send>) -> ServiceResult<PlanWatch>;
}

impl Deepblock {
    /// Calls `changed` whenever another program (the CLI, another window)
    /// commits a change to the plan. Nothing to watch for an in-memory plan.
    pub fn watch_changes(
        self: &Arc<Self>,
        changed: impl Fn() + Send + 'static,
    ) -> ServiceResult<Option<PlanWatch>> {
        let Some(path) = self.db_path.clone() else { return Ok(None) };
        let app: Weak<Deepblock> = Arc::downgrade(self);
        let filtered = move || {
            let Some(app) = app.upgrade() else { return };
            // When the answer is unknown, a reload too many is the safe side.
            if app.plan().changed_elsewhere().unwrap_or(true) {
                changed();
            }
        };
        self.system.watcher.watch(&path, Box::new(filtered)).map(Some)
    }
}
