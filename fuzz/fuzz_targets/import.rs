//! Any text, read as a calendar: the importer must answer with blocks or
//! one error, never panic, and what it accepts must expand without panic.
#![no_main]

use chrono::{Duration, TimeZone, Utc};
use deepblock_core::{Span, occurrences};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(found) = deepblock_ical::import_calendar(text, "fuzz", chrono_tz::Europe::Lisbon) else { return };
    let start = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    let year = Span::new(start, start + Duration::days(366));
    for block in &found.blocks {
        let _ = occurrences(block, &year);
    }
});
