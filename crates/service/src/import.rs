//! Bringing other calendars' meetings in, read-only.

use std::collections::HashSet;

use chrono::Duration;
use chrono_tz::Tz;
use deepblock_core::{BlockId, Source, Span};
use deepblock_ical::{Imported, import_calendar_as, stream_calendar_as};
use deepblock_store::{CalendarChanges, Tx};
use serde::Serialize;

use crate::error::Field;
use crate::{Plan, ServiceError, ServiceResult};

/// How far ahead an import looks for meetings that break a rule, to say so.
const BREACH_LOOKAHEAD_WEEKS: i64 = 8;

/// The longest calendar name we accept.
const MAX_CALENDAR_NAME: usize = 100;

/// What an import did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportReport {
    /// The calendar's name.
    pub calendar: String,
    /// Meetings new to it.
    pub added: usize,
    /// Meetings that changed, found by UID.
    pub updated: usize,
    /// Meetings already there as they are.
    pub unchanged: usize,
    /// Meetings no longer in the file, removed.
    pub removed: usize,
    /// All-day and free events, not imported.
    pub skipped: usize,
    /// Cancelled events, not imported.
    pub cancelled: usize,
    /// Occurrences of this calendar's meetings in the next weeks that break
    /// a rule (`rules check` lists them).
    pub breaches: usize,
    /// What changed, in one line: "imported 3 meetings into 'team' (3 new,
    /// 0 updated, 1 removed)".
    pub summary: String,
    /// What was left out, when anything was.
    pub left_out: Option<String>,
    /// How many meetings break a rule, when any do.
    pub breaking: Option<String>,
    /// Events that could not be read and were left out.
    pub unreadable: usize,
    /// What was skipped or repaired, one line each ("line 40: …").
    pub warnings: Vec<String>,
    /// Those in one line, when there are any: "2 things were skipped or
    /// repaired: line 40: …; line 88: …".
    pub repaired: Option<String>,
}

/// How many warnings the one-line summary spells out.
const WARNINGS_SPELLED_OUT: usize = 3;

impl ImportReport {
    fn new(calendar: &str, changes: CalendarChanges, found: &Imported, breaches: usize) -> Self {
        let (skipped, cancelled) = (found.skipped, found.cancelled);
        let meetings = changes.added + changes.updated + changes.unchanged;
        let plural = |n: usize, one: &str, many: &str| if n == 1 { one.to_owned() } else { many.to_owned() };
        let summary = format!(
            "imported {meetings} {} into '{calendar}' ({} new, {} updated, {} removed)",
            plural(meetings, "meeting", "meetings"),
            changes.added,
            changes.updated,
            changes.removed
        );
        let left = skipped + cancelled;
        let left_out = (left > 0).then(|| {
            format!(
                "{left} all-day, free, cancelled or declined {} left out",
                plural(left, "event was", "events were")
            )
        });
        let breaking = (breaches > 0).then(|| {
            format!(
                "{breaches} of these {} in the next {BREACH_LOOKAHEAD_WEEKS} weeks {} your rules",
                plural(breaches, "meetings", "meetings"),
                plural(breaches, "breaks", "break")
            )
        });
        let warnings: Vec<String> = found.warnings.iter().map(ToString::to_string).collect();
        let repaired = (!warnings.is_empty()).then(|| {
            let spelled: Vec<&str> = warnings.iter().take(WARNINGS_SPELLED_OUT).map(String::as_str).collect();
            let more = warnings.len().saturating_sub(WARNINGS_SPELLED_OUT);
            format!(
                "{} {} skipped or repaired: {}{}",
                warnings.len(),
                plural(warnings.len(), "thing was", "things were"),
                spelled.join("; "),
                if more > 0 { format!("; and {more} more") } else { String::new() }
            )
        });
        Self {
            calendar: calendar.to_owned(),
            added: changes.added,
            updated: changes.updated,
            unchanged: changes.unchanged,
            removed: changes.removed,
            skipped,
            cancelled,
            breaches,
            summary,
            left_out,
            breaking,
            unreadable: found.unreadable,
            warnings,
            repaired,
        }
    }
}

