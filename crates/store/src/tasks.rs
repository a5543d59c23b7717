//! The backlog and the blocks placed for it.

use chrono::{DateTime, NaiveDate, Utc};
use deepblock_core::task::{Experiment, Task, TaskId};
use deepblock_core::{BlockId, Span};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::{Store, StoreError, StoreResult, Tx};

/// A block placed for a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkRow {
    /// The block.
    pub block: BlockId,
    /// Its uid, which links it.
    pub uid: String,
    /// The task.
    pub task: TaskId,
    /// When the block is.
    pub span: Span,
    /// Placed or moved by the user.
    pub pinned: bool,
    /// Why the scheduler put it there.
    pub reason: String,
}

impl Tx<'_> {
    /// Adds a task (its id is given by the database); its id.
    pub fn insert_task(&self, task: &Task) -> StoreResult<TaskId> {
        write_task(
            self.conn(),
            "INSERT INTO tasks (id, title, estimate_minutes, due, impact, effort, category, chunk_min_minutes, \
             not_before, upside, cost, learning) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            None,
            task,
        )?;
        let id = TaskId(self.conn().last_insert_rowid());
        write_after(self.conn(), id, &task.after)?;
        Ok(id)
    }

    /// Replaces what a task says; whether it existed.
    pub fn update_task(&self, task: &Task) -> StoreResult<bool> {
        let changed = write_task(
            self.conn(),
            "UPDATE tasks SET title = ?2, estimate_minutes = ?3, due = ?4, impact = ?5, effort = ?6, \
             category = ?7, chunk_min_minutes = ?8, not_before = ?9, upside = ?10, cost = ?11, learning = ?12 \
             WHERE id = ?1",
            Some(task.id),
            task,
        )?;
        self.conn().execute("DELETE FROM task_after WHERE task_id = ?1", [task.id.0])?;
        write_after(self.conn(), task.id, &task.after)?;
        Ok(changed > 0)
    }

    /// Marks a task finished at `at`, or open again with `None`.
    pub fn set_task_done(&self, id: TaskId, at: Option<DateTime<Utc>>) -> StoreResult<bool> {
        let changed = self.conn().execute(
            "UPDATE tasks SET done_utc = ?2 WHERE id = ?1",
            params![id.0, at.map(|t| t.timestamp())],
        )?;
        Ok(changed > 0)
    }

    /// Removes a task, what waits for it forgets it, its links go.
    pub fn delete_task(&self, id: TaskId) -> StoreResult<bool> {
        Ok(self.conn().execute("DELETE FROM tasks WHERE id = ?1", [id.0])? > 0)
    }

    /// Links the block `uid` to `task`.
    pub fn link_chunk(&self, uid: &str, task: TaskId, pinned: bool, reason: &str) -> StoreResult<()> {
        self.conn().execute(
            "INSERT INTO task_chunks (block_uid, task_id, pinned, reason) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (block_uid) DO UPDATE SET task_id = ?2, pinned = ?3, reason = ?4",
            params![uid, task.0, pinned, reason],
        )?;
        Ok(())
    }

    /// Forgets the link of block `uid`.
    pub fn unlink_chunk(&self, uid: &str) -> StoreResult<()> {
        self.conn().execute("DELETE FROM task_chunks WHERE block_uid = ?1", [uid])?;
        Ok(())
    }

    /// Pins (or unpins) the chunk that is block `uid`; whether it is one.
    pub fn pin_chunk(&self, uid: &str, pinned: bool) -> StoreResult<bool> {
        Ok(self
            .conn()
            .execute("UPDATE task_chunks SET pinned = ?2 WHERE block_uid = ?1", params![uid, pinned])?
            > 0)
    }
}

/// Runs `sql` with a task's columns as ?2 to ?12 and `id` as ?1 (none:
/// the database gives one).
fn write_task(conn: &Connection, sql: &str, id: Option<TaskId>, task: &Task) -> StoreResult<usize> {
    Ok(conn.execute(
        sql,
        params![
            id.map(|i| i.0),
            task.title,
            task.estimate_minutes,
            task.due.map(|d| d.to_string()),
            task.impact.as_str(),
            task.effort.as_str(),
            task.category.as_str(),
            task.chunk_min_minutes,
            task.not_before.map(|d| d.to_string()),
            task.experiment.map(|e| e.upside),
            task.experiment.map(|e| e.cost),
            task.experiment.map(|e| e.learning),
        ],
    )?)
}

fn write_after(conn: &Connection, id: TaskId, after: &[TaskId]) -> StoreResult<()> {
    let mut stmt =
        conn.prepare_cached("INSERT OR IGNORE INTO task_after (task_id, after_id) VALUES (?1, ?2)")?;
    for dep in after {
        stmt.execute(params![id.0, dep.0])?;
    }
    Ok(())
}

