//! Invitation triage: which occurrences of an invited meeting the user's
//! rules let in, and where a refused one could go instead.

use chrono::{Duration, NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};

use crate::block::{Block, BlockId, Kind};
use crate::error::CoreResult;
use crate::policy::{Context, RECURRING_CHECK_WEEKS, Violation, check_block};
use crate::recurrence::{occurrences, series_end};
use crate::time::{Span, to_local};

/// Steps a counter-proposal moves in: the planner's grid.
const SLOT_STEP_MINUTES: i64 = 15;

/// The answer for one occurrence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "lowercase")]
pub enum Verdict {
    /// It keeps every rule.
    Accept,
    /// It breaks one; the reason is the rule's message.
    Decline {
        /// Why, in the user's words.
        reason: String,
    },
}

/// The decision for one occurrence of an invitation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// For a series, the wall time the rule gave it (RECURRENCE-ID).
    pub original: Option<NaiveDateTime>,
    /// When it happens.
    pub span: Span,
    /// Accept or decline, with the reason.
    #[serde(flatten)]
    pub verdict: Verdict,
}

/// Whether the invited meeting takes hours of the day or marks whole days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    /// It has a start and end time.
    Timed,
    /// `VALUE=DATE`: an offsite, a conference, a holiday. It names days,
    /// not hours, so only a no-meeting day is a reason to decline it: the
    /// workday's hours and the blocks inside the day do not apply.
    AllDay,
}

/// Whether a finding is a reason to say no to a meeting: a no-meeting day,
/// a protected block, time outside the workday, or another meeting already
/// at that time.
fn refuses(violation: &Violation, plan: &[Block], timing: Timing) -> bool {
    match violation {
        Violation::NoMeetingDay { .. } => true,
        _ if timing == Timing::AllDay => false,
        Violation::OverlapsProtected { .. } | Violation::OutsideWorkday { .. } => true,
        Violation::Overlap { other, .. } => plan.iter().any(|b| b.id == *other && b.kind == Kind::Meeting),
        _ => false,
    }
}

/// Decides every occurrence of `meeting` (a year of a series). Each
/// occurrence is judged alone, so a weekly meeting can be accepted in most
/// weeks and declined on the no-meeting ones. Blocks in the plan with the
/// meeting's UID are its earlier version and are ignored.
pub fn triage(meeting: &Block, timing: Timing, ctx: &Context<'_>) -> CoreResult<Vec<Decision>> {
    let plan: Vec<Block> = ctx.plan.iter().filter(|b| b.uid != meeting.uid).cloned().collect();
    let others = Context { plan: &plan, ..*ctx };
    let year = meeting.start + Duration::weeks(RECURRING_CHECK_WEEKS);
    let end = series_end(meeting)?.map_or(year, |e| e.min(year)).max(meeting.end);
    let mut decisions = Vec::new();
    for occurrence in occurrences(meeting, &Span::new(meeting.start, end))? {
        let single = Block {
            id: BlockId::UNSAVED,
            recurrence: None,
            start: occurrence.span.start,
            end: occurrence.span.end,
            ..meeting.clone()
        };
        let findings = check_block(&single, &others)?;
        let reason =
            findings.iter().find(|f| refuses(&f.violation, &plan, timing)).map(|f| f.message.clone());
        let verdict = match reason {
            Some(reason) => Verdict::Decline { reason },
            None => Verdict::Accept,
        };
        decisions.push(Decision { original: occurrence.original, span: occurrence.span, verdict });
    }
    Ok(decisions)
}

/// The first time from `after` on, in 15-minute steps, where a meeting of
/// `length` keeps every rule: inside the workday, off no-meeting days and
/// protected blocks, clear of other blocks. Looks `days` days ahead.
pub fn next_free_slot(
    after: chrono::DateTime<chrono::Utc>,
    length: Duration,
    days: u32,
    probe: &Block,
    ctx: &Context<'_>,
) -> CoreResult<Option<Span>> {
    let first_day = to_local(ctx.tz, after).date();
    for date in first_day.iter_days().take(days as usize) {
        let Some(work) = ctx.rules.workday.span_on(ctx.tz, date) else { continue };
        if ctx.rules.no_meeting_on(date).iter().any(|(_, half)| half.is_none()) {
            continue;
        }
        let mut start = work.start.max(after);
        // Round up to the planner's 15-minute grid, in local time.
        let seconds = i64::from(to_local(ctx.tz, start).time().num_seconds_from_midnight());
        let step = SLOT_STEP_MINUTES * 60;
        start += Duration::seconds((step - seconds % step) % step);
        while start + length <= work.end {
            let candidate =
                Block { id: BlockId::UNSAVED, recurrence: None, start, end: start + length, ..probe.clone() };
            let clear = check_block(&candidate, ctx)?.is_empty();
            if clear {
                return Ok(Some(candidate.span()));
            }
            start += Duration::minutes(SLOT_STEP_MINUTES);
        }
    }
    Ok(None)
}
