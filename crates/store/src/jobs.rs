//! Commands run by `deepblock notify -- COMMAND`, while they run.

use chrono::{DateTime, Utc};
use rusqlite::params;

use crate::{Store, StoreResult, Tx};

/// A running command, as recorded when it started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRow {
    /// The row.
    pub id: i64,
    /// What the user sees of it: the command line, shortened.
    pub label: String,
    /// The Deepblock process waiting for it.
    pub pid: u32,
    /// That process's name, so a reused process id is not taken for it.
    pub process: String,
    /// When it started.
    pub started: DateTime<Utc>,
}

impl Tx<'_> {
    /// Records a command that starts now; its row.
    pub fn add_job(&self, label: &str, pid: u32, process: &str, started: DateTime<Utc>) -> StoreResult<i64> {
        self.conn().execute(
            "INSERT INTO jobs (label, pid, process, started_utc) VALUES (?1, ?2, ?3, ?4)",
            params![label, pid, process, started.timestamp()],
        )?;
        Ok(self.conn().last_insert_rowid())
    }

    /// Forgets job `id`: its command ended (or its process is gone).
    pub fn remove_job(&self, id: i64) -> StoreResult<()> {
        self.conn().execute("DELETE FROM jobs WHERE id = ?1", [id])?;
        Ok(())
    }
}

impl Store {
    /// Every job recorded, earliest first, whether or not its process
    /// still runs.
    pub fn jobs(&self) -> StoreResult<Vec<JobRow>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT id, label, pid, process, started_utc FROM jobs ORDER BY id")?;
        let rows = stmt.query_map([], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get::<_, i64>(4)?))
        })?;
        rows.map(|row| {
            let (id, label, pid, process, started) = row?;
            Ok(JobRow { id, label, pid, process, started: crate::actual::instant(started)? })
        })
        .collect()
    }
}
