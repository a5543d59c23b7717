//! Reading ActivityWatch's local REST API: the buckets of its window, AFK
//! and browser watchers, and their events in a stretch of time. What the
//! events mean is the core's business; this only fetches them.

use chrono::{DateTime, Utc};
use http::{Method, StatusCode, header};
use serde::Deserialize;
use url::Url;

use crate::address::Address;
use crate::http::{FetchError, Limits, Net, send};

/// The most events read from one bucket for one stretch: a watcher that
/// merges heartbeats writes a few thousand a day.
pub const MOST_EVENTS: usize = 200_000;

/// The most watcher buckets read: a machine has a window, an AFK and a
/// browser watcher or two; a server listing more is not read further, so
/// its answer cannot make a read take a request per bucket without end.
pub const MOST_BUCKETS: usize = 32;

/// One event, with the fields the three watchers write.
#[derive(Debug, Clone, PartialEq)]
pub struct AwEvent {
    /// When it began.
    pub start: DateTime<Utc>,
    /// How long it lasted, in seconds.
    pub seconds: f64,
    /// The application (window watcher).
    pub app: String,
    /// The window's or tab's title.
    pub title: String,
    /// The tab's address (browser watcher).
    pub url: String,
    /// `afk` or `not-afk` (AFK watcher).
    pub status: String,
}

/// The events of every bucket of each watcher.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Watched {
    /// Window events.
    pub windows: Vec<AwEvent>,
    /// Browser tab events.
    pub tabs: Vec<AwEvent>,
    /// AFK watcher events.
    pub presence: Vec<AwEvent>,
}

/// Why ActivityWatch could not be read, in one line with what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AwError {
    /// Nothing answers at the address.
    #[error(
        "ActivityWatch does not answer at {host} ({reason}); start it, or stop reading it with `rules activitywatch off`"
    )]
    Unreachable {
        /// Where.
        host: String,
        /// What the system or server said.
        reason: String,
    },
    /// Something answered, but not as ActivityWatch does.
    #[error(
        "{host} does not answer as ActivityWatch does ({reason}); check the address given with `rules activitywatch`"
    )]
    NotActivityWatch {
        /// Where.
        host: String,
        /// What was wrong.
        reason: String,
    },
}

#[derive(Deserialize)]
struct Bucket {
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Deserialize)]
struct RawEvent {
    timestamp: DateTime<Utc>,
    duration: f64,
    #[serde(default)]
    data: RawData,
}

#[derive(Deserialize, Default)]
struct RawData {
    #[serde(default)]
    app: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    status: String,
}

/// Reads every window, browser and AFK bucket's events between `from` and
/// `to`. Blocks until the server answers or a limit runs out.
pub fn read_activitywatch(
    base: &Address,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Watched, AwError> {
    let host = base.host();
    let limits = Limits {
        total: std::time::Duration::from_secs(30),
        max_bytes: 64 * 1024 * 1024,
        ..Limits::default()
    };
    let unreachable = |e: FetchError| match e {
        FetchError::Status { status, .. } | FetchError::Gone { status, .. } => {
            AwError::NotActivityWatch { host: host.clone(), reason: format!("it answered {status}") }
        }
        FetchError::Unreachable { reason, .. } => AwError::Unreachable { host: host.clone(), reason },
        FetchError::TimedOut { seconds, .. } => {
            AwError::Unreachable { host: host.clone(), reason: format!("no answer in {seconds} s") }
        }
        other => AwError::Unreachable { host: host.clone(), reason: other.to_string() },
    };
    let net = Net::new(limits).map_err(unreachable)?;
    let get = |url: Url| -> Result<Vec<u8>, AwError> {
        let request = http::Request::builder()
            .method(Method::GET)
            .uri(url.as_str())
            .header(header::ACCEPT, "application/json")
            .body(String::new())
            .map_err(|e| AwError::NotActivityWatch { host: host.clone(), reason: e.to_string() })?;
        let (parts, body) =
            net.runtime.block_on(send(&net.client, request, &host, &limits)).map_err(unreachable)?;
        if parts.status != StatusCode::OK {
            return Err(AwError::NotActivityWatch {
                host: host.clone(),
                reason: format!("it answered {}", parts.status),
            });
        }
        Ok(body.to_vec())
    };
    let not_aw =
        |e: serde_json::Error| AwError::NotActivityWatch { host: host.clone(), reason: e.to_string() };
    let api = |segments: &[&str]| {
        let mut url = base.url().clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(["api", "0"]).extend(segments);
        }
        url
    };
    let buckets: std::collections::BTreeMap<String, Bucket> =
        serde_json::from_slice(&get(api(&["buckets", ""]))?).map_err(not_aw)?;
    let mut watched = Watched::default();
    let watchers = buckets
        .iter()
        .filter(|(_, b)| matches!(b.kind.as_str(), "currentwindow" | "web.tab.current" | "afkstatus"));
    for (id, bucket) in watchers.take(MOST_BUCKETS) {
        let into = match bucket.kind.as_str() {
            "currentwindow" => &mut watched.windows,
            "web.tab.current" => &mut watched.tabs,
            "afkstatus" => &mut watched.presence,
            _ => continue,
        };
        let mut url = api(&["buckets", id, "events"]);
        url.query_pairs_mut()
            .append_pair("start", &from.to_rfc3339())
            .append_pair("end", &to.to_rfc3339())
            .append_pair("limit", &MOST_EVENTS.to_string());
        let events: Vec<RawEvent> = serde_json::from_slice(&get(url)?).map_err(not_aw)?;
        into.extend(events.into_iter().filter(|e| e.duration.is_finite() && e.duration > 0.0).map(|e| {
            AwEvent {
                start: e.timestamp,
                seconds: e.duration,
                app: e.data.app,
                title: e.data.title,
                url: e.data.url,
                status: e.data.status,
            }
        }));
    }
    Ok(watched)
}
