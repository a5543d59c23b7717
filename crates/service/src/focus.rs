//! Focus sessions and the blocklist, as both front ends use them. A session
//! is checked and recorded on the plan under its lock; the focus daemon is
//! asked in between, with the lock released, so a slow or hung daemon
//! never stalls the planner.

use chrono::{DateTime, Duration, Utc};
use deepblock_blocker::dbus::StatusReply;
use deepblock_blocker::hostname::parse_all;
use deepblock_core::focus::{FocusSession, MAX_SESSION_HOURS, Phase, Rhythm};
use serde::Serialize;

use crate::error::Field;
use crate::site_blocking::{DaemonState, NOT_ANSWERING};
use crate::{Deepblock, ErrorCode, Plan, ServiceError, ServiceResult};

/// How long a session started by hand lasts when no end is given.
const DEFAULT_SESSION_MINUTES: i64 = 120;

/// Said when there is nothing to block.
const EMPTY_BLOCKLIST: &str =
    "sites are not blocked: the blocklist is empty; add the sites that distract you";

/// Said when the daemon runs but blocks nothing for the running session
/// (it was not running when the session began); the next check makes it
/// block.
const STARTED_WITHOUT_DAEMON: &str = "sites are not blocked yet: the session began while the focus daemon \
     was not running; it blocks them at the next check (within a minute while Deepblock runs, or at \
     `deepblock focus status`)";

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
    /// A debugging time-box: the question it is about. Its end says to
    /// step away; `focus found` records whether the cause was found.
    pub timebox: Option<String>,
}

/// What site blocking does now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Blocking {
    /// The daemon blocks the blocklist.
    Active,
    /// The daemon runs between sessions and will block the next one.
    Ready,
    /// Nothing is blocked: the daemon is missing or the blocklist empty.
    Advisory,
    /// The daemon is there but does not answer.
    NotAnswering,
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
    /// What blocking does now.
    pub blocking: Blocking,
    /// What blocking does now, in words.
    pub blocking_note: String,
    /// The names the daemon blocks now.
    pub blocked_hosts: Vec<String>,
    /// The title of the block the session follows (and ends with), if any.
    pub block_title: Option<String>,
    /// For a debugging time-box: the question it is about.
    pub timebox: Option<String>,
    /// The question of the latest time-box that ended without an answer
    /// to "was the cause found?" (`focus found`).
    pub timebox_to_answer: Option<String>,
    /// A command run through `deepblock notify -- COMMAND` that still
    /// runs (the earliest, when there are several).
    pub waiting_on: Option<String>,
    /// During a break, or while such a command runs outside a focus
    /// period: the first open low-energy task of the backlog.
    pub for_the_wait: Option<String>,
}

/// What the plan says of focus now, read under the lock; the daemon's
/// part is added after it is released.
pub(crate) struct FocusOnPlan {
    pub(crate) now: DateTime<Utc>,
    pub(crate) session: Option<FocusSession>,
    pub(crate) block_title: Option<String>,
    pub(crate) blocklist: Vec<String>,
    pub(crate) timebox: Option<String>,
    pub(crate) timebox_to_answer: Option<String>,
    pub(crate) low_energy: Option<String>,
    pub(crate) jobs: Vec<String>,
}

impl Plan {
    /// The open session, settled: one that ran out is recorded as
    /// completed. Operations that change focus call this; queries read
    /// [`Plan::session_now`] instead and change nothing.
    pub(crate) fn running_session(&mut self) -> ServiceResult<Option<FocusSession>> {
        let now = self.now();
        let Some(mut session) = self.store.open_session()? else { return Ok(None) };
        if session.is_running(now) {
            return Ok(Some(session));
        }
        session.settle(now);
        self.store.write(|tx| tx.update_session(&session))?;
        Ok(None)
    }

    /// The session running now, if any, without writing anything.
    pub(crate) fn session_now(&self) -> ServiceResult<Option<FocusSession>> {
        let now = self.now();
        Ok(self.store.open_session()?.filter(|s| s.is_running(now)))
    }

