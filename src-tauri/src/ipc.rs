//! The shapes that cross the IPC boundary and are not the service's own:
//! the one error type, the inputs a drag produces, and flat views of
//! nested service values. Conversions only, no decisions.

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use deepblock_core::focus::Phase;
use deepblock_core::time::resolve_local;
use deepblock_core::{Block, Category, Finding, Kind};
use deepblock_service::{
    BlockDraft, BlockEdit, BlockMove, Blocking, Changed, Entry, ErrorCode, Field, FocusStatus, Repeat,
    RhythmMinutes, ServiceError,
};
use serde::{Deserialize, Serialize};
use specta::Type;

/// Every command's error: the UI branches on `code` (a generated union),
/// never on the message, which is shown as it is.
#[derive(Debug, Clone, Serialize, Type)]
pub struct IpcError {
    /// The kind of failure.
    pub code: ErrorCode,
    /// One line for the user.
    pub message: String,
    /// The input to change, when one is to blame; the window words where.
    pub field: Option<Field>,
    /// For a rule violation, every finding (errors and warnings).
    pub findings: Vec<Finding>,
}

impl From<ServiceError> for IpcError {
    fn from(error: ServiceError) -> Self {
        Self { code: error.code, message: error.message, field: error.field, findings: error.findings }
    }
}

impl IpcError {
    /// A command that died on its worker thread (a bug): said, not hidden.
    pub fn crashed(error: impl std::fmt::Display) -> Self {
        ServiceError::new(
            ErrorCode::Environment,
            format!("Deepblock failed inside ({error}); please report it"),
        )
        .into()
    }
}

/// A block as a drag or the keyboard creates it.
#[derive(Debug, Clone, Deserialize, Type)]
pub struct NewBlock {
    /// What it is for.
    pub kind: Kind,
    /// Its title; the kind's name when absent.
    pub title: Option<String>,
    /// What the time goes to; the kind's default when absent.
    pub category: Option<Category>,
    /// Start, as the grid shows it: wall time in the user's zone.
    pub start: NaiveDateTime,
    /// End, wall time in the user's zone.
    pub end: NaiveDateTime,
    /// Whether meetings are refused on top of it.
    pub protected: bool,
    /// Whether it repeats every week.
    pub weekly: bool,
    /// Set to place it against a rule on purpose; the reason is recorded.
    pub override_reason: Option<String>,
}

impl NewBlock {
    /// The service's draft, its wall times read in `tz` (RFC 5545 rules for
    /// gaps and repeated hours).
    pub fn into_draft(self, tz: Tz) -> BlockDraft {
        let new = self;
        let mut draft = BlockDraft::new(new.kind, resolve_local(tz, new.start), resolve_local(tz, new.end));
        draft.title = new.title;
        draft.category = new.category;
        draft.protected = new.protected;
        draft.repeat = new.weekly.then_some(Repeat::Weekly { until: None });
        draft.override_reason = new.override_reason;
        draft
    }
}

/// Where a dragged or resized block (or one occurrence of a series) goes.
#[derive(Debug, Clone, Deserialize, Type)]
pub struct MoveTo {
    /// New start, wall time in the user's zone.
    pub start: NaiveDateTime,
    /// New end, wall time in the user's zone.
    pub end: NaiveDateTime,
    /// For one occurrence of a series, its name (the rule's local start).
    pub occurrence: Option<NaiveDateTime>,
    /// Set to place it against a rule on purpose; the reason is recorded.
    pub override_reason: Option<String>,
}

impl MoveTo {
    /// The service's move, its wall times read in `tz`.
    pub fn into_move(self, tz: Tz) -> BlockMove {
        let to = self;
        BlockMove {
            start: Some(resolve_local(tz, to.start)),
            end: Some(resolve_local(tz, to.end)),
            occurrence: to.occurrence,
            override_reason: to.override_reason,
        }
    }
}

/// The side panel's edits; absent fields stay as they are.
#[derive(Debug, Clone, Deserialize, Type)]
pub struct BlockChanges {
    /// New title.
    pub title: Option<String>,
    /// New kind.
    pub kind: Option<Kind>,
    /// New category.
    pub category: Option<Category>,
    /// Protect it or not.
    pub protected: Option<bool>,
    /// Make it repeat every week, or stop it repeating.
    pub weekly: Option<bool>,
}

impl From<BlockChanges> for BlockEdit {
    fn from(changes: BlockChanges) -> Self {
        BlockEdit {
            title: changes.title,
            kind: changes.kind,
            category: changes.category,
            protected: changes.protected,
            repeat: changes.weekly.map(|weekly| weekly.then_some(Repeat::Weekly { until: None })),
        }
    }
}

