//! Publishing the plan's blocks into the account's publish calendar: a
//! resource per block (a repeating one whole, with its rule), written only
//! when the block changed since the copy kept, always over the version
//! last seen; each write is recorded as soon as the server confirms it.

use std::collections::{HashMap, HashSet};

use chrono::DateTime;
use deepblock_core::{Block, Source};
use deepblock_remote::{Dav, Written};
use deepblock_store::{DavAccount, DavCalendar, DavResource};

use super::Publishing;
use crate::Deepblock;

/// What a publish did.
#[derive(Debug, Default)]
pub(super) struct PublishCounts {
    pub(super) calendar: String,
    pub(super) blocks: usize,
    pub(super) new: usize,
    pub(super) updated: usize,
    pub(super) removed: usize,
    /// Written meanwhile by someone else (412); the next sync reads them.
    pub(super) raced: usize,
}

impl Deepblock {
    /// Writes what changed (see the module); none when the account
    /// publishes nowhere.
    pub(super) fn publish_account(
        &self,
        account: &DavAccount,
        dav: &Dav,
    ) -> Result<Option<PublishCounts>, String> {
        let (calendar, planned, published, (conflicted, still_planned), publishing) = {
            let plan = self.plan();
            let calendars = plan.store.dav_calendars(&account.name).map_err(|e| e.to_string())?;
            let Some(calendar) = calendars.into_iter().find(|c| c.publishes) else { return Ok(None) };
            let publishing = Publishing::of(&plan).map_err(|e| e.message)?;
            let blocks = plan.store.blocks_touching(&publishing.range).map_err(|e| e.to_string())?;
            let planned: Vec<Block> = blocks.into_iter().filter(|b| b.source == Source::Planned).collect();
            let published: HashMap<String, DavResource> = plan
                .store
                .dav_resources(&account.name, &calendar.href)
                .map_err(|e| e.to_string())?
                .into_iter()
                .filter(|r| r.ours)
                .map(|r| (r.href.clone(), r))
                .collect();
            // Published blocks that left the window (older than four
            // weeks) stay on the server: only a block gone from the plan
            // is deleted there.
            let mut still_planned = HashSet::new();
            for (href, resource) in &published {
                let uid = resource.uid.as_deref().unwrap_or_default();
                if plan.store.block_by_uid("", uid).map_err(|e| e.to_string())?.is_some() {
                    still_planned.insert(href.clone());
                }
            }
            let conflicted: HashSet<String> = plan
                .store
                .dav_conflicts()
                .map_err(|e| e.to_string())?
                .into_iter()
                .filter(|c| c.account == account.name)
                .map(|c| c.href)
                .collect();
            (calendar, planned, published, (conflicted, still_planned), publishing)
        };
        let mut counts = PublishCounts {
            calendar: calendar.display.clone(),
            blocks: planned.len(),
            ..PublishCounts::default()
        };
        let mut wanted = HashSet::new();
        for block in &planned {
            let href = super::resource_href(&calendar.href, &block.uid);
            wanted.insert(href.clone());
            if conflicted.contains(&href) {
                continue;
            }
            let stable = publishing.body(block, DateTime::UNIX_EPOCH);
            let known = published.get(&href);
            if known.is_some_and(|k| k.body == stable) {
                continue;
            }
            let over = known.and_then(|k| k.etag.clone());
            let sent = publishing.body(block, self.now());
            match dav.put(&href, &sent, over.as_deref()).map_err(|e| e.to_string())? {
                Written::Stored(etag) => {
                    if known.is_some() {
                        counts.updated += 1;
                    } else {
                        counts.new += 1;
                    }
                    self.record_published(&calendar, &href, etag, &block.uid, stable)?;
                }
                Written::Conflict => counts.raced += 1,
            }
        }
        for (href, resource) in &published {
            if wanted.contains(href) || conflicted.contains(href) || still_planned.contains(href) {
                continue;
            }
            match dav.delete(href, resource.etag.as_deref().unwrap_or("*")).map_err(|e| e.to_string())? {
                Written::Stored(_) => {
                    counts.removed += 1;
                    self.plan()
                        .store
                        .write(|tx| tx.delete_dav_resource(&account.name, href).map(|_| ()))
                        .map_err(|e| e.to_string())?;
                }
                Written::Conflict => counts.raced += 1,
            }
        }
        Ok(Some(counts))
    }

    fn record_published(
        &self,
        calendar: &DavCalendar,
        href: &str,
        etag: Option<String>,
        uid: &str,
        body: String,
    ) -> Result<(), String> {
        let resource = DavResource {
            account: calendar.account.clone(),
            calendar: calendar.href.clone(),
            href: href.to_owned(),
            etag,
            uid: Some(uid.to_owned()),
            ours: true,
            body,
        };
        self.plan().store.write(|tx| tx.put_dav_resource(&resource)).map_err(|e| e.to_string())
    }
}
