//! The policy: the one place that decides whether a change to the plan keeps
//! the user's rules. Every front end asks here, so the CLI and the window
//! refuse the same things with the same words.

use std::fmt;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::block::{Block, BlockId, Kind, Occurrence};
use crate::error::CoreResult;
use crate::recurrence::{occurrences, series_end};
use crate::rules::{Half, Rules, Workday, weekday_name};
use crate::time::{Span, local_dates, to_local};

/// How far ahead a repeating block is checked: a year of occurrences shows
/// every weekday and every clock change it will meet.
pub const RECURRING_CHECK_WEEKS: i64 = 52;

/// Whether a finding refuses the change or only informs.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The change is refused.
    Error,
    /// The change is made; the user is told.
    Warning,
}

/// A rule a candidate change breaks. Times are local wall times in the
/// user's zone, so the message can be written without a clock or a zone.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "kebab-case")]
pub enum Violation {
    /// The end comes before the start.
    EndBeforeStart {
        /// Local start.
        start: NaiveDateTime,
        /// Local end.
        end: NaiveDateTime,
    },
    /// The block has no length.
    ZeroLength {
        /// Local start (and end).
        start: NaiveDateTime,
    },
    /// A meeting on a no-meeting day or half-day.
    NoMeetingDay {
        /// The local date.
        date: NaiveDate,
        /// The half of the day the rule covers, if only half.
        half: Option<Half>,
    },
    /// A meeting over a protected block.
    OverlapsProtected {
        /// The protected block.
        other: BlockId,
        /// Its title.
        title: String,
        /// Its occurrence's local start.
        start: NaiveDateTime,
        /// Its occurrence's local end.
        end: NaiveDateTime,
    },
    /// Time outside working hours or on a day off.
    OutsideWorkday {
        /// The occurrence's local start.
        start: NaiveDateTime,
        /// The occurrence's local end.
        end: NaiveDateTime,
        /// The workday it falls outside.
        workday: Workday,
    },
    /// A deep block shorter than the user's minimum.
    ShortDeepBlock {
        /// Its length.
        minutes: i64,
        /// The minimum.
        minimum: u32,
    },
    /// Time taken twice.
    Overlap {
        /// The other block.
        other: BlockId,
        /// Its title.
        title: String,
        /// Its occurrence's local start.
        start: NaiveDateTime,
        /// Its occurrence's local end.
        end: NaiveDateTime,
    },
}

impl Violation {
    /// Whether this refuses the change.
    pub fn severity(&self) -> Severity {
        match self {
            Violation::EndBeforeStart { .. }
            | Violation::ZeroLength { .. }
            | Violation::NoMeetingDay { .. }
            | Violation::OverlapsProtected { .. } => Severity::Error,
            Violation::OutsideWorkday { .. }
            | Violation::ShortDeepBlock { .. }
            | Violation::Overlap { .. } => Severity::Warning,
        }
    }

    /// What makes two findings "the same" across occurrences of a series.
    fn family(&self) -> (u8, Option<BlockId>) {
        match self {
            Violation::EndBeforeStart { .. } => (0, None),
            Violation::ZeroLength { .. } => (1, None),
            Violation::NoMeetingDay { .. } => (2, None),
            Violation::OverlapsProtected { other, .. } => (3, Some(*other)),
            Violation::OutsideWorkday { .. } => (4, None),
            Violation::ShortDeepBlock { .. } => (5, None),
            Violation::Overlap { other, .. } => (6, Some(*other)),
        }
    }
}

/// `Tue 1 Dec 09:00–10:30`, or with both dates when it spans midnight.
pub fn format_local_span(start: NaiveDateTime, end: NaiveDateTime) -> String {
    let first = start.format("%a %-d %b %H:%M");
    if start.date() == end.date() {
        format!("{first}–{}", end.format("%H:%M"))
    } else {
        format!("{first} – {}", end.format("%a %-d %b %H:%M"))
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::EndBeforeStart { start, end } => write!(
                f,
                "the block ends ({}) before it starts ({}); give an end after the start",
                end.format("%a %-d %b %H:%M"),
                start.format("%a %-d %b %H:%M")
            ),
            Violation::ZeroLength { start } => write!(
                f,
                "the block starts and ends at {}; give it an end after its start",
                start.format("%a %-d %b %H:%M")
            ),
            Violation::NoMeetingDay { date, half } => {
                let day =
                    format!("{} {}", weekday_name(chrono::Datelike::weekday(date)), date.format("%-d %b"));
                match half {
                    None => write!(f, "{day} is a no-meeting day"),
                    Some(h) => write!(f, "{day} {} is kept free of meetings", h.word()),
                }
            }
            Violation::OverlapsProtected { title, start, end, .. } => {
                write!(f, "it overlaps the protected block '{title}' ({})", format_local_span(*start, *end))
            }
            Violation::OutsideWorkday { start, end, workday } => {
                write!(f, "{} is outside your workday ({workday})", format_local_span(*start, *end))
            }
            Violation::ShortDeepBlock { minutes, minimum } => {
                write!(f, "a {minutes}-minute deep block is shorter than your {minimum}-minute minimum")
            }
            Violation::Overlap { title, start, end, .. } => {
                write!(f, "it overlaps '{title}' ({})", format_local_span(*start, *end))
            }
        }
    }
}

