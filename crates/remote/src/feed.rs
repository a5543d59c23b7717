//! Fetching an iCalendar feed as a well-behaved subscriber: ask only for
//! what changed since the last copy (ETag, Last-Modified), accept gzip,
//! follow a few redirects, and give up within the limits.

use std::io::Read;

use base64::Engine;
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use url::Url;

use crate::address::Address;
use crate::http::{FetchError, Limits, Net, send, too_large};

/// What to fetch and what is known of the last copy.
#[derive(Debug, Clone)]
pub struct FeedRequest<'a> {
    /// The feed.
    pub address: &'a Address,
    /// The ETag of the last copy, if the server gave one.
    pub etag: Option<&'a str>,
    /// The Last-Modified of the last copy, if the server gave one.
    pub last_modified: Option<&'a str>,
    /// HTTP basic credentials, user and password.
    pub basic: Option<(&'a str, &'a str)>,
    /// How long and how much.
    pub limits: Limits,
}

impl<'a> FeedRequest<'a> {
    /// A first fetch of `address`, without credentials, within the
    /// default limits.
    pub fn new(address: &'a Address) -> Self {
        Self { address, etag: None, last_modified: None, basic: None, limits: Limits::default() }
    }
}

/// What a fetch brought back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// The server says the last copy is still current (304).
    NotModified,
    /// A calendar (not yet read beyond its first line).
    Calendar {
        /// The body, as text.
        text: String,
        /// The validator to send next time.
        etag: Option<String>,
        /// The other validator to send next time.
        last_modified: Option<String>,
    },
}

/// Fetches the feed; see [`FeedRequest`]. Blocks until the answer or a
/// limit.
pub fn fetch_feed(request: &FeedRequest<'_>) -> Result<Fetched, FetchError> {
    let net = Net::new(request.limits)?;
    net.runtime.block_on(follow(&net, request.address, request))
}

async fn follow(net: &Net, start: &Address, request: &FeedRequest<'_>) -> Result<Fetched, FetchError> {
    let first_host = start.host();
    let mut at = start.url().clone();
    for _ in 0..=net.limits.max_redirects {
        let host = Address::from_url(at.clone()).host();
        // Credentials go only to the host they were given for.
        let same_host = host == first_host;
        let (parts, body) = send(&net.client, get(&at, request, same_host)?, &host, &net.limits).await?;
        let status = parts.status;
        if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
            at = redirect_target(&at, &parts.headers).ok_or_else(|| FetchError::Status {
                host: host.clone(),
                status: format!("{status} without a usable Location"),
            })?;
            continue;
        }
        return answer(status, &parts.headers, body, &host, &net.limits);
    }
    Err(FetchError::TooManyRedirects { host: first_host, max: net.limits.max_redirects })
}

fn get(
    url: &Url,
    request: &FeedRequest<'_>,
    with_credentials: bool,
) -> Result<http::Request<String>, FetchError> {
    let mut builder = http::Request::builder()
        .method(Method::GET)
        .uri(url.as_str())
        .header(header::USER_AGENT, concat!("Deepblock/", env!("CARGO_PKG_VERSION")))
        .header(header::ACCEPT, "text/calendar, */*;q=0.5")
        .header(header::ACCEPT_ENCODING, "gzip");
    if let Some(etag) = request.etag {
        builder = builder.header(header::IF_NONE_MATCH, etag);
    }
    if let Some(since) = request.last_modified {
        builder = builder.header(header::IF_MODIFIED_SINCE, since);
    }
    if let Some((user, password)) = request.basic.filter(|_| with_credentials) {
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        builder = builder.header(header::AUTHORIZATION, format!("Basic {token}"));
    }
    builder.body(String::new()).map_err(|e| FetchError::Local(format!("cannot build the request ({e})")))
}

fn redirect_target(from: &Url, headers: &HeaderMap) -> Option<Url> {
    let location = headers.get(header::LOCATION)?.to_str().ok()?;
    let target = from.join(location).ok()?;
    matches!(target.scheme(), "http" | "https").then_some(target)
}

fn answer(
    status: StatusCode,
    headers: &HeaderMap,
    body: Bytes,
    host: &str,
    limits: &Limits,
) -> Result<Fetched, FetchError> {
    let status_line = || format!("{} {}", status.as_u16(), status.canonical_reason().unwrap_or(""));
    match status {
        StatusCode::OK => {}
        StatusCode::NOT_MODIFIED => return Ok(Fetched::NotModified),
        StatusCode::UNAUTHORIZED => return Err(FetchError::Unauthorized { host: host.to_owned() }),
        StatusCode::FORBIDDEN | StatusCode::NOT_FOUND | StatusCode::GONE => {
            return Err(FetchError::Gone { host: host.to_owned(), status: status_line() });
        }
        _ => return Err(FetchError::Status { host: host.to_owned(), status: status_line() }),
    }
    let bytes = decode(headers, body, host, limits)?;
    let text =
        String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    check_calendar(&text, headers, host)?;
    let validator = |name| headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok()).map(str::to_owned);
    Ok(Fetched::Calendar {
        text,
        etag: validator(header::ETAG),
        last_modified: validator(header::LAST_MODIFIED),
    })
}

/// The body as sent, gunzipped when it was gzipped, within the size limit
/// also after decompression (a small gzip can unpack to gigabytes).
fn decode(headers: &HeaderMap, body: Bytes, host: &str, limits: &Limits) -> Result<Vec<u8>, FetchError> {
    let encoding = headers.get(header::CONTENT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or("identity");
    match encoding.trim().to_ascii_lowercase().as_str() {
        "identity" | "" => Ok(body.to_vec()),
        "gzip" | "x-gzip" => {
            let mut out = Vec::new();
            let cap = u64::try_from(limits.max_bytes).unwrap_or(u64::MAX).saturating_add(1);
            flate2::read::GzDecoder::new(&body[..]).take(cap).read_to_end(&mut out).map_err(|e| {
                FetchError::Broken { host: host.to_owned(), reason: format!("bad gzip: {e}") }
            })?;
            if out.len() > limits.max_bytes {
                return Err(too_large(host, limits));
            }
            Ok(out)
        }
        other => Err(FetchError::Broken {
            host: host.to_owned(),
            reason: format!("unknown Content-Encoding {other}"),
        }),
    }
}

/// A calendar starts with BEGIN:VCALENDAR; a login page or an error page
/// served with 200 is said to be what it is.
fn check_calendar(text: &str, headers: &HeaderMap, host: &str) -> Result<(), FetchError> {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    let head: String = start.chars().take(15).collect();
    if head.eq_ignore_ascii_case("BEGIN:VCALENDAR") {
        return Ok(());
    }
    let html = start.starts_with('<')
        || headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.to_ascii_lowercase().contains("html"));
    let what = if html {
        "a web page (perhaps a sign-in page)"
    } else if start.is_empty() {
        "nothing"
    } else {
        "something else"
    };
    Err(FetchError::NotCalendar { host: host.to_owned(), what: what.to_owned() })
}