impl Plan {
    /// Imports the meetings of an iCalendar text as the calendar `name`,
    /// replacing what an earlier import of it brought. Events that cannot
    /// be read are left out and reported; a file that is not a calendar,
    /// or most of whose events cannot be read, changes nothing. A
    /// subscribed calendar is refused: its meetings come from its address.
    pub fn import_ics(&mut self, text: &str, name: &str) -> ServiceResult<ImportReport> {
        let name = checked_calendar_name(name)?;
        if self.store.subscription(name)?.is_some() {
            return Err(ServiceError::bad_input(format!(
                "'{name}' is a subscribed calendar, refreshed from its address; import the file under another name"
            ))
            .about(Field::CalendarName));
        }
        // Read as it is written, in one transaction: a large file is never
        // held parsed whole, and a refused one undoes what was written.
        let (me, tz) = (self.store.rules()?.me, self.tz);
        let (changes, found) = self.store.write(|tx| {
            let mut replacing = tx.replacing_calendar(name)?;
            let mut failed = None;
            let found = stream_calendar_as(text, name, tz, &me, &mut |block| {
                if failed.is_none() {
                    failed = replacing.put(&block).err();
                }
            })
            .map_err(|e| ServiceError::bad_input(e.to_string()))?;
            if let Some(error) = failed {
                return Err(ServiceError::from(error));
            }
            Ok::<_, ServiceError>((replacing.finish()?, found))
        })?;
        self.report_import(name, changes, &found)
    }

    /// Makes the calendar `name` hold what `found` holds and, in the same
    /// transaction, writes `also`; then counts what breaks a rule.
    pub(crate) fn apply_import(
        &mut self,
        name: &str,
        found: &Imported,
        also: impl FnOnce(&Tx<'_>) -> ServiceResult<()>,
    ) -> ServiceResult<ImportReport> {
        let changes = self.store.write(|tx| {
            let changes = tx.replace_calendar(name, &found.blocks)?;
            also(tx)?;
            Ok::<_, ServiceError>(changes)
        })?;
        self.report_import(name, changes, found)
    }

    /// What an import of calendar `name` did, with the meetings of it in
    /// the next weeks that break a rule.
    fn report_import(
        &self,
        name: &str,
        changes: CalendarChanges,
        found: &Imported,
    ) -> ServiceResult<ImportReport> {
        let now = self.now();
        let ahead = Span::new(now, now + Duration::weeks(BREACH_LOOKAHEAD_WEEKS));
        let source = Source::Imported { calendar: name.to_owned() };
        let ours: HashSet<BlockId> = self
            .store
            .blocks_touching(&ahead)?
            .into_iter()
            .filter(|b| b.source == source)
            .map(|b| b.id)
            .collect();
        let breaches = self.plan_breaches(&ahead)?.iter().filter(|b| ours.contains(&b.block_id)).count();
        Ok(ImportReport::new(name, changes, found, breaches))
    }
}

/// The meetings of an iCalendar text, read as the calendar `name`: pure,
/// so a fetched calendar is read before the plan is locked.
pub(crate) fn read_calendar(text: &str, name: &str, tz: Tz) -> ServiceResult<Imported> {
    read_calendar_as(text, name, tz, &[])
}

/// [`read_calendar`] for the user whose addresses are `me`: what they
/// declined takes none of their time and is left out.
pub(crate) fn read_calendar_as(text: &str, name: &str, tz: Tz, me: &[String]) -> ServiceResult<Imported> {
    import_calendar_as(text, name, tz, me).map_err(|e| ServiceError::bad_input(e.to_string()))
}

/// `name`, trimmed, when it can name a calendar.
pub(crate) fn checked_calendar_name(name: &str) -> ServiceResult<&str> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_CALENDAR_NAME || name.chars().any(char::is_control) {
        return Err(ServiceError::bad_input(format!(
            "'{name}' cannot name a calendar; give it a name of 1 to {MAX_CALENDAR_NAME} characters"
        ))
        .about(Field::CalendarName));
    }
    Ok(name)
}
