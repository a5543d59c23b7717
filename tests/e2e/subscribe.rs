//! `deepblock calendar subscribe|sync|list|rm` against a real HTTP server
//! (python's http.server behind tests/servers/feed_server.py) on loopback,
//! with the address and password in the real OS keyring.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::feeds::{FeedServer, WEEK, google_feed};
use crate::harness::{Run, World, deepblock_bin};

/// Everything of the plan a user sees, over years around the feed's week.
fn plan_blocks(world: &World) -> String {
    world.ok(&["--json", "block", "list", "--from", "2026-01-01", "--to", "2031-12-31"]).stdout
}

fn titles(world: &World) -> Vec<String> {
    let mut titles: Vec<String> = world.week(WEEK).into_iter().map(|(_, _, _, title)| title).collect();
    titles.sort();
    titles
}

fn list_line(world: &World) -> String {
    world.ok(&["calendar", "list"]).stdout.trim().to_owned()
}

#[test]
#[ignore = "needs the OS keyring (a Secret Service); scripts/test runs it in a session with gnome-keyring"]
fn a_subscription_follows_its_feed_and_keeps_the_last_copy_when_the_feed_fails() {
    let world = World::new("Europe/Lisbon");
    let served = world.dir.path().join("www");
    let mut server = FeedServer::start(&served);
    let secret = "/calendar/ical/team%40group.calendar.google.com/private-5ec4e7t0ken/basic.ics";
    server.publish(&secret.replace("%40", "@"), &google_feed(None));
    world.ok(&["rules", "no-meeting", "add", "--weekday", "wed"]);

    // First fetch: three meetings, one of them on the no-meeting day.
    let first = world.ok(&["calendar", "subscribe", "Team", &server.url(secret)]);
    assert_eq!(first.stdout.trim(), "Team: 3 meetings (3 new, 0 updated, 0 removed)");
    assert_eq!(server.next_request(), format!("GET {secret} 200"));
    assert_eq!(titles(&world), ["Design review", "Retro", "Standup"]);
    let check = world.run(&["rules", "check", "--week", WEEK]);
    assert_eq!(check.code, 2, "{}", check.stdout);
    assert!(check.stdout.contains("Design review"), "{}", check.stdout);

    // The secret part of the address is in the keyring, not in the plan
    // and not on the screen.
    let listed = list_line(&world);
    assert!(listed.starts_with("Team  127.0.0.1:"), "{listed}");
    assert!(listed.contains("/…/basic.ics  every 15m  3 meetings  updated "), "{listed}");
    let db = world.db_bytes();
    assert!(
        !db.windows(b"5ec4e7t0ken".len()).any(|w| w == b"5ec4e7t0ken"),
        "the secret address is in the database"
    );
    assert!(!listed.contains("5ec4e7t0ken") && !first.stderr.contains("5ec4e7t0ken"));

    // Nothing changed: a conditional request, answered 304.
    let again = world.ok(&["calendar", "sync"]);
    assert_eq!(again.stdout.trim(), "Team: up to date");
    assert_eq!(server.next_request(), format!("GET {secret} 304"));

    // The organiser cancels the review: it leaves the plan, and so does
    // its breach.
    server.publish(&secret.replace("%40", "@"), &google_feed(Some("review")));
    let changed = world.ok(&["calendar", "sync", "Team"]);
    assert_eq!(changed.stdout.trim(), "Team: 2 meetings (0 new, 0 updated, 1 removed)");
    assert_eq!(titles(&world), ["Retro", "Standup"]);
    assert_eq!(world.run(&["rules", "check", "--week", WEEK]).code, 0, "the breach went with its meeting");
    let before = plan_blocks(&world);

    // The server goes away: the copy stays, the calendar says it is stale,
    // and the sync exits 3 with one line naming the calendar.
    server.stop();
    let down = world.run(&["calendar", "sync"]);
    assert_eq!(down.code, 3, "{}", down.stderr);
    assert!(down.stdout.starts_with("Team: cannot reach 127.0.0.1:"), "{}", down.stdout);
    assert!(down.stdout.trim().ends_with("is kept"), "{}", down.stdout);
    assert_eq!(plan_blocks(&world), before, "a failed fetch must not change the plan");
    let stale = list_line(&world);
    assert!(stale.contains("2 meetings  stale since "), "{stale}");
    assert!(stale.contains(": cannot reach 127.0.0.1:"), "{stale}");

    // Back again: fresh, no longer stale.
    let mut server = FeedServer::start_on(&served, server.port);
    assert_eq!(world.ok(&["calendar", "sync"]).stdout.trim(), "Team: up to date");
    assert_eq!(server.next_request(), format!("GET {secret} 304"));
    assert!(list_line(&world).contains("2 meetings  updated "), "{}", list_line(&world));

    // Unsubscribing takes the meetings and the secrets away.
    assert_eq!(
        world.ok(&["calendar", "rm", "Team"]).stdout.trim(),
        "unsubscribed from 'Team'; 2 meetings left the plan"
    );
    assert!(titles(&world).is_empty());
}

