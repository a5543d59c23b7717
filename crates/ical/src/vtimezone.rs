//! VTIMEZONE components generated from the tz database.
//!
//! Outlook shifts or rejects events whose TZID has no VTIMEZONE, and a
//! VTIMEZONE that lists only some years leaves later occurrences of an
//! endless series on the wrong offset. So every zone we use gets a
//! VTIMEZONE built from chrono-tz's data: its clock changes are found by
//! scanning offsets, and a change that repeats every year on the same
//! "nth (or last) weekday of a month at a local time" becomes one
//! observance with a yearly RRULE, as Outlook and Google write them.

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use crate::writer::Writer;

/// The local state of a zone between two clock changes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Observance {
    offset_seconds: i32,
    dst: bool,
    name: String,
}

fn observance_at(tz: Tz, instant: DateTime<Utc>) -> Observance {
    let offset = tz.offset_from_utc_datetime(&instant.naive_utc());
    Observance {
        offset_seconds: offset.fix().local_minus_utc(),
        dst: !offset.dst_offset().is_zero(),
        name: offset.abbreviation().unwrap_or_default().to_owned(),
    }
}

/// One clock change: the instant and the states either side.
#[derive(Debug, Clone)]
struct Transition {
    at: DateTime<Utc>,
    from: Observance,
    to: Observance,
}

impl Transition {
    /// The wall time just before the change, which RFC 5545 uses as the
    /// observance's DTSTART.
    fn local_onset(&self) -> NaiveDateTime {
        self.at.naive_utc() + Duration::seconds(i64::from(self.from.offset_seconds))
    }
}

fn instant(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

/// Every clock change in `[from, to)`, found by stepping a few hours at a
/// time and bisecting to the second where the offset differs. Zones never
/// change twice within six hours.
fn transitions(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Transition> {
    let step = Duration::hours(6);
    let mut found = Vec::new();
    let mut at = instant(from.timestamp());
    let mut state = observance_at(tz, at);
    while at < to {
        let next = at + step;
        let next_state = observance_at(tz, next);
        if next_state != state {
            let (mut lo, mut hi) = (at.timestamp(), next.timestamp());
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if observance_at(tz, instant(mid)) == state {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            found.push(Transition { at: instant(hi), from: state, to: next_state.clone() });
        }
        at = next;
        state = next_state;
    }
    found
}

/// `BYDAY` for a date: `2SU` for the second Sunday, `-1SU` for the last.
fn nth_weekday(date: chrono::NaiveDate) -> (i32, bool) {
    let nth = (date.day0() / 7 + 1) as i32;
    let is_last = (date + Duration::days(7)).month() != date.month();
    (nth, is_last)
}

fn weekday_code(day: chrono::Weekday) -> &'static str {
    ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][day.num_days_from_monday() as usize]
}

fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    if s % 60 == 0 {
        format!("{sign}{:02}{:02}", s / 3600, s / 60 % 60)
    } else {
        format!("{sign}{:02}{:02}{:02}", s / 3600, s / 60 % 60, s % 60)
    }
}

/// A run of yearly changes that follow one rule.
struct YearlyRule<'a> {
    changes: Vec<&'a Transition>,
    by_day: String,
}

/// Groups changes that happen every year in the same month, on the same
/// nth (or last) weekday, at the same local time, between the same states.
fn yearly_rules(changes: &[Transition]) -> Vec<YearlyRule<'_>> {
    let mut rules: Vec<YearlyRule<'_>> = Vec::new();
    for change in changes {
        let onset = change.local_onset();
        let (nth, is_last) = nth_weekday(onset.date());
        let code = weekday_code(onset.weekday());
        let fits = |rule: &YearlyRule<'_>| {
            let last = rule.changes[rule.changes.len() - 1];
            let last_onset = last.local_onset();
            last.from == change.from
                && last.to == change.to
                && last_onset.month() == onset.month()
                && last_onset.time() == onset.time()
                && onset.year() == last_onset.year() + 1
                && (rule.by_day == format!("{nth}{code}") || (is_last && rule.by_day == format!("-1{code}")))
        };
        match rules.iter_mut().find(|rule| fits(rule)) {
            Some(rule) => rule.changes.push(change),
            None => {
                let by_day = if is_last { format!("-1{code}") } else { format!("{nth}{code}") };
                rules.push(YearlyRule { changes: vec![change], by_day });
            }
        }
    }
    rules
}

