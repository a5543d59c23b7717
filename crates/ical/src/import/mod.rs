//! Reading calendars that real producers write (Google, Outlook and
//! Exchange, Apple, Thunderbird, Nextcloud, Zimbra…) into read-only
//! meetings. All or nothing: any error stops the import and names the line.

mod events;
pub mod invitation;
mod parse;
mod values;
mod zones;

use chrono_tz::Tz;

pub use events::Imported;
pub use parse::ImportError;
pub use parse::{Component, Property};

/// Reads every VEVENT of a file as meetings of calendar `name`; floating
/// times and all-day dates are read in `tz`.
pub fn import_calendar(text: &str, name: &str, tz: Tz) -> Result<Imported, ImportError> {
    let mut found = Imported::default();
    for calendar in parse::parse(text)?.iter().filter(|c| c.name == "VCALENDAR") {
        events::convert(calendar, name, tz, false, &mut found)?;
    }
    Ok(found)
}
