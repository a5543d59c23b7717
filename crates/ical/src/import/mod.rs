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

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use chrono_tz::Tz;
use deepblock_core::Block;

pub use events::Imported;
pub use parse::ImportError;
pub use parse::{Component, Property};

/// Reads every VEVENT of a file as meetings of calendar `name`; floating
/// times and all-day dates are read in `tz`. Refused when more than half
/// of its events cannot be read.
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
    let meetings = found.blocks.len();
    judged(found, meetings)
}

/// Where an event stands in its file, to read it again when it is
/// converted.
struct Place {
    span: Range<usize>,
    line: usize,
}

/// [`import_calendar_as`] that hands each meeting to `sink` as it is made
/// instead of collecting them (the `blocks` it returns stay empty), and
/// never holds the file parsed whole: events are filed by UID with where
/// they stand, then read again one series at a time. Memory stays near the
/// size of the text, which a calendar of 100,000 events needs. The same
/// meetings come in the same order; when the file is refused, some may
/// already have gone to `sink`, so write them where an error undoes them.
pub fn stream_calendar_as(
    text: &str,
    name: &str,
    tz: Tz,
    me: &[String],
    sink: &mut dyn FnMut(Block),
) -> Result<Imported, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut filed: BTreeMap<usize, events::ByUid<Place>> = BTreeMap::new();
    let (calendars, warnings) = parse::parse_handing_events(text, &mut |calendar, event, span| {
        let line = event.line;
        filed.entry(calendar).or_default().add(&event, Place { span, line });
    })?;
    let mut found = Imported { warnings, ..Imported::default() };
    let reach = |place: &Place| parse::parse_event(text, place.span.clone(), place.line).map(Cow::Owned);
    let mut meetings = 0;
    let mut counted = |block| {
        meetings += 1;
        sink(block);
    };
    for (index, calendar) in calendars.iter().enumerate().filter(|(_, c)| c.name == "VCALENDAR") {
        let events = filed.remove(&index).unwrap_or_default();
        events::convert_by_uid(calendar, events, reach, (name, tz), (false, me), &mut found, &mut counted)?;
    }
    judged(found, meetings)
}

/// What an import found, with its `meetings` made, unless more than half
/// of its events cannot be read: then the file is more likely broken than
/// a few of its events odd.
fn judged(mut found: Imported, meetings: usize) -> Result<Imported, ImportError> {
    found.warnings.sort_by_key(|warning| warning.line);
    let events = meetings + found.skipped + found.cancelled + found.unreadable;
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
