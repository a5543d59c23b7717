//! Invitation triage: decide, reply, and keep accepted meetings on the plan.

use std::path::PathBuf;

use chrono::{DateTime, Duration, FixedOffset, NaiveDateTime};
use deepblock_core::policy::RECURRING_CHECK_WEEKS;
use deepblock_core::time::to_local;
use deepblock_core::triage::{Decision, Timing, Verdict, next_free_slot, triage};
use deepblock_core::{Block, Context, Span};
use deepblock_ical::{Answer, Invitation, read_invitation, write_counter, write_reply};
use serde::Serialize;

use crate::error::Field;
use crate::files::{counter_path, write_whole};
use crate::{Plan, ServiceError, ServiceResult};

/// The calendar accepted invitations join the plan under.
pub const INVITATIONS_CALENDAR: &str = "Invitations";

/// How far ahead a counter-proposal looks for a free slot.
const COUNTER_DAYS: u32 = 14;

/// An invitation judged by the rules.
pub(crate) struct Judged {
    /// Per occurrence (a year of a series).
    pub(crate) decisions: Vec<Decision>,
    /// What to answer: the whole meeting, or the series and each refusal.
    pub(crate) answers: Vec<Answer>,
}

/// What the user asked for besides the decision.
#[derive(Debug, Clone, Default)]
pub struct InviteOptions {
    /// Save the REPLY here, before the plan changes: a reply that cannot be
    /// written leaves the plan as it was.
    pub reply_out: Option<PathBuf>,
    /// Also propose free slots for declined occurrences, as a COUNTER saved
    /// beside the reply (`reply.ics` → `reply-counter.ics`).
    pub counter: bool,
    /// Do not add accepted occurrences to the plan.
    pub no_join: bool,
}

/// An occurrence's answer, as front ends and scripts read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum VerdictView {
    /// It keeps the rules.
    Accept,
    /// It breaks one; the reason says which.
    Decline,
}

/// One occurrence's decision, for display.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DecisionView {
    /// Start in the user's zone.
    pub start: DateTime<FixedOffset>,
    /// End in the user's zone.
    pub end: DateTime<FixedOffset>,
    /// A whole-day meeting, shown as a date without hours.
    pub all_day: bool,
    /// For a series, the occurrence's name (RECURRENCE-ID wall time).
    pub occurrence: Option<NaiveDateTime>,
    /// What the rules say of it.
    pub verdict: VerdictView,
    /// Why it is declined.
    pub reason: Option<String>,
    /// The counter-proposal's start, if one was found.
    pub proposed_start: Option<DateTime<FixedOffset>>,
}

/// What `invite` did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct InviteOutcome {
    /// The message's METHOD.
    pub method: String,
    /// The meeting's UID.
    pub uid: String,
    /// The meeting's title.
    pub title: String,
    /// `triaged`, `cancelled` or `stale`.
    pub action: &'static str,
    /// Per occurrence (a year of a series).
    pub decisions: Vec<DecisionView>,
    /// The files saved: the reply, then the counter-proposal if any.
    pub written: Vec<String>,
    /// Whether accepted occurrences joined the plan.
    pub joined: bool,
    /// Anything else worth saying.
    pub note: Option<String>,
}

impl InviteOutcome {
    fn new(invitation: &Invitation, action: &'static str) -> Self {
        Self {
            method: invitation.method.clone(),
            uid: invitation.uid.clone(),
            title: invitation.meeting.as_ref().map(|m| m.title.clone()).unwrap_or_default(),
            action,
            decisions: Vec::new(),
            written: Vec::new(),
            joined: false,
            note: None,
        }
    }

    /// Whether any occurrence is declined.
    pub fn declines(&self) -> bool {
        self.decisions.iter().any(|d| d.verdict == VerdictView::Decline)
    }
}

