//! Reading an iTIP message (RFC 5546): a REQUEST to triage, a CANCEL to
//! apply, anything else to refuse with a clear word.

use chrono::{DateTime, Datelike, NaiveTime, Utc};
use chrono_tz::Tz;
use deepblock_core::Block;
use deepblock_core::time::resolve_local;
use deepblock_core::triage::Timing;

use super::events::{Imported, convert, is_address_of};
use super::parse::{Component, ImportError, Property, parse};
use super::values::{RawTime, raw_time};
use super::zones::Zones;
use crate::text::unescape_text;

/// An invitation as received: its meeting, and the lines a reply must copy.
#[derive(Debug, Clone)]
pub struct Invitation {
    /// `REQUEST`, `CANCEL`, … (upper case).
    pub method: String,
    /// The meeting's UID.
    pub uid: String,
    /// The meeting, with its recurrence and the organizer's changes; none
    /// when the message cancels it.
    pub meeting: Option<Block>,
    /// The SEQUENCE the organizer sent (never increased by an attendee).
    pub sequence: String,
    /// ORGANIZER as written.
    pub organizer: Property,
    /// Every ATTENDEE as written.
    pub attendees: Vec<Property>,
    /// DTSTART as written, whose form (zone, UTC, date) replies keep.
    pub dtstart: Property,
    /// For a message about one occurrence, the instant its RECURRENCE-ID
    /// names.
    pub occurrence: Option<DateTime<Utc>>,
    /// The message's VTIMEZONEs, to send back with replies that use them.
    pub zones: Vec<Component>,
}

impl Invitation {
    /// The ATTENDEE line that is one of `addresses` (lower-case emails).
    pub fn attendee_for(&self, addresses: &[String]) -> Option<&Property> {
        self.attendees.iter().find(|a| is_address_of(&a.value, addresses))
    }

    /// The user's ATTENDEE line when the invitation still waits for their
    /// answer: PARTSTAT=NEEDS-ACTION (or none, which RFC 5545 reads the
    /// same), and the user is not the one who organised it.
    pub fn awaiting(&self, addresses: &[String]) -> Option<&Property> {
        if is_address_of(&self.organizer.value, addresses) {
            return None;
        }
        self.attendee_for(addresses)
            .filter(|me| me.param("PARTSTAT").is_none_or(|p| p.trim().eq_ignore_ascii_case("NEEDS-ACTION")))
    }

    /// Whether the meeting names whole days (`DTSTART;VALUE=DATE`) or hours.
    pub fn timing(&self) -> Timing {
        let date = self.dtstart.param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE"))
            || !self.dtstart.value.contains('T');
        if date { Timing::AllDay } else { Timing::Timed }
    }
}

/// The instant a DATE or DATE-TIME property names.
fn instant(property: &Property, calendar: &Component, tz: Tz) -> Result<DateTime<Utc>, ImportError> {
    Ok(match raw_time(&property.value, property.line)? {
        RawTime::Utc(u) => u,
        RawTime::Date(d) => resolve_local(tz, d.and_time(NaiveTime::MIN)),
        RawTime::Wall(w) => match property.param("TZID") {
            Some(tzid) => Zones::new(calendar, tz).resolve(tzid, w.year(), property.line)?.instant(w),
            None => resolve_local(tz, w),
        },
    })
}

/// Whether a file is an iTIP message `read_invitation` answers (METHOD
/// REQUEST or CANCEL), as opposed to a calendar to import. A file that does
/// not parse is not one; importing it then says what is wrong.
pub fn is_invitation(text: &str) -> bool {
    parse(text).ok().and_then(|calendars| {
        let calendar = calendars.into_iter().find(|c| c.name == "VCALENDAR")?;
        let method = calendar.prop("METHOD")?.value.trim().to_ascii_uppercase();
        Some(method == "REQUEST" || method == "CANCEL")
    }) == Some(true)
}

/// Reads an iTIP message. The first VEVENT without RECURRENCE-ID is the
/// meeting (or, for a message about one occurrence, the only VEVENT).
pub fn read_invitation(text: &str, tz: Tz) -> Result<Invitation, ImportError> {
    read_meeting(text, tz, None)
}

/// Reads an event as a CalDAV server keeps it in the user's own calendar.
/// A server that schedules (RFC 6638) delivers the organizer's REQUEST
/// there as a plain resource, without METHOD; it is read as that REQUEST.
/// Occurrences the user (`me`) declined already are left out of the
/// meeting: they are answered.
pub fn read_scheduled(text: &str, tz: Tz, me: &[String]) -> Result<Invitation, ImportError> {
    read_meeting(text, tz, Some(me))
}

/// `scheduled` gives the user's addresses when the text is a copy on a
/// server rather than an iTIP message.
fn read_meeting(text: &str, tz: Tz, scheduled: Option<&[String]>) -> Result<Invitation, ImportError> {
    let calendars = parse(text)?;
    let calendar = calendars
        .iter()
        .find(|c| c.name == "VCALENDAR")
        .ok_or_else(|| ImportError::at(0, "no BEGIN:VCALENDAR found; this is not an iCalendar file"))?;
    let method = if scheduled.is_some() {
        "REQUEST".to_owned()
    } else {
        calendar.prop("METHOD").map(|m| m.value.trim().to_ascii_uppercase()).ok_or_else(|| {
            ImportError::at(
                calendar.line,
                "the file has no METHOD, so it is not an invitation; import it with `import ics`",
            )
        })?
    };
    if method != "REQUEST" && method != "CANCEL" {
        let line = calendar.prop("METHOD").map_or(calendar.line, |m| m.line);
        return Err(ImportError::at(
            line,
            format!(
                "this is a METHOD:{method} message, not an invitation; add its meetings with `import ics` instead"
            ),
        ));
    }
    let events: Vec<&Component> = calendar.children_named("VEVENT").collect();
    let event = events
        .iter()
        .find(|e| e.prop("RECURRENCE-ID").is_none())
        .or(events.first())
        .copied()
        .ok_or_else(|| ImportError::at(calendar.line, "the message holds no VEVENT"))?;
    let organizer = event.prop("ORGANIZER").cloned().ok_or_else(|| {
        ImportError::at(event.line, "the invitation has no ORGANIZER, so there is no one to reply to")
    })?;
    let dtstart = event
        .prop("DTSTART")
        .cloned()
        .ok_or_else(|| ImportError::at(event.line, "a VEVENT without DTSTART"))?;
    let mut found = Imported::default();
    convert(calendar, "Invitations", tz, (true, scheduled.unwrap_or_default()), &mut found)?;
    let uid = event.prop("UID").map(|p| unescape_text(p.value.trim())).unwrap_or_default();
    if uid.is_empty() {
        return Err(ImportError::at(event.line, "the invitation has no UID, so a reply could not name it"));
    }
    Ok(Invitation {
        method,
        uid,
        meeting: found.blocks.into_iter().next(),
        sequence: event.prop("SEQUENCE").map_or_else(|| "0".to_owned(), |s| s.value.trim().to_owned()),
        organizer,
        attendees: event.props_named("ATTENDEE").cloned().collect(),
        dtstart,
        occurrence: event.prop("RECURRENCE-ID").map(|p| instant(p, calendar, tz)).transpose()?,
        zones: calendar.children_named("VTIMEZONE").cloned().collect(),
    })
}
