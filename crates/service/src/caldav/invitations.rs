//! Invitations that arrive in a connected calendar: a copy of someone's
//! meeting in which the user's ATTENDEE line waits with
//! PARTSTAT=NEEDS-ACTION (a scheduling server, RFC 6638, delivers every
//! invitation this way). Each is judged by the rules `deepblock invite`
//! uses. One that breaks a rule is declined in the user's copy on the
//! server when auto-decline is on, and the server sends the organizer the
//! reply; with it off it waits for the user, who declines it (with a
//! proposed time in the comment, if they like) or keeps it.
//!
//! Judging happens under the plan lock; every PUT with the plan unlocked,
//! over the version judged (`If-Match`), so a copy the organizer changed
//! meanwhile is never overwritten: it is judged again at the next sync.

use chrono::{DateTime, Datelike, FixedOffset, Utc};
use deepblock_core::triage::{Decision, Verdict};
use deepblock_ical::{Invitation, decline_in_copy, read_scheduled};
use deepblock_remote::{Dav, Resource, Written};
use deepblock_store::{DavAccount, DavInvitation, InvitationState};
use serde::Serialize;

use super::read::{ReadCounts, take_event};
use crate::import::read_calendar_as;
use crate::invite::Judged;
use crate::{Deepblock, ErrorCode, Plan, ServiceError, ServiceResult};

/// An invitation that breaks a rule, as front ends show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct InvitationView {
    /// The account whose calendar it arrived in.
    pub account: String,
    /// The meeting's UID, which `calendar decline` and `calendar keep` take.
    pub uid: String,
    /// The meeting's title.
    pub title: String,
    /// The first refused occurrence's start, in the user's zone.
    pub start: DateTime<FixedOffset>,
    /// How many occurrences the rules refuse…
    pub refused: u32,
    /// …of how many (1 for a single meeting).
    pub occurrences: u32,
    /// The first rule it breaks.
    pub reason: String,
    /// `pending`, `declined` or `kept`.
    pub state: &'static str,
    /// The comment the decline carried.
    pub comment: Option<String>,
    /// When it was declined or kept.
    pub decided: Option<DateTime<FixedOffset>>,
    /// One sentence for the window and the terminal: what, when, and why.
    pub line: String,
}

/// A copy, read by a sync, that waits for the user's answer.
pub(super) struct Arrival {
    pub(super) resource: Resource,
    pub(super) invitation: Invitation,
}

impl Plan {
    /// Every invitation that broke a rule, soonest first.
    pub fn invitations(&self) -> ServiceResult<Vec<InvitationView>> {
        let rows = self.store.dav_invitations()?;
        Ok(rows.iter().map(|row| view(row, self.tz, self.now())).collect())
    }

    /// What the week's notices show: the invitations waiting for the user,
    /// and those declined in the last week, with why.
    pub(crate) fn invitation_notices(&self) -> ServiceResult<Vec<InvitationView>> {
        let since = self.now() - chrono::Duration::days(NOTICE_DAYS);
        let rows = self.store.dav_invitations()?;
        Ok(rows
            .iter()
            .filter(|r| match r.state {
                InvitationState::Pending => true,
                InvitationState::Declined => r.decided.is_some_and(|d| d >= since),
                InvitationState::Kept => false,
            })
            .map(|row| view(row, self.tz, self.now()))
            .collect())
    }
}

/// How long a decline stays among the week's notices.
const NOTICE_DAYS: i64 = 7;

impl Deepblock {
    /// Declines a waiting invitation in the user's copy on the server; with
    /// `propose`, the comment offers the first free slot instead.
    pub fn decline_invitation(&self, uid: &str, propose: bool) -> ServiceResult<InvitationView> {
        let _one_at_a_time = self.syncing.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (row, account) = {
            let plan = self.plan();
            let row = undecided(plan.store.dav_invitations()?, uid)?;
            let account = plan.store.dav_account(&row.account)?.ok_or_else(|| no_invitation(uid))?;
            (row, account)
        };
        let failed = |reason: String| {
            ServiceError::new(
                ErrorCode::Environment,
                format!("calendar '{}': {reason}; nothing was declined, try again", account.name),
            )
        };
        let dav = self.open_account(&account, deepblock_remote::Limits::default()).map_err(failed)?;
        let declined = self.decline_on_server(&dav, &row, propose).map_err(failed)?;
        Ok(view(&declined, self.tz, self.now()))
    }

