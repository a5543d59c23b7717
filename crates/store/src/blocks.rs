//! Blocks and their changed occurrences.

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use deepblock_core::recurrence::series_end;
use deepblock_core::{Block, BlockId, Recurrence, RepeatRule, Source, Span};
use rusqlite::{Connection, OptionalExtension, Row, ToSql, params};

use crate::{Store, StoreError, StoreResult, Tx};

const WALL_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

const BLOCK_COLUMNS: &str = "id, uid, calendar, sequence, kind, title, category, start_utc, end_utc, tz, \
     protected, rrule";

impl Tx<'_> {
    /// Saves a new block with its occurrence changes and returns it with
    /// its id.
    pub fn insert_block(&self, block: &Block) -> StoreResult<Block> {
        let id = insert(self.conn(), block)?;
        Ok(Block { id, ..block.clone() })
    }

    /// Replaces a stored block (found by id) with `block`, changes included.
    /// Returns `false` when no block has that id.
    pub fn update_block(&self, block: &Block) -> StoreResult<bool> {
        update(self.conn(), block)
    }

    /// Stores `block` in the imported calendar `name`, replacing the one with
    /// its UID if there is one; returns it with its id.
    pub fn upsert_imported(&self, name: &str, block: &Block) -> StoreResult<Block> {
        let source = Source::Imported { calendar: name.to_owned() };
        let id = match self.block_by_uid(name, &block.uid)? {
            Some(old) => {
                update(self.conn(), &Block { id: old.id, source: source.clone(), ..block.clone() })?;
                old.id
            }
            None => insert(self.conn(), &Block { source: source.clone(), ..block.clone() })?,
        };
        Ok(Block { id, source, ..block.clone() })
    }

    /// Makes the imported calendar `name` hold exactly `blocks`: a block
    /// whose UID is already there is updated in place when it changed
    /// (keeping its id), a
    /// new one is added, one no longer in the calendar is removed.
    pub fn replace_calendar(&self, name: &str, blocks: &[Block]) -> StoreResult<CalendarChanges> {
        let mut replacing = self.replacing_calendar(name)?;
        for block in blocks {
            replacing.put(block)?;
        }
        replacing.finish()
    }

    /// [`Tx::replace_calendar`] one block at a time, for an import that
    /// makes its meetings as it reads them: [`Replacing::put`] each, then
    /// [`Replacing::finish`] removes what was not put.
    pub fn replacing_calendar(&self, name: &str) -> StoreResult<Replacing<'_>> {
        let conn = self.conn();
        let existing = {
            let mut stmt = conn.prepare_cached("SELECT uid, id FROM blocks WHERE calendar = ?1")?;
            let rows = stmt.query_map([name], |row| Ok((row.get(0)?, row.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        Ok(Replacing {
            conn,
            source: Source::Imported { calendar: name.to_owned() },
            existing,
            changes: CalendarChanges::default(),
        })
    }

    /// Puts `block` back exactly as it was, under its own id, whether it
    /// still exists or was deleted: what undo and redo need.
    pub fn restore_block(&self, block: &Block) -> StoreResult<()> {
        if !update(self.conn(), block)? {
            insert_as(self.conn(), block, Some(block.id))?;
        }
        Ok(())
    }

    /// Deletes a block and its changed occurrences. Returns the block as it
    /// was, or `None` when no block has that id.
    pub fn delete_block(&self, id: BlockId) -> StoreResult<Option<Block>> {
        let Some(block) = read_block(self.conn(), id)? else {
            return Ok(None);
        };
        self.conn().execute("DELETE FROM blocks WHERE id = ?1", [id.0])?;
        Ok(Some(block))
    }
}

impl Store {
    /// How many blocks (a series counting once) the calendar `name` holds.
    pub fn calendar_size(&self, name: &str) -> StoreResult<usize> {
        let n: i64 =
            self.conn
                .query_row("SELECT count(*) FROM blocks WHERE calendar = ?1", [name], |row| row.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// The block of calendar `name` with this UID, if any.
    pub fn block_by_uid(&self, name: &str, uid: &str) -> StoreResult<Option<Block>> {
        let id: Option<i64> = self
            .conn
            .query_row("SELECT id FROM blocks WHERE calendar = ?1 AND uid = ?2", [name, uid], |row| {
                row.get(0)
            })
            .optional()?;
        id.map_or(Ok(None), |id| self.block(BlockId(id)))
    }

    /// The block with this id, if any.
    pub fn block(&self, id: BlockId) -> StoreResult<Option<Block>> {
        read_block(&self.conn, id)
    }

    /// Every block with an occurrence that may touch `window`: one-off
    /// blocks overlapping it, and series that start before it ends and do
    /// not end before it starts. Ordered by first start.
    pub fn blocks_touching(&self, window: &Span) -> StoreResult<Vec<Block>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {BLOCK_COLUMNS} FROM blocks \
             WHERE start_utc <= ?2 AND (series_end_utc IS NULL OR series_end_utc >= ?1) \
             ORDER BY start_utc, id"
        ))?;
        let rows =
            stmt.query_map(params![window.start.timestamp(), window.end.timestamp()], BlockRow::read)?;
        let rows = rows.collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(|row| row.into_block(&self.conn)).collect()
    }
}

/// An imported calendar being replaced, inside a transaction.
pub struct Replacing<'t> {
    conn: &'t Connection,
    source: Source,
    /// The calendar's blocks not put yet, by UID.
    existing: std::collections::HashMap<String, i64>,
    changes: CalendarChanges,
}

