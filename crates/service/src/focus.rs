//! Focus sessions and the blocklist, as both front ends use them.

use chrono::{DateTime, Duration, Utc};
use deepblock_blocker::hostname::parse_all;
use deepblock_core::focus::{FocusSession, MAX_SESSION_HOURS, Phase, Rhythm};
use serde::Serialize;

use crate::site_blocking::SiteBlocker;
use crate::{Deepblock, ServiceError, ServiceResult};

/// How long a session started by hand lasts when no end is given.
const DEFAULT_SESSION_MINUTES: i64 = 120;

/// Said when there is nothing to block.
const EMPTY_BLOCKLIST: &str = "sites are not blocked: the blocklist is empty; add sites with `deepblock blocklist add` \
     or in Settings";

/// How to start a session.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct FocusStart {
    /// Length in minutes.
    pub minutes: Option<u32>,
    /// Or an end time.
    pub until: Option<DateTime<Utc>>,
    /// Focus/break rhythm; the user's default rhythm when not given.
    pub rhythm: Option<Rhythm>,
    /// Whether it can be stopped early (not when locked).
    pub locked: bool,
}

/// Where focus stands.
#[derive(Debug, Clone, Serialize)]
pub struct FocusStatus {
    /// The running session, if any.
    pub session: Option<FocusSession>,
    /// Its phase now.
    pub phase: Phase,
    /// Whole minutes until the session ends (0 with none).
    pub remaining_minutes: i64,
    /// `active` while the daemon blocks sites, `ready` when it runs between
    /// sessions, `advisory` when it is missing or the blocklist is empty.
    pub blocking: &'static str,
    /// What blocking does now, in words.
    pub blocking_note: String,
    /// The names the daemon blocks now.
    pub blocked_hosts: Vec<String>,
    /// The title of the block the session follows (and ends with), if any.
    pub block_title: Option<String>,
}

impl Deepblock {
    /// The open session, settled: one that ran out is recorded as completed.
    pub(crate) fn running_session(&mut self) -> ServiceResult<Option<FocusSession>> {
        let now = self.now();
        let Some(mut session) = self.store.open_session()? else { return Ok(None) };
        if session.is_running(now) {
            return Ok(Some(session));
        }
        session.settle(now);
        self.store.update_session(&session)?;
        Ok(None)
    }

    pub(crate) fn status_of(&self, session: Option<FocusSession>, blocker: &SiteBlocker) -> FocusStatus {
        let now = self.now();
        let phase = session.as_ref().map_or(Phase::Done, |s| s.phase_at(now));
        let remaining = session.as_ref().map_or(0, |s| (s.planned_end - now).num_minutes().max(0));
        let daemon = blocker.status().filter(|s| s.active);
        let (blocking, blocking_note, blocked_hosts) = match (&blocker, daemon) {
            (_, Some(status)) => {
                let how = if status.firewall { "hosts file and firewall" } else { "hosts file" };
                let note = format!("{} sites blocked by deepblock-focusd ({how})", status.hosts.len());
                ("active", note, status.hosts)
            }
            (SiteBlocker::Missing(why), None) => ("advisory", (*why).to_owned(), Vec::new()),
            (SiteBlocker::Reachable(_), None) if session.is_some() => {
                ("advisory", EMPTY_BLOCKLIST.to_owned(), Vec::new())
            }
            (SiteBlocker::Reachable(_), None) => (
                "ready",
                "deepblock-focusd is running; sessions will block the blocklist".to_owned(),
                Vec::new(),
            ),
        };
        let block_title = session
            .as_ref()
            .and_then(|s| s.block_id)
            .and_then(|id| self.store.block(id).ok().flatten())
            .map(|b| b.title);
        FocusStatus {
            session,
            phase,
            remaining_minutes: remaining,
            blocking,
            blocking_note,
            blocked_hosts,
            block_title,
        }
    }

    /// Starts a session now, for `minutes` or until `until`; with neither,
    /// until the end of the work block under way (following it, as if it
    /// had started the session), else for two hours. A session started in
    /// a block is reported under the block's category. Only one runs at a
    /// time.
    pub fn focus_start(&mut self, start: FocusStart) -> ServiceResult<FocusStatus> {
        if let Some(running) = self.running_session()? {
            return Err(ServiceError::bad_input(format!(
                "a focus session is already running until {}; stop it first",
                running.planned_end.with_timezone(&self.tz).format("%H:%M")
            )));
        }
        let now = self.now();
        let rhythm = match start.rhythm {
            Some(rhythm) => rhythm,
            None => self.store.rules()?.focus_rhythm,
        };
        let block = self.work_slot_now()?;
        let (end, follows) = match (start.minutes, start.until, &block) {
            (Some(_), Some(_), _) => {
                return Err(ServiceError::bad_input("give --minutes or --until, not both"));
            }
            (Some(minutes), None, _) => (now + Duration::minutes(i64::from(minutes)), false),
            (None, Some(until), _) => (until, false),
            (None, None, Some(slot)) => (slot.span.end.min(now + Duration::hours(MAX_SESSION_HOURS)), true),
            (None, None, None) => (now + Duration::minutes(DEFAULT_SESSION_MINUTES), false),
        };
        let mut session = FocusSession::start(now, end, rhythm, start.locked)?;
        if let Some(slot) = block {
            session.category = slot.category;
            session.block_id = follows.then_some(slot.block_id);
        }
        self.begin_session(session)
    }

