//! What a long-running front end does each time it wakes: show the alerts
//! that are due, let focus follow the plan, show the notifications held
//! during a focus period once it gives way to a break, and say when to
//! wake next. The desktop app's timer and `deepblock focus follow` both
//! call [`Deepblock::tick`], so they behave the same.

use chrono::{DateTime, Duration, DurationRound, TimeDelta, Utc};
use deepblock_core::focus::Phase;
use serde::Serialize;

use crate::follow::FollowStep;
use crate::{Deepblock, FocusStatus, ServiceResult};

/// The longest a front end sleeps without ticking. Its sleep is timed by
/// the monotonic clock, which stands still while the laptop is suspended,
/// and a block that began during the suspension must still start its
/// session soon after the lid opens.
const LONGEST_WAIT: TimeDelta = TimeDelta::minutes(1);

/// What one tick did and when the next is due.
#[derive(Debug, Clone, Serialize)]
pub struct Tick {
    /// Where focus stands after the tick, for the tray and the window.
    pub focus: FocusStatus,
    /// What happened, one line each ("focus started for 'Paper' until
    /// 11:00").
    pub said: Vec<String>,
    /// What could not be done, one line each; the next tick tries again.
    pub problems: Vec<String>,
    /// When to tick again at the latest.
    pub wake_at: DateTime<Utc>,
}

impl Deepblock {
    /// One wake of a long-running front end (see the module). Fails only
    /// when the plan cannot be read at all; what fails in one step is
    /// reported in [`Tick::problems`] and the other steps still run.
    pub fn tick(&self) -> ServiceResult<Tick> {
        let (alerts, (step, next_check), next_alert) = {
            let mut plan = self.plan();
            let alerts = plan.take_due_alerts()?;
            let follow = plan.follow_step()?;
            let next_alert = plan.next_alert(plan.now())?.map(|a| a.at);
            (alerts, follow, next_alert)
        };
        let mut said = Vec::new();
        let mut problems = Vec::new();
        for alert in alerts {
            if let Err(reason) = self.system.notifier.show(&alert.title, &alert.body) {
                problems.push(format!("cannot show “{}”: {reason}", alert.title));
            }
        }
        match self.follow(step) {
            Ok(Some(line)) => said.push(line),
            Ok(None) => {}
            Err(error) => problems.push(format!("focus did not follow the plan: {}", error.message)),
        }
        if let Err(error) = self.show_due_digest() {
            problems.push(error.message);
        }
        let focus = self.focus_check()?;
        let now = self.now();
        let wake_at = [Some(now + LONGEST_WAIT), next_alert, Some(next_check), focus_wake(&focus, now)]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(now + LONGEST_WAIT);
        Ok(Tick { focus, said, problems, wake_at })
    }

    /// Carries out what following the plan asks; says what it did.
    fn follow(&self, step: FollowStep) -> ServiceResult<Option<String>> {
        let tz = self.tz;
        let at = |t: DateTime<Utc>| t.with_timezone(&tz).format("%H:%M").to_string();
        match step {
            FollowStep::Nothing => Ok(None),
            FollowStep::Extend(session) => {
                let end = session.planned_end;
                self.extend_session(session)?;
                Ok(Some(format!("focus now lasts until {}, with its block", at(end))))
            }
            FollowStep::Start(session, title) => {
                let until = at(session.planned_end);
                let status = self.begin_session(session)?;
                let body = format!("Until {until} — {}", status.blocking_note);
                // A desktop without a notification server still gets the
                // session; the front end shows what was said.
                if let Err(reason) = self.system.notifier.show(&format!("Focus: {title}"), &body) {
                    tracing::warn!("cannot show that focus started: {reason}");
                }
                Ok(Some(format!("focus started for '{title}' until {until}")))
            }
        }
    }
}

/// While a session runs: the next whole minute, so the time left shown
/// stays true, or the end of the phase if sooner (a break starts on time).
fn focus_wake(focus: &FocusStatus, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let ends = match focus.phase {
        Phase::Focus { until, .. } | Phase::Break { until, .. } => until,
        Phase::Done => return None,
    };
    let next_minute = now.duration_trunc(TimeDelta::minutes(1)).unwrap_or(now) + Duration::minutes(1);
    Some(ends.min(next_minute))
}
