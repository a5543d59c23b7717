//! Invitations found in connected calendars that break a rule, and what
//! became of them.

use chrono::{DateTime, Utc};
use rusqlite::{Row, params};

use crate::{Store, StoreError, StoreResult, Tx};

/// Where an invitation that breaks a rule stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationState {
    /// Waiting for the user (auto-decline is off).
    Pending,
    /// Declined in the user's copy on the server.
    Declined,
    /// The user chose to go anyway; it is not asked about again unless the
    /// organizer moves it.
    Kept,
}

impl InvitationState {
    fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Declined => "declined",
            Self::Kept => "kept",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "pending" => Some(Self::Pending),
            "declined" => Some(Self::Declined),
            "kept" => Some(Self::Kept),
            _ => None,
        }
    }
}

/// An invitation in a connected calendar that breaks a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DavInvitation {
    /// The account's name.
    pub account: String,
    /// The user's copy on the server.
    pub href: String,
    /// The meeting's UID.
    pub uid: String,
    /// The meeting's title.
    pub title: String,
    /// The first refused occurrence's start.
    pub start: DateTime<Utc>,
    /// How many occurrences the rules refuse…
    pub refused: u32,
    /// …of how many looked at (1 for a single meeting).
    pub occurrences: u32,
    /// The first rule it breaks, in the rule's words.
    pub reason: String,
    /// Where it stands.
    pub state: InvitationState,
    /// The version of the copy that was triaged.
    pub etag: Option<String>,
    /// The copy as triaged.
    pub body: String,
    /// The comment sent with the decline.
    pub comment: Option<String>,
    /// When the user (or auto-decline) decided.
    pub decided: Option<DateTime<Utc>>,
}

const COLUMNS: &str = "account, href, uid, title, start_utc, refused, occurrences, reason, state, etag, body, comment, decided_utc";

impl Tx<'_> {
    /// Records an invitation (replacing what was known of the same copy).
    pub fn put_dav_invitation(&self, i: &DavInvitation) -> StoreResult<()> {
        self.conn().execute(
            &format!(
                "INSERT OR REPLACE INTO dav_invitations ({COLUMNS}) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
            ),
            params![
                i.account,
                i.href,
                i.uid,
                i.title,
                i.start.timestamp(),
                i.refused,
                i.occurrences,
                i.reason,
                i.state.as_str(),
                i.etag,
                i.body,
                i.comment,
                i.decided.map(|d| d.timestamp()),
            ],
        )?;
        Ok(())
    }

    /// Forgets the invitation at `href` (answered elsewhere, or gone).
    pub fn delete_dav_invitation(&self, account: &str, href: &str) -> StoreResult<()> {
        self.conn()
            .execute("DELETE FROM dav_invitations WHERE account = ?1 AND href = ?2", [account, href])?;
        Ok(())
    }
}

impl Store {
    /// Every invitation known, soonest first.
    pub fn dav_invitations(&self) -> StoreResult<Vec<DavInvitation>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM dav_invitations ORDER BY start_utc, account, href"
        ))?;
        let rows = stmt.query_map([], read_invitation)?;
        rows.map(|row| row?).collect()
    }

    /// The invitation at `href`, if one is known.
    pub fn dav_invitation(&self, account: &str, href: &str) -> StoreResult<Option<DavInvitation>> {
        Ok(self.dav_invitations()?.into_iter().find(|i| i.account == account && i.href == href))
    }
}

/// A row, or why it is not one (a state this build does not write).
fn read_invitation(row: &Row<'_>) -> rusqlite::Result<StoreResult<DavInvitation>> {
    let state: String = row.get(8)?;
    let Some(state) = InvitationState::parse(&state) else {
        return Ok(Err(StoreError::Corrupt(format!("invitation state '{state}'"))));
    };
    let start: i64 = row.get(4)?;
    let decided: Option<i64> = row.get(12)?;
    Ok(Ok(DavInvitation {
        account: row.get(0)?,
        href: row.get(1)?,
        uid: row.get(2)?,
        title: row.get(3)?,
        start: DateTime::from_timestamp(start, 0).unwrap_or_default(),
        refused: row.get(5)?,
        occurrences: row.get(6)?,
        reason: row.get(7)?,
        state,
        etag: row.get(9)?,
        body: row.get(10)?,
        comment: row.get(11)?,
        decided: decided.and_then(|d| DateTime::from_timestamp(d, 0)),
    }))
}