impl Plan {
    /// Reads an iTIP message and acts on it: a REQUEST is triaged against
    /// the rules (and answered), a CANCEL removes the meeting, anything else
    /// is refused as not an invitation.
    pub fn invite(&mut self, text: &str, options: InviteOptions) -> ServiceResult<InviteOutcome> {
        let rules = self.store.rules()?;
        if rules.me.is_empty() {
            return Err(ServiceError::bad_input(
                "Deepblock does not know who you are yet; add the email address invitations reach you at",
            )
            .about(Field::MyAddresses));
        }
        let invitation =
            read_invitation(text, self.tz).map_err(|e| ServiceError::bad_input(e.to_string()))?;
        match invitation.method.as_str() {
            "REQUEST" => self.answer_request(&invitation, &rules, options),
            "CANCEL" => self.apply_cancel(&invitation),
            other => Err(ServiceError::bad_input(format!(
                "this is a METHOD:{other} message, not an invitation; add its meetings with `import ics` instead"
            ))),
        }
    }

    fn apply_cancel(&mut self, invitation: &Invitation) -> ServiceResult<InviteOutcome> {
        let mut outcome = InviteOutcome::new(invitation, "cancelled");
        let Some(mut stored) = self.store.block_by_uid(INVITATIONS_CALENDAR, &invitation.uid)? else {
            outcome.note = Some("that meeting is not on your plan; nothing to remove".to_owned());
            return Ok(outcome);
        };
        outcome.title = stored.title.clone();
        match (invitation.occurrence, stored.recurrence.as_mut()) {
            (Some(instant), Some(recurrence)) => {
                recurrence.skipped.insert(to_local(stored.tz, instant));
                self.store.write(|tx| tx.update_block(&stored))?;
                outcome.note = Some("one occurrence was cancelled and left your plan".to_owned());
            }
            _ => {
                self.store.write(|tx| tx.delete_block(stored.id))?;
                outcome.note = Some("the meeting was cancelled and left your plan".to_owned());
            }
        }
        Ok(outcome)
    }

    fn answer_request(
        &mut self,
        invitation: &Invitation,
        rules: &deepblock_core::Rules,
        options: InviteOptions,
    ) -> ServiceResult<InviteOutcome> {
        let meeting = invitation.meeting.clone().ok_or_else(|| {
            ServiceError::bad_input("the invitation's meeting is cancelled; there is nothing to answer")
        })?;
        let me = invitation.attendee_for(&rules.me).cloned().ok_or_else(|| {
            let invited: Vec<&str> = invitation.attendees.iter().map(|a| a.value.trim()).collect();
            ServiceError::bad_input(format!(
                "none of your addresses ({}) is invited; the attendees are: {}",
                rules.me.join(", "),
                if invited.is_empty() { "nobody".to_owned() } else { invited.join(", ") }
            ))
        })?;
        let mut outcome = InviteOutcome::new(invitation, "triaged");
        if let Some(stored) = self.store.block_by_uid(INVITATIONS_CALENDAR, &invitation.uid)?
            && stored.sequence > meeting.sequence
        {
            outcome.action = "stale";
            outcome.note = Some(format!(
                "this invitation (sequence {}) is older than the one on your plan (sequence {}); nothing changed",
                meeting.sequence, stored.sequence
            ));
            return Ok(outcome);
        }
        let timing = invitation.timing();
        let Judged { decisions, answers } = self.judge(&meeting, timing, rules, options.counter)?;
        outcome.decisions = self.views(&decisions, &answers, timing);
        let now = self.now();
        if let Some(path) = &options.reply_out {
            write_whole(path, write_reply(invitation, &me, &answers, now).as_bytes())?;
            outcome.written.push(path.display().to_string());
            if options.counter && answers.iter().any(|a| a.proposed.is_some()) {
                let counter_file = counter_path(path);
                write_whole(&counter_file, write_counter(invitation, &me, &answers, now).as_bytes())?;
                outcome.written.push(counter_file.display().to_string());
            }
        }
        if !options.no_join && decisions.iter().any(|d| d.verdict == Verdict::Accept) {
            let mut joining = meeting.clone();
            if let Some(recurrence) = joining.recurrence.as_mut() {
                recurrence.skipped.extend(
                    decisions.iter().filter(|d| d.verdict != Verdict::Accept).filter_map(|d| d.original),
                );
            }
            self.store.write(|tx| tx.upsert_imported(INVITATIONS_CALENDAR, &joining))?;
            outcome.joined = true;
        } else if !options.no_join
            && let Some(earlier) = self.store.block_by_uid(INVITATIONS_CALENDAR, &invitation.uid)?
        {
            self.store.write(|tx| tx.delete_block(earlier.id))?;
            outcome.note = Some("you had accepted it before; it has left your plan".to_owned());
        }
        Ok(outcome)
    }