const TASK_COLUMNS: &str = "id, title, estimate_minutes, due, impact, effort, category, chunk_min_minutes, \
     not_before, done_utc, upside, cost, learning";

impl Store {
    /// Every task, by number.
    pub fn tasks(&self) -> StoreResult<Vec<Task>> {
        let mut stmt = self.conn.prepare_cached(&format!("SELECT {TASK_COLUMNS} FROM tasks ORDER BY id"))?;
        let rows = stmt.query_map([], read_task)?;
        let mut tasks = rows.map(|row| row?).collect::<StoreResult<Vec<Task>>>()?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT task_id, after_id FROM task_after ORDER BY task_id, after_id")?;
        let pairs = stmt.query_map([], |row| Ok((TaskId(row.get(0)?), TaskId(row.get(1)?))))?;
        for pair in pairs {
            let (task, after) = pair?;
            if let Some(t) = tasks.iter_mut().find(|t| t.id == task) {
                t.after.push(after);
            }
        }
        Ok(tasks)
    }

    /// Task `id`, if there is one.
    pub fn task(&self, id: TaskId) -> StoreResult<Option<Task>> {
        let row = self
            .conn
            .prepare_cached(&format!("SELECT {TASK_COLUMNS} FROM tasks WHERE id = ?1"))?
            .query_row([id.0], read_task)
            .optional()?;
        let Some(task) = row.transpose()? else { return Ok(None) };
        let mut stmt = self
            .conn
            .prepare_cached("SELECT after_id FROM task_after WHERE task_id = ?1 ORDER BY after_id")?;
        let after = stmt.query_map([id.0], |row| Ok(TaskId(row.get(0)?)))?.collect::<Result<Vec<_>, _>>()?;
        Ok(Some(Task { after, ..task }))
    }

    /// The blocks placed for tasks that are still in the plan, earliest first.
    pub fn chunks(&self) -> StoreResult<Vec<ChunkRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT b.id, c.block_uid, c.task_id, b.start_utc, b.end_utc, c.pinned, c.reason \
             FROM task_chunks c JOIN blocks b ON b.uid = c.block_uid AND b.calendar = '' \
             ORDER BY b.start_utc, b.id",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)?,
                row.get::<_, i64>(3)?,
                row.get::<_, i64>(4)?,
                row.get::<_, bool>(5)?,
                row.get::<_, String>(6)?,
            ))
        })?;
        rows.map(|row| {
            let (block, uid, task, start, end, pinned, reason) = row?;
            Ok(ChunkRow {
                block: BlockId(block),
                uid,
                task: TaskId(task),
                span: Span::new(instant(start)?, instant(end)?),
                pinned,
                reason,
            })
        })
        .collect()
    }
}

fn instant(seconds: i64) -> StoreResult<DateTime<Utc>> {
    DateTime::from_timestamp(seconds, 0).ok_or_else(|| StoreError::Corrupt(format!("instant {seconds}")))
}

fn date(text: Option<String>) -> StoreResult<Option<NaiveDate>> {
    text.map(|t| t.parse().map_err(|_| StoreError::Corrupt(format!("date '{t}'")))).transpose()
}

/// A row, or why it is not one.
fn read_task(row: &Row<'_>) -> rusqlite::Result<StoreResult<Task>> {
    let id = TaskId(row.get(0)?);
    let title: String = row.get(1)?;
    let estimate: i64 = row.get(2)?;
    let (due, impact, effort, category): (Option<String>, String, String, String) =
        (row.get(3)?, row.get(4)?, row.get(5)?, row.get(6)?);
    let chunk: Option<i64> = row.get(7)?;
    let not_before: Option<String> = row.get(8)?;
    let done: Option<i64> = row.get(9)?;
    let terms: (Option<u8>, Option<u8>, Option<u8>) = (row.get(10)?, row.get(11)?, row.get(12)?);
    Ok((|| {
        let corrupt = |what: &str| StoreError::Corrupt(format!("task {id}: {what}"));
        Ok(Task {
            id,
            title,
            estimate_minutes: estimate,
            due: date(due)?,
            impact: impact.parse().map_err(|_| corrupt("impact"))?,
            effort: effort.parse().map_err(|_| corrupt("effort"))?,
            category: category.parse().map_err(|_| corrupt("category"))?,
            chunk_min_minutes: chunk,
            after: Vec::new(),
            not_before: date(not_before)?,
            done: done.is_some(),
            experiment: match terms {
                (Some(upside), Some(cost), Some(learning)) => {
                    Some(Experiment::new(upside, cost, learning).map_err(|_| corrupt("experiment"))?)
                }
                _ => None,
            },
        })
    })())
}
