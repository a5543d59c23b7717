//! Fakes of the system parts the service reaches: what a test of the
//! service's own logic puts where the desktop and the focus daemon would
//! be. They record what they were asked; none is the proof that the real
//! part works (the end-to-end tests are).

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};
use deepblock_blocker::dbus::StatusReply;
use deepblock_service::{
    DaemonState, ErrorCode, Notifier, PlanWatch, ServiceError, ServiceResult, SiteBlocking, Watcher,
};

/// Keeps what would have been shown on the desktop; clones share it.
#[derive(Debug, Clone, Default)]
pub struct Shown(Arc<Mutex<Vec<(String, String)>>>);

impl Shown {
    /// Every (title, body) shown so far.
    pub fn all(&self) -> Vec<(String, String)> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// The titles shown so far.
    pub fn titles(&self) -> Vec<String> {
        self.all().into_iter().map(|(title, _)| title).collect()
    }
}

impl Notifier for Shown {
    fn show(&self, title: &str, body: &str) -> Result<(), String> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).push((title.to_owned(), body.to_owned()));
        Ok(())
    }
}

/// How the fake daemon behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    /// Not installed: sessions are advisory.
    Missing,
    /// Blocks what it is asked to, like the real daemon.
    Working,
    /// Hangs: every call comes back as not answering.
    Silent,
}

#[derive(Debug)]
struct DaemonInner {
    behaviour: Behaviour,
    blocking: Option<(Vec<String>, DateTime<Utc>, bool)>,
    calls: Vec<String>,
}

/// A focus daemon; clones share it.
#[derive(Debug, Clone)]
pub struct FakeDaemon(Arc<Mutex<DaemonInner>>);

impl FakeDaemon {
    fn behaving(behaviour: Behaviour) -> Self {
        Self(Arc::new(Mutex::new(DaemonInner { behaviour, blocking: None, calls: Vec::new() })))
    }

    /// No daemon installed.
    pub fn missing() -> Self {
        Self::behaving(Behaviour::Missing)
    }

    /// A daemon that blocks as asked.
    pub fn working() -> Self {
        Self::behaving(Behaviour::Working)
    }

    /// A daemon that never answers.
    pub fn silent() -> Self {
        Self::behaving(Behaviour::Silent)
    }

    /// Changes how it behaves from now on (installed, started, hung).
    pub fn behave(&self, behaviour: Behaviour) {
        self.inner().behaviour = behaviour;
    }

    /// The calls it received, by name (`start`, `extend`, `stop`), status
    /// left out.
    pub fn calls(&self) -> Vec<String> {
        self.inner().calls.clone()
    }

    /// The names it blocks now and until when.
    pub fn blocking(&self) -> Option<(Vec<String>, DateTime<Utc>)> {
        self.inner().blocking.as_ref().map(|(hosts, end, _)| (hosts.clone(), *end))
    }

    fn inner(&self) -> std::sync::MutexGuard<'_, DaemonInner> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn answer(
        &self,
        call: &str,
        change: impl FnOnce(&mut DaemonInner) -> Result<(), ServiceError>,
    ) -> Result<StatusReply, DaemonState> {
        let mut inner = self.inner();
        if call != "status" {
            inner.calls.push(call.to_owned());
        }
        match inner.behaviour {
            Behaviour::Missing => return Err(DaemonState::Missing("no daemon in this test".to_owned())),
            Behaviour::Silent => return Err(DaemonState::NotAnswering),
            Behaviour::Working => {}
        }
        change(&mut inner).map_err(DaemonState::Refused)?;
        Ok(match &inner.blocking {
            Some((hosts, end, locked)) => StatusReply {
                active: true,
                end_utc: end.timestamp(),
                locked: *locked,
                hosts: hosts.clone(),
                remaining_secs: 0,
                firewall: false,
            },
            None => StatusReply::idle(),
        })
    }
}

impl SiteBlocking for FakeDaemon {
    fn status(&self) -> Result<StatusReply, DaemonState> {
        self.answer("status", |_| Ok(()))
    }

    fn start(&self, hosts: &[String], end: DateTime<Utc>, locked: bool) -> Result<StatusReply, DaemonState> {
        self.answer("start", |inner| {
            inner.blocking = Some((hosts.to_vec(), end, locked));
            Ok(())
        })
    }

    fn extend(&self, end: DateTime<Utc>) -> Result<StatusReply, DaemonState> {
        self.answer("extend", |inner| match inner.blocking.as_mut() {
            Some(blocking) => {
                blocking.1 = end;
                Ok(())
            }
            None => Err(ServiceError::bad_input("no session to extend")),
        })
    }

    fn stop(&self) -> Result<StatusReply, DaemonState> {
        self.answer("stop", |inner| {
            if inner.blocking.as_ref().is_some_and(|(_, _, locked)| *locked) {
                return Err(ServiceError::new(ErrorCode::BadInput, "the session is locked"));
            }
            inner.blocking = None;
            Ok(())
        })
    }
}

/// What a watcher was told to call.
type Listener = Box<dyn Fn() + Send>;

/// File events the test fires by hand; clones share them.
#[derive(Clone, Default)]
pub struct ManualWatcher(Arc<Mutex<Vec<Listener>>>);

impl ManualWatcher {
    /// Reports a burst of writes to the database, as the kernel would.
    pub fn fire(&self) {
        for listener in self.0.lock().unwrap_or_else(PoisonError::into_inner).iter() {
            listener();
        }
    }
}

impl Watcher for ManualWatcher {
    fn watch(&self, _: &Path, changed: Box<dyn Fn() + Send>) -> ServiceResult<PlanWatch> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).push(changed);
        Ok(PlanWatch::new(()))
    }
}
