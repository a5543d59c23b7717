//! Repeating blocks and their expansion into occurrences.
//!
//! A recurring block keeps its wall time: a Tuesday 09:00 block in Lisbon is
//! at 09:00 local in winter and in summer. To get that right whatever the
//! zone, the rule is expanded in wall-clock time (the `rrule` crate walks a
//! calendar with no clock changes in it) and each wall start is then turned
//! into an instant by [`resolve_local`], the one place that knows about gaps
//! and repeated hours.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;
use rrule::{RRule, Unvalidated};
use serde::{Deserialize, Serialize};

use crate::block::{Block, Occurrence};
use crate::error::{CoreError, CoreResult};
use crate::time::{Span, resolve_local, to_local};

/// The most occurrences one block may yield for one query. A rule such as
/// `FREQ=MINUTELY` in an imported file must not stall the app.
pub const MAX_OCCURRENCES_PER_QUERY: usize = 5_000;

/// The most starts one query walks a rule through. Rules without COUNT
/// are walked from near the window and never come close; a COUNT must be
/// counted from the start, so import caps COUNT at this.
pub const MAX_RULE_STEPS: usize = 20_000;

/// An iCalendar RRULE value, such as `FREQ=WEEKLY` or
/// `FREQ=WEEKLY;UNTIL=20270101T000000Z`.
///
/// Planned blocks only ever repeat weekly; imported meetings may carry any
/// rule their calendar wrote, so the full grammar is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RepeatRule(String);

impl RepeatRule {
    /// Every week at the same wall time, for ever.
    pub fn weekly() -> Self {
        Self("FREQ=WEEKLY".to_owned())
    }

    /// Every week at the same wall time, up to and including the local date
    /// `last` in `tz`. UNTIL is written in UTC, as RFC 5545 asks when the
    /// start carries a zone.
    pub fn weekly_until(tz: Tz, last: NaiveDate) -> Self {
        let end_of_day =
            resolve_local(tz, last.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN)));
        Self(format!("FREQ=WEEKLY;UNTIL={}", end_of_day.format("%Y%m%dT%H%M%SZ")))
    }

    /// Parses and checks an RRULE value (without the `RRULE:` prefix).
    pub fn parse(text: &str) -> CoreResult<Self> {
        let text = text.trim().trim_start_matches("RRULE:").to_owned();
        // The grammar is ASCII; the `rrule` crate slices weekdays by byte
        // and panics inside a wider character.
        if !text.is_ascii() {
            return Err(CoreError::BadInput(format!("repeat rule '{text}' holds characters no rule has")));
        }
        let (rest, _) = split_until(&text)?;
        RRule::<Unvalidated>::from_str(&rest)
            .map_err(|e| CoreError::BadInput(format!("cannot read repeat rule '{text}': {e}")))?;
        Ok(Self(text))
    }

    /// The RRULE value as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is a plain weekly rule (what the planner offers).
    pub fn is_weekly(&self) -> bool {
        self.0.split(';').any(|p| p.eq_ignore_ascii_case("FREQ=WEEKLY"))
    }
}

impl fmt::Display for RepeatRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for RepeatRule {
    type Error = CoreError;

    fn try_from(text: String) -> CoreResult<Self> {
        Self::parse(&text)
    }
}

impl From<RepeatRule> for String {
    fn from(rule: RepeatRule) -> String {
        rule.0
    }
}

/// An UNTIL bound, kept in the form the rule wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Until {
    /// `UNTIL=20261231`: up to the end of that local date.
    Date(NaiveDate),
    /// `UNTIL=20261231T235959Z`: an instant.
    Utc(NaiveDateTime),
    /// `UNTIL=20261231T235959`: a wall time in the block's zone.
    Floating(NaiveDateTime),
}

