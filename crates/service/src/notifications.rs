//! Notifications from scripts ("run 42 finished"): shown at once outside
//! focus, held during a focus period and shown as one digest after it,
//! unless urgent. Held ones live in SQLite, so a restart loses none.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::{Deepblock, ErrorCode, ServiceError, ServiceResult};

/// The longest title and body accepted.
const MAX_TITLE: usize = 200;
const MAX_BODY: usize = 2000;

/// Where notifications are shown.
pub trait Notifier: Send {
    /// Shows one notification, or says why it could not.
    fn show(&self, title: &str, body: &str) -> Result<(), String>;
}

/// The desktop's notification server (D-Bus on Linux), through notify-rust.
#[derive(Debug, Default)]
pub struct DesktopNotifier;

impl Notifier for DesktopNotifier {
    fn show(&self, title: &str, body: &str) -> Result<(), String> {
        notify_rust::Notification::new()
            .appname("Deepblock")
            .summary(title)
            .body(body)
            .show()
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
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

impl Deepblock {
    /// Takes a notification: holds it during a focus period unless urgent,
    /// shows it otherwise (after any digest that is due).
    pub fn notify(&mut self, title: &str, body: &str, urgent: bool) -> ServiceResult<NotifyOutcome> {
        let title = title.trim();
        if title.is_empty() || title.chars().count() > MAX_TITLE || body.chars().count() > MAX_BODY {
            return Err(ServiceError::bad_input(format!(
                "give a title of 1 to {MAX_TITLE} characters and a body of at most {MAX_BODY}"
            )));
        }
        let now = self.now();
        let holding = self.store.open_session()?.filter(|s| s.holds_notifications(now));
        if let (Some(session), false) = (&holding, urgent) {
            self.store.save_notification(now, title, body, urgent, false)?;
            let until = match session.phase_at(now) {
                deepblock_core::focus::Phase::Focus { until, .. } => Some(until),
                _ => None,
            };
            return Ok(NotifyOutcome { shown: false, held_until: until, digest_shown: 0 });
        }
        let digest_shown = if holding.is_none() { self.show_held_digest()? } else { 0 };
        // Kept before it is shown, so that a failure to show loses nothing.
        let id = self.store.save_notification(now, title, body, urgent, false)?;
        self.notifier.show(title, body).map_err(|e| cannot_show(&e))?;
        self.store.mark_delivered(&[id], now)?;
        Ok(NotifyOutcome { shown: true, held_until: None, digest_shown })
    }

    /// Shows the notifications held during focus as one digest, if focus is
    /// over (a break, or no session); returns how many it showed.
    pub fn show_held_digest(&mut self) -> ServiceResult<usize> {
        let now = self.now();
        if self.store.open_session()?.is_some_and(|s| s.holds_notifications(now)) {
            return Ok(0);
        }
        let held = self.store.held_notifications()?;
        if held.is_empty() {
            return Ok(0);
        }
        let title = match held.len() {
            1 => held[0].title.clone(),
            n => format!("{n} notifications held during focus"),
        };
        let body = if held.len() == 1 {
            held[0].body.clone()
        } else {
            held.iter().map(|n| format!("• {}", n.title)).collect::<Vec<_>>().join("\n")
        };
        self.notifier.show(&title, &body).map_err(|e| cannot_show(&e))?;
        let ids: Vec<i64> = held.iter().map(|n| n.id).collect();
        self.store.mark_delivered(&ids, now)?;
        Ok(held.len())
    }
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
