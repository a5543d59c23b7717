//! Reading calendars that real producers write (Google, Outlook and
//! Exchange, Apple, Thunderbird, Nextcloud, Zimbra…) into read-only
//! meetings. Tolerant where nothing of the plan depends on the broken part
//! (an unreadable event is left out, a garbled last line repaired), each
//! time with a line-numbered warning; the whole file is refused when it is
//! not a calendar or when most of its events cannot be read.

pub(crate) mod events;
pub mod invitation;
pub(crate) mod parse;
mod values;
pub(crate) mod zones;

use chrono_tz::Tz;

pub use events::Imported;
pub use parse::ImportError;
pub use parse::{Component, Property};

/// Reads every VEVENT of a file as meetings of calendar `name`; floating
/// times and all-day dates are read in `tz`. Refused when more than half
/// of its events cannot be read: then the file is more likely broken than
/// a few of its events odd.
pub fn import_calendar(text: &str, name: &str, tz: Tz) -> Result<Imported, ImportError> {
    import_calendar_as(text, name, tz, &[])
}

/// [`import_calendar`] for the user whose addresses are `me` (lower case):
/// events and occurrences they declined are left out, counted with the
/// cancelled ones, since they take none of the user's time.
pub fn import_calendar_as(text: &str, name: &str, tz: Tz, me: &[String]) -> Result<Imported, ImportError> {
    let (calendars, warnings) = parse::parse_tolerant(text)?;
    let mut found = Imported { warnings, ..Imported::default() };
    for calendar in calendars.iter().filter(|c| c.name == "VCALENDAR") {
        events::convert(calendar, name, tz, (false, me), &mut found)?;
    }
    found.warnings.sort_by_key(|warning| warning.line);
    let events = found.blocks.len() + found.skipped + found.cancelled + found.unreadable;
    if found.unreadable * 2 > events {
        let first = found.first_unreadable.take();
        let mut error = first.unwrap_or_else(|| ImportError::at(0, "no event could be read"));
        if found.unreadable > 1 {
            error.message = format!(
                "{} (and {} more of its {events} events cannot be read)",
                error.message,
                found.unreadable - 1
            );
        }
        return Err(error);
    }
    Ok(found)
}
