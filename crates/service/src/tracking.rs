//! Actual time the user records by hand: the tracking timer (`track
//! start|stop|status`) and entries for the past (`log 45m`). An hour is
//! spent once: no entry may share time with another or with the running
//! timer.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use deepblock_core::actual::{ActualSource, Entry, Timer, checked_note, overlapping, timer_end};
use deepblock_core::{Category, Span};
use serde::Serialize;

use crate::{Plan, ServiceError, ServiceResult};

/// An entry as front ends tell it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EntryView {
    /// What the time went to.
    pub category: Category,
    /// When it began, in the user's zone.
    pub start: DateTime<FixedOffset>,
    /// When it ended, in the user's zone.
    pub end: DateTime<FixedOffset>,
    /// Its length in whole minutes.
    pub minutes: i64,
    /// The user's words.
    pub note: Option<String>,
    /// `timer` or `manual`.
    pub source: &'static str,
    /// Why a timer's entry ends before it was stopped, when it does.
    pub cut: Option<String>,
}

/// The running timer as front ends show it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TimerView {
    /// What the time goes to.
    pub category: Category,
    /// When it started, in the user's zone.
    pub started: DateTime<FixedOffset>,
    /// Whole minutes so far.
    pub minutes: i64,
    /// The user's words.
    pub note: Option<String>,
}

/// What `track start` did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TrackStarted {
    /// The timer that was running before, now stopped and recorded.
    pub stopped: Option<EntryView>,
    /// The new timer.
    pub timer: TimerView,
}

impl Plan {
    /// Starts the timer on `category`; one already running is stopped
    /// first, as `track stop` would.
    pub fn track_start(&mut self, category: Category, note: Option<&str>) -> ServiceResult<TrackStarted> {
        let note = checked_note(note)?;
        let stopped = match self.store.timer()? {
            Some(_) => Some(self.track_stop()?),
            None => None,
        };
        let timer = Timer { started: self.now(), category, note };
        self.store.write(|tx| tx.set_timer(Some(&timer)))?;
        Ok(TrackStarted { stopped, timer: self.timer_view(&timer) })
    }

    /// Stops the timer and records its time; a timer left running is cut
    /// at the end of its workday (see `deepblock_core::actual::timer_end`),
    /// and the view says so. Less than a minute records nothing.
    pub fn track_stop(&mut self) -> ServiceResult<EntryView> {
        let timer = self.store.timer()?.ok_or_else(|| {
            ServiceError::bad_input("no timer is running; start one with `deepblock track start CATEGORY`")
        })?;
        let rules = self.store.rules()?;
        let (end, cut) = timer_end(&timer, self.now(), &rules.workday, self.tz);
        let span = Span::new(timer.started, end.max(timer.started));
        if span.duration() < Duration::minutes(1) {
            self.store.write(|tx| tx.set_timer(None))?;
            let mut view = self.entry_view(&Entry {
                start: span.start,
                end: span.end,
                category: timer.category,
                source: ActualSource::Timer,
                note: timer.note,
            });
            view.cut = Some("it ran less than a minute, so nothing was recorded".to_owned());
            return Ok(view);
        }
        self.refuse_overlap(&span)?;
        let entry = Entry::new(span, timer.category, ActualSource::Timer, timer.note.as_deref())?;
        self.store.write(|tx| {
            tx.add_entry(&entry)?;
            tx.set_timer(None)
        })?;
        let mut view = self.entry_view(&entry);
        view.cut = cut;
        Ok(view)
    }

    /// The running timer, if any.
    pub fn track_status(&self) -> ServiceResult<Option<TimerView>> {
        Ok(self.store.timer()?.map(|t| self.timer_view(&t)))
    }

    /// Records `length` of the past under `category`: starting `at`, or
    /// ending now when no start is given.
    pub fn log_entry(
        &mut self,
        length: Duration,
        category: Category,
        at: Option<DateTime<Utc>>,
        note: Option<&str>,
    ) -> ServiceResult<EntryView> {
        let now = self.now();
        let start = at.unwrap_or(now - length);
        let span = Span::new(start, start + length);
        if span.end > now {
            return Err(ServiceError::bad_input(
                "that entry would end in the future; plan the time as a block instead",
            ));
        }
        let entry = Entry::new(span, category, ActualSource::Manual, note)?;
        if let Some(timer) = self.store.timer()?
            && timer.started < span.end
        {
            let since = timer.started.with_timezone(&self.tz).format("%H:%M");
            return Err(ServiceError::bad_input(format!(
                "the timer has been running since {since}, so that time is counted already; stop it first or log an earlier time"
            )));
        }
        self.refuse_overlap(&span)?;
        self.store.write(|tx| tx.add_entry(&entry))?;
        Ok(self.entry_view(&entry))
    }

    /// The actual-time entries sharing time with `span`.
    pub fn actual_entries(&self, span: &Span) -> ServiceResult<Vec<EntryView>> {
        Ok(self.store.entries_touching(span)?.iter().map(|e| self.entry_view(e)).collect())
    }

    fn refuse_overlap(&self, span: &Span) -> ServiceResult<()> {
        let near = self.store.entries_touching(span)?;
        if let Some(other) = overlapping(span, &near) {
            let local = |t: DateTime<Utc>| t.with_timezone(&self.tz).format("%a %-d %b %H:%M");
            return Err(ServiceError::bad_input(format!(
                "that time is already counted as {} ({}–{}); an hour is spent once",
                other.category.as_str(),
                local(other.start),
                other.end.with_timezone(&self.tz).format("%H:%M")
            )));
        }
        Ok(())
    }

    fn entry_view(&self, entry: &Entry) -> EntryView {
        EntryView {
            category: entry.category,
            start: entry.start.with_timezone(&self.tz).fixed_offset(),
            end: entry.end.with_timezone(&self.tz).fixed_offset(),
            minutes: (entry.end - entry.start).num_minutes(),
            note: entry.note.clone(),
            source: entry.source.as_str(),
            cut: None,
        }
    }

    fn timer_view(&self, timer: &Timer) -> TimerView {
        TimerView {
            category: timer.category,
            started: timer.started.with_timezone(&self.tz).fixed_offset(),
            minutes: (self.now() - timer.started).num_minutes().max(0),
            note: timer.note.clone(),
        }
    }
}
