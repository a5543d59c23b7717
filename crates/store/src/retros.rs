//! The weekly retro's answers.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};

use crate::{Store, StoreResult, Tx};

/// The three answers of a week's retro.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetroRow {
    /// What worked.
    pub worked: String,
    /// What did not.
    pub did_not: String,
    /// What changes next week.
    pub change: String,
}

impl Tx<'_> {
    /// Keeps the answers for the week starting on `first_day`, in place of
    /// any kept before.
    pub fn save_retro(&self, first_day: NaiveDate, retro: &RetroRow, at: DateTime<Utc>) -> StoreResult<()> {
        self.conn().execute(
            "INSERT INTO retros (first_day, worked, did_not, change, saved_utc) VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT (first_day) DO UPDATE SET worked = ?2, did_not = ?3, change = ?4, saved_utc = ?5",
            params![first_day.to_string(), retro.worked, retro.did_not, retro.change, at.timestamp()],
        )?;
        Ok(())
    }
}

impl Store {
    /// The answers kept for the week starting on `first_day`.
    pub fn retro(&self, first_day: NaiveDate) -> StoreResult<Option<RetroRow>> {
        Ok(self
            .conn
            .query_row(
                "SELECT worked, did_not, change FROM retros WHERE first_day = ?1",
                [first_day.to_string()],
                |row| Ok(RetroRow { worked: row.get(0)?, did_not: row.get(1)?, change: row.get(2)? }),
            )
            .optional()?)
    }
}