/// Breaks the feed with `break_it`, syncs, and asserts the sync failed and
/// the plan did not change; returns the sync's run.
fn failing_sync(
    world: &World,
    server: &FeedServer,
    break_it: impl FnOnce(&FeedServer),
    args: &[&str],
) -> Run {
    let before = plan_blocks(world);
    break_it(server);
    let mut all = vec!["calendar", "sync"];
    all.extend_from_slice(args);
    let run = world.run(&all);
    assert_eq!(run.code, 3, "stdout: {} stderr: {}", run.stdout, run.stderr);
    assert_eq!(plan_blocks(world), before, "a failed sync changed the plan: {}", run.stdout);
    assert!(run.stdout.trim().ends_with("is kept"), "{}", run.stdout);
    run
}

#[test]
#[ignore = "needs the OS keyring (a Secret Service); scripts/test runs it in a session with gnome-keyring"]
fn a_malformed_or_failing_feed_changes_nothing() {
    let world = World::new("Europe/Lisbon");
    let mut server = FeedServer::start(&world.dir.path().join("www"));
    server.publish("/team.ics", &google_feed(None));
    world.ok(&["calendar", "subscribe", "Team", &server.url("/team.ics")]);
    server.next_request();
    assert_eq!(titles(&world).len(), 3);

    // A torn body: the first event's lines cut off half way, the rest gone.
    let full = google_feed(None);
    let torn = &full[..full.find("SUMMARY:Standup").expect("summary")];
    let run = failing_sync(&world, &server, |s| s.publish("/team.ics", torn), &[]);
    assert!(run.stdout.starts_with("Team: what came is not a readable calendar: "), "{}", run.stdout);
    let listed = list_line(&world);
    assert!(listed.contains("3 meetings  stale since "), "{listed}");

    // An empty body with 200.
    let run = failing_sync(&world, &server, |s| s.publish("/team.ics", ""), &[]);
    assert!(run.stdout.contains("answered with nothing, not a calendar"), "{}", run.stdout);
    server.publish("/team.ics", &full);
    world.ok(&["calendar", "sync"]);
    assert!(list_line(&world).contains("3 meetings  updated "), "a good fetch clears the stale mark");
}