    /// Keeps a waiting invitation: the user goes despite the rule, and is
    /// not asked again unless the organizer moves it.
    pub fn keep_invitation(&self, uid: &str) -> ServiceResult<InvitationView> {
        let mut plan = self.plan();
        let row = undecided(plan.store.dav_invitations()?, uid)?;
        let kept = DavInvitation { state: InvitationState::Kept, decided: Some(plan.now()), ..row };
        plan.store.write(|tx| tx.put_dav_invitation(&kept))?;
        Ok(view(&kept, self.tz, self.now()))
    }

    /// Judges the copies a read found waiting for the user; one that breaks
    /// a rule is recorded as pending (a kept one stays kept unless it
    /// moved), one that breaks none is forgotten.
    pub(super) fn judge_arrivals(&self, account: &str, arrivals: &[Arrival]) -> ServiceResult<()> {
        let mut plan = self.plan();
        let rules = plan.rules()?;
        for Arrival { resource, invitation } in arrivals {
            let Some(meeting) = &invitation.meeting else { continue };
            let Judged { decisions, .. } = plan.judge(meeting, invitation.timing(), &rules, false)?;
            let refused: Vec<&Decision> = decisions.iter().filter(|d| d.verdict != Verdict::Accept).collect();
            let Some(first) = refused.first() else {
                plan.store.write(|tx| tx.delete_dav_invitation(account, &resource.href))?;
                continue;
            };
            let known = plan.store.dav_invitation(account, &resource.href)?;
            let still_kept = known
                .as_ref()
                .is_some_and(|k| k.state == InvitationState::Kept && k.start == first.span.start);
            let reason = match &first.verdict {
                Verdict::Decline { reason } => reason.clone(),
                Verdict::Accept => String::new(),
            };
            let row = DavInvitation {
                account: account.to_owned(),
                href: resource.href.clone(),
                uid: invitation.uid.clone(),
                title: meeting.title.clone(),
                start: first.span.start,
                refused: u32::try_from(refused.len()).unwrap_or(u32::MAX),
                occurrences: u32::try_from(decisions.len()).unwrap_or(u32::MAX),
                reason,
                state: if still_kept { InvitationState::Kept } else { InvitationState::Pending },
                etag: Some(resource.etag.clone()).filter(|e| !e.is_empty()),
                body: resource.body.clone(),
                comment: None,
                decided: known.filter(|_| still_kept).and_then(|k| k.decided),
            };
            plan.store.write(|tx| tx.put_dav_invitation(&row))?;
        }
        Ok(())
    }

    /// With auto-decline on, declines every invitation of the account still
    /// pending; returns how many were declined. One that cannot be is left
    /// pending (the next sync tries again) and logged.
    pub(super) fn auto_decline(&self, account: &DavAccount, dav: &Dav) -> ServiceResult<usize> {
        let pending: Vec<DavInvitation> = {
            let plan = self.plan();
            if !plan.rules()?.auto_decline {
                return Ok(0);
            }
            plan.store
                .dav_invitations()?
                .into_iter()
                .filter(|i| i.account == account.name && i.state == InvitationState::Pending)
                .collect()
        };
        let mut declined = 0;
        for row in &pending {
            match self.decline_on_server(dav, row, false) {
                Ok(_) => declined += 1,
                Err(reason) => tracing::warn!(
                    "calendar '{}': '{}' was not declined ({reason}); the next sync tries again",
                    account.name,
                    row.title
                ),
            }
        }
        Ok(declined)
    }

