//! Wall-clock and calendar math in the user's zone.
//!
//! Instants are UTC; days and weeks are local. Every conversion from a local
//! wall time to an instant goes through [`resolve_local`], so the whole app
//! agrees on what "09:00 on the day the clocks change" means.

use chrono::{
    DateTime, Datelike, Days, Duration, IsoWeek, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, CoreResult};

/// Turns a local wall time into an instant, by the rule of RFC 5545 §3.3.5.
///
/// - A wall time that happens twice (clocks going back) means the first one,
///   the one before the change.
/// - A wall time that never happens (clocks going forward) is read with the
///   UTC offset in force before the gap, so it lands as far past the gap as
///   it was into it: 02:30 on a night that jumps from 02:00 to 03:00 is 03:30.
///
/// Calendar programs that follow the RFC (Google, Outlook, Apple) read our
/// exported times the same way, which is why we follow it here.
pub fn resolve_local(tz: Tz, wall: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&wall) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => {
            // Time zones never change twice within a day, so the offset a day
            // earlier is the one in force just before the gap.
            let before = wall - Duration::days(1);
            let offset = match tz.from_local_datetime(&before) {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.offset().fix(),
                LocalResult::None => tz.offset_from_utc_datetime(&before).fix(),
            };
            let utc = wall - Duration::seconds(i64::from(offset.local_minus_utc()));
            Utc.from_utc_datetime(&utc)
        }
    }
}

/// The local wall time of an instant in a zone.
pub fn to_local(tz: Tz, instant: DateTime<Utc>) -> NaiveDateTime {
    instant.with_timezone(&tz).naive_local()
}

/// A half-open span of time `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// First instant inside the span.
    pub start: DateTime<Utc>,
    /// First instant after the span.
    pub end: DateTime<Utc>,
}

impl Span {
    /// A span from `start` to `end`; callers make sure `start <= end`.
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        Self { start, end }
    }

    /// Whether two spans share at least one instant. Touching spans
    /// (one ends when the other starts) do not overlap.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The span's length.
    pub fn duration(&self) -> Duration {
        self.end - self.start
    }
}

/// The instants of one local calendar day: from local midnight to the next.
///
/// A day is 23 or 25 hours long when the clocks change on it.
pub fn day_span(tz: Tz, date: NaiveDate) -> Span {
    let next = date + Days::new(1);
    Span::new(
        resolve_local(tz, date.and_time(NaiveTime::MIN)),
        resolve_local(tz, next.and_time(NaiveTime::MIN)),
    )
}

/// The instants between two local dates, `from` inclusive and `to` inclusive.
pub fn dates_span(tz: Tz, from: NaiveDate, to: NaiveDate) -> Span {
    Span::new(day_span(tz, from).start, day_span(tz, to).end)
}

/// The local dates an instant span touches, in order.
pub fn local_dates(tz: Tz, span: &Span) -> Vec<NaiveDate> {
    let first = to_local(tz, span.start).date();
    // The end is exclusive: a block ending at midnight does not touch the
    // next day.
    let last_instant = if span.end > span.start { span.end - Duration::nanoseconds(1) } else { span.end };
    let last = to_local(tz, last_instant).date();
    first.iter_days().take_while(|d| *d <= last).collect()
}

/// A week of seven local days, named by its first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Week {
    first_day: NaiveDate,
}

impl Week {
    /// The ISO 8601 week (Monday to Sunday), as in `2026-W49`.
    pub fn iso(week: IsoWeek) -> Self {
        let first_day =
            NaiveDate::from_isoywd_opt(week.year(), week.week(), Weekday::Mon).unwrap_or(NaiveDate::MIN);
        Self { first_day }
    }

