//! Deepblock's application services: the operations every front end (the
//! `deepblock` CLI, the desktop app) performs, in one place.
//!
//! A front end opens one [`Deepblock`] and shares it between its threads.
//! Quick operations on the plan (add a block, read a week, change a rule)
//! are methods of [`Plan`], reached through [`Deepblock::plan`], which
//! holds the plan's lock for the length of one call. Operations that also
//! wait on the system — the focus daemon, the desktop's notifications, the
//! keyring, files — are methods of [`Deepblock`] itself: they read and
//! write the plan in short locked steps and wait with the lock released,
//! so a slow daemon never stalls the planner.
//!
//! The service loads what the policy needs from the store, asks the core,
//! and writes only when the answer is yes, in one transaction, so a refused
//! change leaves the database as it was.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use deepblock_core::{FixedClock, Kind};
//! use deepblock_service::{BlockDraft, Deepblock};
//!
//! let tz: chrono_tz::Tz = "Europe/Lisbon".parse().unwrap();
//! let now = FixedClock(Utc.with_ymd_and_hms(2026, 11, 30, 8, 0, 0).unwrap());
//! let app = Deepblock::in_memory(tz, now).unwrap();
//! let start = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
//! let added = app
//!     .plan()
//!     .add_block(BlockDraft::new(Kind::Deep, start, start + chrono::Duration::hours(3)))
//!     .unwrap();
//! assert!(added.warnings.is_empty());
//! assert_eq!(app.plan().week_entries(None).unwrap().len(), 1);
//! ```

mod activity;
mod alerts;
mod blocks;
mod caldav;
mod clock;
mod entry;
mod environment;
mod error;
mod export;
mod feed;
mod files;
mod focus;
mod follow;
mod history;
mod import;
mod invite;
mod jobs;
mod log_import;
pub mod logging;
mod notifications;
mod opened;
mod plan;
mod planner;
mod retro;
mod review;
mod rules;
mod secrets;
mod settings;
mod site_blocking;
mod subscriptions;
pub mod system;
mod tasks;
mod tick;
mod timesheet;
mod tracking;
mod watch;
mod weekly;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use deepblock_core::{Clock, Finding};
use serde::Serialize;

pub use activity::ActivityPulled;
pub use blocks::{BlockDraft, BlockEdit, BlockMove, Repeat};
pub use caldav::{ConflictView, Connect, InvitationView, Keep, OfferedCalendar};
pub use clock::SystemClock;
pub use entry::{Entry, EntrySource};
pub use environment::{default_db_path, resolve_zone};
pub use error::{ErrorCode, Field, ServiceError, ServiceResult};
pub use feed::{DEFAULT_FEED_PORT, FeedRequest, FeedResponse, HttpServer, respond as feed_response};
pub use files::{read_calendar_file, save_export, write_whole};
pub use focus::{Blocking, FocusStart, FocusStatus};
pub use history::Replayed;
pub use import::ImportReport;
pub use invite::{DecisionView, INVITATIONS_CALENDAR, InviteOptions, InviteOutcome, VerdictView};
pub use jobs::{Job, JobEnd};
pub use log_import::{SheetImported, read_timesheet_file};
pub use notifications::{Notifier, NotifyOutcome};
pub use opened::Opened;
pub use plan::Plan;
pub use planner::{BreachMark, GoalSummary, NoMeetingMark, PlannerDay, PlannerWeek};
pub use retro::{NextWeek, Retro};
pub use review::{ReviewPage, TREND_WEEKS, TrendPoint, clock};
pub use rules::{RuleReport, WorkdayChange};
pub use secrets::Secrets;
pub use settings::{
    CategoryChoice, Choices, KindChoice, Labelled, NoMeetingItem, NoMeetingSpec, QuadrantChoice,
    RhythmMinutes, SettingsView, WeekdayChoice, goal_minutes,
};
pub use site_blocking::{DaemonState, SiteBlocking};
pub use subscriptions::{AccountView, CalendarSync, Subscribe, SubscriptionView, SyncOptions, SyncReport};
pub use system::System;
pub use tasks::{
    DEFAULT_PLAN_DAYS, LONGEST_PLAN_DAYS, PlacedChunk, RankedExperiment, TaskDraft, TaskPlan, TaskView,
    TasksPane,
};
pub use tick::Tick;
pub use timesheet::{SheetFormat, intervals_csv};
pub use tracking::{EntryView, TimerView, TrackStarted};
pub use watch::{PlanWatch, Watcher};

/// The result of a change that was made, with the warnings the user should
/// see (a deep block shorter than their minimum, say).
#[derive(Debug, Clone, Serialize)]
pub struct Changed<T> {
    /// What was stored.
    pub value: T,
    /// Findings that did not refuse the change.
    pub warnings: Vec<Finding>,
    /// Other things worth saying ("that rule exists already").
    pub notes: Vec<String>,
}

impl<T> Changed<T> {
    /// A change with rule warnings and nothing else to say.
    pub fn warned(value: T, warnings: Vec<Finding>) -> Self {
        Self { value, warnings, notes: Vec::new() }
    }
}

/// The application: one user's plan and rules, seen from one zone, and the
/// parts of the system it reaches (the focus daemon, notifications, the
/// keyring). Shared by reference between a front end's threads.
pub struct Deepblock {
    plan: Mutex<Plan>,
    system: System,
    clock: Arc<dyn Clock>,
    tz: Tz,
    /// The database file, for watching; none for an in-memory plan.
    db_path: Option<PathBuf>,
    /// Held while notifications are shown and marked shown, so two threads
    /// never show the same held ones twice.
    showing: Mutex<()>,
    /// Held while subscribed calendars are fetched, so the app's timer and
    /// a "sync now" never fetch the same calendar twice at once.
    syncing: Mutex<()>,
}

impl Deepblock {
    /// Opens (or creates) the database at `path`, reaching the real system.
    pub fn open(path: &Path, tz: Tz, clock: impl Clock + 'static) -> ServiceResult<Self> {
        let clock: Arc<dyn Clock> = Arc::new(clock);
        let plan = Plan::open(path, tz, clock.clone())?;
        Ok(Self::assemble(plan, System::real(), clock, tz, Some(path.to_owned())))
    }

    /// A private in-memory plan, for tests and examples. It reaches nothing
    /// of the system: no focus daemon, no desktop, an in-memory keyring.
    pub fn in_memory(tz: Tz, clock: impl Clock + 'static) -> ServiceResult<Self> {
        let clock: Arc<dyn Clock> = Arc::new(clock);
        let plan = Plan::in_memory(tz, clock.clone())?;
        Ok(Self::assemble(plan, System::detached(), clock, tz, None))
    }

    fn assemble(plan: Plan, system: System, clock: Arc<dyn Clock>, tz: Tz, db_path: Option<PathBuf>) -> Self {
        Self {
            plan: Mutex::new(plan),
            system,
            clock,
            tz,
            db_path,
            showing: Mutex::new(()),
            syncing: Mutex::new(()),
        }
    }

    /// The same plan, reaching the system through `system` instead (tests
    /// hand it fakes; a front end may swap one part).
    pub fn with_system(mut self, system: System) -> Self {
        self.system = system;
        self
    }

    /// The plan, locked for one quick operation. Nothing that waits on the
    /// system is reachable through it.
    pub fn plan(&self) -> MutexGuard<'_, Plan> {
        // A panic in another thread's operation left nothing half-written
        // (every write is one transaction), so the plan is still sound.
        self.plan.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The zone the user plans in.
    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// The current instant, from the injected clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }
}
