//! Deepblock's application services: the operations every front end (the
//! `deepblock` CLI, the desktop app) performs, in one place.
//!
//! A front end parses its input into domain values, calls one method of
//! [`Deepblock`], and shows the result or the [`ServiceError`]. The service
//! loads what the policy needs from the store, asks the core, and writes
//! only when the answer is yes, so a refused change leaves the database as
//! it was.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use deepblock_core::{FixedClock, Kind};
//! use deepblock_service::{BlockDraft, Deepblock};
//!
//! let tz: chrono_tz::Tz = "Europe/Lisbon".parse().unwrap();
//! let now = FixedClock(Utc.with_ymd_and_hms(2026, 11, 30, 8, 0, 0).unwrap());
//! let mut app = Deepblock::in_memory(tz, Box::new(now)).unwrap();
//! let start = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
//! let added = app
//!     .add_block(BlockDraft::new(Kind::Deep, start, start + chrono::Duration::hours(3)))
//!     .unwrap();
//! assert!(added.warnings.is_empty());
//! assert_eq!(app.week_entries(None).unwrap().len(), 1);
//! ```

mod alerts;
mod blocks;
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
mod notifications;
mod opened;
mod planner;
mod rules;
mod secrets;
mod settings;
mod site_blocking;
mod watch;
mod weekly;

use std::path::Path;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use deepblock_core::{Clock, Finding, Week};
use deepblock_store::Store;
use serde::Serialize;

pub use blocks::{BlockDraft, BlockEdit, BlockMove, Repeat};
pub use clock::SystemClock;
pub use entry::Entry;
pub use environment::{default_db_path, resolve_zone};
pub use error::{ErrorCode, ServiceError, ServiceResult};
pub use feed::{DEFAULT_FEED_PORT, FeedRequest, FeedResponse, respond as feed_response};
pub use files::{read_calendar_file, write_whole};
pub use focus::{FocusStart, FocusStatus};
pub use follow::Followed;
pub use history::Replayed;
pub use import::ImportReport;
pub use invite::{DecisionView, INVITATIONS_CALENDAR, InviteOptions, InviteOutcome};
pub use notifications::{DesktopNotifier, Notifier, NotifyOutcome};
pub use opened::Opened;
pub use planner::{BreachMark, GoalSummary, NoMeetingMark, PlannerDay, PlannerWeek};
pub use rules::{RuleReport, WorkdayChange};
pub use settings::{NoMeetingItem, NoMeetingSpec, SettingsView, goal_minutes};
pub use watch::{PlanWatch, watch_plan};

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

/// The application: one user's plan and rules, seen from one zone.
pub struct Deepblock {
    store: Store,
    clock: Box<dyn Clock>,
    tz: Tz,
    notifier: Box<dyn Notifier>,
    history: history::History,
}

impl Deepblock {
    /// Opens (or creates) the database at `path`.
    pub fn open(path: &Path, tz: Tz, clock: Box<dyn Clock>) -> ServiceResult<Self> {
        Ok(Self {
            store: Store::open(path)?,
            clock,
            tz,
            notifier: Box::new(DesktopNotifier),
            history: history::History::default(),
        })
    }

    /// A private in-memory plan, for tests and examples.
    pub fn in_memory(tz: Tz, clock: Box<dyn Clock>) -> ServiceResult<Self> {
        Ok(Self {
            store: Store::open_in_memory()?,
            clock,
            tz,
            notifier: Box::new(DesktopNotifier),
            history: history::History::default(),
        })
    }

    /// Shows notifications somewhere else than the desktop (tests of the
    /// holding logic record them instead).
    pub fn with_notifier(mut self, notifier: Box<dyn Notifier>) -> Self {
        self.notifier = notifier;
        self
    }

    /// The zone the user plans in.
    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// The current instant, from the injected clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The week that holds today, starting on the user's first weekday.
    pub fn current_week(&self) -> ServiceResult<Week> {
        let today = self.now().with_timezone(&self.tz).date_naive();
        Ok(Week::containing(today, self.store.rules()?.week_start))
    }
}
