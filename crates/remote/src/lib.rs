//! Deepblock's reach into the user's other calendars, over the network.
//!
//! This crate does the network's part and nothing else: it fetches an
//! iCalendar feed the way a polite subscriber does (conditional requests,
//! gzip, a bounded number of redirects, timeouts, a size cap), and speaks
//! CalDAV through libdav (discovery, incremental reads, writes guarded by
//! ETags), and says in one line what went wrong when it could not. What a fetched calendar
//! means for the plan, and what is stored, is the service's business.
//!
//! Everything here blocks the calling thread until the network answers or
//! a timeout runs out; callers keep it off any thread a window waits on.

mod activitywatch;
mod address;
mod dav;
mod feed;
mod http;

pub use activitywatch::{AwError, AwEvent, MOST_EVENTS, Watched, read_activitywatch};
pub use address::{Address, AddressError};
pub use dav::{Dav, DavError, DavLogin, FoundCalendar, PullState, Pulled, Resource, Written};
pub use feed::{FeedRequest, Fetched, fetch_feed};
pub use http::{FetchError, Limits};
