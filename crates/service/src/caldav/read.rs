//! Reading an account's calendars: events of the calendars the user reads
//! become meetings; published blocks changed or deleted on the server come
//! back into the plan by the merge rule. Each calendar's changes, the
//! token they end on, and any conflict found are one transaction.

use deepblock_core::merge::{Merged, three_way};
use deepblock_core::{Block, Source};
use deepblock_ical::read_scheduled;
use deepblock_remote::{Dav, PullState, Resource};
use deepblock_store::{DavAccount, DavCalendar, DavConflict, DavResource, InvitationState, Tx};

use super::invitations::Arrival;
use super::{Publishing, editable};
use crate::import::read_calendar_as;
use crate::{Deepblock, ServiceError, ServiceResult};

/// What a read did, over all of an account's calendars.
#[derive(Debug, Default)]
pub(super) struct ReadCounts {
    pub(super) calendars: usize,
    pub(super) new: usize,
    pub(super) changed: usize,
    pub(super) removed: usize,
    pub(super) unreadable: usize,
    /// Published blocks changed or deleted on the server and taken in.
    pub(super) taken: usize,
    pub(super) conflicts: usize,
}

impl Deepblock {
    /// Pulls every calendar of the account (see the module).
    pub(super) fn read_account(&self, account: &DavAccount, dav: &Dav) -> Result<ReadCounts, String> {
        let (calendars, me) = {
            let plan = self.plan();
            let calendars = plan.store.dav_calendars(&account.name).map_err(|e| e.to_string())?;
            (calendars, plan.rules().map_err(|e| e.message)?.me)
        };
        let mut counts = ReadCounts::default();
        for calendar in &calendars {
            let known =
                self.plan().store.dav_known(&account.name, &calendar.href).map_err(|e| e.to_string())?;
            let state = PullState {
                sync_token: calendar.sync_token.as_deref(),
                ctag: calendar.ctag.as_deref(),
                known: &known,
            };
            let pulled = dav.pull(&calendar.href, state).map_err(|e| e.to_string())?;
            // Read before the plan is locked: parsing is pure.
            let parsed: Vec<(&Resource, Option<Vec<Block>>)> = pulled
                .changed
                .iter()
                .map(|r| {
                    (
                        r,
                        read_calendar_as(&r.body, &calendar.plan_calendar, self.tz, &me)
                            .ok()
                            .map(|found| found.blocks),
                    )
                })
                .collect();
            let arrivals: Vec<Arrival> = pulled
                .changed
                .iter()
                .filter(|_| !me.is_empty())
                .filter_map(|r| {
                    let invitation = read_scheduled(&r.body, self.tz, &me).ok()?;
                    invitation.awaiting(&me)?;
                    Some(Arrival { resource: r.clone(), invitation })
                })
                .collect();
            let now = self.now();
            let mut plan = self.plan();
            let publishing = Publishing::of(&plan).map_err(|e| e.message)?;
            plan.store
                .write(|tx| {
                    for (resource, blocks) in &parsed {
                        let awaiting = arrivals.iter().any(|a| a.resource.href == resource.href);
                        // Answered elsewhere (the user's phone, the web):
                        // no longer a question here.
                        if !awaiting
                            && let Some(known) = tx.dav_invitation(&account.name, &resource.href)?
                            && known.state != InvitationState::Declined
                        {
                            tx.delete_dav_invitation(&account.name, &resource.href)?;
                        }
                        match tx.dav_resource(&account.name, &resource.href)? {
                            Some(stored) if stored.ours => {
                                take_server_edit(
                                    tx,
                                    &stored,
                                    resource,
                                    blocks.as_deref(),
                                    (&publishing, now),
                                    &mut counts,
                                )?;
                            }
                            stored => {
                                take_event(
                                    tx,
                                    calendar,
                                    stored.as_ref(),
                                    resource,
                                    blocks.as_deref(),
                                    &mut counts,
                                )?;
                                tx.set_dav_awaiting(&account.name, &resource.href, awaiting)?;
                            }
                        }
                    }
                    for href in &pulled.deleted {
                        tx.delete_dav_invitation(&account.name, href)?;
                        let Some(stored) = tx.dav_resource(&account.name, href)? else { continue };
                        if stored.ours {
                            take_server_deletion(tx, &stored, &publishing, &mut counts)?;
                            continue;
                        }
                        tx.delete_dav_resource(&account.name, href)?;
                        if calendar.reads
                            && let Some(uid) = &stored.uid
                            && let Some(gone) = tx.block_by_uid(&calendar.plan_calendar, uid)?
                        {
                            tx.delete_block(gone.id)?;
                            counts.removed += 1;
                        }
                    }
                    tx.set_dav_calendar_state(
                        &account.name,
                        &calendar.href,
                        pulled.sync_token.as_deref(),
                        pulled.ctag.as_deref(),
                    )?;
                    Ok::<_, ServiceError>(())
                })
                .map_err(|e| e.message)?;
            drop(plan);
            self.judge_arrivals(&account.name, &arrivals).map_err(|e| e.message)?;
            if calendar.reads {
                counts.calendars += 1;
            }
        }
        Ok(counts)
    }
}