#[test]
#[ignore = "needs the OS keyring (a Secret Service); scripts/test runs it in a session with gnome-keyring"]
fn addresses_that_misbehave_are_refused_with_one_line_each_and_nothing_is_kept() {
    let world = World::new("Europe/Lisbon");
    let server = FeedServer::start(&world.dir.path().join("www"));
    server.publish("/team.ics", &google_feed(None));
    let before = plan_blocks(&world);
    let refused = |path: &str, code: i32, text: &str| {
        let run = world.run(&["calendar", "subscribe", "Bad", &server.url(path), "--every", "1h"]);
        let line = run.fails(code, text).to_owned();
        assert!(line.starts_with("error: calendar 'Bad' was not subscribed: "), "{line}");
        line
    };
    refused("/status/500", 3, "answered 500 Internal Server Error; the server has a problem");
    refused("/login", 1, "answered with a web page (perhaps a sign-in page), not a calendar");
    refused("/loop", 1, "redirected more than 5 times");
    refused("/nothing.ics", 1, "answered 404 Not Found; the link may have been reset");
    refused("/huge", 1, "sent more than 32 MiB");
    let port =
        std::net::TcpListener::bind("127.0.0.1:0").expect("free port").local_addr().expect("addr").port();
    let run = world.run(&["calendar", "subscribe", "Bad", &format!("http://127.0.0.1:{port}/team.ics")]);
    run.fails(3, &format!("cannot reach 127.0.0.1:{port} ("));
    world.run(&["calendar", "subscribe", "Bad", "ftp://example.org/team.ics"]).fails(1, "cannot be fetched");
    world
        .run(&["calendar", "subscribe", "Bad", &server.url("/team.ics"), "--every", "1m"])
        .fails(1, "refresh interval");
    assert_eq!(plan_blocks(&world), before);
    let none = world.ok(&["calendar", "list"]);
    assert!(none.stdout.is_empty() && none.stderr.contains("no calendars are subscribed"), "{none:?}");

    // A redirect to the real place is followed, and a moved feed works.
    world.ok(&["calendar", "subscribe", "Team", &server.url("/moved/team.ics")]);
    assert_eq!(titles(&world).len(), 3);
    world.run(&["calendar", "subscribe", "Team", &server.url("/team.ics")]).fails(1, "already subscribed");
    world.run(&["calendar", "sync", "Nope"]).fails(1, "no subscribed calendar is named 'Nope'");
    world.run(&["calendar", "rm", "Nope"]).fails(1, "no subscribed calendar is named 'Nope'");
    world
        .run(&["import", "ics", &server.dir.join("team.ics").display().to_string(), "--calendar", "Team"])
        .fails(1, "is a subscribed calendar");
}

#[test]
#[ignore = "needs the OS keyring (a Secret Service); scripts/test runs it in a session with gnome-keyring"]
fn a_slow_feed_times_out_and_the_rest_still_sync() {
    let world = World::new("Europe/Lisbon");
    let server = FeedServer::start(&world.dir.path().join("www"));
    server.publish("/team.ics", &google_feed(None));
    server.publish("/slow-target.ics", &google_feed(Some("retro")));
    world.ok(&["calendar", "subscribe", "Team", &server.url("/team.ics")]);
    world.ok(&["calendar", "subscribe", "Slow", &server.url("/slow-target.ics")]);
    // That feed now stalls after its headers; the other still answers.
    server.publish("/slow-target.ics.stall", "");
    let before = plan_blocks(&world);
    let started = std::time::Instant::now();
    let run = world.run(&["calendar", "sync", "--timeout", "2"]);
    assert!(started.elapsed() < std::time::Duration::from_secs(30), "the timeout was not kept");
    assert_eq!(run.code, 3, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with("Slow: 127.0.0.1:"), "{lines:?}");
    assert!(
        lines[0].contains("did not answer in 2 s; the next sync tries again; the copy from "),
        "{lines:?}"
    );
    assert_eq!(lines[1], "Team: up to date");
    assert_eq!(plan_blocks(&world), before);
    assert_eq!(titles(&world).len(), 5, "both copies stay");
}

#[test]
#[ignore = "needs the OS keyring (a Secret Service); scripts/test runs it in a session with gnome-keyring"]
fn a_feed_behind_a_password_takes_it_from_stdin_and_keeps_it_in_the_keyring() {
    let world = World::new("Europe/Lisbon");
    let server = FeedServer::start(&world.dir.path().join("www"));
    server.publish("/private/team.ics", &google_feed(None));
    let url = server.url("/private/team.ics");
    let subscribe = |password: &str| {
        let args = ["calendar", "subscribe", "Team", &url, "--user", "ana", "--password-stdin"];
        world.run_with_input(&args, &format!("{password}\n"))
    };
    let wrong = subscribe("wrong");
    assert_eq!(wrong.code, 1);
    let said = &wrong.stderr;
    assert!(said.contains("refused the user name or password (401)"), "{said}");
    assert!(!said.contains("wrong"), "the password must not be echoed");
    let right = subscribe("correct horse");
    assert_eq!(right.code, 0, "{}", right.stderr);
    // Later syncs find the password in the keyring.
    assert_eq!(world.ok(&["calendar", "sync"]).stdout.trim(), "Team: up to date");
    assert!(!world.db_bytes().windows(b"correct horse".len()).any(|w| w == b"correct horse"));
    let no_terminal = world.run(&["calendar", "subscribe", "Other", &url, "--user", "ana"]);
    no_terminal.fails(1, "--password-stdin");
}