impl Replacing<'_> {
    /// Puts one block of the calendar's new content.
    pub fn put(&mut self, block: &Block) -> StoreResult<()> {
        let source = self.source.clone();
        match self.existing.remove(&block.uid) {
            Some(id) => {
                // A refresh of a feed mostly brings what is there: an
                // unchanged meeting is neither written nor counted.
                let fresh = Block { id: BlockId(id), source, ..block.clone() };
                if read_block(self.conn, fresh.id)?.as_ref() != Some(&fresh) {
                    update(self.conn, &fresh)?;
                    self.changes.updated += 1;
                } else {
                    self.changes.unchanged += 1;
                }
            }
            None => {
                insert(self.conn, &Block { source, ..block.clone() })?;
                self.changes.added += 1;
            }
        }
        Ok(())
    }

    /// Removes the blocks that were not put; what changed.
    pub fn finish(mut self) -> StoreResult<CalendarChanges> {
        for id in self.existing.into_values() {
            self.conn.execute("DELETE FROM blocks WHERE id = ?1", [id])?;
            self.changes.removed += 1;
        }
        Ok(self.changes)
    }
}

/// What replacing an imported calendar did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CalendarChanges {
    /// Events new to the calendar.
    pub added: usize,
    /// Events already there, updated by UID.
    pub updated: usize,
    /// Events already there exactly as they are now.
    pub unchanged: usize,
    /// Events no longer in the calendar.
    pub removed: usize,
}

/// A block's column values, named as the SQL below names them.
fn columns(block: &Block) -> StoreResult<Vec<(&'static str, Box<dyn ToSql + '_>)>> {
    Ok(vec![
        (":uid", Box::new(&block.uid)),
        (":calendar", Box::new(calendar_of(&block.source))),
        (":sequence", Box::new(block.sequence)),
        (":kind", Box::new(block.kind.as_str())),
        (":title", Box::new(&block.title)),
        (":category", Box::new(block.category.as_str())),
        (":start", Box::new(block.start.timestamp())),
        (":end", Box::new(block.end.timestamp())),
        (":tz", Box::new(block.tz.name())),
        (":protected", Box::new(block.protected)),
        (":rrule", Box::new(block.recurrence.as_ref().map(|r| r.rule.as_str()))),
        (":series_end", Box::new(series_end_seconds(block)?)),
    ])
}

fn execute_with(tx: &Connection, sql: &str, block: &Block, id: Option<BlockId>) -> StoreResult<usize> {
    let mut values = columns(block)?;
    values.push((":id", Box::new(id.map(|id| id.0))));
    let named: Vec<(&str, &dyn ToSql)> = values.iter().map(|(k, v)| (*k, v.as_ref())).collect();
    Ok(tx.prepare_cached(sql)?.execute(named.as_slice())?)
}

/// Inserts `block` under `id`, or under a new id when `None`.
fn insert_as(tx: &Connection, block: &Block, id: Option<BlockId>) -> StoreResult<BlockId> {
    execute_with(
        tx,
        "INSERT INTO blocks (id, uid, calendar, sequence, kind, title, category, start_utc, end_utc, tz, \
         protected, rrule, series_end_utc) VALUES (:id, :uid, :calendar, :sequence, :kind, :title, \
         :category, :start, :end, :tz, :protected, :rrule, :series_end)",
        block,
        id,
    )?;
    let id = BlockId(tx.last_insert_rowid());
    write_changes(tx, id, block.recurrence.as_ref())?;
    Ok(id)
}

fn insert(tx: &Connection, block: &Block) -> StoreResult<BlockId> {
    insert_as(tx, block, None)
}

fn update(tx: &Connection, block: &Block) -> StoreResult<bool> {
    let changed = execute_with(
        tx,
        "UPDATE blocks SET uid = :uid, calendar = :calendar, sequence = :sequence, kind = :kind, \
         title = :title, category = :category, start_utc = :start, end_utc = :end, tz = :tz, \
         protected = :protected, rrule = :rrule, series_end_utc = :series_end WHERE id = :id",
        block,
        Some(block.id),
    )?;
    if changed == 0 {
        return Ok(false);
    }
    tx.execute("DELETE FROM occurrence_changes WHERE block_id = ?1", [block.id.0])?;
    write_changes(tx, block.id, block.recurrence.as_ref())?;
    Ok(true)
}

