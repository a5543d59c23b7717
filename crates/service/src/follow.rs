//! Focus that follows the plan: when a block of a kind the user chose
//! begins, a session begins with it, ends with it, and is reported under
//! its block and category. [`crate::Deepblock::tick`] asks for the step
//! each time it wakes and carries it out.

use chrono::{DateTime, Duration, Utc};
use deepblock_core::autofocus::{
    KindSet, PlannedSlot, extended_end, next_start, session_for, slot_to_follow,
};
use deepblock_core::focus::{FocusSession, MAX_SESSION_HOURS};
use deepblock_core::{Kind, Span, occurrences};

use crate::{Plan, ServiceResult};

/// How far ahead the plan is read for the next block to follow; with none
/// in it, the plan is looked at again after this long.
const LOOKAHEAD_HOURS: i64 = 24;

/// The kinds a session started by hand attaches to when one is under way:
/// work, not meetings or breaks.
const WORK_KINDS: &[Kind] = &[Kind::Deep, Kind::Learning, Kind::Admin];

/// What the plan asks of focus now.
pub(crate) enum FollowStep {
    /// Start this session (not yet saved) for the block titled so.
    Start(FocusSession, String),
    /// Make the running session end later, with its block.
    Extend(FocusSession),
    /// Nothing to do.
    Nothing,
}

impl Plan {
    /// The occurrences touching `window`, for following.
    fn planned_slots(&self, window: &Span) -> ServiceResult<Vec<PlannedSlot>> {
        let mut slots = Vec::new();
        for block in self.store.blocks_touching(window)? {
            for occurrence in occurrences(&block, window)? {
                slots.push(PlannedSlot {
                    block_id: block.id,
                    kind: block.kind,
                    category: block.category,
                    span: occurrence.span,
                });
            }
        }
        Ok(slots)
    }

    /// The occurrences around `now` a session may follow: any that began
    /// up to the longest session ago, and the next day's.
    fn slots_around(&self, now: DateTime<Utc>) -> ServiceResult<Vec<PlannedSlot>> {
        let window =
            Span::new(now - Duration::hours(MAX_SESSION_HOURS), now + Duration::hours(LOOKAHEAD_HOURS));
        self.planned_slots(&window)
    }

    /// The work block under way now, if any: what a session started by
    /// hand attaches to.
    pub(crate) fn work_slot_now(&self) -> ServiceResult<Option<PlannedSlot>> {
        let now = self.now();
        let kinds = KindSet::of(WORK_KINDS)?;
        Ok(slot_to_follow(&self.slots_around(now)?, kinds, now, None).cloned())
    }

    /// What focus should do now to follow the plan: start the session of
    /// a block of a followed kind that is under way, or make the running
    /// session longer because its block was made longer. A session stopped
    /// by hand is not started again in the same block. Also says when the
    /// plan needs looking at again (the next followed block's start, or a
    /// day from now).
    pub(crate) fn follow_step(&mut self) -> ServiceResult<(FollowStep, DateTime<Utc>)> {
        let now = self.now();
        let rules = self.store.rules()?;
        let slots = self.slots_around(now)?;
        let next_check =
            next_start(&slots, rules.auto_focus, now).unwrap_or(now + Duration::hours(LOOKAHEAD_HOURS));
        let step = match self.running_session()? {
            Some(mut session) => match extended_end(&session, &slots) {
                Some(end) => {
                    session.extend(end, now)?;
                    FollowStep::Extend(session)
                }
                None => FollowStep::Nothing,
            },
            None => match slot_to_follow(&slots, rules.auto_focus, now, self.store.last_session_start()?) {
                Some(slot) => {
                    let title = self.store.block(slot.block_id)?.map(|b| b.title).unwrap_or_default();
                    FollowStep::Start(session_for(slot, now, rules.focus_rhythm)?, title)
                }
                None => FollowStep::Nothing,
            },
        };
        Ok((step, next_check))
    }
}
