//! CalDAV accounts, their calendars, and every resource as last synced.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};

use crate::{Store, StoreError, StoreResult, Tx};

/// A connected CalDAV account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DavAccount {
    /// Its name in Deepblock.
    pub name: String,
    /// The address it was connected with.
    pub url: String,
    /// The user name.
    pub user: String,
    /// What its password is filed under in the keyring.
    pub secret_id: String,
    /// When it was connected.
    pub added: DateTime<Utc>,
    /// When a sync was last tried.
    pub last_attempt: Option<DateTime<Utc>>,
    /// When a sync last succeeded.
    pub last_success: Option<DateTime<Utc>>,
    /// Why the last sync failed, while none has succeeded since.
    pub problem: Option<String>,
}

/// One of an account's calendars that Deepblock syncs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DavCalendar {
    /// The account's name.
    pub account: String,
    /// The collection's path on the server.
    pub href: String,
    /// Its name on the server.
    pub display: String,
    /// Whether its events are meetings in the plan.
    pub reads: bool,
    /// Whether the plan's blocks are published into it.
    pub publishes: bool,
    /// The plan calendar its meetings are kept under.
    pub plan_calendar: String,
    /// The sync token of the last read.
    pub sync_token: Option<String>,
    /// The collection tag of the last read.
    pub ctag: Option<String>,
}

/// A resource as last synced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DavResource {
    /// The account's name.
    pub account: String,
    /// The collection it is in.
    pub calendar: String,
    /// Its path.
    pub href: String,
    /// Its version on the server.
    pub etag: Option<String>,
    /// The UID of the event (or block) it holds.
    pub uid: Option<String>,
    /// Whether Deepblock published it (a block of the plan).
    pub ours: bool,
    /// Its text as last synced.
    pub body: String,
}

/// A published block changed on both sides in the same part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DavConflict {
    /// The account's name.
    pub account: String,
    /// The resource.
    pub href: String,
    /// The block's UID.
    pub block_uid: String,
    /// The parts changed on both sides ("title, time"; "deleted here").
    pub parts: String,
    /// The server's version.
    pub their_etag: String,
    /// The server's text.
    pub their_body: String,
    /// When the conflict was found.
    pub found: DateTime<Utc>,
}

const CONFLICT_COLUMNS: &str = "account, href, block_uid, parts, their_etag, their_body, found_utc";

const ACCOUNT_COLUMNS: &str =
    "name, url, username, secret_id, added_utc, last_attempt_utc, last_success_utc, problem";
const CALENDAR_COLUMNS: &str = "account, href, display, reads, publishes, plan_calendar, sync_token, ctag";
const RESOURCE_COLUMNS: &str = "account, calendar, href, etag, uid, ours, body";