    /// Parses `2026-W49` (ISO year and week number).
    pub fn parse_iso(text: &str) -> CoreResult<Self> {
        let bad = || {
            CoreError::BadInput(format!("'{text}' is not a week; write it as YEAR-WNN, for example 2026-W49"))
        };
        let (year, week) = text.trim().split_once(['-']).ok_or_else(bad)?;
        let week = week.strip_prefix(['W', 'w']).ok_or_else(bad)?.parse::<u32>().map_err(|_| bad())?;
        let year = year.parse::<i32>().map_err(|_| bad())?;
        if !YEARS.contains(&year) {
            return Err(CoreError::BadInput(format!(
                "{year} is out of range; weeks are of the years 1 to 9999"
            )));
        }
        let first_day = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).ok_or_else(|| {
            CoreError::BadInput(format!("{year} has no week {week}; ISO years have 52 or 53"))
        })?;
        Ok(Self { first_day })
    }

    /// The week that contains `date`, starting on `week_start`.
    pub fn containing(date: NaiveDate, week_start: Weekday) -> Self {
        let back = (7 + date.weekday().num_days_from_monday() - week_start.num_days_from_monday()) % 7;
        Self { first_day: date - Days::new(u64::from(back)) }
    }

    /// The first local day of the week.
    pub fn first_day(&self) -> NaiveDate {
        self.first_day
    }

    /// The last local day of the week.
    pub fn last_day(&self) -> NaiveDate {
        self.first_day + Days::new(6)
    }

    /// The seven local days, in order.
    pub fn days(&self) -> [NaiveDate; 7] {
        std::array::from_fn(|i| self.first_day + Days::new(i as u64))
    }

    /// The week after this one.
    pub fn next(&self) -> Self {
        Self { first_day: self.first_day + Days::new(7) }
    }

    /// The week before this one.
    pub fn previous(&self) -> Self {
        Self { first_day: self.first_day - Days::new(7) }
    }

    /// The instants of this week in a zone: 167, 168 or 169 hours.
    pub fn span(&self, tz: Tz) -> Span {
        dates_span(tz, self.first_day, self.last_day())
    }

    /// The ISO name of the week this one starts in, as `2026-W49`.
    pub fn iso_name(&self) -> String {
        let iso = self.first_day.iso_week();
        format!("{}-W{:02}", iso.year(), iso.week())
    }
}

/// Parses a wall time of day, `HH:MM`.
pub fn parse_time_of_day(text: &str) -> CoreResult<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").map_err(|_| {
        CoreError::BadInput(format!("'{text}' is not a time of day; write it as HH:MM, for example 08:30"))
    })
}

/// The years dates and weeks are taken from: a calendar's, and far enough
/// from the ends of what the date type holds that a week or a day after
/// any of them is still a date.
pub const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

/// Parses a calendar date, `YYYY-MM-DD`, of the years in [`YEARS`].
pub fn parse_date(text: &str) -> CoreResult<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok().filter(|d| YEARS.contains(&d.year())).ok_or_else(
        || {
            CoreError::BadInput(format!(
                "'{text}' is not a date; write it as YYYY-MM-DD, for example 2026-12-02"
            ))
        },
    )
}

/// Parses an instant: RFC 3339 (`2026-11-30T09:00:00Z`, `…+01:00`) or a
/// local wall time in `tz` (`2026-11-30T09:00`, seconds optional, a space
/// allowed for the `T`), resolved by [`resolve_local`].
pub fn parse_instant(text: &str, tz: Tz) -> CoreResult<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    parse_wall(text).map(|wall| resolve_local(tz, wall)).map_err(|_| {
        CoreError::BadInput(format!(
            "'{text}' is not a time; write 2026-11-30T09:00 (local) or an RFC 3339 time such as 2026-11-30T09:00:00Z"
        ))
    })
}

/// Parses a local wall time: `2026-11-30T09:00`, seconds optional, a space
/// allowed for the `T`.
pub fn parse_wall(text: &str) -> CoreResult<NaiveDateTime> {
    let text = text.trim();
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .ok_or_else(|| {
            CoreError::BadInput(format!("'{text}' is not a local time; write it as 2026-11-30T09:00"))
        })
}

/// Parses an IANA zone name such as `Europe/Lisbon`.
pub fn parse_zone(text: &str) -> CoreResult<Tz> {
    text.trim().parse::<Tz>().map_err(|_| {
        CoreError::BadInput(format!(
            "unknown time zone '{text}'; use an IANA name such as Europe/Lisbon or America/New_York"
        ))
    })
}

