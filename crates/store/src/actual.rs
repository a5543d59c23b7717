//! Actual time: the entries and the running timer.

use chrono::{DateTime, Utc};
use deepblock_core::Span;
use deepblock_core::actual::{ActualSource, Entry, LONGEST_ENTRY_HOURS, Timer};
use rusqlite::{OptionalExtension, Row, params};

use crate::{Store, StoreError, StoreResult, Tx};

impl Tx<'_> {
    /// Records an entry; its id.
    pub fn add_entry(&self, entry: &Entry) -> StoreResult<i64> {
        self.conn().execute(
            "INSERT INTO actual_entries (start_utc, end_utc, category, source, note) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                entry.start.timestamp(),
                entry.end.timestamp(),
                entry.category.as_str(),
                entry.source.as_str(),
                entry.note
            ],
        )?;
        Ok(self.conn().last_insert_rowid())
    }

    /// Starts (`Some`) or clears (`None`) the timer.
    pub fn set_timer(&self, timer: Option<&Timer>) -> StoreResult<()> {
        self.conn().execute("DELETE FROM tracking_timer", [])?;
        if let Some(t) = timer {
            self.conn().execute(
                "INSERT INTO tracking_timer (id, started_utc, category, note) VALUES (1, ?1, ?2, ?3)",
                params![t.started.timestamp(), t.category.as_str(), t.note],
            )?;
        }
        Ok(())
    }
}

impl Tx<'_> {
    /// Marks the occurrence of meeting `uid` starting at `start` skipped
    /// (`true`) or attended again (`false`); whether anything changed.
    pub fn set_meeting_skipped(&self, uid: &str, start: DateTime<Utc>, skipped: bool) -> StoreResult<bool> {
        let changed = if skipped {
            self.conn().execute(
                "INSERT OR IGNORE INTO skipped_meetings (uid, start_utc) VALUES (?1, ?2)",
                params![uid, start.timestamp()],
            )?
        } else {
            self.conn().execute(
                "DELETE FROM skipped_meetings WHERE uid = ?1 AND start_utc = ?2",
                params![uid, start.timestamp()],
            )?
        };
        Ok(changed > 0)
    }
}

impl Store {
    /// The skipped meeting occurrences starting in `span`: UID and start.
    pub fn skipped_meetings(&self, span: &Span) -> StoreResult<Vec<(String, DateTime<Utc>)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT uid, start_utc FROM skipped_meetings WHERE start_utc >= ?1 AND start_utc < ?2 \
             ORDER BY start_utc, uid",
        )?;
        let rows = stmt.query_map(params![span.start.timestamp(), span.end.timestamp()], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
        })?;
        rows.map(|row| {
            let (uid, start) = row?;
            Ok((uid, instant(start)?))
        })
        .collect()
    }

    /// The entries sharing time with `span`, earliest first. No entry
    /// lasts longer than [`LONGEST_ENTRY_HOURS`] (`Entry::new` refuses
    /// one), so the index is read from that long before the span instead
    /// of from the first entry ever made: a week of a year's history reads
    /// its own rows, not the year's.
    pub fn entries_touching(&self, span: &Span) -> StoreResult<Vec<Entry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT start_utc, end_utc, category, source, note FROM actual_entries \
             WHERE start_utc > ?3 AND start_utc < ?2 AND end_utc > ?1 ORDER BY start_utc",
        )?;
        let earliest = span.start.timestamp() - LONGEST_ENTRY_HOURS * 3600;
        let rows =
            stmt.query_map(params![span.start.timestamp(), span.end.timestamp(), earliest], read_entry)?;
        rows.map(|row| row?).collect()
    }

    /// The running timer, if any.
    pub fn timer(&self) -> StoreResult<Option<Timer>> {
        let row = self
            .conn
            .query_row("SELECT started_utc, category, note FROM tracking_timer WHERE id = 1", [], |row| {
                Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?, row.get::<_, Option<String>>(2)?))
            })
            .optional()?;
        row.map(|(started, category, note)| {
            Ok(Timer { started: instant(started)?, category: category_named(&category)?, note })
        })
        .transpose()
    }
}

/// An instant stored as seconds since 1970; one out of range is a damaged file.
pub(crate) fn instant(seconds: i64) -> StoreResult<DateTime<Utc>> {
    DateTime::from_timestamp(seconds, 0).ok_or_else(|| StoreError::Corrupt(format!("instant {seconds}")))
}

fn category_named(text: &str) -> StoreResult<deepblock_core::Category> {
    text.parse().map_err(|_| StoreError::Corrupt(format!("category '{text}'")))
}

/// A row, or why it is not one.
fn read_entry(row: &Row<'_>) -> rusqlite::Result<StoreResult<Entry>> {
    let (start, end): (i64, i64) = (row.get(0)?, row.get(1)?);
    let (category, source): (String, String) = (row.get(2)?, row.get(3)?);
    let note: Option<String> = row.get(4)?;
    Ok((|| {
        Ok(Entry {
            start: instant(start)?,
            end: instant(end)?,
            category: category_named(&category)?,
            source: ActualSource::parse(&source)
                .ok_or_else(|| StoreError::Corrupt(format!("entry source '{source}'")))?,
            note,
        })
    })())
}
