//! Focus sessions and the blocklist.

use chrono::DateTime;
use deepblock_core::BlockId;
use deepblock_core::focus::{EndReason, FocusSession, Timebox};
use rusqlite::{OptionalExtension, Row, params};

use crate::{Store, StoreError, StoreResult, Tx};

const COLUMNS: &str =
    "id, started_utc, planned_end_utc, rhythm, locked, block_id, category, ended_utc, end_reason";

fn read_session(row: &Row<'_>) -> rusqlite::Result<FocusSessionRow> {
    Ok(FocusSessionRow {
        id: row.get(0)?,
        started: row.get(1)?,
        planned_end: row.get(2)?,
        rhythm: row.get(3)?,
        locked: row.get(4)?,
        block_id: row.get(5)?,
        category: row.get(6)?,
        ended: row.get(7)?,
        end_reason: row.get(8)?,
    })
}

/// A `focus_sessions` row before the domain checks it.
struct FocusSessionRow {
    id: i64,
    started: i64,
    planned_end: i64,
    rhythm: String,
    locked: bool,
    block_id: Option<i64>,
    category: String,
    ended: Option<i64>,
    end_reason: Option<String>,
}

impl FocusSessionRow {
    fn into_session(self) -> StoreResult<FocusSession> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("focus session {}: {what}", self.id));
        let instant = |s: i64| DateTime::from_timestamp(s, 0).ok_or_else(|| corrupt("time out of range"));
        Ok(FocusSession {
            id: self.id,
            started: instant(self.started)?,
            planned_end: instant(self.planned_end)?,
            rhythm: self.rhythm.parse().map_err(|_| corrupt("rhythm"))?,
            locked: self.locked,
            block_id: self.block_id.map(BlockId),
            category: self.category.parse().map_err(|_| corrupt("category"))?,
            ended: self.ended.map(instant).transpose()?,
            end_reason: match self.end_reason.as_deref() {
                None => None,
                Some("completed") => Some(EndReason::Completed),
                Some("stopped") => Some(EndReason::Stopped),
                Some(_) => return Err(corrupt("end reason")),
            },
        })
    }
}

impl Tx<'_> {
    /// Saves a new session; returns it with its id.
    pub fn insert_session(&self, session: &FocusSession) -> StoreResult<FocusSession> {
        self.conn().execute(
            "INSERT INTO focus_sessions (started_utc, planned_end_utc, rhythm, locked, block_id, category, \
             ended_utc, end_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                session.started.timestamp(),
                session.planned_end.timestamp(),
                session.rhythm.to_string(),
                session.locked,
                session.block_id.map(|b| b.0),
                session.category.as_str(),
                session.ended.map(|t| t.timestamp()),
                session.end_reason.map(|r| r.as_str()),
            ],
        )?;
        Ok(FocusSession { id: self.conn().last_insert_rowid(), ..session.clone() })
    }

    /// Saves a session's end and planned end (after a stop or an extension).
    pub fn update_session(&self, session: &FocusSession) -> StoreResult<()> {
        self.conn().execute(
            "UPDATE focus_sessions SET planned_end_utc = ?2, ended_utc = ?3, end_reason = ?4 WHERE id = ?1",
            params![
                session.id,
                session.planned_end.timestamp(),
                session.ended.map(|t| t.timestamp()),
                session.end_reason.map(|r| r.as_str()),
            ],
        )?;
        Ok(())
    }

    /// Adds hosts (all or none); returns how many were new.
    pub fn add_to_blocklist(&self, hosts: &[String]) -> StoreResult<usize> {
        self.for_each_host("INSERT OR IGNORE INTO blocklist (host) VALUES (?1)", hosts)
    }

    /// Removes hosts (all or none); returns how many were there.
    pub fn remove_from_blocklist(&self, hosts: &[String]) -> StoreResult<usize> {
        self.for_each_host("DELETE FROM blocklist WHERE host = ?1", hosts)
    }

    /// Runs `sql` once per host; returns the rows changed.
    fn for_each_host(&self, sql: &str, hosts: &[String]) -> StoreResult<usize> {
        let mut changed = 0;
        for host in hosts {
            changed += self.conn().execute(sql, [host])?;
        }
        Ok(changed)
    }

    /// Keeps a notification; `delivered` says whether it was shown already.
    pub fn save_notification(
        &self,
        created: DateTime<chrono::Utc>,
        title: &str,
        body: &str,
        urgent: bool,
        delivered: bool,
    ) -> StoreResult<i64> {
        self.conn().execute(
            "INSERT INTO notifications (created_utc, title, body, urgent, delivered_utc) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![created.timestamp(), title, body, urgent, delivered.then(|| created.timestamp())],
        )?;
        Ok(self.conn().last_insert_rowid())
    }

    /// Marks notifications shown.
    pub fn mark_delivered(&self, ids: &[i64], at: DateTime<chrono::Utc>) -> StoreResult<()> {
        for id in ids {
            self.conn().execute(
                "UPDATE notifications SET delivered_utc = ?2 WHERE id = ?1",
                params![id, at.timestamp()],
            )?;
        }
        Ok(())
    }
}

