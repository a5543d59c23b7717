//! Writing resources only over the version last seen: a new one with
//! `If-None-Match: *`, a change with `If-Match` on the last ETag, a
//! deletion likewise. A 412 means someone else changed it first; the
//! caller decides what then, nothing is overwritten here.

use libdav::dav::{Delete, PutResource};

use super::{Dav, DavError};
use crate::http::FetchError;

/// What a conditional write came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// Stored; the new ETag when the server said it.
    Stored(Option<String>),
    /// The server's copy is not the one we last saw (412): nothing was
    /// written.
    Conflict,
}

impl Dav {
    /// Stores `body` at `href`: created when `over` is none, else replacing
    /// the version `over`.
    pub fn put(&self, href: &str, body: &str, over: Option<&str>) -> Result<Written, DavError> {
        const TEXT_CALENDAR: &str = "text/calendar; charset=utf-8";
        self.net.runtime.block_on(async {
            let put = PutResource::new(href);
            let stored = match over {
                None => self.client.request(put.create(body, TEXT_CALENDAR)).await.map(|r| r.etag),
                Some(etag) => {
                    self.client.request(put.update(body, TEXT_CALENDAR, etag)).await.map(|r| r.etag)
                }
            };
            match stored.map_err(|e| self.failed(e)) {
                Ok(etag) => Ok(Written::Stored(etag)),
                Err(error) if is_conflict(&error) => Ok(Written::Conflict),
                Err(DavError::Fetch(FetchError::Gone { host, status })) if status.starts_with("403") => {
                    Err(DavError::Refused { host, status })
                }
                Err(error) => Err(error),
            }
        })
    }

    /// Deletes the version `over` of `href`; one already gone counts as
    /// deleted.
    pub fn delete(&self, href: &str, over: &str) -> Result<Written, DavError> {
        self.net.runtime.block_on(async {
            match self.client.request(Delete::new(href).with_etag(over)).await.map_err(|e| self.failed(e)) {
                Ok(_) => Ok(Written::Stored(None)),
                Err(DavError::Fetch(FetchError::Gone { status, .. })) if status.starts_with("404") => {
                    Ok(Written::Stored(None))
                }
                Err(error) if is_conflict(&error) => Ok(Written::Conflict),
                Err(error) => Err(error),
            }
        })
    }
}

fn is_conflict(error: &DavError) -> bool {
    matches!(error, DavError::Fetch(FetchError::Status { status, .. }) if status.starts_with("412"))
}
