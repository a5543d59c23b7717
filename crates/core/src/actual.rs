//! Actual time: what the hours were spent on, as opposed to what the plan
//! said. Entries come from the tracking timer, from the user's own log of
//! the past, and (later) from focus sessions and ActivityWatch; each is an
//! interval under one category. Pure: the caller passes `now`.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::block::Category;
use crate::error::{CoreError, CoreResult};
use crate::rules::Workday;
use crate::time::{Span, day_span, to_local};

/// No entry is longer than this: a longer one is a timer forgotten, not work.
pub const LONGEST_ENTRY_HOURS: i64 = 24;

/// The longest note an entry keeps.
pub const LONGEST_NOTE: usize = 500;

/// Where an entry came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActualSource {
    /// `track start` … `track stop`.
    Timer,
    /// `log 45m`, the user's own account of the past.
    Manual,
}

impl ActualSource {
    /// The name stored and printed.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Timer => "timer",
            Self::Manual => "manual",
        }
    }

    /// The source a stored name names.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "timer" => Some(Self::Timer),
            "manual" => Some(Self::Manual),
            _ => None,
        }
    }
}

/// One stretch of time spent under one category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// When it began.
    pub start: DateTime<Utc>,
    /// When it ended (after the start).
    pub end: DateTime<Utc>,
    /// What it was spent on.
    pub category: Category,
    /// Where it came from.
    pub source: ActualSource,
    /// The user's words, if any.
    pub note: Option<String>,
}

impl Entry {
    /// An entry, checked: it ends after it starts, lasts at most a day, and
    /// its note is a line of at most [`LONGEST_NOTE`] characters.
    pub fn new(span: Span, category: Category, source: ActualSource, note: Option<&str>) -> CoreResult<Self> {
        if span.end <= span.start {
            return Err(CoreError::BadInput("an entry must end after it starts".to_owned()));
        }
        if span.duration() > Duration::hours(LONGEST_ENTRY_HOURS) {
            return Err(CoreError::BadInput(format!(
                "an entry lasts at most {LONGEST_ENTRY_HOURS} hours; split a longer one"
            )));
        }
        Ok(Self { start: span.start, end: span.end, category, source, note: checked_note(note)? })
    }

    /// Its stretch of time.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// A note as kept: trimmed, empty is none.
pub fn checked_note(note: Option<&str>) -> CoreResult<Option<String>> {
    let Some(note) = note.map(str::trim).filter(|n| !n.is_empty()) else { return Ok(None) };
    if note.chars().count() > LONGEST_NOTE || note.chars().any(char::is_control) {
        return Err(CoreError::BadInput(format!("a note is one line of at most {LONGEST_NOTE} characters")));
    }
    Ok(Some(note.to_owned()))
}

/// The first of `existing` that shares time with `span`, which a new entry
/// may not: an hour is spent once.
pub fn overlapping<'a>(span: &Span, existing: &'a [Entry]) -> Option<&'a Entry> {
    existing.iter().find(|e| e.start < span.end && span.start < e.end)
}

/// The tracking timer while it runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timer {
    /// When it was started.
    pub started: DateTime<Utc>,
    /// What the time goes to.
    pub category: Category,
    /// The user's words, if any.
    pub note: Option<String>,
}

/// Where a timer stopped at `now` ends, and why it ends earlier when it
/// does. A timer left running (overnight, over a suspend) is cut at the
/// end of the workday it started in, or, started after that or on a day
/// off, at the midnight after its start: the hours after are not work
/// the user did, and saying so beats counting them.
pub fn timer_end(
    timer: &Timer,
    now: DateTime<Utc>,
    workday: &Workday,
    tz: Tz,
) -> (DateTime<Utc>, Option<String>) {
    let day = to_local(tz, timer.started).date();
    let cap = match workday.span_on(tz, day) {
        Some(work) if timer.started < work.end => work.end,
        _ => day_span(tz, day).end,
    };
    if now <= cap {
        return (now, None);
    }
    let local = |t: DateTime<Utc>| to_local(tz, t).format("%a %H:%M");
    let why = format!(
        "the timer ran until {}; it is cut at {}, the end of that {}",
        local(now),
        local(cap),
        if workday.span_on(tz, day).is_some_and(|w| w.end == cap) { "workday" } else { "day" }
    );
    (cap, Some(why))
}

/// Reads a length as people write it: `45m`, `1h30m`, `1.5h`, `2h`; more
/// than nothing, at most [`LONGEST_ENTRY_HOURS`].
pub fn parse_length(text: &str) -> CoreResult<Duration> {
    parse_length_up_to(text, LONGEST_ENTRY_HOURS)
}