impl Until {
    fn to_wall(self, tz: Tz) -> NaiveDateTime {
        match self {
            Until::Date(d) => d.and_hms_opt(23, 59, 59).unwrap_or(d.and_time(NaiveTime::MIN)),
            Until::Utc(u) => to_local(tz, chrono::Utc.from_utc_datetime(&u)),
            Until::Floating(w) => w,
        }
    }
}

/// Splits UNTIL out of a rule, because it is the one part that must be
/// interpreted in the block's zone before the rule is walked in wall time.
fn split_until(text: &str) -> CoreResult<(String, Option<Until>)> {
    let mut kept = Vec::new();
    let mut until = None;
    for part in text.split(';').filter(|p| !p.is_empty()) {
        let Some((key, value)) = part.split_once('=') else {
            kept.push(part);
            continue;
        };
        if !key.eq_ignore_ascii_case("UNTIL") {
            kept.push(part);
            continue;
        }
        let bad = || CoreError::BadInput(format!("cannot read UNTIL={value} in repeat rule '{text}'"));
        until = Some(if let Some(utc) = value.strip_suffix(['Z', 'z']) {
            Until::Utc(NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").map_err(|_| bad())?)
        } else if value.len() == 8 {
            Until::Date(NaiveDate::parse_from_str(value, "%Y%m%d").map_err(|_| bad())?)
        } else {
            Until::Floating(NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").map_err(|_| bad())?)
        });
    }
    Ok((kept.join(";"), until))
}

/// How a block repeats, and the occurrences the user changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recurrence {
    /// The rule, walked from the block's first local wall start.
    pub rule: RepeatRule,
    /// Occurrences removed, by the local wall start the rule gave them
    /// (iCalendar EXDATE).
    pub skipped: BTreeSet<NaiveDateTime>,
    /// Occurrences moved, by the local wall start the rule gave them
    /// (iCalendar RECURRENCE-ID overrides).
    pub moved: BTreeMap<NaiveDateTime, Span>,
    /// Extra occurrences outside the rule, as local wall starts
    /// (iCalendar RDATE).
    pub added: BTreeSet<NaiveDateTime>,
}

impl Recurrence {
    /// A recurrence with no changed occurrences.
    pub fn new(rule: RepeatRule) -> Self {
        Self { rule, skipped: BTreeSet::new(), moved: BTreeMap::new(), added: BTreeSet::new() }
    }

    /// Shifts every changed occurrence's key by `delta` of wall time, for
    /// when the whole series moves: a skipped Tuesday stays skipped.
    pub fn shift_keys(&mut self, delta: Duration) {
        self.skipped = self.skipped.iter().map(|w| *w + delta).collect();
        self.added = self.added.iter().map(|w| *w + delta).collect();
        self.moved = self.moved.iter().map(|(w, s)| (*w + delta, *s)).collect();
    }
}

thread_local! {
    /// Rule steps walked on this thread, for [`rule_steps`].
    static RULE_STEPS: Cell<u64> = const { Cell::new(0) };
}

/// How many starts the rule expander has walked on this thread so far:
/// the measure of expansion work, so tests can bound it without timing.
pub fn rule_steps() -> u64 {
    RULE_STEPS.with(Cell::get)
}

/// Where to start walking a rule so that the walk to `from` stays short,
/// as calendar servers do, and the rule to walk from there: for a rule
/// without COUNT (a COUNT must be counted from the real start), the anchor
/// moves forward by whole periods (FREQ times INTERVAL) to just before
/// `from`. Whole periods keep the phase. What the rule takes from its start
/// stays the same: weekday, hour, minute and second survive whole days,
/// weeks, months and years, and the day of the month (and, yearly, the
/// month) is written into the rule first where the rule left it to the
/// start, since a month shift may land on a shorter month.
fn walk_from(rule: &str, anchor: NaiveDateTime, from: NaiveDateTime) -> (String, NaiveDateTime) {
    let unchanged = (rule.to_owned(), anchor);
    let mut freq = String::new();
    let mut interval = 1_i64;
    let mut keys = Vec::new();
    for part in rule.split(';') {
        let Some((key, value)) = part.split_once('=') else { continue };
        let key = key.trim().to_ascii_uppercase();
        match key.as_str() {
            "COUNT" => return unchanged,
            "INTERVAL" => interval = value.trim().parse().unwrap_or(1),
            "FREQ" => freq = value.trim().to_ascii_uppercase(),
            _ => {}
        }
        keys.push(key);
    }
    if interval <= 0 {
        return unchanged;
    }
    let has = |key: &str| keys.iter().any(|k| k == key);
    let seconds = match freq.as_str() {
        "SECONDLY" => Some(1),
        "MINUTELY" => Some(60),
        "HOURLY" => Some(3_600),
        "DAILY" => Some(86_400),
        "WEEKLY" => Some(7 * 86_400),
        _ => None,
    };
    if let Some(unit) = seconds {
        let Some(period) = interval.checked_mul(unit) else { return unchanged };
        let ahead = (from - anchor).num_seconds();
        if ahead <= period.saturating_mul(2) {
            return unchanged;
        }
        let jump = ((ahead - period) / period).checked_mul(period).and_then(Duration::try_seconds);
        return match jump.and_then(|jump| anchor.checked_add_signed(jump)) {
            Some(moved) => (rule.to_owned(), moved),
            None => unchanged,
        };
    }
    let months_per_period = match freq.as_str() {
        "MONTHLY" => interval,
        "YEARLY" => interval.saturating_mul(12),
        _ => return unchanged,
    };
    let ahead =
        i64::from(from.year() - anchor.year()) * 12 + i64::from(from.month()) - i64::from(anchor.month());
    if ahead <= months_per_period.saturating_mul(2) {
        return unchanged;
    }
    let jump = ((ahead - months_per_period) / months_per_period).saturating_mul(months_per_period);
    let Some(moved) = u32::try_from(jump).ok().and_then(|m| anchor.checked_add_months(Months::new(m))) else {
        return unchanged;
    };
    let mut explicit = rule.to_owned();
    let picks_days = ["BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO"].iter().any(|k| has(k));
    if freq == "YEARLY" && !has("BYMONTH") && !picks_days {
        explicit.push_str(&format!(";BYMONTH={}", anchor.month()));
    }
    if !picks_days {
        explicit.push_str(&format!(";BYMONTHDAY={}", anchor.day()));
    }
    (explicit, moved)
}

/// The wall starts a rule gives between `from` and `to` (inclusive),
/// anchored at `anchor`, plus the rule's RDATEs in that window.
fn wall_starts(
    recurrence: &Recurrence,
    tz: Tz,
    anchor: NaiveDateTime,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> CoreResult<Vec<NaiveDateTime>> {
    let (rest, until) = split_until(recurrence.rule.as_str())?;
    let unreadable = |e: rrule::RRuleError| {
        CoreError::BadInput(format!("cannot use repeat rule '{}': {e}", recurrence.rule))
    };
    let (walked, start) = walk_from(&rest, anchor, from);
    if !walked.is_ascii() {
        return Err(CoreError::BadInput(format!(
            "repeat rule '{}' holds characters no rule has",
            recurrence.rule
        )));
    }
    let mut rule = RRule::<Unvalidated>::from_str(&walked).map_err(unreadable)?;
    let mut starts = Vec::new();
    if let Some(until) = until {
        let wall_until = until.to_wall(tz);
        if wall_until < anchor {
            // A rule that ends before it starts leaves only the first
            // occurrence, which DTSTART always is.
            if (from..=to).contains(&anchor) {
                starts.push(anchor);
            }
            return Ok(starts);
        }
        rule = rule.until(rrule::Tz::UTC.from_utc_datetime(&wall_until));
    }
    let set = rule.build(rrule::Tz::UTC.from_utc_datetime(&start)).map_err(unreadable)?;
    for start in set.into_iter().take(MAX_RULE_STEPS) {
        RULE_STEPS.with(|steps| steps.set(steps.get() + 1));
        let wall = start.naive_utc();
        if wall > to || starts.len() >= MAX_OCCURRENCES_PER_QUERY {
            break;
        }
        if wall >= from {
            starts.push(wall);
        }
    }
    starts.extend(recurrence.added.iter().filter(|w| (from..=to).contains(*w)));
    starts.sort();
    starts.dedup();
    Ok(starts)
}

/// The occurrences of `block` that overlap `window`, in start order.
///
/// A block without a recurrence has one occurrence, itself. Every
/// occurrence lasts as long as the first one (in elapsed time), unless the
/// user moved it.
pub fn occurrences(block: &Block, window: &Span) -> CoreResult<Vec<Occurrence>> {
    let touches = |span: &Span| {
        span.overlaps(window)
            || (span.start == span.end && span.start >= window.start && span.start < window.end)
    };
    let Some(recurrence) = &block.recurrence else {
        let span = block.span();
        return Ok(if touches(&span) {
            vec![Occurrence { block_id: block.id, original: None, span }]
        } else {
            Vec::new()
        });
    };
    let duration = block.duration();
    // Wall time and instants differ by at most a day, so a day of slack on
    // each side finds every occurrence whose instants meet the window.
    let from = to_local(block.tz, window.start - duration) - Duration::days(1);
    let to = to_local(block.tz, window.end) + Duration::days(1);
    let mut found = Vec::new();
    for wall in wall_starts(recurrence, block.tz, block.local_start(), from, to)? {
        if recurrence.skipped.contains(&wall) || recurrence.moved.contains_key(&wall) {
            continue;
        }
        let start = resolve_local(block.tz, wall);
        let span = Span::new(start, start + duration);
        if touches(&span) {
            found.push(Occurrence { block_id: block.id, original: Some(wall), span });
        }
    }
    for (original, span) in &recurrence.moved {
        if touches(span) && !recurrence.skipped.contains(original) {
            found.push(Occurrence { block_id: block.id, original: Some(*original), span: *span });
        }
    }
    found.sort_by_key(|o| (o.span.start, o.original));
    Ok(found)
}

/// Whether `wall` is a local start the block's rule gives (before moves),
/// so that only real occurrences can be skipped or moved.
pub fn is_occurrence(block: &Block, wall: NaiveDateTime) -> CoreResult<bool> {
    let Some(recurrence) = &block.recurrence else {
        return Ok(false);
    };
    let starts = wall_starts(recurrence, block.tz, block.local_start(), wall, wall)?;
    Ok(starts.contains(&wall))
}

/// The instant a recurring block's series ends, if it ends: `None` for a
/// series that repeats for ever.
pub fn series_end(block: &Block) -> CoreResult<Option<DateTime<chrono::Utc>>> {
    let Some(recurrence) = &block.recurrence else {
        return Ok(Some(block.end));
    };
    let (rest, until) = split_until(recurrence.rule.as_str())?;
    let has_count = rest.split(';').any(|p| p.to_ascii_uppercase().starts_with("COUNT="));
    let last_moved = recurrence.moved.values().map(|s| s.end).max();
    let bound = match until {
        Some(until) => Some(resolve_local(block.tz, until.to_wall(block.tz)) + block.duration()),
        None if has_count => {
            let far = block.local_start() + Duration::days(366 * 100);
            let starts = wall_starts(recurrence, block.tz, block.local_start(), block.local_start(), far)?;
            if starts.len() >= MAX_OCCURRENCES_PER_QUERY {
                // Too many to count here: treat it as endless, which only
                // makes queries look at it more often than needed.
                return Ok(None);
            }
            starts.last().map(|w| resolve_local(block.tz, *w) + block.duration())
        }
        None => return Ok(None),
    };
    let last_added = recurrence.added.last().map(|w| resolve_local(block.tz, *w) + block.duration());
    Ok(bound.max(last_moved).max(last_added).or(Some(block.end)))
}