/// Parses a weekday: `mon`, `Monday`, `tue`, …
pub fn parse_weekday(text: &str) -> CoreResult<Weekday> {
    text.trim().parse::<Weekday>().map_err(|_| {
        CoreError::BadInput(format!("'{text}' is not a weekday; use mon, tue, wed, thu, fri, sat or sun"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wall(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn gap_times_move_forward_by_the_gap() {
        let ny: Tz = "America/New_York".parse().unwrap();
        assert_eq!(resolve_local(ny, wall("2007-03-11T02:30")), utc("2007-03-11T07:30:00Z"));
        let lisbon: Tz = "Europe/Lisbon".parse().unwrap();
        assert_eq!(resolve_local(lisbon, wall("2026-03-29T01:30")), utc("2026-03-29T01:30:00Z"));
    }

    #[test]
    fn repeated_times_mean_the_first() {
        let ny: Tz = "America/New_York".parse().unwrap();
        assert_eq!(resolve_local(ny, wall("2026-11-01T01:30")), utc("2026-11-01T05:30:00Z"));
        let sydney: Tz = "Australia/Sydney".parse().unwrap();
        assert_eq!(resolve_local(sydney, wall("2026-04-05T02:30")), utc("2026-04-04T15:30:00Z"));
    }

    #[test]
    fn days_are_23_or_25_hours_when_clocks_change() {
        let lisbon: Tz = "Europe/Lisbon".parse().unwrap();
        let spring = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        let autumn = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap();
        assert_eq!(day_span(lisbon, spring).duration(), Duration::hours(23));
        assert_eq!(day_span(lisbon, autumn).duration(), Duration::hours(25));
        let sydney: Tz = "Australia/Sydney".parse().unwrap();
        let sydney_spring = NaiveDate::from_ymd_opt(2026, 10, 4).unwrap();
        assert_eq!(day_span(sydney, sydney_spring).duration(), Duration::hours(23));
    }

    #[test]
    fn iso_weeks_parse_and_name_themselves() {
        let week = Week::parse_iso("2026-W49").unwrap();
        assert_eq!(week.first_day(), NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        assert_eq!(week.last_day(), NaiveDate::from_ymd_opt(2026, 12, 6).unwrap());
        assert_eq!(week.iso_name(), "2026-W49");
        assert!(Week::parse_iso("2026-W54").is_err());
        assert!(Week::parse_iso("2026-49").is_err());
        assert!(Week::parse_iso("next week").is_err());
        // Weeks and dates at the end of what a date holds have no week or
        // day after them: refused, not a panic further on.
        assert!(Week::parse_iso("262143-W01").unwrap_err().to_string().contains("out of range"));
        assert!(parse_date("+262143-12-30").is_err());
        assert!(parse_date("9999-12-31").is_ok());
    }

    #[test]
    fn weeks_can_start_on_sunday() {
        let wed = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let week = Week::containing(wed, Weekday::Sun);
        assert_eq!(week.first_day(), NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
        let sunday = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert_eq!(Week::containing(sunday, Weekday::Sun), week);
        assert_eq!(
            Week::containing(sunday, Weekday::Mon).first_day(),
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
        );
    }

    #[test]
    fn instants_parse_in_local_or_rfc3339_form() {
        let lisbon: Tz = "Europe/Lisbon".parse().unwrap();
        assert_eq!(parse_instant("2026-07-01T09:00", lisbon).unwrap(), utc("2026-07-01T08:00:00Z"));
        assert_eq!(parse_instant("2026-07-01 09:00:00", lisbon).unwrap(), utc("2026-07-01T08:00:00Z"));
        assert_eq!(parse_instant("2026-07-01T09:00:00+02:00", lisbon).unwrap(), utc("2026-07-01T07:00:00Z"));
        assert!(parse_instant("tomorrow", lisbon).is_err());
        assert!(parse_instant("2026-02-30T09:00", lisbon).is_err());
    }

    #[test]
    fn a_block_ending_at_midnight_touches_one_day() {
        let lisbon: Tz = "Europe/Lisbon".parse().unwrap();
        let span = Span::new(utc("2026-07-01T20:00:00Z"), utc("2026-07-01T23:00:00Z"));
        assert_eq!(local_dates(lisbon, &span).len(), 1);
        let span = Span::new(utc("2026-07-01T20:00:00Z"), utc("2026-07-01T23:30:00Z"));
        assert_eq!(local_dates(lisbon, &span).len(), 2);
    }
}
