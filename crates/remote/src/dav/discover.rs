//! Finding the user's calendars from any address on the server (RFC 6764
//! well-known path, RFC 5397 current-user-principal, RFC 4791
//! calendar-home-set), the way DAVx5 and pimsync start.

use libdav::caldav::{FindCalendarHomeSet, FindCalendars};
use libdav::dav::FoundCollection;
use libdav::names;
use libdav::sd::DiscoverableService;

use super::{Dav, DavError};
use crate::http::FetchError;

/// A calendar collection on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundCalendar {
    /// Its path on the server.
    pub href: String,
    /// Its name as the server shows it (the last part of its path when it
    /// has none).
    pub name: String,
    /// Whether it answers `sync-collection` (RFC 6578).
    pub supports_sync: bool,
}

impl Dav {
    /// The calendars of the account, by name.
    pub fn discover(&self) -> Result<Vec<FoundCalendar>, DavError> {
        self.net.runtime.block_on(self.discover_async())
    }

    async fn discover_async(&self) -> Result<Vec<FoundCalendar>, DavError> {
        let base = self.client.base_url().clone();
        let mut principal =
            self.client.find_current_user_principal().await.map_err(|e| self.protocol(e.to_string()));
        if matches!(principal, Ok(None) | Err(_)) {
            // Not at the address given, nor at the root: the well-known
            // path may lead to the server's context path.
            let secure = base.scheme_str() == Some("https");
            let service = if secure { DiscoverableService::CalDavs } else { DiscoverableService::CalDav };
            let host = base.host().unwrap_or_default();
            let port = base.port_u16().unwrap_or(if secure { 443 } else { 80 });
            if let Ok(Some(context)) = self.client.find_context_path(service, host, port).await {
                let path = context.path().to_owned();
                principal = self
                    .client
                    .request(libdav::dav::FindPropertyHrefs::new(&path, &names::CURRENT_USER_PRINCIPAL))
                    .await
                    .map(|found| found.hrefs.into_iter().next())
                    .map_err(|e| self.failed(e));
            }
        }
        let principal = match principal {
            Ok(Some(uri)) => uri.path().to_owned(),
            Ok(None) => base.path().to_owned(),
            Err(error @ DavError::Fetch(_)) => return Err(error),
            Err(_) => base.path().to_owned(),
        };
        let homes = match self.client.request(FindCalendarHomeSet::new(&principal)).await {
            Ok(found) => found.home_sets.into_iter().map(|uri| uri.path().to_owned()).collect(),
            Err(error) => match self.failed(error) {
                fetch @ DavError::Fetch(_) if fetch.blames_the_login() => return Err(fetch),
                _ => Vec::new(),
            },
        };
        // A server without a home set may have been given a calendar's
        // own address, or the home itself.
        let homes = if homes.is_empty() { vec![base.path().to_owned()] } else { homes };
        let mut calendars = Vec::new();
        for home in &homes {
            let found =
                self.client.request(FindCalendars::new(home)).await.map_err(|e| match self.failed(e) {
                    DavError::Protocol { what, .. } => DavError::NotCalDav { host: self.host.clone(), what },
                    DavError::Fetch(FetchError::Gone { status, .. } | FetchError::Status { status, .. }) => {
                        DavError::NotCalDav { host: self.host.clone(), what: format!("it answered {status}") }
                    }
                    other => other,
                })?;
            calendars.extend(found.calendars.into_iter().map(found_calendar));
        }
        if calendars.is_empty() {
            return Err(DavError::NotCalDav { host: self.host.clone(), what: "no calendars found".into() });
        }
        calendars.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(calendars)
    }
}

fn found_calendar(collection: FoundCollection) -> FoundCalendar {
    let display = collection
        .properties
        .iter()
        .find(|(name, _)| **name == names::DISPLAY_NAME)
        .and_then(|(_, value)| value.clone())
        .filter(|v| !v.trim().is_empty());
    let last = collection.href.trim_end_matches('/').rsplit('/').next().unwrap_or_default().to_owned();
    FoundCalendar {
        name: display.unwrap_or(last),
        href: collection.href,
        supports_sync: collection.supports_sync,
    }
}
