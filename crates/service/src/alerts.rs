//! The desktop alerts of a long-running front end (the desktop app): which
//! one is next and which are due; [`crate::Deepblock::tick`] shows them.

use chrono::{DateTime, Duration, Utc};
use deepblock_core::alerts::{Alert, SessionWords, next_alert};
use deepblock_core::{Span, occurrences};

use crate::{Plan, ServiceResult};

/// How far ahead to look for the next alert; the app asks again when it
/// wakes, so a week is plenty.
const HORIZON_DAYS: i64 = 8;

/// How late an alert may still be shown.
const STALE_MINUTES: i64 = 1;

impl Plan {
    /// The first alert strictly after `after`, if any within a week.
    pub fn next_alert(&self, after: DateTime<Utc>) -> ServiceResult<Option<Alert>> {
        let window = Span::new(after, after + Duration::days(HORIZON_DAYS));
        let plan = self.store.blocks_touching(&window)?;
        let mut placed = Vec::new();
        for block in &plan {
            for occurrence in occurrences(block, &window)? {
                placed.push((block, occurrence));
            }
        }
        let session = self.store.open_session()?;
        let timebox = session.as_ref().map(|s| self.store.timebox(s.id)).transpose()?.flatten();
        let for_breaks = self.task_for_the_waits()?;
        let words = SessionWords { timebox: timebox.as_deref(), for_breaks: for_breaks.as_deref() };
        Ok(next_alert(after, &placed, session.as_ref(), words, self.tz))
    }

    /// The alerts due since the last time this was asked (or from now, the
    /// first time) up to now, oldest first: what a timer that just woke
    /// shows. Alerts more than a minute late (the machine slept through
    /// them) are left out; nobody wants "starts in 5 minutes" an hour later.
    pub(crate) fn take_due_alerts(&mut self) -> ServiceResult<Vec<Alert>> {
        let now = self.now();
        let since = self.alerts_shown_up_to.replace(now).unwrap_or(now);
        let mut due = Vec::new();
        let mut after = since;
        while let Some(alert) = self.next_alert(after)? {
            if alert.at > now {
                break;
            }
            after = alert.at;
            if now - alert.at <= Duration::minutes(STALE_MINUTES) {
                due.push(alert);
            }
        }
        Ok(due)
    }
}
