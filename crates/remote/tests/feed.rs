//! The feed fetcher against a loopback HTTP server that answers each
//! request with what the test scripted: validators, gzip, redirects,
//! errors and limits, as servers in the wild do.

use std::io::Write;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use deepblock_remote::{Address, FeedRequest, FetchError, Fetched, fetch_feed};
use tiny_http::{Header, Response, Server};

const CALENDAR: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nEND:VCALENDAR\r\n";

/// What the server saw of a request.
#[derive(Debug)]
struct Seen {
    url: String,
    headers: Vec<(String, String)>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// A server answering requests in turn with `answer(n, url)`.
fn serve(
    answer: impl Fn(usize, &str) -> Response<std::io::Cursor<Vec<u8>>> + Send + 'static,
) -> (String, mpsc::Receiver<Seen>) {
    let server = Server::http("127.0.0.1:0").unwrap();
    let base = format!("http://{}", server.server_addr().to_ip().unwrap());
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for (n, request) in server.incoming_requests().enumerate() {
            let seen = Seen {
                url: request.url().to_owned(),
                headers: request
                    .headers()
                    .iter()
                    .map(|h| (h.field.to_string(), h.value.to_string()))
                    .collect(),
            };
            let response = answer(n, &seen.url);
            let _ = tx.send(seen);
            let _ = request.respond(response);
        }
    });
    (base, rx)
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap()
}