/// Writes the VTIMEZONE of `tz` covering every clock change from `from` to
/// `to`. A rule still in force at `to` repeats without end.
pub fn write_vtimezone(w: &mut Writer, tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) {
    // A year of margin each side finds the rule in force at both ends.
    let scan_from = from - Duration::days(366);
    let scan_to = to + Duration::days(366);
    let changes = transitions(tz, scan_from, scan_to);
    w.begin("VTIMEZONE");
    w.prop("TZID", &[], tz.name());
    if changes.is_empty() {
        let state = observance_at(tz, from);
        let onset = (scan_from + Duration::seconds(i64::from(state.offset_seconds))).naive_utc();
        write_observance(w, &state, &state, onset, None);
    }
    let last_year = (scan_to - Duration::days(366)).naive_utc().year();
    for rule in yearly_rules(&changes) {
        let first = rule.changes[0];
        let last = rule.changes[rule.changes.len() - 1];
        if rule.changes.len() == 1 {
            write_observance(w, &first.from, &first.to, first.local_onset(), None);
            continue;
        }
        let month = first.local_onset().month();
        let mut rrule = format!("FREQ=YEARLY;BYMONTH={month};BYDAY={}", rule.by_day);
        if last.local_onset().year() < last_year {
            rrule.push_str(&format!(";UNTIL={}", last.at.format("%Y%m%dT%H%M%SZ")));
        }
        write_observance(w, &first.from, &first.to, first.local_onset(), Some(&rrule));
    }
    w.end("VTIMEZONE");
}

fn write_observance(
    w: &mut Writer,
    from: &Observance,
    to: &Observance,
    onset: NaiveDateTime,
    rrule: Option<&str>,
) {
    let kind = if to.dst { "DAYLIGHT" } else { "STANDARD" };
    w.begin(kind);
    w.prop("DTSTART", &[], &onset.format("%Y%m%dT%H%M%S").to_string());
    if let Some(rrule) = rrule {
        w.prop("RRULE", &[], rrule);
    }
    w.prop("TZOFFSETFROM", &[], &offset_text(from.offset_seconds));
    w.prop("TZOFFSETTO", &[], &offset_text(to.offset_seconds));
    if !to.name.is_empty() && !to.name.starts_with(['+', '-']) {
        w.text("TZNAME", &[], &to.name);
    }
    w.end(kind);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(y: i32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, 1, 1, 0, 0, 0).unwrap()
    }

    #[test]
    fn finds_lisbons_two_changes_a_year_to_the_second() {
        let lisbon: Tz = "Europe/Lisbon".parse().unwrap();
        let found = transitions(lisbon, year(2026), year(2027));
        let at: Vec<String> = found.iter().map(|t| t.at.to_rfc3339()).collect();
        assert_eq!(at, ["2026-03-29T01:00:00+00:00", "2026-10-25T01:00:00+00:00"]);
        assert_eq!(found[0].local_onset().to_string(), "2026-03-29 01:00:00");
        assert_eq!(found[1].local_onset().to_string(), "2026-10-25 02:00:00");
    }

    #[test]
    fn offsets_are_written_with_sign_and_seconds_when_needed() {
        assert_eq!(offset_text(3600), "+0100");
        assert_eq!(offset_text(-5 * 3600), "-0500");
        assert_eq!(offset_text(5 * 3600 + 45 * 60), "+0545");
        assert_eq!(offset_text(-(17 * 60 + 30)), "-001730");
    }

    #[test]
    fn new_york_gets_second_and_first_sunday_rules() {
        let ny: Tz = "America/New_York".parse().unwrap();
        let mut w = Writer::new();
        write_vtimezone(&mut w, ny, year(2026), year(2028));
        let text = w.finish();
        assert!(text.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n"), "{text}");
        assert!(text.contains("RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\n"), "{text}");
        assert!(!text.contains("UNTIL"), "{text}");
    }

    #[test]
    fn a_zone_without_changes_has_one_standard_observance() {
        let tokyo: Tz = "Asia/Tokyo".parse().unwrap();
        let mut w = Writer::new();
        write_vtimezone(&mut w, tokyo, year(2026), year(2027));
        let text = w.finish();
        assert_eq!(text.matches("BEGIN:STANDARD").count(), 1, "{text}");
        assert!(text.contains("TZOFFSETTO:+0900\r\n") && text.contains("TZNAME:JST\r\n"), "{text}");
    }
}