#[test]
#[ignore = "needs the OS keyring (a Secret Service); scripts/test runs it in a session with gnome-keyring"]
fn real_producers_feeds_subscribe_as_their_files_import() {
    let world = World::new("Europe/Lisbon");
    let server = FeedServer::start(&world.dir.path().join("www"));
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ics");
    for file in ["icaljs_recur_instances.ics", "pyical_timezone_same_start.ics", "icaljs_google_birthday.ics"]
    {
        let text = std::fs::read_to_string(fixtures.join(file)).expect("fixture");
        server.publish(&format!("/{file}"), &text);
        let name = file.trim_end_matches(".ics");
        let run =
            world.ok(&["--json", "calendar", "subscribe", name, &server.url(&format!("/{file}"))]).json();
        let subscribed = &run["import"];
        let copy = format!("{name} copy");
        let path = fixtures.join(file).display().to_string();
        let imported = world.ok(&["--json", "import", "ics", &path, "--calendar", &copy]).json();
        for count in ["added", "skipped", "cancelled", "unreadable"] {
            assert_eq!(subscribed[count], imported[count], "{file}: {count}");
        }
        assert!(subscribed["added"].as_u64() > Some(0) || subscribed["skipped"].as_u64() > Some(0), "{file}");
    }
}

#[test]
#[ignore = "needs the OS keyring (a Secret Service); scripts/test runs it in a session with gnome-keyring"]
fn a_sync_killed_while_it_waits_on_the_server_leaves_the_plan_as_it_was() {
    let world = World::new("Europe/Lisbon");
    let server = FeedServer::start(&world.dir.path().join("www"));
    server.publish("/team.ics", &google_feed(None));
    world.ok(&["calendar", "subscribe", "Team", &server.url("/team.ics")]);
    server.publish("/team.ics", &google_feed(Some("retro")));
    server.publish("/team.ics.stall", "");
    let before = plan_blocks(&world);
    let mut sync = Command::new(deepblock_bin())
        .arg("--db")
        .arg(&world.db)
        .args(["--tz", world.tz, "calendar", "sync"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("deepblock calendar sync");
    std::thread::sleep(std::time::Duration::from_millis(1500));
    sync.kill().expect("kill -9");
    sync.wait().expect("reaped");
    assert_eq!(plan_blocks(&world), before);
    assert!(list_line(&world).contains("3 meetings  updated "), "{}", list_line(&world));

    // The next sync picks up where nothing was left half done.
    std::fs::remove_file(server.dir.join("team.ics.stall")).expect("rm");
    let next = world.ok(&["calendar", "sync"]);
    assert_eq!(next.stdout.trim(), "Team: 2 meetings (0 new, 0 updated, 1 removed)");
}

#[test]
#[ignore = "needs the OS keyring (a Secret Service); scripts/test runs it in a session with gnome-keyring"]
fn a_certificate_nobody_trusts_is_refused_and_named() {
    let world = World::new("Europe/Lisbon");
    let (key, cert) = (world.dir.path().join("key.pem"), world.dir.path().join("cert.pem"));
    let made = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
        ])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("openssl");
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("addr").port();
    let serve = format!(
        "import http.server, ssl\n\
         s = http.server.HTTPServer(('127.0.0.1', {port}), http.server.SimpleHTTPRequestHandler)\n\
         c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)\n\
         c.load_cert_chain({cert:?}, {key:?})\n\
         s.socket = c.wrap_socket(s.socket, server_side=True)\n\
         s.serve_forever()\n",
        cert = cert.display().to_string(),
        key = key.display().to_string(),
    );
    let mut server = Command::new("python3").args(["-c", &serve]).spawn().expect("python TLS server");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let run = world.run(&["calendar", "subscribe", "Team", &format!("https://127.0.0.1:{port}/team.ics")]);
    let _ = server.kill();
    let _ = server.wait();
    run.fails(3, &format!("127.0.0.1:{port}'s certificate is not trusted"));
    assert!(world.ok(&["calendar", "list"]).stdout.is_empty());
}
