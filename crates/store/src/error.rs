//! What can go wrong with the database, in words that say what to do.

use std::path::PathBuf;

use thiserror::Error;

/// A storage failure.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The file cannot be opened or created.
    #[error("cannot open the database {path}: {reason}; check the path and its permissions")]
    Open {
        /// The path asked for.
        path: PathBuf,
        /// What the system said.
        reason: String,
    },
    /// The file is not a SQLite database.
    #[error("{path} is not a Deepblock database ({reason})")]
    NotADatabase {
        /// The path asked for.
        path: PathBuf,
        /// What SQLite said.
        reason: String,
    },
    /// A newer Deepblock wrote the file; this one must not touch it.
    #[error(
        "{path} was written by a newer Deepblock (schema {found}; this version knows up to {known}); install the newer version to open it"
    )]
    TooNew {
        /// The path asked for.
        path: PathBuf,
        /// The file's schema version.
        found: usize,
        /// The newest schema this build knows.
        known: usize,
    },
    /// Another program holds the database for longer than we wait.
    #[error("the database is busy (another Deepblock is writing to it); try again in a moment")]
    Busy,
    /// A stored value this build cannot read.
    #[error("the database holds a value this version cannot read ({0}); it may have been edited by hand")]
    Corrupt(String),
    /// Any other SQLite failure.
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => StoreError::Busy,
            _ => StoreError::Sqlite(e),
        }
    }
}

/// Result of a storage operation.
pub type StoreResult<T> = Result<T, StoreError>;
