//! Deepblock's domain: blocks on a week, the rules a user declares about
//! their time, and the policy that checks one against the other.
//!
//! Pure by design: no files, no database, no system clock. Instants are UTC
//! ([`chrono::DateTime<Utc>`]); days and weeks are local to a zone passed in;
//! "now" comes from a [`Clock`] the caller provides.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use deepblock_core::{Block, BlockId, Category, Context, Kind, Rules, Source, check_block};
//! use deepblock_core::rules::{NoMeetingRule, NoMeetingWhen};
//!
//! let tz: chrono_tz::Tz = "Europe/Lisbon".parse().unwrap();
//! let mut rules = Rules::default();
//! rules.no_meeting.push(NoMeetingRule {
//!     id: 1,
//!     when: NoMeetingWhen::Weekday { weekday: chrono::Weekday::Wed, half: None },
//!     created_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
//! });
//! let meeting = Block {
//!     id: BlockId::UNSAVED,
//!     uid: "m1@example".into(),
//!     sequence: 0,
//!     kind: Kind::Meeting,
//!     title: "Sync".into(),
//!     category: Category::Meetings,
//!     start: Utc.with_ymd_and_hms(2026, 12, 2, 14, 0, 0).unwrap(),
//!     end: Utc.with_ymd_and_hms(2026, 12, 2, 15, 0, 0).unwrap(),
//!     tz,
//!     recurrence: None,
//!     protected: false,
//!     source: Source::Planned,
//! };
//! let findings = check_block(&meeting, &Context { plan: &[], rules: &rules, tz }).unwrap();
//! assert_eq!(findings[0].message, "Wednesday 2 Dec is a no-meeting day");
//! ```

pub mod activity;
pub mod actual;
pub mod alerts;
pub mod autofocus;
#[macro_use]
pub mod block;
pub mod clock;
pub mod error;
pub mod focus;
pub mod merge;
pub mod policy;
pub mod recurrence;
pub mod review;
pub mod rules;
pub mod schedule;
pub mod subscription;
pub mod task;
pub mod time;
pub mod triage;

pub use block::{Block, BlockId, Category, Kind, Occurrence, Source};
pub use clock::{Clock, FixedClock};
pub use error::{CoreError, CoreResult};
pub use policy::{
    Breach, Context, Finding, GoalProgress, Severity, Violation, breaches, check_block, goal_progress,
};
pub use recurrence::{Recurrence, RepeatRule, occurrences};
pub use rules::{Goals, Half, NoMeetingRule, NoMeetingWhen, Rules, WeekdayName, WeekdaySet, Workday};
pub use subscription::Subscription;
pub use time::{Span, Week};
