//! The local calendar feed: the plan at `http://127.0.0.1:PORT/calendar.ics`
//! for Outlook, Apple Calendar and Thunderbird to subscribe to.
//!
//! It listens on the loopback address only, answers only requests whose
//! Host is a loopback name (a web page cannot reach it through a DNS name
//! that points at 127.0.0.1), and only with the token from the keyring.

use crate::{Deepblock, ErrorCode, ServiceError, ServiceResult, secrets};

/// The port the feed listens on unless told otherwise.
pub const DEFAULT_FEED_PORT: u16 = 8712;

/// The parts of a request the feed looks at.
#[derive(Debug, Clone, Default)]
pub struct FeedRequest<'a> {
    /// `GET`, `HEAD`, …
    pub method: &'a str,
    /// Path and query, as `/calendar.ics?token=…`.
    pub target: &'a str,
    /// The Host header, if any.
    pub host: Option<&'a str>,
    /// The If-None-Match header, if any.
    pub if_none_match: Option<&'a str>,
    /// The body, as far as the listener read it.
    pub body: &'a str,
}

/// What listens for the feed: it takes requests on the loopback address
/// and hands each to the service, which decides the answer.
pub trait HttpServer: Send + Sync {
    /// Listens on 127.0.0.1:`port` (0 picks a free port) and answers each
    /// request with `answer` until the process ends; `ready` gets the port
    /// once listening. A body is read up to [`MAX_BODY`] bytes.
    fn serve(
        &self,
        port: u16,
        ready: &mut dyn FnMut(u16),
        answer: &dyn Fn(&FeedRequest<'_>) -> FeedResponse,
    ) -> ServiceResult<()>;
}

/// The most of a request's body the service looks at: a notification is a
/// few lines.
pub const MAX_BODY: usize = 64 * 1024;

/// What the feed answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedResponse {
    /// HTTP status.
    pub status: u16,
    /// Extra headers.
    pub headers: Vec<(&'static str, String)>,
    /// Body, empty on every refusal.
    pub body: String,
}

impl FeedResponse {
    fn bare(status: u16) -> Self {
        Self { status, headers: Vec::new(), body: String::new() }
    }
}

/// Whether a Host header names this machine's loopback interface.
fn loopback_host(host: &str) -> bool {
    let name = match host.rsplit_once(':') {
        Some((name, port)) if !name.ends_with(':') && port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    };
    matches!(name.to_ascii_lowercase().as_str(), "localhost" | "127.0.0.1" | "[::1]")
}

/// Compares without stopping at the first difference, so the time taken
/// says nothing about how much of a guess was right.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn query_token(target: &str) -> Option<&str> {
    let query = target.split_once('?')?.1;
    query.split('&').find_map(|pair| pair.strip_prefix("token="))
}

/// A validator for the calendar's content: a hash of the text as rendered
/// with a fixed DTSTAMP, so it changes when the plan does, not every second.
fn etag(content: &str) -> String {
    let hash = content
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("W/\"{hash:016x}\"")
}

/// What a request may do, once the checks every request passes are done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// GET or HEAD of the calendar.
    Calendar,
    /// POST of a notification.
    Notify,
    /// Refused with this status and nothing else.
    Refuse(u16),
}

/// Checks the Host (403), the path (404), the method (405) and the token
/// (401), in that order, so a refusal says nothing about the token to a
/// caller that should not be asking at all.
pub fn route(request: &FeedRequest<'_>, token: &str) -> Route {
    if !request.host.is_some_and(loopback_host) {
        return Route::Refuse(403);
    }
    let path = request.target.split('?').next().unwrap_or("");
    let (route, methods): (Route, &[&str]) = match path {
        "/calendar.ics" => (Route::Calendar, &["GET", "HEAD"]),
        "/notify" => (Route::Notify, &["POST"]),
        _ => return Route::Refuse(404),
    };
    if !methods.contains(&request.method) {
        return Route::Refuse(405);
    }
    if !query_token(request.target).is_some_and(|given| same_secret(given, token)) {
        return Route::Refuse(401);
    }
    route
}

/// Decides the answer to a calendar request. `render(stable)` gives the
/// calendar text; with `stable` true its DTSTAMPs are fixed, for the
/// validator.
pub fn respond(
    request: &FeedRequest<'_>,
    token: &str,
    render: impl Fn(bool) -> ServiceResult<String>,
) -> ServiceResult<FeedResponse> {
    match route(request, token) {
        Route::Calendar => {}
        Route::Notify => return Ok(FeedResponse::bare(405)),
        Route::Refuse(status) => return Ok(FeedResponse::bare(status)),
    }
    let tag = etag(&render(true)?);
    let headers = vec![("ETag", tag.clone()), ("Cache-Control", "private, no-cache".to_owned())];
    if request.if_none_match.is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*")) {
        return Ok(FeedResponse { status: 304, headers, body: String::new() });
    }
    let mut headers = headers;
    headers.push(("Content-Type", "text/calendar; charset=utf-8".to_owned()));
    let body = if request.method == "HEAD" { String::new() } else { render(false)? };
    Ok(FeedResponse { status: 200, headers, body })
}

