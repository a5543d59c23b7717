//! Deepblock's iCalendar: the plan as RFC 5545 text that Google Calendar
//! and Outlook import, with a VTIMEZONE from the tz data for every zone it
//! names; and the calendars those programs write, read back as meetings.
//!
//! Pure: text out from values in; the caller passes "now" for DTSTAMP.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use deepblock_core::{Rules, Span};
//! use deepblock_ical::{ExportOptions, export_calendar};
//!
//! let now = Utc.with_ymd_and_hms(2026, 11, 24, 12, 0, 0).unwrap();
//! let options = ExportOptions {
//!     name: "Deepblock",
//!     tz: "Europe/Lisbon".parse().unwrap(),
//!     now,
//!     range: Span::new(now, now + chrono::Duration::days(30)),
//!     busy: deepblock_core::autofocus::KindSet::BUSY,
//! };
//! let text = export_calendar(&[], &Rules::default(), &options);
//! assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
//! ```

mod attendee_copy;
mod export;
mod import;
mod reply;
pub mod text;
mod vtimezone;
mod writer;

pub use attendee_copy::decline_in_copy;
pub use export::{ExportOptions, export_calendar, export_resource};
pub use import::invitation::{Invitation, is_invitation, read_invitation, read_scheduled};
pub use import::{ImportError, Imported, Property, import_calendar, import_calendar_as, stream_calendar_as};
pub use reply::{Answer, write_counter, write_reply};
