//! Calendars subscribed to by address, and what their fetches did.

use chrono::DateTime;
use deepblock_core::Subscription;
use rusqlite::{OptionalExtension, Row, params};

use crate::{Store, StoreError, StoreResult, Tx};

const COLUMNS: &str = "name, shown, secret_id, every_minutes, username, etag, last_modified, added_utc, \
                       last_attempt_utc, last_success_utc, problem";

/// What one fetch came to, as recorded on its subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchRecord<'a> {
    /// A new copy, with the validators to send next time.
    Fresh {
        /// ETag.
        etag: Option<&'a str>,
        /// Last-Modified.
        last_modified: Option<&'a str>,
    },
    /// The server said the last copy is current.
    Unchanged,
    /// It failed, for this reason; the last copy stays.
    Failed(&'a str),
}

impl Tx<'_> {
    /// Adds `subscription`; false when one of that name exists already.
    pub fn add_subscription(&self, s: &Subscription) -> StoreResult<bool> {
        let added = self.conn().execute(
            &format!("INSERT OR IGNORE INTO subscriptions ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
            params![
                s.name,
                s.shown,
                s.secret_id,
                s.every_minutes,
                s.user,
                s.etag,
                s.last_modified,
                s.added.timestamp(),
                s.last_attempt.map(|t| t.timestamp()),
                s.last_success.map(|t| t.timestamp()),
                s.problem,
            ],
        )?;
        Ok(added == 1)
    }

    /// Removes the subscription `name`; false when there was none.
    pub fn remove_subscription(&self, name: &str) -> StoreResult<bool> {
        Ok(self.conn().execute("DELETE FROM subscriptions WHERE name = ?1", [name])? == 1)
    }

    /// Records a fetch of `name` tried at `at`; false when the subscription
    /// is gone (removed while the fetch ran).
    pub fn record_fetch(
        &self,
        name: &str,
        at: DateTime<chrono::Utc>,
        record: FetchRecord<'_>,
    ) -> StoreResult<bool> {
        let at = at.timestamp();
        let changed = match record {
            FetchRecord::Fresh { etag, last_modified } => self.conn().execute(
                "UPDATE subscriptions SET etag = ?2, last_modified = ?3, last_attempt_utc = ?4, \
                 last_success_utc = ?4, problem = NULL WHERE name = ?1",
                params![name, etag, last_modified, at],
            )?,
            FetchRecord::Unchanged => self.conn().execute(
                "UPDATE subscriptions SET last_attempt_utc = ?2, last_success_utc = ?2, problem = NULL \
                 WHERE name = ?1",
                params![name, at],
            )?,
            FetchRecord::Failed(problem) => self.conn().execute(
                "UPDATE subscriptions SET last_attempt_utc = ?2, problem = ?3 WHERE name = ?1",
                params![name, at, problem],
            )?,
        };
        Ok(changed == 1)
    }
}

impl Store {
    /// Every subscription, by name.
    pub fn subscriptions(&self) -> StoreResult<Vec<Subscription>> {
        let mut stmt =
            self.conn.prepare_cached(&format!("SELECT {COLUMNS} FROM subscriptions ORDER BY name"))?;
        let rows = stmt.query_map([], read)?.collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().collect()
    }

    /// The subscription `name`, if there is one.
    pub fn subscription(&self, name: &str) -> StoreResult<Option<Subscription>> {
        self.conn
            .query_row(&format!("SELECT {COLUMNS} FROM subscriptions WHERE name = ?1"), [name], read)
            .optional()?
            .transpose()
    }
}

fn read(row: &Row<'_>) -> rusqlite::Result<StoreResult<Subscription>> {
    let name: String = row.get(0)?;
    let instant = |seconds: Option<i64>| -> StoreResult<_> {
        seconds
            .map(|s| {
                DateTime::from_timestamp(s, 0)
                    .ok_or_else(|| StoreError::Corrupt(format!("subscription {name}: time out of range")))
            })
            .transpose()
    };
    let (added, attempt, success) = (row.get(7)?, row.get(8)?, row.get(9)?);
    let subscription = || -> StoreResult<Subscription> {
        Ok(Subscription {
            name: name.clone(),
            shown: row.get(1)?,
            secret_id: row.get(2)?,
            every_minutes: row.get(3)?,
            user: row.get(4)?,
            etag: row.get(5)?,
            last_modified: row.get(6)?,
            added: instant(Some(added))?.unwrap_or_default(),
            last_attempt: instant(attempt)?,
            last_success: instant(success)?,
            problem: row.get(10)?,
        })
    };
    Ok(subscription())
}
