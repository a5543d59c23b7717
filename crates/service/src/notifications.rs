//! Notifications from scripts ("run 42 finished"): shown at once outside
//! focus, held during a focus period and shown as one digest after it,
//! unless urgent. Held ones live in SQLite, so a restart loses none. A
//! notification is kept before it is shown and marked shown after, so a
//! desktop that cannot show it loses nothing; showing happens with the
//! plan unlocked.

use chrono::{DateTime, Utc};
use deepblock_core::focus::Phase;
use serde::Serialize;

use crate::{Deepblock, ErrorCode, Plan, ServiceError, ServiceResult};

/// The longest title and body accepted.
const MAX_TITLE: usize = 200;
const MAX_BODY: usize = 2000;

/// Where notifications are shown.
pub trait Notifier: Send + Sync {
    /// Shows one notification, or says why it could not.
    fn show(&self, title: &str, body: &str) -> Result<(), String>;
}

/// What became of a notification.
#[derive(Debug, Clone, Serialize)]
pub struct NotifyOutcome {
    /// Shown now.
    pub shown: bool,
    /// Held until this focus period ends.
    pub held_until: Option<DateTime<Utc>>,
    /// How many held notifications were shown as a digest just now.
    pub digest_shown: usize,
}

/// Held notifications shown together.
pub(crate) struct Digest {
    title: String,
    body: String,
    ids: Vec<i64>,
}

/// What the plan did with a new notification.
enum Taken {
    /// Held until the focus period ends.
    Held { until: Option<DateTime<Utc>> },
    /// Kept as `id`, to be shown now, after `digest` if there is one.
    ToShow { id: i64, digest: Option<Digest> },
}

impl Plan {
    /// Whether a session holds notifications now.
    fn holding(&self) -> ServiceResult<Option<deepblock_core::focus::FocusSession>> {
        let now = self.now();
        Ok(self.store.open_session()?.filter(|s| s.holds_notifications(now)))
    }

    /// The held notifications to show now as one digest: none while focus
    /// holds them.
    pub(crate) fn due_digest(&self) -> ServiceResult<Option<Digest>> {
        if self.holding()?.is_some() {
            return Ok(None);
        }
        let held = self.store.held_notifications()?;
        let (title, body) = match held.as_slice() {
            [] => return Ok(None),
            [one] => (one.title.clone(), one.body.clone()),
            many => (
                format!("{} notifications held during focus", many.len()),
                many.iter().map(|n| format!("• {}", n.title)).collect::<Vec<_>>().join("\n"),
            ),
        };
        Ok(Some(Digest { title, body, ids: held.iter().map(|n| n.id).collect() }))
    }

    /// Records notifications as shown.
    pub(crate) fn mark_shown(&mut self, ids: &[i64]) -> ServiceResult<()> {
        let now = self.now();
        Ok(self.store.write(|tx| tx.mark_delivered(ids, now))?)
    }

    /// Keeps a notification: held during a focus period unless urgent,
    /// else to be shown now (after the digest that is due, unless urgent
    /// during focus).
    fn take(&mut self, title: &str, body: &str, urgent: bool) -> ServiceResult<Taken> {
        let now = self.now();
        let holding = self.holding()?;
        if let (Some(session), false) = (&holding, urgent) {
            self.store.write(|tx| tx.save_notification(now, title, body, urgent, false))?;
            let until = match session.phase_at(now) {
                Phase::Focus { until, .. } => Some(until),
                _ => None,
            };
            return Ok(Taken::Held { until });
        }
        let digest = if holding.is_none() { self.due_digest()? } else { None };
        let id = self.store.write(|tx| tx.save_notification(now, title, body, urgent, false))?;
        Ok(Taken::ToShow { id, digest })
    }
}

impl Deepblock {
    /// Takes a notification: holds it during a focus period unless urgent,
    /// shows it otherwise (after any digest that is due).
    pub fn notify(&self, title: &str, body: &str, urgent: bool) -> ServiceResult<NotifyOutcome> {
        let title = title.trim();
        check_message(title, body)?;
        let _showing = self.showing.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (id, digest) = match self.plan().take(title, body, urgent)? {
            Taken::Held { until } => {
                return Ok(NotifyOutcome { shown: false, held_until: until, digest_shown: 0 });
            }
            Taken::ToShow { id, digest } => (id, digest),
        };
        let digest_shown = match digest {
            Some(digest) => self.show_digest(digest)?,
            None => 0,
        };
        self.system.notifier.show(title, body).map_err(|e| cannot_show(&e))?;
        self.plan().mark_shown(&[id])?;
        Ok(NotifyOutcome { shown: true, held_until: None, digest_shown })
    }

    /// Shows the notifications held during focus as one digest, if focus is
    /// over (a break, or no session); returns how many it showed.
    pub(crate) fn show_due_digest(&self) -> ServiceResult<usize> {
        let _showing = self.showing.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let digest = self.plan().due_digest()?;
        digest.map_or(Ok(0), |digest| self.show_digest(digest))
    }

    /// Shows `digest` and records it shown. The caller holds `showing`, so
    /// two threads never show the same digest.
    fn show_digest(&self, digest: Digest) -> ServiceResult<usize> {
        self.system.notifier.show(&digest.title, &digest.body).map_err(|e| cannot_show(&e))?;
        self.plan().mark_shown(&digest.ids)?;
        Ok(digest.ids.len())
    }
}

/// Refuses a title or body a notification cannot carry (`title` trimmed).
pub(crate) fn check_message(title: &str, body: &str) -> ServiceResult<()> {
    if title.is_empty() || title.chars().count() > MAX_TITLE || body.chars().count() > MAX_BODY {
        return Err(ServiceError::bad_input(format!(
            "give a title of 1 to {MAX_TITLE} characters and a body of at most {MAX_BODY}"
        )));
    }
    Ok(())
}

fn cannot_show(reason: &str) -> ServiceError {
    ServiceError::new(
        ErrorCode::Environment,
        format!(
            "cannot show a desktop notification ({reason}); it is kept and will be shown later. \
             Is a notification daemon running in your session?"
        ),
    )
}
