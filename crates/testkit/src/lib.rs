//! What Deepblock's tests share, so that no test file declares its own
//! copy: zones and wall times ([`time`]), a clock the test moves
//! ([`TestClock`]), and fakes of the system parts the service reaches
//! ([`fakes`]), wired into a service on a real SQLite file ([`TestApp`]).
//!
//! ```
//! use deepblock_testkit::{TestApp, lisbon, at};
//!
//! let app = TestApp::new("2026-12-01T08:00");
//! assert_eq!(app.app.now(), at(lisbon(), "2026-12-01T08:00"));
//! ```

pub mod fakes;
pub mod time;

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};
use deepblock_core::Clock;
use deepblock_service::{Deepblock, System};

pub use time::{at, in_lisbon, lisbon, wall, zone};

/// A clock the test sets; clones share the instant.
#[derive(Debug, Clone)]
pub struct TestClock(Arc<Mutex<DateTime<Utc>>>);

impl TestClock {
    /// A clock showing `now`.
    pub fn new(now: DateTime<Utc>) -> Self {
        Self(Arc::new(Mutex::new(now)))
    }

    /// Moves the clock to `now` (backwards too).
    pub fn set(&self, now: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = now;
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A service on a fresh SQLite file in a temporary directory, planning in
/// Europe/Lisbon, with a clock the test moves and fakes for the system.
pub struct TestApp {
    /// The service.
    pub app: Deepblock,
    /// Its clock.
    pub clock: TestClock,
    /// What it showed on the "desktop".
    pub shown: fakes::Shown,
    /// The focus daemon it reaches.
    pub daemon: fakes::FakeDaemon,
    /// The database file.
    pub db: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl TestApp {
    /// A plan in Lisbon at the local time `now` (`2026-12-01T08:00`), with
    /// no focus daemon installed.
    pub fn new(now: &str) -> Self {
        Self::with_daemon(now, fakes::FakeDaemon::missing())
    }

    /// The same, reaching `daemon`.
    pub fn with_daemon(now: &str, daemon: fakes::FakeDaemon) -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let db = dir.path().join("plan.db");
        let clock = TestClock::new(at(lisbon(), now));
        let shown = fakes::Shown::default();
        let mut system = System::detached();
        system.notifier = Box::new(shown.clone());
        system.site_blocker = Box::new(daemon.clone());
        let app =
            Deepblock::open(&db, lisbon(), clock.clone()).expect("a new plan opens").with_system(system);
        Self { app, clock, shown, daemon, db, _dir: dir }
    }

    /// Moves the clock to the Lisbon wall time `now`.
    pub fn set(&self, now: &str) {
        self.clock.set(at(lisbon(), now));
    }

    /// A second service on the same file, clock and fakes: another process
    /// (the CLI beside the window), or this one after a restart.
    pub fn reopen(&self) -> Deepblock {
        let mut system = System::detached();
        system.notifier = Box::new(self.shown.clone());
        system.site_blocker = Box::new(self.daemon.clone());
        Deepblock::open(&self.db, lisbon(), self.clock.clone())
            .expect("the plan opens again")
            .with_system(system)
    }
}

impl std::ops::Deref for TestApp {
    type Target = Deepblock;

    fn deref(&self) -> &Deepblock {
        &self.app
    }
}
