//! Timesheets: actual time as CSV, one row per interval, for a
//! spreadsheet and back, and the history users bring from Toggl and
//! Clockify.

use chrono::{Datelike, NaiveDate, NaiveTime};
use chrono_tz::Tz;
use deepblock_core::actual::{ActualSource, Entry, LONGEST_NOTE};
use deepblock_core::review::Interval;
use deepblock_core::time::{YEARS, parse_instant, resolve_local};
use deepblock_core::{Category, Span};
use serde::Serialize;

use crate::{ErrorCode, ServiceError, ServiceResult};

/// The columns of our CSV, in order.
pub const COLUMNS: [&str; 6] = ["start", "end", "category", "source", "block", "note"];

/// The intervals as CSV: a header, then one row per interval, times in
/// RFC 3339 with the user's offset.
pub fn intervals_csv(intervals: &[Interval]) -> ServiceResult<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let failed =
        |e: &dyn std::fmt::Display| ServiceError::new(ErrorCode::Environment, format!("writing CSV: {e}"));
    writer.write_record(COLUMNS).map_err(|e| failed(&e))?;
    for interval in intervals {
        writer
            .write_record([
                interval.start.to_rfc3339(),
                interval.end.to_rfc3339(),
                interval.category.as_str().to_owned(),
                interval.source.as_str().to_owned(),
                interval.block.map(|b| b.to_string()).unwrap_or_default(),
                interval.note.clone().unwrap_or_default(),
            ])
            .map_err(|e| failed(&e))?;
    }
    let bytes = writer.into_inner().map_err(|e| failed(&e))?;
    String::from_utf8(bytes).map_err(|e| failed(&e))
}

/// The largest timesheet read: a decade of someone's tracking is a few
/// megabytes; anything far bigger is not a timesheet.
pub const LARGEST_TIMESHEET_BYTES: u64 = 64 * 1024 * 1024;

/// Which program wrote a timesheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum SheetFormat {
    /// Ours: `start,end,category,source,block,note`.
    Deepblock,
    /// Toggl Track's detailed report.
    Toggl,
    /// Clockify's detailed report.
    Clockify,
}

impl SheetFormat {
    /// The program's name, for messages.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Deepblock => "Deepblock",
            Self::Toggl => "Toggl",
            Self::Clockify => "Clockify",
        }
    }
}

/// A timesheet read and checked row by row, not yet compared with the
/// database.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// Who wrote it.
    pub format: SheetFormat,
    /// The entries, with the line each came from.
    pub rows: Vec<(u64, Entry)>,
    /// Rows of focus sessions and meetings in our own format: their time
    /// is kept with the sessions and meetings, not as entries.
    pub derived: usize,
    /// Rows that last no time at all.
    pub empty: usize,
    /// Projects of another tracker that matched no category, counted as
    /// "other".
    pub unmapped: Vec<String>,
}

fn column(headers: &csv::StringRecord, name: &str) -> Option<usize> {
    headers.iter().position(|h| h.trim().trim_start_matches('\u{feff}').eq_ignore_ascii_case(name))
}

/// A date as trackers write it: ISO first, then the US order Clockify
/// uses by default, then day-first orders.
fn sheet_date(text: &str) -> Option<NaiveDate> {
    ["%Y-%m-%d", "%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(text.trim(), f).ok())
        .filter(|d| YEARS.contains(&d.year()))
}

/// A time of day in 24-hour or 12-hour form, with or without seconds.
fn sheet_time(text: &str) -> Option<NaiveTime> {
    ["%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(text.trim(), f).ok())
}

/// The category a project or tag of another tracker names: the user's
/// `map` first (by project, then by tag), then a category's own name or
/// label ("Admin", "model-dev", "Model development").
fn category_for(project: &str, tags: &str, map: &[(String, Category)]) -> Option<Category> {
    let tags: Vec<&str> = tags.split(',').map(str::trim).filter(|t| !t.is_empty()).collect();
    let names = std::iter::once(project.trim()).chain(tags.iter().copied()).filter(|n| !n.is_empty());
    let mapped = |name: &str| map.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, c)| *c);
    let own = |name: &str| {
        Category::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(name) || c.label().eq_ignore_ascii_case(name))
    };
    names.clone().find_map(mapped).or_else(|| names.clone().find_map(own))
}

