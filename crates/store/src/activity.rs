//! What a tracker saw: the rules that map it onto categories, the
//! intervals they gave, and where the tracker's server is.

use chrono::DateTime;
use deepblock_core::Span;
use deepblock_core::activity::{Activity, TrackRule};
use rusqlite::params;

use crate::{Store, StoreError, StoreResult, Tx};

impl Tx<'_> {
    /// Adds a rule, tried before the others; its id.
    pub fn add_track_rule(&self, pattern: &str, category: deepblock_core::Category) -> StoreResult<i64> {
        self.conn().execute(
            "INSERT INTO track_rules (pattern, category) VALUES (?1, ?2)",
            params![pattern, category.as_str()],
        )?;
        Ok(self.conn().last_insert_rowid())
    }

    /// Removes a rule; whether there was one.
    pub fn remove_track_rule(&self, id: i64) -> StoreResult<bool> {
        Ok(self.conn().execute("DELETE FROM track_rules WHERE id = ?1", [id])? > 0)
    }

    /// Replaces the tracker's intervals in `span` with `seen`.
    pub fn replace_activity(&self, span: &Span, seen: &[Activity]) -> StoreResult<()> {
        self.conn().execute(
            "DELETE FROM activity_intervals WHERE start_utc >= ?1 AND start_utc < ?2",
            params![span.start.timestamp(), span.end.timestamp()],
        )?;
        let mut insert = self.conn().prepare_cached(
            "INSERT INTO activity_intervals (start_utc, end_utc, category, rule_id) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for a in seen.iter().filter(|a| a.span.end.timestamp() > a.span.start.timestamp()) {
            insert.execute(params![
                a.span.start.timestamp(),
                a.span.end.timestamp(),
                a.category.as_str(),
                a.rule
            ])?;
        }
        Ok(())
    }

    /// Sets the tracker's address; `None` stops reading it.
    pub fn set_activitywatch(&self, address: Option<&str>) -> StoreResult<()> {
        self.conn().execute("UPDATE settings SET activitywatch = ?1 WHERE id = 1", [address])?;
        Ok(())
    }
}

impl Store {
    /// The rules, in the order they are tried.
    pub fn track_rules(&self) -> StoreResult<Vec<TrackRule>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT id, pattern, category FROM track_rules ORDER BY id DESC")?;
        let rows = stmt.query_map([], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?))
        })?;
        rows.map(|row| {
            let (id, pattern, category) = row?;
            let category =
                category.parse().map_err(|_| StoreError::Corrupt(format!("track rule {id}: category")))?;
            Ok(TrackRule { id, pattern, category })
        })
        .collect()
    }

    /// The tracker's intervals starting in `span`, earliest first.
    pub fn activity_in(&self, span: &Span) -> StoreResult<Vec<Activity>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT start_utc, end_utc, category, rule_id FROM activity_intervals \
             WHERE start_utc >= ?1 AND start_utc < ?2 ORDER BY start_utc",
        )?;
        let rows = stmt.query_map(params![span.start.timestamp(), span.end.timestamp()], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, Option<i64>>(3)?,
            ))
        })?;
        rows.map(|row| {
            let (start, end, category, rule) = row?;
            let corrupt = || StoreError::Corrupt(format!("activity interval at {start}"));
            let instant = |s: i64| DateTime::from_timestamp(s, 0).ok_or_else(corrupt);
            Ok(Activity {
                span: Span::new(instant(start)?, instant(end)?),
                category: category.parse().map_err(|_| corrupt())?,
                rule,
            })
        })
        .collect()
    }

    /// The tracker's address, unless reading it is off.
    pub fn activitywatch(&self) -> StoreResult<Option<String>> {
        Ok(self.conn.query_row("SELECT activitywatch FROM settings WHERE id = 1", [], |row| row.get(0))?)
    }
}