impl Tx<'_> {
    /// Adds an account and its calendars; false when one of that name exists.
    pub fn add_dav_account(&self, account: &DavAccount, calendars: &[DavCalendar]) -> StoreResult<bool> {
        let added = self.conn().execute(
            &format!("INSERT OR IGNORE INTO dav_accounts ({ACCOUNT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, NULL, NULL, NULL)"),
            params![account.name, account.url, account.user, account.secret_id, account.added.timestamp()],
        )?;
        if added == 0 {
            return Ok(false);
        }
        for c in calendars {
            self.conn().execute(
                &format!(
                    "INSERT INTO dav_calendars ({CALENDAR_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                ),
                params![
                    c.account,
                    c.href,
                    c.display,
                    c.reads,
                    c.publishes,
                    c.plan_calendar,
                    c.sync_token,
                    c.ctag
                ],
            )?;
        }
        Ok(true)
    }

    /// Removes an account with its calendars and resources; returns it.
    pub fn remove_dav_account(&self, name: &str) -> StoreResult<Option<DavAccount>> {
        let account = self.dav_account(name)?;
        self.conn().execute("DELETE FROM dav_accounts WHERE name = ?1", [name])?;
        Ok(account)
    }

    /// Records a sync of `name` tried at `at`, and why it failed if it did.
    pub fn record_dav_sync(&self, name: &str, at: DateTime<Utc>, problem: Option<&str>) -> StoreResult<()> {
        let at = at.timestamp();
        match problem {
            None => self.conn().execute(
                "UPDATE dav_accounts SET last_attempt_utc = ?2, last_success_utc = ?2, problem = NULL WHERE name = ?1",
                params![name, at],
            )?,
            Some(problem) => self.conn().execute(
                "UPDATE dav_accounts SET last_attempt_utc = ?2, problem = ?3 WHERE name = ?1",
                params![name, at, problem],
            )?,
        };
        Ok(())
    }

    /// Keeps the token and tag a read ended with.
    pub fn set_dav_calendar_state(
        &self,
        account: &str,
        href: &str,
        sync_token: Option<&str>,
        ctag: Option<&str>,
    ) -> StoreResult<()> {
        self.conn().execute(
            "UPDATE dav_calendars SET sync_token = ?3, ctag = ?4 WHERE account = ?1 AND href = ?2",
            params![account, href, sync_token, ctag],
        )?;
        Ok(())
    }

    /// Stores a resource as now synced (replacing the one at its href).
    pub fn put_dav_resource(&self, r: &DavResource) -> StoreResult<()> {
        self.conn().execute(
            &format!("INSERT OR REPLACE INTO dav_resources ({RESOURCE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
            params![r.account, r.calendar, r.href, r.etag, r.uid, r.ours, r.body],
        )?;
        Ok(())
    }

    /// Records a conflict (replacing an earlier one on the same resource).
    pub fn put_dav_conflict(&self, c: &DavConflict) -> StoreResult<()> {
        self.conn().execute(
            &format!("INSERT OR REPLACE INTO dav_conflicts ({CONFLICT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
            params![c.account, c.href, c.block_uid, c.parts, c.their_etag, c.their_body, c.found.timestamp()],
        )?;
        Ok(())
    }

    /// Forgets the conflict on `href`; returns it as it was.
    pub fn delete_dav_conflict(&self, account: &str, href: &str) -> StoreResult<Option<DavConflict>> {
        let old = self.dav_conflicts()?.into_iter().find(|c| c.account == account && c.href == href);
        self.conn().execute("DELETE FROM dav_conflicts WHERE account = ?1 AND href = ?2", [account, href])?;
        Ok(old)
    }

    /// Marks whether the copy at `href` waits for the user's answer.
    pub fn set_dav_awaiting(&self, account: &str, href: &str, awaiting: bool) -> StoreResult<()> {
        self.conn().execute(
            "UPDATE dav_resources SET awaiting = ?3 WHERE account = ?1 AND href = ?2",
            params![account, href, awaiting],
        )?;
        Ok(())
    }

    /// Forgets the resource at `href`; returns it as it was.
    pub fn delete_dav_resource(&self, account: &str, href: &str) -> StoreResult<Option<DavResource>> {
        let old = self.dav_resource(account, href)?;
        self.conn().execute("DELETE FROM dav_resources WHERE account = ?1 AND href = ?2", [account, href])?;
        Ok(old)
    }
}

impl Store {
    /// Every account, by name.
    pub fn dav_accounts(&self) -> StoreResult<Vec<DavAccount>> {
        let mut stmt =
            self.conn.prepare_cached(&format!("SELECT {ACCOUNT_COLUMNS} FROM dav_accounts ORDER BY name"))?;
        let rows = stmt.query_map([], read_account)?.collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().collect()
    }

    /// The account `name`, if there is one.
    pub fn dav_account(&self, name: &str) -> StoreResult<Option<DavAccount>> {
        self.conn
            .query_row(
                &format!("SELECT {ACCOUNT_COLUMNS} FROM dav_accounts WHERE name = ?1"),
                [name],
                read_account,
            )
            .optional()?
            .transpose()
    }

    /// The calendars of `account`.
    pub fn dav_calendars(&self, account: &str) -> StoreResult<Vec<DavCalendar>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CALENDAR_COLUMNS} FROM dav_calendars WHERE account = ?1 ORDER BY href"
        ))?;
        let rows = stmt.query_map([account], |row| {
            Ok(DavCalendar {
                account: row.get(0)?,
                href: row.get(1)?,
                display: row.get(2)?,
                reads: row.get(3)?,
                publishes: row.get(4)?,
                plan_calendar: row.get(5)?,
                sync_token: row.get(6)?,
                ctag: row.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The resources of one calendar of `account`.
    pub fn dav_resources(&self, account: &str, calendar: &str) -> StoreResult<Vec<DavResource>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {RESOURCE_COLUMNS} FROM dav_resources WHERE account = ?1 AND calendar = ?2 ORDER BY href"
        ))?;
        let rows = stmt.query_map([account, calendar], read_resource)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The resource at `href`, if known.
    pub fn dav_resource(&self, account: &str, href: &str) -> StoreResult<Option<DavResource>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {RESOURCE_COLUMNS} FROM dav_resources WHERE account = ?1 AND href = ?2"),
                [account, href],
                read_resource,
            )
            .optional()?)
    }

    /// The ETags of one calendar's resources, by href: what a read
    /// compares the server's listing with.
    pub fn dav_known(&self, account: &str, calendar: &str) -> StoreResult<HashMap<String, String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT href, etag FROM dav_resources WHERE account = ?1 AND calendar = ?2 AND etag IS NOT NULL",
        )?;
        let rows = stmt.query_map([account, calendar], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl Store {
    /// The UIDs of meetings whose copy waits for the user's answer: not
    /// accepted, so no reason to refuse another meeting at the same time.
    pub fn awaiting_uids(&self) -> StoreResult<std::collections::HashSet<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT uid FROM dav_resources WHERE awaiting = 1 AND uid IS NOT NULL")?;
        let rows = stmt.query_map([], |row| row.get::<_, String>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every conflict waiting for the user, oldest first.
    pub fn dav_conflicts(&self) -> StoreResult<Vec<DavConflict>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CONFLICT_COLUMNS} FROM dav_conflicts ORDER BY found_utc, href"
        ))?;
        let rows = stmt.query_map([], |row| {
            let found: i64 = row.get(6)?;
            Ok(DavConflict {
                account: row.get(0)?,
                href: row.get(1)?,
                block_uid: row.get(2)?,
                parts: row.get(3)?,
                their_etag: row.get(4)?,
                their_body: row.get(5)?,
                found: DateTime::from_timestamp(found, 0).unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn read_resource(row: &Row<'_>) -> rusqlite::Result<DavResource> {
    Ok(DavResource {
        account: row.get(0)?,
        calendar: row.get(1)?,
        href: row.get(2)?,
        etag: row.get(3)?,
        uid: row.get(4)?,
        ours: row.get(5)?,
        body: row.get(6)?,
    })
}

fn read_account(row: &Row<'_>) -> rusqlite::Result<StoreResult<DavAccount>> {
    let name: String = row.get(0)?;
    let instant = |seconds: Option<i64>| -> StoreResult<Option<DateTime<Utc>>> {
        seconds
            .map(|s| {
                DateTime::from_timestamp(s, 0)
                    .ok_or_else(|| StoreError::Corrupt(format!("account {name}: time out of range")))
            })
            .transpose()
    };
    let (added, attempt, success): (i64, Option<i64>, Option<i64>) = (row.get(4)?, row.get(5)?, row.get(6)?);
    let (url, user, secret_id, problem) = (row.get(1)?, row.get(2)?, row.get(3)?, row.get(7)?);
    Ok((|| {
        Ok(DavAccount {
            name: name.clone(),
            url,
            user,
            secret_id,
            added: instant(Some(added))?.unwrap_or_default(),
            last_attempt: instant(attempt)?,
            last_success: instant(success)?,
            problem,
        })
    })())
}