/// A notification posted to `/notify`: `{"title": …, "body": …, "urgent": …}`.
#[derive(Debug, serde::Deserialize)]
struct PostedNotification {
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    urgent: bool,
}

fn json_response(status: u16, value: &impl serde::Serialize) -> FeedResponse {
    FeedResponse {
        status,
        headers: vec![("Content-Type", "application/json".to_owned())],
        body: serde_json::to_string(value).unwrap_or_default(),
    }
}

impl Deepblock {
    /// Serves the feed on 127.0.0.1:`port` (0 picks a free port) until the
    /// process ends. `ready` gets the subscription address once listening.
    pub fn serve_feed(&self, port: u16, ready: impl FnOnce(&str)) -> ServiceResult<()> {
        let token = secrets::feed_token(&*self.system.secrets)?;
        let mut ready = Some(ready);
        let mut listening = |port: u16| {
            if let Some(ready) = ready.take() {
                ready(&format!("http://127.0.0.1:{port}/calendar.ics?token={token}"));
            }
        };
        let answer = |request: &FeedRequest<'_>| match route(request, &token) {
            Route::Notify => self.answer_notify(request.body),
            _ => respond(request, &token, |stable| self.plan().export_for_feed(stable))
                .unwrap_or_else(|_| FeedResponse::bare(500)),
        };
        self.system.http.serve(port, &mut listening, &answer)
    }

    /// `POST /notify`: the same as `deepblock notify`, for scripts that
    /// would rather speak HTTP.
    fn answer_notify(&self, body: &str) -> FeedResponse {
        let posted = match serde_json::from_str::<PostedNotification>(body) {
            Ok(posted) => posted,
            Err(e) => {
                let message = format!("send JSON such as {{\"title\": \"run 42 finished\"}} ({e})");
                return json_response(400, &ServiceError::bad_input(message));
            }
        };
        match self.notify(&posted.title, &posted.body, posted.urgent) {
            Ok(outcome) => json_response(if outcome.shown { 200 } else { 202 }, &outcome),
            Err(e) => json_response(if e.code == ErrorCode::Environment { 503 } else { 400 }, &e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(request: FeedRequest<'_>) -> FeedResponse {
        respond(&request, "s3cret", |stable| Ok(if stable { "CAL".into() } else { "CAL+STAMP".into() }))
            .unwrap()
    }

    fn get<'a>(target: &'a str, host: &'a str) -> FeedRequest<'a> {
        FeedRequest { method: "GET", target, host: Some(host), if_none_match: None, body: "" }
    }

    #[test]
    fn the_right_token_gets_the_calendar_with_a_validator() {
        let ok = ask(get("/calendar.ics?token=s3cret", "127.0.0.1:8712"));
        assert_eq!(ok.status, 200);
        assert_eq!(ok.body, "CAL+STAMP");
        let tag = ok.headers.iter().find(|(k, _)| *k == "ETag").unwrap().1.clone();
        let again =
            ask(FeedRequest { if_none_match: Some(&tag), ..get("/calendar.ics?token=s3cret", "localhost") });
        assert_eq!((again.status, again.body.as_str()), (304, ""));
    }

    #[test]
    fn notify_takes_only_a_post_with_the_token() {
        let post = |target| FeedRequest {
            method: "POST",
            target,
            host: Some("127.0.0.1:8712"),
            if_none_match: None,
            body: "",
        };
        assert_eq!(route(&post("/notify?token=s3cret"), "s3cret"), Route::Notify);
        assert_eq!(route(&post("/notify"), "s3cret"), Route::Refuse(401));
        assert_eq!(route(&get("/notify?token=s3cret", "localhost"), "s3cret"), Route::Refuse(405));
        let foreign = FeedRequest { host: Some("evil.example"), ..post("/notify?token=s3cret") };
        assert_eq!(route(&foreign, "s3cret"), Route::Refuse(403));
    }

    #[test]
    fn refusals_say_nothing() {
        for (request, status) in [
            (get("/calendar.ics", "127.0.0.1"), 401),
            (get("/calendar.ics?token=guess", "127.0.0.1"), 401),
            (get("/calendar.ics?token=s3cre", "127.0.0.1"), 401),
            (get("/calendar.ics?token=s3cret", "evil.example"), 403),
            (get("/calendar.ics?token=s3cret", "evil.example:8712"), 403),
            (get("/calendar.ics?token=s3cret", "127.0.0.1.nip.io"), 403),
            (FeedRequest { host: None, ..get("/calendar.ics?token=s3cret", "") }, 403),
            (get("/other?token=s3cret", "[::1]:8712"), 404),
            (FeedRequest { method: "POST", ..get("/calendar.ics?token=s3cret", "localhost") }, 405),
        ] {
            let answer = ask(request.clone());
            assert_eq!(answer.status, status, "{request:?}");
            assert!(answer.body.is_empty() && answer.headers.is_empty(), "{request:?}");
        }
    }
}