/// A violation as reported: with its severity, its message, and how many
/// later occurrences of a series break the same rule.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// What a user reads.
    pub message: String,
    /// How many further occurrences break the same rule the same way.
    pub more_occurrences: usize,
    /// The typed violation, for front ends that act on it.
    pub violation: Violation,
}

impl Finding {
    fn new(violation: Violation) -> Self {
        Self {
            severity: violation.severity(),
            message: violation.to_string(),
            more_occurrences: 0,
            violation,
        }
    }

    fn repeated(&mut self) {
        self.more_occurrences += 1;
        let base = self.violation.to_string();
        let plural = if self.more_occurrences == 1 { "" } else { "s" };
        self.message = format!("{base} (and {} later occurrence{plural})", self.more_occurrences);
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// What the policy needs to know besides the candidate.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The other blocks on the plan (at least those near the candidate).
    pub plan: &'a [Block],
    /// The user's rules.
    pub rules: &'a Rules,
    /// The user's zone: days, workdays and messages are local to it.
    pub tz: Tz,
}

/// Checks a new or changed block against the plan and the rules.
///
/// Returns every finding, errors first; the change is acceptable when none
/// of them is an [`Severity::Error`]. A block in `ctx.plan` with the
/// candidate's id is the candidate's old version and is ignored.
pub fn check_block(candidate: &Block, ctx: &Context<'_>) -> CoreResult<Vec<Finding>> {
    let (start, end) = (to_local(ctx.tz, candidate.start), to_local(ctx.tz, candidate.end));
    if candidate.end < candidate.start {
        return Ok(vec![Finding::new(Violation::EndBeforeStart { start, end })]);
    }
    if candidate.end == candidate.start {
        return Ok(vec![Finding::new(Violation::ZeroLength { start })]);
    }
    let mut findings: Vec<Finding> = Vec::new();
    let mut add = |v: Violation| match findings.iter_mut().find(|f| f.violation.family() == v.family()) {
        Some(existing) => existing.repeated(),
        None => findings.push(Finding::new(v)),
    };
    let minutes = candidate.duration().num_minutes();
    if candidate.kind == Kind::Deep && minutes < i64::from(ctx.rules.min_deep_minutes) {
        add(Violation::ShortDeepBlock { minutes, minimum: ctx.rules.min_deep_minutes });
    }
    let horizon = check_horizon(candidate)?;
    let others = other_occurrences(candidate.id, ctx.plan, &horizon)?;
    for occurrence in occurrences(candidate, &horizon)? {
        for violation in occurrence_violations(candidate, &occurrence, &others, ctx) {
            add(violation);
        }
    }
    findings.sort_by_key(|f| f.severity);
    Ok(findings)
}

/// An occurrence of a plan block next to the block it belongs to.
type PlacedOccurrence<'a> = (&'a Block, Occurrence);

fn other_occurrences<'a>(
    exclude: BlockId,
    plan: &'a [Block],
    window: &Span,
) -> CoreResult<Vec<PlacedOccurrence<'a>>> {
    let mut found = Vec::new();
    for block in plan.iter().filter(|b| b.id != exclude) {
        for occurrence in occurrences(block, window)? {
            found.push((block, occurrence));
        }
    }
    Ok(found)
}

/// The stretch of time a candidate is checked over: itself, or a year of
/// its series. Callers load the plan blocks that touch it.
pub fn check_horizon(block: &Block) -> CoreResult<Span> {
    if block.recurrence.is_none() {
        return Ok(Span::new(block.start.min(block.end), block.end.max(block.start)));
    }
    let year = block.start + Duration::weeks(RECURRING_CHECK_WEEKS);
    let end = match series_end(block)? {
        Some(end) => end.min(year),
        None => year,
    };
    Ok(Span::new(block.start, end.max(block.end)))
}

