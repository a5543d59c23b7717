//! ActivityWatch as a source of actual time: the rules that map what it
//! saw onto categories, where it runs, and reading it. The read happens
//! with the plan unlocked; only the mapped intervals (span, category,
//! rule) are written, never a title or an address.

use chrono::Duration;
use deepblock_core::activity::{Seen, TrackRule, active, categorise, compile};
use deepblock_core::{Category, Span};
use deepblock_remote::{Address, AwEvent, read_activitywatch};
use serde::Serialize;

use crate::{Deepblock, ErrorCode, Plan, ServiceError, ServiceResult};

/// What a read of ActivityWatch brought.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ActivityPulled {
    /// The server, shortened.
    pub server: String,
    /// Minutes at the machine, after the rules.
    pub minutes: i64,
    /// Of those, minutes no rule matched (counted as "other").
    pub unmatched_minutes: i64,
    /// Whether its AFK watcher reported in the span; without that nothing
    /// it saw counts, since time away cannot be told from time at work.
    pub has_presence: bool,
}

impl ActivityPulled {
    /// What was read, in a line.
    pub fn line(&self) -> String {
        format!(
            "ActivityWatch ({}): {} at the machine, {} of it matching no rule",
            self.server,
            crate::clock(self.minutes),
            crate::clock(self.unmatched_minutes)
        )
    }
}

fn seen(event: &AwEvent) -> Option<Seen> {
    // A server may say anything: a length past the end of time is no
    // event, not an overflow.
    let end =
        event.start.checked_add_signed(Duration::milliseconds((event.seconds * 1000.0).min(1e12) as i64))?;
    (event.start < end).then(|| Seen {
        span: Span::new(event.start, end),
        app: event.app.clone(),
        title: event.title.clone(),
        url: event.url.clone(),
    })
}

impl Plan {
    /// The tracking rules, in the order they are tried: the newest first.
    pub fn track_rules(&self) -> ServiceResult<Vec<TrackRule>> {
        Ok(self.store.track_rules()?)
    }

    /// Adds a rule, tried before the others, once its pattern compiles.
    pub fn add_track_rule(&mut self, pattern: &str, category: Category) -> ServiceResult<TrackRule> {
        compile(pattern)?;
        let pattern = pattern.trim().to_owned();
        let id = self.store.write(|tx| tx.add_track_rule(&pattern, category))?;
        Ok(TrackRule { id, pattern, category })
    }

    /// Removes rule `id`.
    pub fn remove_track_rule(&mut self, id: i64) -> ServiceResult<()> {
        if !self.store.write(|tx| tx.remove_track_rule(id))? {
            return Err(ServiceError::not_found(format!(
                "no tracking rule {id}; `rules track list` shows them"
            )));
        }
        Ok(())
    }

    /// Where ActivityWatch is read from, or `None` to stop reading it.
    pub fn set_activitywatch(&mut self, address: Option<&str>) -> ServiceResult<Option<String>> {
        let checked = address
            .map(|a| Address::parse(a).map(|a| a.as_str().to_owned()))
            .transpose()
            .map_err(|e| ServiceError::bad_input(e.to_string()))?;
        self.store.write(|tx| tx.set_activitywatch(checked.as_deref()))?;
        Ok(checked)
    }

    /// The address ActivityWatch is read from, unless reading is off.
    pub fn activitywatch(&self) -> ServiceResult<Option<String>> {
        Ok(self.store.activitywatch()?)
    }
}

impl Deepblock {
    /// Reads what ActivityWatch saw in `span` (up to now), maps it with
    /// the rules and keeps the result in place of what an earlier read
    /// kept for the same span. `None` when reading it is off. The network
    /// is waited on with the plan unlocked.
    pub fn pull_activity(&self, span: Span) -> ServiceResult<Option<ActivityPulled>> {
        let (address, rules, now) = {
            let plan = self.plan();
            let Some(address) = plan.activitywatch()? else { return Ok(None) };
            (address, plan.track_rules()?, plan.now())
        };
        let span = Span::new(span.start, span.end.min(now).max(span.start));
        let address = Address::parse(&address).map_err(|e| ServiceError::bad_input(e.to_string()))?;
        let watched = read_activitywatch(&address, span.start, span.end)
            .map_err(|e| ServiceError::new(ErrorCode::Environment, e.to_string()))?;
        let present: Vec<Span> = watched
            .presence
            .iter()
            .filter(|e| e.status == "not-afk")
            .filter_map(seen)
            .map(|s| s.span)
            .collect();
        let windows = watched.windows.iter().filter_map(seen).collect();
        let tabs = watched.tabs.iter().filter_map(seen).collect();
        let clip = |s: Span| Span::new(s.start.max(span.start), s.end.min(span.end));
        let activity: Vec<_> = categorise(&active(windows, tabs, present)?, &rules)?
            .into_iter()
            .map(|mut a| {
                a.span = clip(a.span);
                a
            })
            .filter(|a| a.span.start < a.span.end)
            .collect();
        let total = |keep: &dyn Fn(&deepblock_core::activity::Activity) -> bool| -> i64 {
            activity.iter().filter(|a| keep(a)).map(|a| a.span.duration().num_seconds()).sum::<i64>() / 60
        };
        let pulled = ActivityPulled {
            server: address.shown(),
            minutes: total(&|_| true),
            unmatched_minutes: total(&|a| a.rule.is_none()),
            has_presence: !watched.presence.is_empty(),
        };
        self.plan().store.write(|tx| tx.replace_activity(&span, &activity))?;
        Ok(Some(pulled))
    }
}
