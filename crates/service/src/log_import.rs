//! `log import`: a timesheet's rows become entries, all or none. Rows
//! already recorded exactly as they are are passed over, so importing the
//! same file twice changes nothing; a row sharing time with other recorded
//! time refuses the whole file.

use std::io::Read;
use std::path::Path;

use chrono::{DateTime, FixedOffset, Utc};
use deepblock_core::actual::Entry;
use deepblock_core::{Category, Span};
use serde::Serialize;

use crate::timesheet::{LARGEST_TIMESHEET_BYTES, SheetFormat, read_timesheet};
use crate::{Plan, ServiceError, ServiceResult};

/// What `log import` did (or, in a dry run, would do).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SheetImported {
    /// Who wrote the file.
    pub format: SheetFormat,
    /// Entries recorded.
    pub imported: usize,
    /// Rows already recorded exactly so.
    pub already: usize,
    /// Rows of focus sessions and meetings (our own export), kept with
    /// those and not as entries.
    pub derived: usize,
    /// Rows lasting no time.
    pub empty: usize,
    /// Projects that matched no category and count as "other".
    pub unmapped: Vec<String>,
    /// The first imported row's start.
    pub first: Option<DateTime<FixedOffset>>,
    /// The last imported row's end.
    pub last: Option<DateTime<FixedOffset>>,
    /// Nothing was written.
    pub dry_run: bool,
}

/// Reads a timesheet file as UTF-8 text, a byte-order mark dropped; a
/// file over [`LARGEST_TIMESHEET_BYTES`] is refused before it is read.
pub fn read_timesheet_file(path: &Path) -> ServiceResult<String> {
    let label = path.display();
    let file = std::fs::File::open(path)
        .map_err(|e| ServiceError::bad_input(format!("cannot read {label}: {e}; check the path")))?;
    let mut bytes = Vec::new();
    file.take(LARGEST_TIMESHEET_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ServiceError::bad_input(format!("cannot read {label}: {e}")))?;
    if bytes.len() as u64 > LARGEST_TIMESHEET_BYTES {
        return Err(ServiceError::bad_input(format!(
            "{label} is over {} MiB; that is not a timesheet",
            LARGEST_TIMESHEET_BYTES / 1024 / 1024
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        ServiceError::bad_input(format!(
            "{label} is not UTF-8 text (byte {}); export the CSV as UTF-8",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok(text.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(text))
}

impl Plan {
    /// Imports a timesheet (see [`read_timesheet`]); `map` names the
    /// category of another tracker's projects or tags. With `dry_run`
    /// everything is checked and counted and nothing written.
    pub fn import_timesheet(
        &mut self,
        text: &str,
        map: &[(String, Category)],
        dry_run: bool,
    ) -> ServiceResult<SheetImported> {
        let sheet = read_timesheet(text, self.tz, map)?;
        let mut rows = sheet.rows;
        rows.sort_by_key(|(_, e)| (e.start, e.end));
        let local = |t: DateTime<Utc>| t.with_timezone(&self.tz).fixed_offset();
        let when = |e: &Entry| {
            format!("{}–{}", local(e.start).format("%a %-d %b %Y %H:%M"), local(e.end).format("%H:%M"))
        };
        for pair in rows.windows(2) {
            let ((a_line, a), (b_line, b)) = (&pair[0], &pair[1]);
            if b.start < a.end {
                return Err(ServiceError::bad_input(format!(
                    "lines {a_line} and {b_line} share time ({} and {}); an hour is spent once, so nothing was imported",
                    when(a),
                    when(b)
                )));
            }
        }
        let now = self.now();
        if let Some((line, late)) = rows.iter().find(|(_, e)| e.end > now) {
            return Err(ServiceError::bad_input(format!(
                "line {line} ({}) ends in the future; nothing was imported",
                when(late)
            )));
        }
        let (Some((_, first)), Some((_, last))) = (rows.first(), rows.iter().max_by_key(|(_, e)| e.end))
        else {
            return Ok(SheetImported {
                format: sheet.format,
                imported: 0,
                already: 0,
                derived: sheet.derived,
                empty: sheet.empty,
                unmapped: sheet.unmapped,
                first: None,
                last: None,
                dry_run,
            });
        };
        let span = Span::new(first.start, last.end);
        let (first_start, last_end) = (local(first.start), local(last.end));
        let recorded = self.store.entries_touching(&span)?;
        let timer = self.store.timer()?;
        let mut new = Vec::new();
        let mut already = 0;
        for (line, entry) in &rows {
            if let Some(t) = timer.as_ref().filter(|t| t.started < entry.end) {
                return Err(ServiceError::bad_input(format!(
                    "line {line} ({}) overlaps the timer running since {}; stop it first, nothing was imported",
                    when(entry),
                    local(t.started).format("%H:%M")
                )));
            }
            // Recorded entries never overlap, so both their starts and their
            // ends are in order: the first that ends after this row starts
            // is the only candidate before the ones starting after it ends.
            let from = recorded.partition_point(|r| r.end <= entry.start);
            let mut clash = recorded[from..].iter().take_while(|r| r.start < entry.end);
            match clash.next() {
                None => new.push(entry.clone()),
                Some(same)
                    if same.start == entry.start
                        && same.end == entry.end
                        && same.category == entry.category =>
                {
                    already += 1
                }
                Some(other) => {
                    return Err(ServiceError::bad_input(format!(
                        "line {line} ({}) shares time with {} already counted ({}); an hour is spent once, so nothing was imported",
                        when(entry),
                        other.category.as_str(),
                        when(other)
                    )));
                }
            }
        }
        if !dry_run {
            self.store.write(|tx| new.iter().try_for_each(|e| tx.add_entry(e).map(drop)))?;
        }
        Ok(SheetImported {
            format: sheet.format,
            imported: new.len(),
            already,
            derived: sheet.derived,
            empty: sheet.empty,
            unmapped: sheet.unmapped,
            first: Some(first_start),
            last: Some(last_end),
            dry_run,
        })
    }
}
