//! CalDAV through libdav: discovery, reading a calendar incrementally and
//! writing resources with ETag preconditions. Each request goes through
//! the same hyper client as feeds, wrapped so that libdav's requests obey
//! our limits (time and size) and carry the user's credentials.

mod client;
mod discover;
mod pull;
mod push;

use std::sync::Arc;

use libdav::CalDavClient;
use libdav::dav::{RequestError, WebDavClient, WebDavError};

use crate::address::Address;
use crate::http::{FetchError, Limits, Net};

pub use discover::FoundCalendar;
pub use pull::{PullState, Pulled, Resource};
pub use push::Written;

use client::{Limited, Traffic};

/// How to reach a CalDAV account.
#[derive(Debug, Clone)]
pub struct DavLogin<'a> {
    /// The server, or any address on it (the account's or a calendar's).
    pub address: &'a Address,
    /// The user name.
    pub user: &'a str,
    /// The password or app password.
    pub password: &'a str,
    /// How long and how much each request may take.
    pub limits: Limits,
}

/// Why a CalDAV operation failed, in one line naming the host.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DavError {
    /// The network or the HTTP exchange failed.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// The address answers, but not as a CalDAV server.
    #[error(
        "{host} does not look like a CalDAV server ({what}); give the CalDAV address from your provider's help (for Nextcloud https://HOST/remote.php/dav)"
    )]
    NotCalDav {
        /// Where.
        host: String,
        /// What was missing.
        what: String,
    },
    /// The server refused a write it understood (403: a rule of its own,
    /// such as RFC 6638's on what an attendee may change).
    #[error("{host} refused the change ({status}); nothing was changed there")]
    Refused {
        /// Where.
        host: String,
        /// The status line.
        status: String,
    },
    /// The server answered in a way the protocol does not allow.
    #[error("{host} answered a CalDAV request oddly ({what}); the next sync tries again")]
    Protocol {
        /// Where.
        host: String,
        /// What it said.
        what: String,
    },
}

impl DavError {
    /// Whether the credentials (or the address) are what is wrong.
    pub fn blames_the_login(&self) -> bool {
        match self {
            Self::Fetch(e) => e.blames_the_address(),
            Self::NotCalDav { .. } => true,
            Self::Protocol { .. } | Self::Refused { .. } => false,
        }
    }
}

/// One open conversation with a CalDAV server; every call blocks until
/// the server answers or a limit runs out.
pub struct Dav {
    net: Net,
    client: CalDavClient<Limited>,
    traffic: Arc<Traffic>,
    host: String,
}

impl Dav {
    /// Prepares to talk to the account's server; nothing is sent yet.
    pub fn open(login: &DavLogin<'_>) -> Result<Self, DavError> {
        let net = Net::new(login.limits)?;
        let traffic = Arc::new(Traffic::default());
        let limited = Limited::new(net.client.clone(), login, traffic.clone());
        let base = login
            .address
            .as_str()
            .parse()
            .map_err(|e| FetchError::Local(format!("the address cannot be used ({e})")))?;
        let client = CalDavClient::new(WebDavClient::new(base, limited));
        Ok(Self { net, client, traffic, host: login.address.host() })
    }

    /// Requests sent and bytes received so far.
    pub fn traffic(&self) -> (usize, usize) {
        self.traffic.totals()
    }

    /// The error libdav gave, sorted: our own transport errors come back
    /// as they were, a status as what it means.
    fn failed(&self, error: WebDavError<FetchError>) -> DavError {
        match error {
            WebDavError::Request(RequestError::Client(fetch)) => DavError::Fetch(fetch),
            WebDavError::BadStatusCode(status) => self.status(status),
            other => self.protocol(other.to_string()),
        }
    }

    fn status(&self, status: http::StatusCode) -> DavError {
        let host = self.host.clone();
        let line = format!("{} {}", status.as_u16(), status.canonical_reason().unwrap_or(""));
        DavError::Fetch(match status.as_u16() {
            401 => FetchError::Unauthorized { host },
            403 | 404 | 410 => FetchError::Gone { host, status: line },
            _ => FetchError::Status { host, status: line },
        })
    }

    fn protocol(&self, what: String) -> DavError {
        DavError::Protocol { host: self.host.clone(), what }
    }
}
