//! Focus that follows the plan: when a block of a kind the user chose
//! begins, a session begins with it, ends with it, and is reported under
//! its block and category. The desktop app's timer and `deepblock focus
//! follow` call [`Deepblock::follow_plan`] whenever the plan may need it.

use chrono::{DateTime, Duration, Utc};
use deepblock_core::autofocus::{
    KindSet, PlannedSlot, extended_end, next_start, session_for, slot_to_follow,
};
use deepblock_core::focus::MAX_SESSION_HOURS;
use deepblock_core::{Kind, Span, occurrences};
use serde::Serialize;

use crate::focus::FocusStatus;
use crate::site_blocking::SiteBlocker;
use crate::{Deepblock, ServiceResult};

/// How far ahead the plan is read for the next block to follow; with none
/// in it, the plan is looked at again after this long.
const LOOKAHEAD_HOURS: i64 = 24;

/// The kinds a session started by hand attaches to when one is under way:
/// work, not meetings or breaks.
const WORK_KINDS: &[Kind] = &[Kind::Deep, Kind::Learning, Kind::Admin];

/// What following the plan did.
#[derive(Debug, Clone, Serialize)]
pub struct Followed {
    /// Where focus stands, when a session was started or made longer.
    pub changed: Option<FocusStatus>,
    /// What happened, in one line for the user.
    pub said: Option<String>,
    /// When the plan needs looking at again (the next followed block's
    /// start, or a day from now).
    pub next_check: DateTime<Utc>,
}

impl Deepblock {
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

    /// Starts the session the plan asks for now, or makes the running one
    /// longer because its block was made longer. A session stopped by hand
    /// is not started again in the same block. Shows a desktop notification
    /// when a session starts.
    pub fn follow_plan(&mut self) -> ServiceResult<Followed> {
        let now = self.now();
        let rules = self.store.rules()?;
        let slots = self.slots_around(now)?;
        let next_check =
            next_start(&slots, rules.auto_focus, now).unwrap_or(now + Duration::hours(LOOKAHEAD_HOURS));
        let tz = self.tz;
        let at = |t: DateTime<Utc>| t.with_timezone(&tz).format("%H:%M").to_string();
        let (changed, said) = match self.running_session()? {
            Some(mut session) => match extended_end(&session, &slots) {
                Some(end) => {
                    session.extend(end, now)?;
                    let blocker = SiteBlocker::connect();
                    blocker.extend(end)?;
                    self.store.update_session(&session)?;
                    let said = format!("focus now lasts until {}, with its block", at(end));
                    (Some(self.status_of(Some(session), &blocker)), Some(said))
                }
                None => (None, None),
            },
            None => match slot_to_follow(&slots, rules.auto_focus, now, self.store.last_session_start()?) {
                Some(slot) => {
                    let session = session_for(slot, now, rules.focus_rhythm)?;
                    let until = at(session.planned_end);
                    let status = self.begin_session(session)?;
                    let title = status.block_title.clone().unwrap_or_default();
                    // A desktop without a notification server still gets
                    // the session; the front end prints `said`.
                    let body = format!("Until {until} — {}", status.blocking_note);
                    let _ = self.notifier.show(&format!("Focus: {title}"), &body);
                    let said = format!("focus started for '{title}' until {until}");
                    (Some(status), Some(said))
                }
                None => (None, None),
            },
        };
        Ok(Followed { changed, said, next_check })
    }
}