/// Reads a length as [`parse_length`] does, at most `longest_hours`.
pub fn parse_length_up_to(text: &str, longest_hours: i64) -> CoreResult<Duration> {
    let trimmed = text.trim();
    let refuse = || {
        CoreError::BadInput(format!(
            "'{trimmed}' is not a length; write minutes or hours such as 45m, 1h30m or 1.5h (at most {longest_hours}h)"
        ))
    };
    let mut rest = trimmed;
    let mut seconds = 0.0_f64;
    let mut units = 0;
    while !rest.is_empty() {
        let end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).ok_or_else(refuse)?;
        let number: f64 = rest[..end].parse().map_err(|_| refuse())?;
        let after = &rest[end..];
        let (per, taken) = if let Some(r) = after.strip_prefix("min") {
            (60.0, after.len() - r.len())
        } else if after.starts_with('m') {
            (60.0, 1)
        } else if after.starts_with('h') {
            (3600.0, 1)
        } else {
            return Err(refuse());
        };
        seconds += number * per;
        units += 1;
        rest = &after[taken..];
    }
    let longest = (longest_hours * 3600) as f64;
    if units == 0 || !seconds.is_finite() || seconds < 60.0 || seconds > longest {
        return Err(refuse());
    }
    Ok(Duration::seconds(seconds.round() as i64))
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveTime, TimeZone};

    use super::*;
    use crate::rules::WeekdaySet;

    const BERLIN: Tz = chrono_tz::Europe::Berlin;

    fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
        BERLIN.with_ymd_and_hms(2026, 12, d, h, m, 0).unwrap().with_timezone(&Utc)
    }

    fn workday() -> Workday {
        Workday {
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
            days: WeekdaySet::parse("mon-fri").unwrap(),
        }
    }

    #[test]
    fn lengths_read_as_people_write_them() {
        assert_eq!(parse_length("45m"), Ok(Duration::minutes(45)));
        assert_eq!(parse_length("1h30m"), Ok(Duration::minutes(90)));
        assert_eq!(parse_length("1.5h"), Ok(Duration::minutes(90)));
        assert_eq!(parse_length("20min"), Ok(Duration::minutes(20)));
        for bad in ["-5m", "0m", "5", "h", "25h", "1e9h", "", "30s", "1.2.3h"] {
            let error = parse_length(bad).unwrap_err().to_string();
            assert!(error.contains("is not a length"), "{bad}: {error}");
        }
    }

    #[test]
    fn entries_end_after_they_start_last_a_day_at_most_and_never_share_time() {
        let span = Span::new(at(1, 9, 0), at(1, 10, 0));
        let entry = Entry::new(span, Category::Admin, ActualSource::Manual, Some("  expenses ")).unwrap();
        assert_eq!(entry.note.as_deref(), Some("expenses"));
        assert!(
            Entry::new(Span::new(at(1, 10, 0), at(1, 9, 0)), Category::Admin, ActualSource::Manual, None)
                .is_err()
        );
        assert!(
            Entry::new(Span::new(at(1, 9, 0), at(2, 9, 1)), Category::Admin, ActualSource::Manual, None)
                .is_err()
        );
        assert!(checked_note(Some("two\nlines")).is_err());
        let existing = [entry];
        assert!(overlapping(&Span::new(at(1, 9, 30), at(1, 11, 0)), &existing).is_some());
        assert!(
            overlapping(&Span::new(at(1, 10, 0), at(1, 11, 0)), &existing).is_none(),
            "touching is not sharing"
        );
    }

    #[test]
    fn a_timer_left_running_is_cut_at_the_end_of_its_workday_or_day() {
        let timer = |started| Timer { started, category: Category::ModelDev, note: None };
        // Stopped the same afternoon: as it is.
        assert_eq!(timer_end(&timer(at(1, 9, 0)), at(1, 16, 0), &workday(), BERLIN), (at(1, 16, 0), None));
        // Left overnight: cut at 17:00, and the user is told.
        let (end, why) = timer_end(&timer(at(1, 9, 0)), at(2, 8, 30), &workday(), BERLIN);
        assert_eq!(end, at(1, 17, 0));
        assert!(why.unwrap().contains("cut at Tue 17:00, the end of that workday"));
        // Started in the evening: cut at midnight.
        let (end, why) = timer_end(&timer(at(1, 20, 0)), at(2, 3, 0), &workday(), BERLIN);
        assert_eq!((end, why.is_some()), (at(2, 0, 0), true));
        // A Saturday is a day off: midnight too.
        let (end, _) = timer_end(&timer(at(5, 10, 0)), at(6, 10, 0), &workday(), BERLIN);
        assert_eq!(end, at(6, 0, 0));
    }
}