    /// Writes the decline into the copy as judged and records it; the
    /// meeting (or its refused occurrences) leaves the plan.
    fn decline_on_server(
        &self,
        dav: &Dav,
        row: &DavInvitation,
        propose: bool,
    ) -> Result<DavInvitation, String> {
        let tz = self.tz;
        let (body, comment, me) = {
            let plan = self.plan();
            let rules = plan.rules().map_err(|e| e.message)?;
            let invitation = read_scheduled(&row.body, tz, &rules.me).map_err(|e| e.to_string())?;
            let meeting = invitation.meeting.as_ref().ok_or("the meeting was cancelled")?;
            let Judged { mut answers, .. } =
                plan.judge(meeting, invitation.timing(), &rules, propose).map_err(|e| e.message)?;
            for answer in answers.iter_mut().filter(|a| !a.accept) {
                if let (Some(slot), Some(comment)) = (answer.proposed, answer.comment.as_mut()) {
                    let local = |t: DateTime<Utc>| t.with_timezone(&tz);
                    comment.push_str(&format!(
                        " Could we meet on {}–{} instead?",
                        local(slot.start).format("%a %-d %b, %H:%M"),
                        local(slot.end).format("%H:%M")
                    ));
                }
            }
            let Some(comment) = answers.iter().find(|a| !a.accept).and_then(|a| a.comment.clone()) else {
                return Err("it no longer breaks a rule, so there is nothing to decline".to_owned());
            };
            let body = decline_in_copy(&row.body, &invitation, &rules.me, &answers, tz)
                .map_err(|e| e.to_string())?;
            (body, comment, rules.me)
        };
        let etag = match dav.put(&row.href, &body, row.etag.as_deref()).map_err(|e| e.to_string())? {
            Written::Stored(etag) => etag,
            Written::Conflict => {
                return Err(
                    "the invitation changed on the server since it was read; sync, then decide again".into(),
                );
            }
        };
        let declined = DavInvitation {
            state: InvitationState::Declined,
            comment: Some(comment),
            decided: Some(self.now()),
            etag: etag.clone(),
            body: body.clone(),
            ..row.clone()
        };
        let mut plan = self.plan();
        plan.store
            .write(|tx| {
                tx.put_dav_invitation(&declined)?;
                let Some(stored) = tx.dav_resource(&row.account, &row.href)? else { return Ok(()) };
                let Some(calendar) =
                    tx.dav_calendars(&row.account)?.into_iter().find(|c| c.href == stored.calendar)
                else {
                    return Ok(());
                };
                let blocks = read_calendar_as(&body, &calendar.plan_calendar, tz, &me)
                    .map(|found| found.blocks)
                    .unwrap_or_default();
                // Without a new ETag the copy counts as unknown, so the next
                // read fetches the version the server settled on.
                let still_open =
                    read_scheduled(&body, tz, &me).ok().is_some_and(|i| i.awaiting(&me).is_some());
                let resource =
                    Resource { href: row.href.clone(), etag: etag.clone().unwrap_or_default(), body };
                take_event(
                    tx,
                    &calendar,
                    Some(&stored),
                    &resource,
                    Some(&blocks),
                    &mut ReadCounts::default(),
                )?;
                tx.set_dav_awaiting(&row.account, &row.href, still_open)?;
                Ok::<_, ServiceError>(())
            })
            .map_err(|e| e.message)?;
        Ok(declined)
    }

    /// How many of the account's invitations wait for the user.
    pub(super) fn waiting_invitations(&self, account: &str) -> usize {
        match self.plan().store.dav_invitations() {
            Ok(rows) => {
                rows.iter().filter(|i| i.account == account && i.state == InvitationState::Pending).count()
            }
            Err(error) => {
                tracing::warn!("cannot count the invitations waiting in '{account}': {error}");
                0
            }
        }
    }
}

/// An invitation as front ends show it, in the user's zone.
/// The year is named when it is not this one's.
fn view(row: &DavInvitation, tz: chrono_tz::Tz, now: DateTime<Utc>) -> InvitationView {
    let local = |t: DateTime<Utc>| t.with_timezone(&tz).fixed_offset();
    let this_year = local(row.start).year() == local(now).year();
    let when = local(row.start).format(if this_year { "%a %-d %b %H:%M" } else { "%a %-d %b %Y %H:%M" });
    let which = if row.occurrences > 1 {
        format!(" ({} of {} occurrences, the first on {when})", row.refused, row.occurrences)
    } else {
        format!(" ({when})")
    };
    let line = match row.state {
        InvitationState::Pending => format!("'{}'{which} breaks a rule: {}", row.title, row.reason),
        InvitationState::Declined => format!("Declined '{}'{which}: {}", row.title, row.reason),
        InvitationState::Kept => format!("Going to '{}'{which} despite: {}", row.title, row.reason),
    };
    InvitationView {
        line,
        account: row.account.clone(),
        uid: row.uid.clone(),
        title: row.title.clone(),
        start: local(row.start),
        refused: row.refused,
        occurrences: row.occurrences,
        reason: row.reason.clone(),
        state: match row.state {
            InvitationState::Pending => "pending",
            InvitationState::Declined => "declined",
            InvitationState::Kept => "kept",
        },
        comment: row.comment.clone(),
        decided: row.decided.map(local),
    }
}

/// The invitation with `uid` that still waits for (or was kept by) the user.
fn undecided(rows: Vec<DavInvitation>, uid: &str) -> ServiceResult<DavInvitation> {
    let uid = uid.trim();
    let mut matching = rows.into_iter().filter(|r| r.uid == uid);
    let first = matching.next().ok_or_else(|| no_invitation(uid))?;
    if first.state == InvitationState::Declined {
        return Err(ServiceError::bad_input(format!("'{}' was declined already", first.title)));
    }
    Ok(first)
}

fn no_invitation(uid: &str) -> ServiceError {
    ServiceError::bad_input(format!(
        "no invitation that breaks a rule has the UID '{uid}'; `deepblock calendar invitations` lists them"
    ))
}