/// An event of someone else's: a meeting when the calendar is read, and
/// kept as synced either way (so an unchanged one is not fetched again).
pub(super) fn take_event(
    tx: &Tx<'_>,
    calendar: &DavCalendar,
    stored: Option<&DavResource>,
    resource: &Resource,
    blocks: Option<&[Block]>,
    counts: &mut ReadCounts,
) -> ServiceResult<()> {
    let blocks = blocks.unwrap_or_else(|| {
        tracing::warn!("calendar '{}': {} cannot be read, left out", calendar.account, resource.href);
        counts.unreadable += 1;
        &[]
    });
    // One of our blocks whose write landed but was not recorded (a sync
    // killed just then): ours again, not a meeting.
    let ours = calendar.publishes
        && stored.is_none()
        && match blocks.first() {
            Some(first) => tx.block_by_uid("", &first.uid)?.is_some_and(|b| b.source == Source::Planned),
            None => false,
        };
    if calendar.reads && !ours {
        if let Some(old_uid) = stored.and_then(|s| s.uid.as_deref())
            && !blocks.iter().any(|b| b.uid == old_uid)
            && let Some(gone) = tx.block_by_uid(&calendar.plan_calendar, old_uid)?
        {
            tx.delete_block(gone.id)?;
        }
        for block in blocks {
            tx.upsert_imported(&calendar.plan_calendar, block)?;
        }
        if stored.is_some() {
            counts.changed += 1;
        } else {
            counts.new += 1;
        }
    }
    tx.put_dav_resource(&DavResource {
        account: calendar.account.clone(),
        calendar: calendar.href.clone(),
        href: resource.href.clone(),
        etag: Some(resource.etag.clone()).filter(|e| !e.is_empty()),
        uid: blocks.first().map(|b| b.uid.clone()),
        ours,
        // Someone else's event in a calendar only published to is not
        // kept whole: its ETag is all a later listing needs.
        body: if calendar.reads || ours { resource.body.clone() } else { String::new() },
    })?;
    Ok(())
}

/// A published block changed on the server: merged into the plan, or a
/// conflict recorded when the same part changed here too.
fn take_server_edit(
    tx: &Tx<'_>,
    stored: &DavResource,
    resource: &Resource,
    blocks: Option<&[Block]>,
    (publishing, now): (&Publishing, chrono::DateTime<chrono::Utc>),
    counts: &mut ReadCounts,
) -> ServiceResult<()> {
    let uid = stored.uid.clone().unwrap_or_default();
    let conflict = |parts: &str| DavConflict {
        account: stored.account.clone(),
        href: stored.href.clone(),
        block_uid: uid.clone(),
        parts: parts.to_owned(),
        their_etag: resource.etag.clone(),
        their_body: resource.body.clone(),
        found: now,
    };
    let theirs = blocks.and_then(|b| b.first()).map(deepblock_core::merge::Editable::of);
    let tz = publishing.tz;
    let (Some(theirs), Some(base)) = (theirs, editable(&stored.body, tz)) else {
        tracing::warn!(
            "calendar '{}': the server's copy of {} cannot be read; left as it is",
            stored.account,
            stored.href
        );
        return Ok(());
    };
    let Some(block) = tx.block_by_uid("", &uid)?.filter(|b| b.source == Source::Planned) else {
        tx.put_dav_conflict(&conflict("deleted here"))?;
        counts.conflicts += 1;
        return Ok(());
    };
    let Some(ours) = editable(&publishing.body(&block, chrono::DateTime::UNIX_EPOCH), tz) else {
        return Ok(());
    };
    match three_way(&base, &ours, &theirs) {
        Merged::Clean(merged) => {
            if merged != ours {
                tx.update_block(&merged.apply_to(&block))?;
            }
            // Kept as the server has it now: when the merge holds a change
            // of ours too, the publish step sees the difference and writes
            // it over this version.
            let as_theirs = theirs.apply_to(&block);
            tx.put_dav_resource(&DavResource {
                etag: Some(resource.etag.clone()),
                body: publishing.body(&as_theirs, chrono::DateTime::UNIX_EPOCH),
                ..stored.clone()
            })?;
            tx.delete_dav_conflict(&stored.account, &stored.href)?;
            counts.taken += 1;
        }
        Merged::Conflict(parts) => {
            tx.put_dav_conflict(&conflict(&parts.join(", ")))?;
            counts.conflicts += 1;
        }
    }
    Ok(())
}

/// A published block deleted on the server: it leaves the plan too unless
/// it was changed here since (an edit outlives a deletion: the publish
/// step writes it back).
fn take_server_deletion(
    tx: &Tx<'_>,
    stored: &DavResource,
    publishing: &Publishing,
    counts: &mut ReadCounts,
) -> ServiceResult<()> {
    tx.delete_dav_resource(&stored.account, &stored.href)?;
    tx.delete_dav_conflict(&stored.account, &stored.href)?;
    let Some(uid) = &stored.uid else { return Ok(()) };
    if let Some(block) = tx.block_by_uid("", uid)?.filter(|b| b.source == Source::Planned) {
        let tz = publishing.tz;
        let unchanged_here = editable(&publishing.body(&block, chrono::DateTime::UNIX_EPOCH), tz)
            == editable(&stored.body, tz);
        if unchanged_here {
            tx.delete_block(block.id)?;
            counts.taken += 1;
        }
    }
    Ok(())
}