/// The rules one occurrence breaks, given the occurrences around it.
fn occurrence_violations(
    block: &Block,
    occurrence: &Occurrence,
    others: &[PlacedOccurrence<'_>],
    ctx: &Context<'_>,
) -> Vec<Violation> {
    let span = occurrence.span;
    let local = |t| to_local(ctx.tz, t);
    let mut found = Vec::new();
    if block.kind == Kind::Meeting {
        for date in local_dates(ctx.tz, &span) {
            let hit = ctx
                .rules
                .no_meeting_on(date)
                .into_iter()
                .find(|(rule, _)| rule.when.span_on(ctx.tz, date).is_some_and(|s| s.overlaps(&span)));
            if let Some((_, half)) = hit {
                found.push(Violation::NoMeetingDay { date, half });
            }
        }
    }
    for (other, other_occurrence) in others.iter().filter(|(_, o)| o.span.overlaps(&span)) {
        let (start, end) = (local(other_occurrence.span.start), local(other_occurrence.span.end));
        let (id, title) = (other.id, other.title.clone());
        if block.kind == Kind::Meeting && other.protected {
            found.push(Violation::OverlapsProtected { other: id, title, start, end });
        } else {
            found.push(Violation::Overlap { other: id, title, start, end });
        }
    }
    if block.kind != Kind::Break {
        let date = local(span.start).date();
        let inside = ctx
            .rules
            .workday
            .span_on(ctx.tz, date)
            .is_some_and(|w| w.start <= span.start && span.end <= w.end);
        if !inside {
            found.push(Violation::OutsideWorkday {
                start: local(span.start),
                end: local(span.end),
                workday: ctx.rules.workday,
            });
        }
    }
    found
}

/// A rule broken by something already on the plan, as `rules check` lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breach {
    /// The block at fault.
    pub block_id: BlockId,
    /// Its title.
    pub title: String,
    /// The occurrence at fault, in the user's zone.
    pub start: NaiveDateTime,
    /// Its end, in the user's zone.
    pub end: NaiveDateTime,
    /// What it breaks.
    #[serde(flatten)]
    pub finding: Finding,
}

/// Every rule the plan breaks inside `window`: meetings on no-meeting days
/// and over protected blocks (planned or imported, they break the rule
/// alike). Only errors are listed; warnings belong to the moment of change.
pub fn breaches(window: &Span, ctx: &Context<'_>) -> CoreResult<Vec<Breach>> {
    let all = other_occurrences(BlockId::UNSAVED, ctx.plan, window)?;
    let mut found = Vec::new();
    for (block, occurrence) in all.iter().filter(|(b, _)| b.kind == Kind::Meeting) {
        let others: Vec<PlacedOccurrence<'_>> =
            all.iter().filter(|(b, _)| b.id != block.id).map(|(b, o)| (*b, o.clone())).collect();
        for violation in occurrence_violations(block, occurrence, &others, ctx) {
            if violation.severity() == Severity::Error {
                found.push(Breach {
                    block_id: block.id,
                    title: block.title.clone(),
                    start: to_local(ctx.tz, occurrence.span.start),
                    end: to_local(ctx.tz, occurrence.span.end),
                    finding: Finding::new(violation),
                });
            }
        }
    }
    found.sort_by_key(|b| (b.start, b.block_id));
    Ok(found)
}

/// Planned minutes of deep work and learning in a window, against goals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalProgress {
    /// Deep work planned.
    pub deep_minutes: i64,
    /// Learning planned.
    pub learning_minutes: i64,
    /// Deep work wanted a week.
    pub deep_goal_minutes: u32,
    /// Learning wanted a week.
    pub learning_goal_minutes: u32,
}

/// How much deep work and learning the plan holds in `window` (a week),
/// counting only the part of each occurrence inside it.
pub fn goal_progress(window: &Span, ctx: &Context<'_>) -> CoreResult<GoalProgress> {
    let mut progress = GoalProgress {
        deep_minutes: 0,
        learning_minutes: 0,
        deep_goal_minutes: ctx.rules.goals.deep_minutes,
        learning_goal_minutes: ctx.rules.goals.learning_minutes,
    };
    for (block, occurrence) in other_occurrences(BlockId::UNSAVED, ctx.plan, window)? {
        let inside = occurrence.span.end.min(window.end) - occurrence.span.start.max(window.start);
        match block.kind {
            Kind::Deep => progress.deep_minutes += inside.num_minutes(),
            Kind::Learning => progress.learning_minutes += inside.num_minutes(),
            _ => {}
        }
    }
    Ok(progress)
}