/// A change that was saved, with what the user should still read.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Saved {
    /// The block's first occurrence as it now stands.
    pub entry: Entry,
    /// Findings that did not stop the change (a deep block shorter than
    /// the minimum, say).
    pub warnings: Vec<Finding>,
    /// Other notes (an override recorded).
    pub notes: Vec<String>,
}

impl Saved {
    /// The view of a change, its block shown in `tz`.
    pub fn of(changed: Changed<Block>, tz: Tz) -> Self {
        Self { entry: Entry::first(&changed.value, tz), warnings: changed.warnings, notes: changed.notes }
    }
}

/// Which part of a session it is in, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum FocusPhase {
    /// No session runs.
    Idle,
    /// A focus period.
    Focus,
    /// A break.
    Break,
}

/// Focus as the header and the tray show it.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct FocusView {
    /// Which part of the session it is in.
    pub phase: FocusPhase,
    /// When the current phase ends.
    pub phase_ends: Option<DateTime<Utc>>,
    /// Whether the break is the long one.
    pub long_break: bool,
    /// When the session ends.
    pub session_ends: Option<DateTime<Utc>>,
    /// Whole minutes until the session ends.
    pub remaining_minutes: u32,
    /// The rhythm.
    pub rhythm: Option<RhythmMinutes>,
    /// A locked session cannot be stopped.
    pub locked: bool,
    /// What site blocking does now.
    pub blocking: Blocking,
    /// What blocking does now, in words.
    pub blocking_note: String,
    /// The names blocked now (empty unless the daemon blocks).
    pub blocked_hosts: Vec<String>,
    /// The block the session follows and ends with, if a block started it.
    pub block_title: Option<String>,
    /// For a debugging time-box: the question it is about.
    pub timebox: Option<String>,
    /// The latest time-box that ended without saying whether the cause
    /// was found.
    pub timebox_to_answer: Option<String>,
    /// A command run through `deepblock notify --` that still runs.
    pub waiting_on: Option<String>,
    /// During a break, or while such a command runs outside focus: a
    /// low-energy task from the backlog.
    pub for_the_wait: Option<String>,
}

impl From<FocusStatus> for FocusView {
    fn from(status: FocusStatus) -> Self {
        let (phase, phase_ends) = match status.phase {
            Phase::Focus { until, .. } => (FocusPhase::Focus, Some(until)),
            Phase::Break { until, .. } => (FocusPhase::Break, Some(until)),
            Phase::Done => (FocusPhase::Idle, None),
        };
        Self {
            phase,
            phase_ends,
            long_break: matches!(status.phase, Phase::Break { long: true, .. }),
            session_ends: status.session.as_ref().map(|s| s.planned_end),
            remaining_minutes: u32::try_from(status.remaining_minutes).unwrap_or(0),
            rhythm: status.session.as_ref().map(|s| s.rhythm.into()),
            locked: status.session.as_ref().is_some_and(|s| s.locked),
            blocking: status.blocking,
            blocking_note: status.blocking_note,
            blocked_hosts: status.blocked_hosts,
            block_title: status.block_title,
            timebox: status.timebox,
            timebox_to_answer: status.timebox_to_answer,
            waiting_on: status.waiting_on,
            for_the_wait: status.for_the_wait,
        }
    }
}

/// A settings change that was saved, with what the user should still read
/// (meetings already planned on a new no-meeting day, an address known
/// already).
#[derive(Debug, Clone, Serialize, Type)]
pub struct Noted {
    /// Findings that did not stop the change.
    pub warnings: Vec<Finding>,
    /// Other notes.
    pub notes: Vec<String>,
}

impl<T> From<Changed<T>> for Noted {
    fn from(changed: Changed<T>) -> Self {
        Self { warnings: changed.warnings, notes: changed.notes }
    }
}

impl Noted {
    /// A change with nothing more to say.
    pub fn nothing() -> Self {
        Self { warnings: Vec::new(), notes: Vec::new() }
    }
}

/// What turning a week into a weekly template did.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Repeated {
    /// How many deep-work blocks now repeat every week.
    pub count: u32,
    /// Warnings and notes (a block the rules kept one-off).
    pub noted: Noted,
}

impl From<Changed<usize>> for Repeated {
    fn from(changed: Changed<usize>) -> Self {
        Self { count: u32::try_from(changed.value).unwrap_or(u32::MAX), noted: changed.into() }
    }
}
