//! `deepblock serve`: the subscribable feed, with its token in the real OS
//! keyring (scripts/test runs the tests in a D-Bus session with
//! gnome-keyring unlocked).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::harness::{World, deepblock_bin};

/// A running `deepblock serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    token: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(world: &World) -> Server {
    let mut child = Command::new(deepblock_bin())
        .arg("--db")
        .arg(&world.db)
        .args(["--tz", world.tz, "serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start deepblock serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("read address");
    if line.is_empty() {
        let mut err = String::new();
        let _ = child.stderr.take().map(|mut e| e.read_to_string(&mut err));
        panic!("deepblock serve printed no address; it said: {err}");
    }
    let rest = line.trim().strip_prefix("http://127.0.0.1:").unwrap_or_else(|| panic!("address {line:?}"));
    let (port, token) = rest.split_once("/calendar.ics?token=").expect("feed address");
    Server { child, port: port.parse().expect("port"), token: token.to_owned() }
}

/// What came back over the wire.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

fn get(port: u16, target: &str, host: &str, extra: &str) -> Answer {
    send(port, &format!("GET {target} HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n"))
}

fn post(port: u16, target: &str, body: &str) -> Answer {
    let head = format!(
        "POST {target} HTTP/1.1\r\nHost: localhost:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
        body.len()
    );
    send(port, &format!("{head}Connection: close\r\n\r\n{body}"))
}

fn send(port: u16, raw_request: &str) -> Answer {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    stream.write_all(raw_request.as_bytes()).expect("send");
    let mut raw = String::new();
    stream.read_to_string(&mut raw).expect("read");
    let (head, body) = raw.split_once("\r\n\r\n").expect("an HTTP answer");
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).expect("status");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Answer { status, headers, body: body.to_owned() }
}

#[test]
#[ignore = "needs the OS keyring (a Secret Service); scripts/test runs it in a session with gnome-keyring"]
fn the_feed_serves_the_plan_to_the_token_holder_only() {
    let world = World::new("Europe/Lisbon");
    world.ok(&[
        "block",
        "add",
        "--kind",
        "deep",
        "--start",
        "2026-12-01T09:00",
        "--end",
        "2026-12-01T12:00",
        "--title",
        "Feed me",
    ]);
    let server = serve(&world);
    let (port, token) = (server.port, server.token.clone());
    let host = format!("127.0.0.1:{port}");
    let path = format!("/calendar.ics?token={token}");

    let ok = get(port, &path, &host, "");
    assert_eq!(ok.status, 200);
    assert_eq!(ok.header("Content-Type"), Some("text/calendar; charset=utf-8"));
    assert!(
        ok.body.starts_with("BEGIN:VCALENDAR\r\n") && ok.body.contains("SUMMARY:Feed me\r\n"),
        "{}",
        ok.body
    );
    let etag = ok.header("ETag").expect("an ETag").to_owned();

    let cached = get(port, &path, "localhost", &format!("If-None-Match: {etag}\r\n"));
    assert_eq!((cached.status, cached.body.as_str()), (304, ""));

    for (target, host, status) in [
        ("/calendar.ics".to_owned(), host.clone(), 401),
        ("/calendar.ics?token=0000".to_owned(), host.clone(), 401),
        (format!("/calendar.ics?token={}x", &token[..token.len() - 1]), host.clone(), 401),
        (path.clone(), "attacker.example".to_owned(), 403),
        (path.clone(), format!("rebind.example:{port}"), 403),
    ] {
        let refused = get(port, &target, &host, "");
        assert_eq!(refused.status, status, "{target} via {host}");
        assert!(refused.body.is_empty(), "a refusal said something: {}", refused.body);
    }

    // A change to the plan changes the validator.
    world.ok(&[
        "block",
        "add",
        "--kind",
        "learning",
        "--start",
        "2026-12-02T09:00",
        "--end",
        "2026-12-02T10:00",
    ]);
    let changed = get(port, &path, &host, &format!("If-None-Match: {etag}\r\n"));
    assert_eq!(changed.status, 200);
    assert_ne!(changed.header("ETag"), Some(etag.as_str()));
}

#[test]
#[ignore = "needs the OS keyring (a Secret Service); scripts/test runs it in a session with gnome-keyring"]
fn the_token_lives_in_the_keyring_not_in_the_database() {
    let world = World::new("Europe/Lisbon");
    let first = serve(&world).token.clone();
    let again = serve(&world).token.clone();
    assert_eq!(first, again, "the token is made once");
    assert!(first.len() >= 64, "{first}");
    let stored = Command::new("secret-tool")
        .args(["lookup", "service", "deepblock", "username", "feed-token"])
        .output()
        .expect("secret-tool (scripts/test installs libsecret-tools)");
    assert_eq!(String::from_utf8_lossy(&stored.stdout), first);
    let db = std::fs::read(&world.db).expect("read db");
    assert!(!db.windows(first.len()).any(|w| w == first.as_bytes()), "the token is in the database");
}

#[test]
#[ignore = "needs the OS keyring (a Secret Service); scripts/test runs it in a session with gnome-keyring"]
fn a_training_script_can_post_a_notification_that_waits_for_the_break() {
    let world = World::new("Europe/Lisbon");
    world.ok(&["focus", "start", "--minutes", "60"]);
    let server = serve(&world);
    let path = format!("/notify?token={}", server.token);
    let held = post(server.port, &path, r#"{"title": "run 42 finished", "body": "val loss 0.31"}"#);
    assert_eq!(held.status, 202, "{}", held.body);
    let outcome: serde_json::Value = serde_json::from_str(&held.body).expect("JSON");
    assert_eq!(outcome["shown"], false);
    assert!(outcome["held_until"].is_string(), "{outcome}");
    let refused = post(server.port, "/notify?token=wrong", r#"{"title": "x"}"#);
    assert_eq!((refused.status, refused.body.as_str()), (401, ""));
    let bad = post(server.port, &path, "run 42 finished");
    assert_eq!(bad.status, 400);
    let error: serde_json::Value = serde_json::from_str(&bad.body).expect("JSON error");
    assert_eq!(error["code"], "bad-input");
}
