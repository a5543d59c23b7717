//! Deepblock's storage: one SQLite file holding the plan and the rules.
//!
//! [`Store`] owns the connection. It opens (or creates) the file, sets the
//! pragmas that make it safe to share between the CLI and the desktop app,
//! brings the schema up to date, and refuses a file written by a newer
//! version rather than risk damaging it.
//!
//! Reads are methods of [`Store`]. Writes exist only on [`Tx`], the unit of
//! work [`Store::write`] hands out: every change, one row or many, and
//! every group of changes that belong together (a block and the record of
//! the rule it overrides) commits whole or not at all.
//!
//! ```
//! let mut store = deepblock_store::Store::open_in_memory().unwrap();
//! store.write(|tx| tx.set_min_deep_minutes(60)).unwrap();
//! assert_eq!(store.rules().unwrap().min_deep_minutes, 60);
//! ```

mod activity;
mod actual;
mod blocks;
mod dav;
mod error;
mod focus;
mod invitations;
mod jobs;
mod overrides;
mod retros;
mod rules;
pub mod schema;
mod subscriptions;
mod tasks;

use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub use blocks::{CalendarChanges, Replacing};
pub use dav::{DavAccount, DavCalendar, DavConflict, DavResource};
pub use error::{StoreError, StoreResult};
pub use focus::Notification;
pub use invitations::{DavInvitation, InvitationState};
pub use jobs::JobRow;
pub use overrides::RuleOverride;
pub use retros::RetroRow;
pub use subscriptions::FetchRecord;
pub use tasks::ChunkRow;

/// The open database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    /// The `data_version` last seen by [`Store::changed_elsewhere`].
    data_version: i64,
}

/// One unit of work, open for writing: reads as [`Store`] does (it derefs
/// to it) and writes, all inside the transaction [`Store::write`] began.
#[derive(Debug)]
pub struct Tx<'s> {
    store: &'s Store,
}

impl Tx<'_> {
    fn conn(&self) -> &Connection {
        &self.store.conn
    }
}

impl Deref for Tx<'_> {
    type Target = Store;

    fn deref(&self) -> &Store {
        self.store
    }
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
        Ok(Self { data_version: data_version(&conn)?, conn })
    }

    /// Runs `change` as one transaction: it commits when `change` returns
    /// `Ok` and rolls back, leaving the file as it was, when it returns an
    /// error (or panics). The transaction takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so what `change` reads is what it writes over:
    /// another process cannot slip a change in between.
    pub fn write<T, E: From<StoreError>>(
        &mut self,
        change: impl FnOnce(&Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let transaction = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let value = change(&Tx { store: self })?;
        transaction.commit().map_err(StoreError::from)?;
        Ok(value)
    }

    /// Whether another connection (the CLI, another window) committed a
    /// change since the last time this was asked; this store's own writes
    /// do not count. SQLite's `data_version` answers without reading any
    /// table.
    pub fn changed_elsewhere(&mut self) -> StoreResult<bool> {
        let version = data_version(&self.conn)?;
        let changed = version != self.data_version;
        self.data_version = version;
        Ok(changed)
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

/// A number SQLite changes whenever another connection commits.
fn data_version(conn: &Connection) -> StoreResult<i64> {
    Ok(conn.pragma_query_value(None, "data_version", |row| row.get(0))?)
}

/// SQLite's explanation of an error, without rusqlite's wrapping.
fn sqlite_reason(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(err, Some(msg)) => format!("{msg} ({:?})", err.code),
        rusqlite::Error::SqliteFailure(err, None) => format!("{err}"),
        other => other.to_string(),
    }
}
