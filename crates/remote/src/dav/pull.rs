//! Reading what changed in a calendar since the last sync: by
//! `sync-collection` (RFC 6578) from the token the last sync kept, else by
//! comparing every resource's ETag with the ones known, skipping a
//! calendar whose `getctag` has not moved; bodies by `calendar-multiget`
//! (all of them by one `calendar-query` on a first sync).

use std::collections::HashMap;

use libdav::PropertyName;
use libdav::caldav::GetCalendarResources;
use libdav::dav::{GetProperty, ListResources, ListedResource, SyncCollection, WebDavError};
use libdav::names;

use super::{Dav, DavError};
use crate::http::FetchError;

/// CalendarServer's collection tag: it changes whenever anything in the
/// calendar does (Radicale, Nextcloud, iCloud, SOGo keep it).
const GETCTAG: PropertyName<'static, 'static> = PropertyName::new(names::CALENDAR_SERVER, "getctag");

/// Bodies asked for in one `calendar-multiget`.
const MULTIGET_BATCH: usize = 250;

/// What the last sync of a calendar left.
#[derive(Debug, Clone, Copy)]
pub struct PullState<'a> {
    /// The sync token it ended with.
    pub sync_token: Option<&'a str>,
    /// The collection tag it saw.
    pub ctag: Option<&'a str>,
    /// The resources it holds, href to ETag.
    pub known: &'a HashMap<String, String>,
}

/// A calendar resource as the server holds it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// Its path.
    pub href: String,
    /// Its version.
    pub etag: String,
    /// Its iCalendar text.
    pub body: String,
}

/// What changed since the last sync.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pulled {
    /// Resources new or changed, with their bodies.
    pub changed: Vec<Resource>,
    /// Resources gone, by href.
    pub deleted: Vec<String>,
    /// The token to send next time (none from a server without RFC 6578).
    pub sync_token: Option<String>,
    /// The collection tag now.
    pub ctag: Option<String>,
}

impl Dav {
    /// What changed in the calendar at `href` since `state`.
    pub fn pull(&self, href: &str, state: PullState<'_>) -> Result<Pulled, DavError> {
        self.net.runtime.block_on(self.pull_async(href, state))
    }

    async fn pull_async(&self, href: &str, state: PullState<'_>) -> Result<Pulled, DavError> {
        if let Some(token) = state.sync_token {
            match self.client.request(SyncCollection::new(href).with_sync_token(token)).await {
                Ok(found) => {
                    let wanted: Vec<String> = found
                        .changed
                        .into_iter()
                        .filter(|r| is_member(r, href) && state.known.get(&r.href) != r.etag.as_ref())
                        .map(|r| r.href)
                        .collect();
                    let changed = self.bodies(href, &wanted).await?;
                    return Ok(Pulled {
                        changed,
                        deleted: found.deleted,
                        sync_token: Some(found.new_sync_token),
                        ctag: state.ctag.map(str::to_owned),
                    });
                }
                // An expired or refused token (or a server that only said it
                // supports tokens): list everything instead.
                Err(error) => self.unless_transport(error)?,
            }
        }
        if state.known.is_empty() && state.sync_token.is_none() {
            // A first sync: every body in one calendar-query, and the
            // token asked for first (a change in between comes again next
            // time, harmlessly), rather than listing everything twice. The
            // collection tag matters only to a server without tokens.
            let sync_token = self.property(href, &names::SYNC_TOKEN).await?;
            let ctag = if sync_token.is_none() { self.property(href, &GETCTAG).await? } else { None };
            let changed = self.everything(href).await?;
            return Ok(Pulled { changed, deleted: Vec::new(), sync_token, ctag });
        }
        let ctag = self.property(href, &GETCTAG).await?;
        if state.sync_token.is_none() && ctag.is_some() && ctag.as_deref() == state.ctag {
            return Ok(Pulled { ctag, ..Pulled::default() });
        }
        let (listed, sync_token) = match self.client.request(SyncCollection::new(href)).await {
            Ok(found) => (found.changed, Some(found.new_sync_token)),
            Err(error) => {
                self.unless_transport(error)?;
                let listed =
                    self.client.request(ListResources::new(href)).await.map_err(|e| self.failed(e))?;
                (listed.resources, None)
            }
        };
        let listed: Vec<ListedResource> = listed.into_iter().filter(|r| is_member(r, href)).collect();
        let present: HashMap<&str, Option<&String>> =
            listed.iter().map(|r| (r.href.as_str(), r.etag.as_ref())).collect();
        let deleted = state.known.keys().filter(|k| !present.contains_key(k.as_str())).cloned().collect();
        let wanted: Vec<String> = listed
            .iter()
            .filter(|r| r.etag.is_none() || state.known.get(&r.href) != r.etag.as_ref())
            .map(|r| r.href.clone())
            .collect();
        let changed = self.bodies(href, &wanted).await?;
        Ok(Pulled { changed, deleted, sync_token, ctag })
    }

    /// A property of the collection; none when the server has none (or
    /// refuses to say).
    async fn property(&self, href: &str, name: &PropertyName<'_, '_>) -> Result<Option<String>, DavError> {
        match self.client.request(GetProperty::new(href, name)).await {
            Ok(found) => Ok(found.value),
            Err(error) => {
                self.unless_transport(error)?;
                Ok(None)
            }
        }
    }

    /// The bodies of `hrefs`, a batch at a time.
    async fn bodies(&self, collection: &str, hrefs: &[String]) -> Result<Vec<Resource>, DavError> {
        let mut bodies = Vec::with_capacity(hrefs.len());
        for batch in hrefs.chunks(MULTIGET_BATCH) {
            let found = self
                .client
                .request(GetCalendarResources::new(collection).with_hrefs(batch))
                .await
                .map_err(|e| self.failed(e))?;
            bodies.extend(resources(found.resources));
        }
        Ok(bodies)
    }

    /// Every body in the calendar, in one `calendar-query`.
    async fn everything(&self, collection: &str) -> Result<Vec<Resource>, DavError> {
        let found =
            self.client.request(GetCalendarResources::new(collection)).await.map_err(|e| self.failed(e))?;
        Ok(resources(found.resources).collect())
    }

    /// Lets a refusal pass (the caller has another way) but not a network
    /// failure, a timeout or a wrong password.
    fn unless_transport(&self, error: WebDavError<FetchError>) -> Result<(), DavError> {
        match self.failed(error) {
            DavError::Fetch(FetchError::Gone { .. } | FetchError::Status { .. })
            | DavError::Protocol { .. } => Ok(()),
            other => Err(other),
        }
    }
}

fn is_member(resource: &ListedResource, collection: &str) -> bool {
    resource.href.trim_end_matches('/') != collection.trim_end_matches('/')
}

fn resources(found: Vec<libdav::FetchedResource>) -> impl Iterator<Item = Resource> {
    found.into_iter().filter_map(|r| {
        let content = r.content.ok()?;
        Some(Resource { href: r.href, etag: content.etag, body: content.data })
    })
}