/// A note from another tracker's project and description, made one line
/// of at most [`LONGEST_NOTE`] characters.
fn foreign_note(project: &str, description: &str) -> Option<String> {
    let joined: Vec<&str> =
        [project.trim(), description.trim()].into_iter().filter(|p| !p.is_empty()).collect();
    let line: String =
        joined.join(" — ").chars().map(|c| if c.is_control() { ' ' } else { c }).take(LONGEST_NOTE).collect();
    let line = line.trim().to_owned();
    (!line.is_empty()).then_some(line)
}

/// Reads a timesheet: ours, or a Toggl or Clockify detailed export (times
/// in `tz`, the zone those exports write in). Any malformed row refuses
/// the whole sheet, naming its line.
pub fn read_timesheet(text: &str, tz: Tz, map: &[(String, Category)]) -> ServiceResult<Sheet> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| ServiceError::bad_input(format!("the first line is not a CSV header: {e}")))?
        .clone();
    let ours = ["start", "end", "category"].map(|c| column(&headers, c));
    let theirs = ["start date", "start time", "end date", "end time"].map(|c| column(&headers, c));
    let format = if ours.iter().all(Option::is_some) {
        SheetFormat::Deepblock
    } else if theirs.iter().all(Option::is_some) {
        // Clockify capitalises "Start Date"; Toggl writes "Start date".
        if headers.iter().any(|h| h.trim() == "Start Date") {
            SheetFormat::Clockify
        } else {
            SheetFormat::Toggl
        }
    } else {
        return Err(ServiceError::bad_input(
            "this CSV is not a timesheet Deepblock reads: give ours (start,end,category,…) or a Toggl or Clockify detailed report",
        ));
    };
    let mut sheet = Sheet { format, rows: Vec::new(), derived: 0, empty: 0, unmapped: Vec::new() };
    for record in reader.records() {
        let record = record.map_err(|e| ServiceError::bad_input(format!("the CSV is malformed: {e}")))?;
        let line = record.position().map_or(0, |p| p.line());
        let field = |index: Option<usize>| index.and_then(|i| record.get(i)).unwrap_or("").trim();
        let bad =
            |what: String| ServiceError::bad_input(format!("line {line}: {what}; nothing was imported"));
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let (start, end, category, source, note) = if format == SheetFormat::Deepblock {
            let source = match field(column(&headers, "source")) {
                "" | "manual" => ActualSource::Manual,
                "timer" => ActualSource::Timer,
                "focus" | "meeting" | "activitywatch" => {
                    sheet.derived += 1;
                    continue;
                }
                other => return Err(bad(format!("unknown source '{other}'"))),
            };
            // RFC 3339, or local wall time: a spreadsheet may have dropped
            // the offset.
            let instant = |i: Option<usize>| {
                parse_instant(field(i), tz).map_err(|_| bad(format!("'{}' is not a time", field(i))))
            };
            let category: Category =
                field(ours[2]).parse().map_err(|e: deepblock_core::CoreError| bad(e.to_string()))?;
            let note = field(column(&headers, "note"));
            (
                instant(ours[0])?,
                instant(ours[1])?,
                category,
                source,
                (!note.is_empty()).then(|| note.to_owned()),
            )
        } else {
            let at = |date: Option<usize>, time: Option<usize>| {
                let day =
                    sheet_date(field(date)).ok_or_else(|| bad(format!("'{}' is not a date", field(date))))?;
                let clock =
                    sheet_time(field(time)).ok_or_else(|| bad(format!("'{}' is not a time", field(time))))?;
                Ok::<_, ServiceError>(resolve_local(tz, day.and_time(clock)))
            };
            let (start, end) = (at(theirs[0], theirs[1])?, at(theirs[2], theirs[3])?);
            if end == start {
                sheet.empty += 1;
                continue;
            }
            let project = field(column(&headers, "project"));
            let category = category_for(project, field(column(&headers, "tags")), map).unwrap_or_else(|| {
                let name = if project.is_empty() { "(no project)" } else { project };
                if !sheet.unmapped.iter().any(|n| n == name) {
                    sheet.unmapped.push(name.to_owned());
                }
                Category::Other
            });
            let note = foreign_note(project, field(column(&headers, "description")));
            (start, end, category, ActualSource::Manual, note)
        };
        if end == start {
            sheet.empty += 1;
            continue;
        }
        let entry = Entry::new(Span::new(start, end), category, source, note.as_deref())
            .map_err(|e| bad(e.to_string()))?;
        sheet.rows.push((line, entry));
    }
    Ok(sheet)
}