    /// Focus as the plan sees it now, for a status.
    pub(crate) fn focus_on_plan(&self, session: Option<FocusSession>) -> ServiceResult<FocusOnPlan> {
        let block_title = match session.as_ref().and_then(|s| s.block_id) {
            Some(id) => self.store.block(id)?.map(|b| b.title),
            None => None,
        };
        let timebox = session.as_ref().map(|s| self.store.timebox(s.id)).transpose()?.flatten();
        let low_energy = self.task_for_the_waits()?;
        let timebox_to_answer = self
            .store
            .unanswered_timebox()?
            .filter(|(id, _)| session.as_ref().is_none_or(|s| s.id != *id))
            .map(|(_, question)| question);
        Ok(FocusOnPlan {
            timebox_to_answer,
            now: self.now(),
            session,
            block_title,
            blocklist: self.store.blocklist()?,
            timebox,
            low_energy,
            jobs: self.running_jobs()?.into_iter().map(|j| j.label).collect(),
        })
    }

    /// The session a hand start asks for, not yet saved: for `minutes` or
    /// until `until`; with neither, until the end of the work block under
    /// way (following it, as if it had started the session), else for two
    /// hours. A session started in a block is reported under the block's
    /// category. Refused while another runs.
    fn session_to_start(&mut self, start: FocusStart) -> ServiceResult<FocusSession> {
        if let Some(running) = self.running_session()? {
            return Err(self.already_running(&running));
        }
        let now = self.now();
        let rhythm = match start.rhythm {
            Some(rhythm) => rhythm,
            None => self.store.rules()?.focus_rhythm,
        };
        let block = self.work_slot_now()?;
        let (end, follows) = match (start.minutes, start.until, &block) {
            (Some(_), Some(_), _) => {
                return Err(
                    ServiceError::bad_input("give a length or an end, not both").about(Field::SessionLength)
                );
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
        Ok(session)
    }

    fn already_running(&self, running: &FocusSession) -> ServiceError {
        ServiceError::bad_input(format!(
            "a focus session is already running until {}; stop it first",
            running.planned_end.with_timezone(&self.tz).format("%H:%M")
        ))
    }

    /// Records a session the daemon has been asked to block for, unless
    /// one started meanwhile (from another window or the CLI).
    pub(crate) fn record_started(&mut self, session: &FocusSession) -> ServiceResult<FocusSession> {
        if let Some(running) = self.running_session()? {
            return Err(self.already_running(&running));
        }
        Ok(self.store.write(|tx| tx.insert_session(session))?)
    }

    /// Saves a session's new end or its stop.
    pub(crate) fn record_changed(&mut self, session: &FocusSession) -> ServiceResult<()> {
        Ok(self.store.write(|tx| tx.update_session(session))?)
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
        Ok(self.store.write(|tx| tx.add_to_blocklist(&names))?)
    }

    /// Removes hosts; a name not on the list is an error, and nothing changes.
    pub fn blocklist_remove(&mut self, hosts: &[String]) -> ServiceResult<usize> {
        let listed = self.store.blocklist()?;
        let wanted: Vec<String> =
            hosts.iter().map(|h| h.trim().trim_end_matches('.').to_ascii_lowercase()).collect();
        if let Some(missing) = wanted.iter().find(|h| !listed.contains(h)) {
            return Err(
                ServiceError::not_found(format!("{missing} is not on the blocklist")).about(Field::Blocklist)
            );
        }
        Ok(self.store.write(|tx| tx.remove_from_blocklist(&wanted))?)
    }
}

/// What the daemon's answer means for the user.
fn blocking_of(
    on_plan: &FocusOnPlan,
    daemon: Result<StatusReply, DaemonState>,
) -> (Blocking, String, Vec<String>) {
    match daemon {
        Ok(status) if status.active => {
            let how = if status.firewall { "hosts file and firewall" } else { "hosts file" };
            let note = format!("{} sites blocked by deepblock-focusd ({how})", status.hosts.len());
            (Blocking::Active, note, status.hosts)
        }
        Ok(_) if on_plan.session.is_none() => (
            Blocking::Ready,
            "deepblock-focusd is running; sessions will block the blocklist".to_owned(),
            Vec::new(),
        ),
        Ok(_) if on_plan.blocklist.is_empty() => (Blocking::Advisory, EMPTY_BLOCKLIST.to_owned(), Vec::new()),
        Ok(_) => (Blocking::Advisory, STARTED_WITHOUT_DAEMON.to_owned(), Vec::new()),
        Err(DaemonState::NotAnswering) => (Blocking::NotAnswering, NOT_ANSWERING.to_owned(), Vec::new()),
        Err(DaemonState::Missing(why)) => (Blocking::Advisory, why, Vec::new()),
        Err(DaemonState::Refused(error)) => (Blocking::Advisory, error.message, Vec::new()),
    }
}

/// The error a front end shows when the daemon would not do what a
/// session needs.
fn daemon_error(state: DaemonState) -> ServiceError {
    match state {
        DaemonState::Refused(error) => error,
        DaemonState::NotAnswering => ServiceError::new(
            ErrorCode::Environment,
            "the focus daemon (deepblock-focusd) did not answer in time, so nothing changed; \
             check it with `systemctl status deepblock-focusd`",
        ),
        DaemonState::Missing(why) => ServiceError::new(ErrorCode::Environment, why),
    }
}

impl Deepblock {
    /// Where focus stands now. Changes nothing; asks the daemon with the
    /// plan unlocked.
    pub fn focus_status(&self) -> ServiceResult<FocusStatus> {
        let on_plan = {
            let plan = self.plan();
            let session = plan.session_now()?;
            plan.focus_on_plan(session)?
        };
        Ok(self.status_of(on_plan))
    }

    /// Where focus stands now, after making the running session block if
    /// it does not: one that began while the daemon was missing, broken or
    /// silent starts blocking as soon as the daemon answers. The front ends
    /// call this at each tick and when the user asks for the status; if the
    /// daemon still cannot block, the status says why.
    pub fn focus_check(&self) -> ServiceResult<FocusStatus> {
        let on_plan = {
            let plan = self.plan();
            let session = plan.session_now()?;
            plan.focus_on_plan(session)?
        };
        let daemon = match (self.system.site_blocker.status(), &on_plan.session) {
            (Ok(status), Some(session)) if !status.active && !on_plan.blocklist.is_empty() => {
                self.system.site_blocker.start(&on_plan.blocklist, session.planned_end, session.locked)
            }
            (answer, _) => answer,
        };
        Ok(self.status_with(on_plan, daemon))
    }

    /// The status of `on_plan`, with the daemon's answer (asked now).
    pub(crate) fn status_of(&self, on_plan: FocusOnPlan) -> FocusStatus {
        let daemon = self.system.site_blocker.status();
        self.status_with(on_plan, daemon)
    }

    /// The status of `on_plan`, given the daemon's answer.
    fn status_with(&self, on_plan: FocusOnPlan, daemon: Result<StatusReply, DaemonState>) -> FocusStatus {
        let (blocking, blocking_note, blocked_hosts) = blocking_of(&on_plan, daemon);
        let now = on_plan.now;
        let session = on_plan.session;
        let phase = session.as_ref().map_or(Phase::Done, |s| s.phase_at(now));
        let waiting_on = on_plan.jobs.into_iter().next();
        let resting = match phase {
            Phase::Break { .. } => true,
            Phase::Focus { .. } => false,
            Phase::Done => waiting_on.is_some(),
        };
        FocusStatus {
            remaining_minutes: session.as_ref().map_or(0, |s| (s.planned_end - now).num_minutes().max(0)),
            session,
            blocking,
            blocking_note,
            blocked_hosts,
            block_title: on_plan.block_title,
            timebox: on_plan.timebox,
            timebox_to_answer: on_plan.timebox_to_answer,
            for_the_wait: on_plan.low_energy.filter(|_| resting),
            waiting_on,
            phase,
        }
    }

    /// Starts a session now (see [`FocusStart`]); only one runs at a time.
    pub fn focus_start(&self, start: FocusStart) -> ServiceResult<FocusStatus> {
        let question = start.timebox.as_deref().map(timebox_question).transpose()?;
        let session = self.plan().session_to_start(start)?;
        let mut status = self.begin_session(session)?;
        if let Some(question) = question {
            let mut plan = self.plan();
            if let Some(open) = plan.store.open_session()? {
                plan.store.write(|tx| tx.add_timebox(open.id, &question))?;
            }
            status.timebox = Some(question);
        }
        Ok(status)
    }

    /// Asks the daemon to block the blocklist for `session`, then records
    /// it; if the daemon refuses or does not answer, nothing is recorded.
    /// A missing daemon still lets an advisory session begin.
    pub(crate) fn begin_session(&self, session: FocusSession) -> ServiceResult<FocusStatus> {
        let hosts = self.plan().blocklist()?;
        if !hosts.is_empty() {
            match self.system.site_blocker.start(&hosts, session.planned_end, session.locked) {
                Ok(_) | Err(DaemonState::Missing(_)) => {}
                Err(other) => return Err(daemon_error(other)),
            }
        }
        let on_plan = {
            let mut plan = self.plan();
            let saved = plan.record_started(&session)?;
            plan.focus_on_plan(Some(saved))?
        };
        Ok(self.status_of(on_plan))
    }

    /// Stops the running session (a locked one refuses). Stopping early may
    /// ask for an administrator's password; the plan stays usable while it
    /// is asked.
    pub fn focus_stop(&self) -> ServiceResult<FocusSession> {
        let mut session = {
            let mut plan = self.plan();
            let session = plan
                .running_session()?
                .ok_or_else(|| ServiceError::not_found("no focus session is running"))?;
            // A locked session is refused before the daemon (and so a
            // password prompt) is asked.
            session.clone().stop(plan.now(), plan.tz())?;
            session
        };
        if self.daemon_blocks()? {
            self.system.site_blocker.stop().map_err(daemon_error)?;
        }
        {
            let mut plan = self.plan();
            session.stop(plan.now(), plan.tz())?;
            plan.record_changed(&session)?;
        }
        // The session is over either way; notifications that cannot be
        // shown now stay held for the next chance.
        if let Err(error) = self.show_due_digest() {
            tracing::warn!("{}", error.message);
        }
        Ok(session)
    }

    /// Moves the running session's end later, by `minutes` or to `until`;
    /// locked sessions too, since extending only ever adds focus.
    pub fn focus_extend(
        &self,
        minutes: Option<u32>,
        until: Option<DateTime<Utc>>,
    ) -> ServiceResult<FocusStatus> {
        let session = {
            let mut plan = self.plan();
            let mut session = plan
                .running_session()?
                .ok_or_else(|| ServiceError::not_found("no focus session is running; start one"))?;
            let new_end = match (minutes, until) {
                (Some(m), None) => session.planned_end + Duration::minutes(i64::from(m)),
                (None, Some(until)) => until,
                _ => {
                    return Err(
                        ServiceError::bad_input("give a length or an end").about(Field::SessionLength)
                    );
                }
            };
            session.extend(new_end, plan.now())?;
            session
        };
        self.extend_session(session)
    }

    /// Makes the daemon block until `session`'s new end, then records it.
    pub(crate) fn extend_session(&self, session: FocusSession) -> ServiceResult<FocusStatus> {
        if self.daemon_blocks()? {
            self.system.site_blocker.extend(session.planned_end).map_err(daemon_error)?;
        }
        let on_plan = {
            let mut plan = self.plan();
            plan.record_changed(&session)?;
            plan.focus_on_plan(Some(session))?
        };
        Ok(self.status_of(on_plan))
    }

    /// Whether the daemon is blocking now, so there is something to extend
    /// or stop; without a daemon there is not. A daemon that does not
    /// answer may be blocking, so the change is refused rather than made
    /// on the plan alone.
    fn daemon_blocks(&self) -> ServiceResult<bool> {
        match self.system.site_blocker.status() {
            Ok(status) => Ok(status.active),
            Err(DaemonState::Missing(_)) => Ok(false),
            Err(other) => Err(daemon_error(other)),
        }
    }
}

/// The longest question a time-box keeps.
const LONGEST_QUESTION: usize = 200;

/// A time-box's question, checked: one line, not empty, not too long.
fn timebox_question(text: &str) -> ServiceResult<String> {
    let question = text.trim();
    if question.is_empty() || question.contains(['\n', '\r']) || question.chars().count() > LONGEST_QUESTION {
        return Err(ServiceError::bad_input(format!(
            "say what the time-box is about in one line of at most {LONGEST_QUESTION} characters, as in \"loss NaN after warmup\""
        )));
    }
    Ok(question.to_owned())
}

impl Plan {
    /// Records whether the cause was found for the latest time-box still
    /// waiting for an answer; its question.
    pub fn answer_timebox(&mut self, found: bool) -> ServiceResult<String> {
        let Some((session, question)) = self.store.unanswered_timebox()? else {
            return Err(ServiceError::bad_input(
                "no time-box waits for an answer; start one with `focus start --timebox 2h \"what is wrong\"`",
            ));
        };
        self.store.write(|tx| tx.answer_timebox(session, found))?;
        Ok(question)
    }
}