fn fetch(url: &str, change: impl FnOnce(&mut FeedRequest<'_>)) -> Result<Fetched, FetchError> {
    let address = Address::parse(url).unwrap();
    let mut request = FeedRequest::new(&address);
    change(&mut request);
    fetch_feed(&request)
}

#[test]
fn validators_come_back_and_a_304_costs_nothing() {
    let (base, seen) = serve(|n, _| {
        if n == 0 {
            Response::from_string(CALENDAR)
                .with_header(header("ETag", "\"v1\""))
                .with_header(header("Last-Modified", "Mon, 30 Nov 2026 08:00:00 GMT"))
        } else {
            Response::from_string("").with_status_code(304)
        }
    });
    let first = fetch(&format!("{base}/team.ics"), |_| {}).unwrap();
    let Fetched::Calendar { text, etag, last_modified } = first else { panic!("{first:?}") };
    assert_eq!(text, CALENDAR);
    assert_eq!(etag.as_deref(), Some("\"v1\""));
    assert_eq!(last_modified.as_deref(), Some("Mon, 30 Nov 2026 08:00:00 GMT"));
    assert_eq!(seen.recv().unwrap().header("If-None-Match"), None);
    let again = fetch(&format!("{base}/team.ics"), |r| {
        r.etag = Some("\"v1\"");
        r.last_modified = Some("Mon, 30 Nov 2026 08:00:00 GMT");
    })
    .unwrap();
    assert_eq!(again, Fetched::NotModified);
    let second = seen.recv().unwrap();
    assert_eq!(second.header("If-None-Match"), Some("\"v1\""));
    assert_eq!(second.header("If-Modified-Since"), Some("Mon, 30 Nov 2026 08:00:00 GMT"));
}

#[test]
fn a_gzipped_feed_is_unpacked_and_a_gzip_bomb_is_refused() {
    let gzip = |text: &[u8]| {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(text).unwrap();
        encoder.finish().unwrap()
    };
    let small = gzip(CALENDAR.as_bytes());
    let mut bomb_text = CALENDAR.as_bytes().to_vec();
    bomb_text.resize(4 * 1024 * 1024, b' ');
    let bomb = gzip(&bomb_text);
    assert!(bomb.len() < 64 * 1024);
    let (base, seen) = serve(move |_, url| {
        let body = if url == "/small" { small.clone() } else { bomb.clone() };
        Response::from_data(body).with_header(header("Content-Encoding", "gzip"))
    });
    let fetched = fetch(&format!("{base}/small"), |_| {}).unwrap();
    assert!(matches!(fetched, Fetched::Calendar { ref text, .. } if text == CALENDAR), "{fetched:?}");
    assert_eq!(seen.recv().unwrap().header("Accept-Encoding"), Some("gzip"));
    let refused = fetch(&format!("{base}/bomb"), |r| r.limits.max_bytes = 1024 * 1024).unwrap_err();
    assert!(matches!(refused, FetchError::TooLarge { mib: 1, .. }), "{refused:?}");
}

#[test]
fn redirects_are_followed_up_to_the_limit_and_credentials_stay_with_their_host() {
    let (other, other_seen) = serve(|_, _| Response::from_string(CALENDAR));
    let (base, seen) = serve(move |_, url| match url {
        "/moved" => {
            Response::from_string("").with_status_code(301).with_header(header("Location", "/team.ics"))
        }
        "/team.ics" => Response::from_string(CALENDAR),
        "/away" => Response::from_string("")
            .with_status_code(302)
            .with_header(header("Location", &format!("{other}/x.ics"))),
        _ => Response::from_string("").with_status_code(302).with_header(header("Location", "/loop")),
    });
    let fetched = fetch(&format!("{base}/moved"), |r| r.basic = Some(("me", "pw"))).unwrap();
    assert!(matches!(fetched, Fetched::Calendar { .. }));
    let (first, second) = (seen.recv().unwrap(), seen.recv().unwrap());
    assert_eq!(second.url, "/team.ics");
    assert_eq!(first.header("Authorization"), Some("Basic bWU6cHc="));
    assert_eq!(second.header("Authorization"), Some("Basic bWU6cHc="));

    fetch(&format!("{base}/away"), |r| r.basic = Some(("me", "pw"))).unwrap();
    assert_eq!(
        other_seen.recv().unwrap().header("Authorization"),
        None,
        "a password must not follow a redirect to another host"
    );

    let looped = fetch(&format!("{base}/loop"), |_| {}).unwrap_err();
    assert_eq!(
        looped,
        FetchError::TooManyRedirects { host: base.trim_start_matches("http://").to_owned(), max: 5 }
    );
}

#[test]
fn statuses_and_bodies_that_are_not_a_calendar_are_said_as_such() {
    let (base, _seen) = serve(|_, url| match url {
        "/login" => Response::from_string("<!DOCTYPE html><html>Sign in</html>")
            .with_header(header("Content-Type", "text/html")),
        "/401" => Response::from_string("").with_status_code(401),
        "/404" => Response::from_string("").with_status_code(404),
        "/500" => Response::from_string("").with_status_code(500),
        _ => Response::from_string("this is not a calendar"),
    });
    let error = |path: &str| fetch(&format!("{base}{path}"), |_| {}).unwrap_err();
    let login = error("/login");
    assert!(matches!(&login, FetchError::NotCalendar { what, .. } if what.contains("web page")), "{login:?}");
    assert!(login.to_string().contains("iCal (.ics) link"), "{login}");
    assert!(matches!(error("/401"), FetchError::Unauthorized { .. }));
    assert!(matches!(error("/404"), FetchError::Gone { status, .. } if status == "404 Not Found"));
    assert!(matches!(error("/500"), FetchError::Status { status, .. } if status.starts_with("500")));
    assert!(matches!(error("/text"), FetchError::NotCalendar { what, .. } if what == "something else"));
}

#[test]
fn a_server_that_stalls_or_sends_too_much_is_cut_off() {
    let server = Server::http("127.0.0.1:0").unwrap();
    let base = format!("http://{}", server.server_addr().to_ip().unwrap());
    thread::spawn(move || {
        for request in server.incoming_requests() {
            if request.url() == "/huge" {
                // Chunked, so no Content-Length gives the size away.
                let body = std::io::Read::take(std::io::repeat(b'x'), 3 * 1024 * 1024);
                let _ = request.respond(Response::new(200.into(), vec![], body, None, None));
            } else {
                // Headers, then a body that never ends.
                thread::spawn(move || {
                    let mut writer = request.into_writer();
                    let _ = writer
                        .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\nBEGIN:VCALENDAR\r\n");
                    let _ = writer.flush();
                    thread::sleep(Duration::from_secs(30));
                });
            }
        }
    });
    let huge = fetch(&format!("{base}/huge"), |r| r.limits.max_bytes = 1024 * 1024).unwrap_err();
    assert!(matches!(huge, FetchError::TooLarge { mib: 1, .. }), "{huge:?}");
    let started = std::time::Instant::now();
    let slow = fetch(&format!("{base}/slow"), |r| r.limits.total = Duration::from_secs(1)).unwrap_err();
    assert!(matches!(slow, FetchError::TimedOut { seconds: 1, .. }), "{slow:?}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn nothing_listening_is_unreachable() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let error = fetch(&format!("http://127.0.0.1:{port}/x.ics"), |_| {}).unwrap_err();
    assert!(matches!(error, FetchError::Unreachable { .. }), "{error:?}");
    assert!(error.to_string().starts_with(&format!("cannot reach 127.0.0.1:{port} (")), "{error}");
}
