//! The one HTTP client: hyper over rustls, with the limits every request
//! of ours obeys and the errors it can end in, each said in one line.

use std::error::Error as _;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use tokio::runtime::Runtime;
use tokio::time::{Instant, timeout_at};

/// How long and how much the network may take before we give up.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// To open the connection (TCP and TLS).
    pub connect: Duration,
    /// For a whole request, answer and body: a server that trickles a byte
    /// at a time is cut off here.
    pub total: Duration,
    /// The largest body accepted, after decompression.
    pub max_bytes: usize,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            total: Duration::from_secs(60),
            // A busy work calendar of several years is a few MiB.
            max_bytes: 32 * 1024 * 1024,
            max_redirects: 5,
        }
    }
}

/// Why a request did not bring back what was asked for. Each says what
/// went wrong and what to do, in one line, naming the host but never the
/// whole address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// No connection could be made.
    #[error("cannot reach {host} ({reason}); check the address and the network")]
    Unreachable {
        /// Where.
        host: String,
        /// What the system said.
        reason: String,
    },
    /// The server took longer than the limit.
    #[error("{host} did not answer in {seconds} s; the next sync tries again")]
    TimedOut {
        /// Where.
        host: String,
        /// The limit.
        seconds: u64,
    },
    /// TLS refused the server's certificate.
    #[error(
        "{host}'s certificate is not trusted ({reason}); if it is your own server, add its CA to the system's trusted certificates"
    )]
    Certificate {
        /// Where.
        host: String,
        /// What rustls said.
        reason: String,
    },
    /// 401: the user name or password is wrong or missing.
    #[error("{host} refused the user name or password (401); give the right ones and sync again")]
    Unauthorized {
        /// Where.
        host: String,
    },
    /// 403, 404, 410: the address no longer leads to the calendar.
    #[error(
        "{host} answered {status}; the link may have been reset or unshared: copy it again from the calendar's settings"
    )]
    Gone {
        /// Where.
        host: String,
        /// The status line, "404 Not Found".
        status: String,
    },
    /// Any other status we do not expect.
    #[error("{host} answered {status}; the server has a problem, the next sync tries again")]
    Status {
        /// Where.
        host: String,
        /// The status line.
        status: String,
    },
    /// Redirected more than the limit (or in a loop).
    #[error("{host} redirected more than {max} times; the address leads nowhere, copy it again")]
    TooManyRedirects {
        /// Where the chain started.
        host: String,
        /// The limit.
        max: usize,
    },
    /// The body is larger than the limit.
    #[error("{host} sent more than {mib} MiB; that is not a calendar we can keep, check the address")]
    TooLarge {
        /// Where.
        host: String,
        /// The limit, in MiB.
        mib: usize,
    },
    /// The body is not iCalendar.
    #[error(
        "{host} answered with {what}, not a calendar; use the calendar's iCal (.ics) link, such as Google's \"secret address in iCal format\""
    )]
    NotCalendar {
        /// Where.
        host: String,
        /// What came instead ("a web page").
        what: String,
    },
    /// The connection broke or the body could not be decoded.
    #[error("{host} sent a broken answer ({reason}); the next sync tries again")]
    Broken {
        /// Where.
        host: String,
        /// What broke.
        reason: String,
    },
    /// The machine itself cannot make requests (no runtime, no trusted
    /// certificates at all).
    #[error("cannot make network requests here: {0}")]
    Local(String),
}

impl FetchError {
    /// Whether the address (or the credentials given with it) is what is
    /// wrong, rather than the network or the server's health: trying the
    /// same again later will not help.
    pub fn blames_the_address(&self) -> bool {
        matches!(
            self,
            Self::Unauthorized { .. }
                | Self::Gone { .. }
                | Self::NotCalendar { .. }
                | Self::TooManyRedirects { .. }
                | Self::TooLarge { .. }
        )
    }
}

/// The client type every request goes through (libdav takes it as is).
pub(crate) type HyperHttps = HyperClient<HttpsConnector<HttpConnector>, String>;

/// A runtime on the calling thread and a client on it: one per fetch or
/// sync, so nothing of the network outlives the call that needs it.
pub(crate) struct Net {
    pub(crate) runtime: Runtime,
    pub(crate) client: HyperHttps,
    pub(crate) limits: Limits,
}

impl Net {
    pub(crate) fn new(limits: Limits) -> Result<Self, FetchError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| FetchError::Local(format!("no I/O runtime ({e})")))?;
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(limits.connect));
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_native_roots()
            .map_err(|e| {
                FetchError::Local(format!(
                    "no trusted certificates on this system ({e}); install ca-certificates"
                ))
            })?
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client = HyperClient::builder(TokioExecutor::new()).build(https);
        Ok(Self { runtime, client, limits })
    }
}

/// Sends `request` and reads the whole answer within the limits.
pub(crate) async fn send(
    client: &HyperHttps,
    request: http::Request<String>,
    host: &str,
    limits: &Limits,
) -> Result<(http::response::Parts, Bytes), FetchError> {
    let deadline = Instant::now() + limits.total;
    let timed_out = || FetchError::TimedOut { host: host.to_owned(), seconds: limits.total.as_secs() };
    let response = timeout_at(deadline, client.request(request))
        .await
        .map_err(|_| timed_out())?
        .map_err(|e| request_failed(&e, host, limits))?;
    let (parts, mut body) = response.into_parts();
    let mut bytes = Vec::new();
    while let Some(frame) = timeout_at(deadline, next_frame(&mut body)).await.map_err(|_| timed_out())? {
        let frame = frame.map_err(|e| FetchError::Broken { host: host.to_owned(), reason: e.to_string() })?;
        if let Ok(data) = frame.into_data() {
            if bytes.len() + data.len() > limits.max_bytes {
                return Err(too_large(host, limits));
            }
            bytes.extend_from_slice(&data);
        }
    }
    Ok((parts, Bytes::from(bytes)))
}

async fn next_frame(body: &mut Incoming) -> Option<Result<hyper::body::Frame<Bytes>, hyper::Error>> {
    body.frame().await
}

pub(crate) fn too_large(host: &str, limits: &Limits) -> FetchError {
    FetchError::TooLarge { host: host.to_owned(), mib: limits.max_bytes.div_ceil(1024 * 1024) }
}

/// Sorts a failed request into what the user can act on: a certificate
/// refused, a connection refused or unresolved, a timeout.
fn request_failed(error: &hyper_util::client::legacy::Error, host: &str, limits: &Limits) -> FetchError {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = error.source();
    let mut deepest = error.to_string();
    while let Some(e) = cause {
        let inner = e
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .map(|e| e as &dyn std::error::Error);
        for candidate in [Some(e), inner].into_iter().flatten() {
            if let Some(tls) = candidate.downcast_ref::<rustls::Error>() {
                return FetchError::Certificate { host: host.to_owned(), reason: tls.to_string() };
            }
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::TimedOut
        {
            return FetchError::TimedOut { host: host.to_owned(), seconds: limits.connect.as_secs() };
        }
        deepest = e.to_string();
        cause = e.source();
    }
    // rustls's verdict reaches us wrapped in an io::Error whose inner type
    // does not always survive the connector's boxing; its words do.
    if deepest.contains("certificate") {
        FetchError::Certificate { host: host.to_owned(), reason: deepest }
    } else if error.is_connect() {
        FetchError::Unreachable { host: host.to_owned(), reason: deepest }
    } else {
        FetchError::Broken { host: host.to_owned(), reason: deepest }
    }
}
