//! The system of an instance that reaches nothing (examples, tests that
//! replace only what they use): every part answers as an absent one would.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use deepblock_blocker::dbus::StatusReply;

use crate::feed::{FeedRequest, FeedResponse, HttpServer};
use crate::watch::{PlanWatch, Watcher};
use crate::{DaemonState, ErrorCode, Notifier, Secrets, ServiceError, ServiceResult, SiteBlocking};

/// Said by every part that is not there.
const DETACHED: &str = "this Deepblock instance is not connected to the system";

/// No focus daemon: sessions are advisory.
pub struct NoDaemon;

impl SiteBlocking for NoDaemon {
    fn status(&self) -> Result<StatusReply, DaemonState> {
        Err(DaemonState::Missing(format!("sites are not blocked: {DETACHED}")))
    }

    fn start(&self, _: &[String], _: DateTime<Utc>, _: bool) -> Result<StatusReply, DaemonState> {
        self.status()
    }

    fn extend(&self, _: DateTime<Utc>) -> Result<StatusReply, DaemonState> {
        self.status()
    }

    fn stop(&self) -> Result<StatusReply, DaemonState> {
        self.status()
    }
}

/// No desktop to show notifications on.
pub struct NoDesktop;

impl Notifier for NoDesktop {
    fn show(&self, _: &str, _: &str) -> Result<(), String> {
        Err(DETACHED.to_owned())
    }
}

/// A keyring that lives as long as the instance.
#[derive(Default)]
pub struct MemorySecrets(Mutex<HashMap<String, String>>);

impl Secrets for MemorySecrets {
    fn get(&self, name: &str) -> ServiceResult<Option<String>> {
        Ok(self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(name).cloned())
    }

    fn set(&self, name: &str, value: &str) -> ServiceResult<()> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(name.to_owned(), value.to_owned());
        Ok(())
    }

    fn delete(&self, name: &str) -> ServiceResult<()> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(name);
        Ok(())
    }
}

/// No file events.
pub struct NoWatcher;

impl Watcher for NoWatcher {
    fn watch(&self, _: &Path, _: Box<dyn Fn() + Send>) -> ServiceResult<PlanWatch> {
        Ok(PlanWatch::new(()))
    }
}

/// No listener.
pub struct NoListener;

impl HttpServer for NoListener {
    fn serve(
        &self,
        _: u16,
        _: &mut dyn FnMut(u16),
        _: &dyn Fn(&FeedRequest<'_>) -> FeedResponse,
    ) -> ServiceResult<()> {
        Err(ServiceError::new(ErrorCode::Environment, DETACHED))
    }
}
