//! DATE, DATE-TIME and DURATION values as real files write them.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};

use super::parse::{ImportError, Property};

/// A DATE or DATE-TIME value before any zone is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawTime {
    /// `VALUE=DATE`: a whole local day.
    Date(NaiveDate),
    /// `…Z`: an instant.
    Utc(DateTime<Utc>),
    /// No `Z`: a wall time, in the property's TZID or floating.
    Wall(NaiveDateTime),
}

/// Reads one DATE or DATE-TIME.
pub fn raw_time(text: &str, line: usize) -> Result<RawTime, ImportError> {
    let text = text.trim();
    let bad = || ImportError::at(line, format!("'{text}' is not an iCalendar date or date-time"));
    if text.len() == 8 {
        return NaiveDate::parse_from_str(text, "%Y%m%d").map(RawTime::Date).map_err(|_| bad());
    }
    let (wall, utc) = match text.strip_suffix(['Z', 'z']) {
        Some(rest) => (rest, true),
        None => (text, false),
    };
    let wall = NaiveDateTime::parse_from_str(wall, "%Y%m%dT%H%M%S")
        .or_else(|_| NaiveDateTime::parse_from_str(wall, "%Y%m%dT%H%M"))
        .map_err(|_| bad())?;
    Ok(if utc { RawTime::Utc(wall.and_utc()) } else { RawTime::Wall(wall) })
}

/// Every time in a property's value (EXDATE and RDATE hold lists; an RDATE
/// PERIOD counts by its start).
pub fn raw_times(property: &Property) -> Result<Vec<RawTime>, ImportError> {
    property
        .value
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| raw_time(v.split('/').next().unwrap_or(v), property.line))
        .collect()
}

/// Reads a DURATION such as `PT1H30M`, `P1D`, `P2W` or `-PT15M`. One too
/// long for the time type is an error, never an overflow.
pub fn duration(text: &str, line: usize) -> Result<Duration, ImportError> {
    let bad = || ImportError::at(line, format!("'{text}' is not an iCalendar duration"));
    let too_long = || ImportError::at(line, format!("the duration '{text}' is too long"));
    let text = text.trim();
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let rest = rest.strip_prefix('P').ok_or_else(bad)?;
    let mut total = Duration::zero();
    let mut number = String::new();
    let mut in_time = false;
    let mut any = false;
    let mut any_time = false;
    for c in rest.chars() {
        match c {
            '0'..='9' => number.push(c),
            'T' if !in_time && number.is_empty() => in_time = true,
            unit => {
                if number.is_empty() {
                    return Err(bad());
                }
                let n: i64 = number.parse().map_err(|_| too_long())?;
                number.clear();
                any = true;
                any_time = in_time;
                let unit_seconds = match (unit, in_time) {
                    ('W', false) => 7 * 86_400,
                    ('D', false) => 86_400,
                    ('H', true) => 3_600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return Err(bad()),
                };
                let part =
                    n.checked_mul(unit_seconds).and_then(Duration::try_seconds).ok_or_else(too_long)?;
                total = total.checked_add(&part).ok_or_else(too_long)?;
            }
        }
    }
    if !number.is_empty() || !any || (in_time && !any_time) {
        return Err(bad());
    }
    Ok(if negative { -total } else { total })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_every_form() {
        assert_eq!(duration("PT1H30M", 1).unwrap(), Duration::minutes(90));
        assert_eq!(duration("P1D", 1).unwrap(), Duration::days(1));
        assert_eq!(duration("P2W", 1).unwrap(), Duration::weeks(2));
        assert_eq!(duration("-PT15M", 1).unwrap(), Duration::minutes(-15));
        assert_eq!(duration("P1DT12H", 1).unwrap(), Duration::hours(36));
    }

    #[test]
    fn durations_too_long_for_the_time_type_are_errors() {
        for text in
            ["P999999999999999999W", "P999999999999D", "PT999999999999999H", "P99999999999999999999999S"]
        {
            let error = duration(text, 7).unwrap_err().to_string();
            assert!(error.contains("line 7") && error.contains("too long"), "{text}: {error}");
        }
        for text in ["P", "PT", "PW", "P1", "P1H", "PT1D", "P1DT", "P-1D"] {
            assert!(duration(text, 1).is_err(), "{text}");
        }
        for bad in ["", "P", "PT", "1H", "PT1X", "P1H", "PT5"] {
            assert!(duration(bad, 1).is_err(), "{bad}");
        }
    }

    #[test]
    fn times_in_every_form() {
        assert!(matches!(raw_time("20261201", 1).unwrap(), RawTime::Date(_)));
        assert!(matches!(raw_time("20261201T090000Z", 1).unwrap(), RawTime::Utc(_)));
        assert!(matches!(raw_time("20261201T090000", 1).unwrap(), RawTime::Wall(_)));
        assert_eq!(raw_time("2026-12-01", 7).unwrap_err().line, 7);
        assert!(raw_time("20261301T090000", 1).is_err());
    }
}