impl Store {
    /// The latest session that has not been marked ended, if any.
    pub fn open_session(&self) -> StoreResult<Option<FocusSession>> {
        let row = self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM focus_sessions WHERE ended_utc IS NULL ORDER BY started_utc DESC, id DESC LIMIT 1"),
                [],
                read_session,
            )
            .optional()?;
        row.map(FocusSessionRow::into_session).transpose()
    }

    /// The sessions sharing time with `span` (a running one runs to its
    /// planned end), earliest first.
    pub fn sessions_touching(&self, span: &deepblock_core::Span) -> StoreResult<Vec<FocusSession>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM focus_sessions \
             WHERE started_utc < ?2 AND coalesce(ended_utc, planned_end_utc) > ?1 ORDER BY started_utc, id"
        ))?;
        let rows = stmt.query_map(params![span.start.timestamp(), span.end.timestamp()], read_session)?;
        rows.map(|row| row?.into_session()).collect()
    }

    /// When the latest session started, if one ever did.
    pub fn last_session_start(&self) -> StoreResult<Option<DateTime<chrono::Utc>>> {
        let latest: Option<i64> =
            self.conn.query_row("SELECT max(started_utc) FROM focus_sessions", [], |row| row.get(0))?;
        latest
            .map(|s| {
                DateTime::from_timestamp(s, 0)
                    .ok_or_else(|| StoreError::Corrupt("focus session start out of range".to_owned()))
            })
            .transpose()
    }

    /// The blocklist, sorted.
    pub fn blocklist(&self) -> StoreResult<Vec<String>> {
        let mut stmt = self.conn.prepare_cached("SELECT host FROM blocklist ORDER BY host")?;
        let rows = stmt.query_map([], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// A notification from a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// Database identity.
    pub id: i64,
    /// When it came.
    pub created: DateTime<chrono::Utc>,
    /// Its title.
    pub title: String,
    /// Its body (may be empty).
    pub body: String,
    /// Urgent ones are never held.
    pub urgent: bool,
}

impl Store {
    /// Notifications not shown yet, oldest first.
    pub fn held_notifications(&self) -> StoreResult<Vec<Notification>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, created_utc, title, body, urgent FROM notifications WHERE delivered_utc IS NULL \
             ORDER BY created_utc, id",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok(Notification {
                id: row.get(0)?,
                created: DateTime::from_timestamp(row.get(1)?, 0).unwrap_or_default(),
                title: row.get(2)?,
                body: row.get(3)?,
                urgent: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl Tx<'_> {
    /// Marks session `session` as a debugging time-box about `question`.
    pub fn add_timebox(&self, session: i64, question: &str) -> StoreResult<()> {
        self.conn().execute(
            "INSERT INTO timeboxes (session_id, question) VALUES (?1, ?2)",
            params![session, question],
        )?;
        Ok(())
    }

    /// Records whether the cause was found for the time-box of `session`.
    pub fn answer_timebox(&self, session: i64, found: bool) -> StoreResult<()> {
        self.conn().execute(
            "UPDATE timeboxes SET cause_found = ?2 WHERE session_id = ?1",
            params![session, found],
        )?;
        Ok(())
    }
}

impl Store {
    /// The question of session `session`'s time-box, if it is one.
    pub fn timebox(&self, session: i64) -> StoreResult<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT question FROM timeboxes WHERE session_id = ?1", [session], |row| row.get(0))
            .optional()?)
    }

    /// The time-boxes among `sessions`.
    pub fn timeboxes_of(&self, sessions: &[i64]) -> StoreResult<Vec<Timebox>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT question, cause_found FROM timeboxes WHERE session_id = ?1")?;
        let mut found = Vec::new();
        for &session in sessions {
            let row = stmt
                .query_row([session], |row| Ok((row.get::<_, String>(0)?, row.get::<_, Option<bool>>(1)?)))
                .optional()?;
            if let Some((question, cause_found)) = row {
                found.push(Timebox { session, question, cause_found });
            }
        }
        Ok(found)
    }

    /// The latest time-box still waiting for an answer: its session and
    /// question.
    pub fn unanswered_timebox(&self) -> StoreResult<Option<(i64, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT session_id, question FROM timeboxes WHERE cause_found IS NULL \
                 ORDER BY session_id DESC LIMIT 1",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?)
    }
}
