//! Deepblock's storage: one SQLite file holding the plan and the rules.
//!
//! [`Store`] owns the connection. It opens (or creates) the file, sets the
//! pragmas that make it safe to share between the CLI and the desktop app,
//! brings the schema up to date, and refuses a file written by a newer
//! version rather than risk damaging it. Every change that touches more
//! than one row runs in one transaction.
//!
//! ```
//! let store = deepblock_store::Store::open_in_memory().unwrap();
//! assert_eq!(store.rules().unwrap().min_deep_minutes, 90);
//! ```

mod blocks;
mod error;
mod focus;
mod overrides;
mod rules;
pub mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub use blocks::CalendarChanges;
pub use error::{StoreError, StoreResult};
pub use focus::Notification;
pub use overrides::RuleOverride;

/// The open database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens the database at `path`, creating it (but not its directory)
    /// if it does not exist, and migrates it to the current schema.
    pub fn open(path: &Path) -> StoreResult<Self> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|e| StoreError::Open { path: path.to_owned(), reason: sqlite_reason(&e) })?;
        Self::prepare(conn, path.to_owned())
    }

    /// A private database in memory, for tests.
    pub fn open_in_memory() -> StoreResult<Self> {
        Self::prepare(Connection::open_in_memory()?, PathBuf::from(":memory:"))
    }

    fn prepare(mut conn: Connection, path: PathBuf) -> StoreResult<Self> {
        let not_a_database = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => {
                StoreError::NotADatabase { path: path.clone(), reason: sqlite_reason(&e) }
            }
            _ => StoreError::from(e),
        };
        // The CLI and the desktop app share the file: wait for the other's
        // short write instead of failing at once.
        conn.busy_timeout(Duration::from_secs(5))?;
        let found: usize =
            conn.pragma_query_value(None, "user_version", |row| row.get(0)).map_err(not_a_database)?;
        let known = schema::latest_version();
        if found > known {
            return Err(StoreError::TooNew { path, found, known });
        }
        // WAL lets the app read while the CLI writes, and a crash mid-write
        // leaves the last committed state: the WAL's uncommitted tail is
        // ignored on the next open.
        conn.pragma_update(None, "journal_mode", "WAL").map_err(not_a_database)?;
        // FULL syncs the WAL on every commit. Our writes are a person's
        // edits, a few a minute, so the cost is nothing, and a power cut
        // then loses no edit the user saw succeed (NORMAL could lose the
        // last few).
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        if found < known {
            schema::migrations().to_latest(&mut conn).map_err(|e| match e {
                rusqlite_migration::Error::RusqliteError { err, .. } => StoreError::from(err),
                other => StoreError::Corrupt(other.to_string()),
            })?;
        }
        Ok(Self { conn })
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> StoreResult<usize> {
        Ok(self.conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
    }

    /// Runs SQLite's own consistency check; `Ok(())` when the file is sound.
    pub fn integrity_check(&self) -> StoreResult<()> {
        let verdict: String = self.conn.pragma_query_value(None, "integrity_check", |row| row.get(0))?;
        if verdict == "ok" { Ok(()) } else { Err(StoreError::Corrupt(verdict)) }
    }
}

/// SQLite's explanation of an error, without rusqlite's wrapping.
fn sqlite_reason(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(err, Some(msg)) => format!("{msg} ({:?})", err.code),
        rusqlite::Error::SqliteFailure(err, None) => format!("{err}"),
        other => other.to_string(),
    }
}