    /// Decides every occurrence of an invited meeting against the rules and
    /// the rest of the plan, and the answers that say so; with `counter`, a
    /// free slot for each refusal. Left out of the plan: the meeting's own
    /// earlier version, and meetings of connected calendars still waiting
    /// for the user's answer (two invitations at the same hour do not
    /// refuse each other; neither is accepted).
    pub(crate) fn judge(
        &self,
        meeting: &Block,
        timing: Timing,
        rules: &deepblock_core::Rules,
        counter: bool,
    ) -> ServiceResult<Judged> {
        let horizon = Span::new(meeting.start, meeting.start + Duration::weeks(RECURRING_CHECK_WEEKS));
        let undecided = self.store.awaiting_uids()?;
        let plan: Vec<Block> = self
            .store
            .blocks_touching(&horizon)?
            .into_iter()
            .filter(|b| b.uid != meeting.uid && !undecided.contains(&b.uid))
            .collect();
        let ctx = Context { plan: &plan, rules, tz: self.tz };
        let decisions = triage(meeting, timing, &ctx)?;
        let answers = self.answers(meeting, &decisions, rules, counter, &ctx)?;
        Ok(Judged { decisions, answers })
    }

    /// One answer for the whole meeting when every occurrence agrees, else
    /// an accepted series with a declined answer per refused occurrence.
    fn answers(
        &self,
        meeting: &Block,
        decisions: &[Decision],
        rules: &deepblock_core::Rules,
        counter: bool,
        ctx: &Context<'_>,
    ) -> ServiceResult<Vec<Answer>> {
        let comment = |reason: &str| rules.decline_comment.replace("{reason}", reason);
        let proposal = |decision: &Decision| -> ServiceResult<Option<Span>> {
            if !counter {
                return Ok(None);
            }
            Ok(next_free_slot(decision.span.start, decision.span.duration(), COUNTER_DAYS, meeting, ctx)?)
        };
        let declined: Vec<&Decision> = decisions.iter().filter(|d| d.verdict != Verdict::Accept).collect();
        let whole = |accept: bool, reason: Option<&str>, proposed: Option<Span>| Answer {
            original: None,
            span: meeting.span(),
            accept,
            comment: reason.map(comment),
            proposed,
        };
        let reason_of = |d: &Decision| match &d.verdict {
            Verdict::Decline { reason } => reason.clone(),
            Verdict::Accept => String::new(),
        };
        if declined.is_empty() {
            return Ok(vec![whole(true, None, None)]);
        }
        if meeting.recurrence.is_none() || declined.len() == decisions.len() {
            let first = declined[0];
            let reason = reason_of(first);
            let proposed = if meeting.recurrence.is_none() { proposal(first)? } else { None };
            return Ok(vec![whole(false, Some(&reason), proposed)]);
        }
        let mut answers = vec![whole(true, None, None)];
        for decision in declined {
            answers.push(Answer {
                original: decision.original,
                span: decision.span,
                accept: false,
                comment: Some(comment(&reason_of(decision))),
                proposed: proposal(decision)?,
            });
        }
        Ok(answers)
    }

    fn views(&self, decisions: &[Decision], answers: &[Answer], timing: Timing) -> Vec<DecisionView> {
        let local = |t: DateTime<chrono::Utc>| t.with_timezone(&self.tz).fixed_offset();
        decisions
            .iter()
            .map(|d| {
                let proposed = answers
                    .iter()
                    .find(|a| a.original == d.original || (a.original.is_none() && d.original.is_none()))
                    .and_then(|a| a.proposed);
                let (verdict, reason) = match &d.verdict {
                    Verdict::Accept => (VerdictView::Accept, None),
                    Verdict::Decline { reason } => (VerdictView::Decline, Some(reason.clone())),
                };
                DecisionView {
                    start: local(d.span.start),
                    end: local(d.span.end),
                    all_day: timing == Timing::AllDay,
                    occurrence: d.original,
                    verdict,
                    reason,
                    proposed_start: proposed.map(|p| local(p.start)),
                }
            })
            .collect()
    }
}