fn calendar_of(source: &Source) -> &str {
    match source {
        Source::Planned => "",
        Source::Imported { calendar } => calendar,
    }
}

fn series_end_seconds(block: &Block) -> StoreResult<Option<i64>> {
    let end = series_end(block).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(end.map(|t| t.timestamp()))
}

fn write_changes(tx: &Connection, id: BlockId, recurrence: Option<&Recurrence>) -> StoreResult<()> {
    let Some(recurrence) = recurrence else {
        return Ok(());
    };
    let mut stmt = tx.prepare_cached(
        "INSERT INTO occurrence_changes (block_id, original_local, change, start_utc, end_utc) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let wall = |w: &NaiveDateTime| w.format(WALL_FORMAT).to_string();
    for original in &recurrence.skipped {
        stmt.execute(params![id.0, wall(original), "skipped", None::<i64>, None::<i64>])?;
    }
    for original in &recurrence.added {
        stmt.execute(params![id.0, wall(original), "added", None::<i64>, None::<i64>])?;
    }
    for (original, span) in &recurrence.moved {
        stmt.execute(params![id.0, wall(original), "moved", span.start.timestamp(), span.end.timestamp()])?;
    }
    Ok(())
}

fn read_block(conn: &Connection, id: BlockId) -> StoreResult<Option<Block>> {
    let row = conn
        .prepare_cached(&format!("SELECT {BLOCK_COLUMNS} FROM blocks WHERE id = ?1"))?
        .query_row([id.0], BlockRow::read)
        .optional()?;
    row.map(|row| row.into_block(conn)).transpose()
}

/// A `blocks` row as SQLite gives it, before the domain checks it.
struct BlockRow {
    id: i64,
    uid: String,
    calendar: String,
    sequence: u32,
    kind: String,
    title: String,
    category: String,
    start: i64,
    end: i64,
    tz: String,
    protected: bool,
    rrule: Option<String>,
}

impl BlockRow {
    fn read(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(0)?,
            uid: row.get(1)?,
            calendar: row.get(2)?,
            sequence: row.get(3)?,
            kind: row.get(4)?,
            title: row.get(5)?,
            category: row.get(6)?,
            start: row.get(7)?,
            end: row.get(8)?,
            tz: row.get(9)?,
            protected: row.get(10)?,
            rrule: row.get(11)?,
        })
    }

    fn into_block(self, conn: &Connection) -> StoreResult<Block> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("block {}: {what}", self.id));
        let tz: Tz = self.tz.parse().map_err(|_| corrupt("unknown zone"))?;
        let recurrence = match &self.rrule {
            None => None,
            Some(text) => {
                let rule = RepeatRule::parse(text).map_err(|e| corrupt(&e.to_string()))?;
                Some(read_changes(conn, self.id, Recurrence::new(rule))?)
            }
        };
        Ok(Block {
            id: BlockId(self.id),
            kind: self.kind.parse().map_err(|_| corrupt("unknown kind"))?,
            category: self.category.parse().map_err(|_| corrupt("unknown category"))?,
            start: instant(self.start).ok_or_else(|| corrupt("start out of range"))?,
            end: instant(self.end).ok_or_else(|| corrupt("end out of range"))?,
            source: if self.calendar.is_empty() {
                Source::Planned
            } else {
                Source::Imported { calendar: self.calendar }
            },
            uid: self.uid,
            sequence: self.sequence,
            title: self.title,
            tz,
            recurrence,
            protected: self.protected,
        })
    }
}

fn instant(seconds: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(seconds, 0)
}

fn read_changes(conn: &Connection, id: i64, mut recurrence: Recurrence) -> StoreResult<Recurrence> {
    let mut stmt = conn.prepare_cached(
        "SELECT original_local, change, start_utc, end_utc FROM occurrence_changes WHERE block_id = ?1",
    )?;
    let rows = stmt.query_map([id], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, Option<i64>>(2)?,
            row.get::<_, Option<i64>>(3)?,
        ))
    })?;
    for row in rows {
        let (original, change, start, end) = row?;
        let corrupt =
            || StoreError::Corrupt(format!("block {id}: occurrence change '{original}' '{change}'"));
        let original = NaiveDateTime::parse_from_str(&original, WALL_FORMAT).map_err(|_| corrupt())?;
        match (change.as_str(), start.and_then(instant), end.and_then(instant)) {
            ("skipped", _, _) => {
                recurrence.skipped.insert(original);
            }
            ("added", _, _) => {
                recurrence.added.insert(original);
            }
            ("moved", Some(start), Some(end)) => {
                recurrence.moved.insert(original, Span::new(start, end));
            }
            _ => return Err(corrupt()),
        }
    }
    Ok(recurrence)
}