    /// Asks the daemon to block the blocklist for `session`, then records
    /// it; if the daemon refuses, nothing is recorded.
    pub(crate) fn begin_session(&mut self, session: FocusSession) -> ServiceResult<FocusStatus> {
        let blocker = SiteBlocker::connect();
        let hosts = self.store.blocklist()?;
        if !hosts.is_empty() {
            blocker.start(&hosts, session.planned_end, session.locked)?;
        }
        let saved = self.store.insert_session(&session)?;
        Ok(self.status_of(Some(saved), &blocker))
    }

    /// Stops the running session (a locked one refuses).
    pub fn focus_stop(&mut self) -> ServiceResult<FocusSession> {
        let mut session =
            self.running_session()?.ok_or_else(|| ServiceError::not_found("no focus session is running"))?;
        session.stop(self.now(), self.tz)?;
        SiteBlocker::connect().stop()?;
        self.store.update_session(&session)?;
        self.show_held_digest()?;
        Ok(session)
    }

    /// Moves the running session's end later, by `minutes` or to `until`;
    /// locked sessions too, since extending only ever adds focus.
    pub fn focus_extend(
        &mut self,
        minutes: Option<u32>,
        until: Option<DateTime<Utc>>,
    ) -> ServiceResult<FocusStatus> {
        let mut session = self
            .running_session()?
            .ok_or_else(|| ServiceError::not_found("no focus session is running; start one"))?;
        let new_end = match (minutes, until) {
            (Some(m), None) => session.planned_end + Duration::minutes(i64::from(m)),
            (None, Some(until)) => until,
            _ => return Err(ServiceError::bad_input("give --minutes or --until")),
        };
        session.extend(new_end, self.now())?;
        let blocker = SiteBlocker::connect();
        blocker.extend(new_end)?;
        self.store.update_session(&session)?;
        Ok(self.status_of(Some(session), &blocker))
    }

    /// Where focus stands now; shows any digest of held notifications
    /// that is due.
    pub fn focus_status(&mut self) -> ServiceResult<FocusStatus> {
        let session = self.running_session()?;
        self.show_held_digest()?;
        Ok(self.status_of(session, &SiteBlocker::connect()))
    }

    /// The hosts focus sessions block.
    pub fn blocklist(&self) -> ServiceResult<Vec<String>> {
        Ok(self.store.blocklist()?)
    }

    /// Adds hosts, checked as the daemon checks them; all or none.
    /// Internationalized names are converted to punycode first (UTS 46), so
    /// `bücher.de` is blocked as `xn--bcher-kva.de`.
    pub fn blocklist_add(&mut self, hosts: &[String]) -> ServiceResult<usize> {
        let ascii: Vec<String> = hosts
            .iter()
            .map(|h| if h.is_ascii() { Ok(h.clone()) } else { idna::domain_to_ascii(h.trim()) })
            .collect::<Result<_, _>>()
            .map_err(|_| ServiceError::bad_input("a name is not a valid internationalized domain name"))?;
        let checked = parse_all(ascii.iter().map(String::as_str))
            .map_err(|e| ServiceError::bad_input(e.to_string()))?;
        let names: Vec<String> = checked.iter().map(|h| h.as_str().to_owned()).collect();
        Ok(self.store.add_to_blocklist(&names)?)
    }

    /// Removes hosts; a name not on the list is an error, and nothing changes.
    pub fn blocklist_remove(&mut self, hosts: &[String]) -> ServiceResult<usize> {
        let listed = self.store.blocklist()?;
        let wanted: Vec<String> =
            hosts.iter().map(|h| h.trim().trim_end_matches('.').to_ascii_lowercase()).collect();
        if let Some(missing) = wanted.iter().find(|h| !listed.contains(h)) {
            return Err(ServiceError::not_found(format!("{missing} is not on the blocklist")));
        }
        Ok(self.store.remove_from_blocklist(&wanted)?)
    }
}
