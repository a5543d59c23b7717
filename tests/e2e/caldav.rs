//! `deepblock calendar connect|sync|conflicts|resolve` against real CalDAV
//! servers started here: Radicale (with htpasswd auth) and Xandikos (with
//! RFC 6578 sync tokens), from the peers' Python environment. The other
//! side's edits are made with python's `caldav` client
//! (tests/servers/dav_client.py), as a phone or a colleague's app would.

use crate::davserver::{DavServer, Kind, PASSWORD, USER};
use crate::harness::{Run, World};
use crate::peers;

/// `calendar connect` with the password on standard input.
fn connect(world: &World, server: &DavServer, name: &str, password: &str, choices: &[&str]) -> Run {
    let url = server.url();
    let mut args = vec!["calendar", "connect", name, &url, "--user", USER, "--password-stdin"];
    args.extend_from_slice(choices);
    world.run_with_input(&args, &format!("{password}\n"))
}

/// The meetings and blocks of the Thursday `DAY`, as "HH:MM title".
fn thursday(world: &World) -> Vec<String> {
    world.day(DAY)
}

/// A Thursday inside the published stretch (a year ahead), whatever the
/// date the tests run on.
const DAY: &str = "2027-06-03";

/// The resource body we wrote for the block `uid` (as kept, stamped at
/// the epoch; the one sent differs only in DTSTAMP), read by the
/// independent parsers that check our exports.
fn peers_read_what_we_published(world: &World, uid: &str) {
    let store = deepblock_store::Store::open(&world.db).expect("open the plan");
    let account = store.dav_accounts().expect("accounts").into_iter().next().expect("an account");
    let calendars = store.dav_calendars(&account.name).expect("calendars");
    let publish = calendars.iter().find(|c| c.publishes).expect("a publish calendar");
    let resources = store.dav_resources(&account.name, &publish.href).expect("resources");
    let body = &resources.iter().find(|r| r.uid.as_deref() == Some(uid)).expect("our resource").body;
    assert!(!body.contains("METHOD:"), "a calendar object resource must not carry METHOD (RFC 4791 4.1)");
    let file = world.dir.path().join("published.ics");
    std::fs::write(&file, body).expect("write");
    let events = peers::python("icalendar", &file, &[]);
    assert_eq!(events[0]["uid"], uid, "{events}");
    assert_eq!(events[0]["summary"], "Paper", "{events}");
    let (clean, report) = peers::libical(&file);
    assert!(clean, "libical reports:\n{report}");
    let expanded = peers::icaljs(&file, "2027-06-01T00:00:00", "2027-06-08T00:00:00");
    assert_eq!(expanded.as_array().map(Vec::len), Some(1), "{expanded}");
}

fn two_way_sync_against(kind: Kind) {
    let world = World::new("UTC");
    let mut server = DavServer::start(kind, &world.dir.path().join("dav"));
    let (work, blocks) = match kind {
        Kind::Radicale => ("Work", "Blocks"),
        // Xandikos --defaults makes "calendar"; a second one is made here.
        Kind::Xandikos => ("calendar", "Blocks"),
    };
    if kind == Kind::Radicale {
        server.client(&["make-calendar", work]);
    }
    server.client(&["make-calendar", blocks]);
    server.client(&["add", work, "standup@team", "Standup", "20270603T090000Z", "20270603T093000Z"]);
    server.client(&["add", work, "review@team", "Design review", "20270603T140000Z", "20270603T150000Z"]);
    let id = world.add(&[
        "--kind",
        "deep",
        "--start",
        "2027-06-03T10:00",
        "--end",
        "2027-06-03T13:00",
        "--title",
        "Paper",
    ]);

    // A wrong password: one line, nothing kept.
    let wrong = connect(&world, &server, "Team", "wrong", &["--read", work]);
    if kind == Kind::Radicale {
        wrong.fails(1, "refused the user name or password (401)");
        assert!(world.ok(&["calendar", "list"]).stdout.is_empty());
    }
    if wrong.code == 0 {
        world.ok(&["calendar", "rm", "Team"]);
    }

    // First sync: two meetings in, the block out.
    let first = connect(&world, &server, "Team", PASSWORD, &["--read", work, "--publish-to", blocks]);
    assert_eq!(first.code, 0, "{first:?}");
    assert_eq!(
        first.stdout.trim(),
        format!(
            "Team: read 1 calendar (2 new, 0 changed, 0 removed); published 1 block to {blocks} (1 new, 0 updated, 0 removed)"
        )
    );
    assert_eq!(thursday(&world), ["09:00 Standup", "10:00 Paper", "14:00 Design review"]);
    let published = server.client(&["list", blocks]);
    assert!(published.ends_with("|Paper|20270603T100000Z"), "{published}");
    let uid = published.split('|').next().expect("uid").to_owned();
    peers_read_what_we_published(&world, &uid);

    // The other side edits one meeting and deletes the other.
    server.client(&["rename", work, "review@team", "Design review (moved room)"]);
    server.client(&["remove", work, "standup@team"]);
    // This side moves the block.
    world.ok(&["block", "move", &id.to_string(), "--start", "2027-06-03T11:00", "--end", "2027-06-03T14:00"]);
    let second = world.ok(&["calendar", "sync"]);
    assert_eq!(
        second.stdout.trim(),
        format!(
            "Team: read 1 calendar (0 new, 1 changed, 1 removed); published 1 block to {blocks} (0 new, 1 updated, 0 removed)"
        )
    );
    assert_eq!(thursday(&world), ["11:00 Paper", "14:00 Design review (moved room)"]);
    assert!(server.client(&["list", blocks]).ends_with("|Paper|20270603T110000Z"));

    // Renamed on the phone: the plan takes the new title.
    server.client(&["rename", blocks, &uid, "Paper: related work"]);
    let third = world.ok(&["calendar", "sync"]);
    assert!(third.stdout.contains("1 block changed on the server taken in"), "{}", third.stdout);
    assert_eq!(thursday(&world), ["11:00 Paper: related work", "14:00 Design review (moved room)"]);

    // Renamed on both sides: a conflict; neither side is overwritten.
    server.client(&["rename", blocks, &uid, "Paper (theirs)"]);
    world.ok(&["block", "edit", &id.to_string(), "--title", "Paper (mine)"]);
    let fourth = world.ok(&["calendar", "sync"]);
    assert!(fourth.stdout.contains("1 block was changed here and on the server"), "{}", fourth.stdout);
    assert!(server.client(&["list", blocks]).contains("|Paper (theirs)|"));
    assert_eq!(thursday(&world)[0], "11:00 Paper (mine)");
    let conflicts = world.ok(&["calendar", "conflicts"]).stdout;
    assert_eq!(
        conflicts.trim(),
        format!("{uid}  'Paper (mine)' was changed here and in 'Team' (title there 'Paper (theirs)')")
    );
    world.ok(&["calendar", "resolve", &uid, "--keep", "mine"]);
    world.ok(&["calendar", "sync"]);
    assert!(
        server.client(&["list", blocks]).contains("|Paper (mine)|"),
        "keeping mine writes it over theirs"
    );
    assert!(world.ok(&["calendar", "conflicts"]).stdout.is_empty());

    // Deleted here: deleted there.
    world.ok(&["block", "rm", &id.to_string()]);
    let fifth = world.ok(&["calendar", "sync"]);
    assert!(fifth.stdout.contains("(0 new, 0 updated, 1 removed)"), "{}", fifth.stdout);
    assert_eq!(server.client(&["list", blocks]), "");

    // The server goes away mid-week: the sync says so, exits 3, and the
    // meetings stay; back again, it carries on.
    server.stop();
    let down = world.run(&["calendar", "sync", "--timeout", "5"]);
    assert_eq!(down.code, 3, "{down:?}");
    assert!(down.stdout.starts_with("Team: cannot reach 127.0.0.1:"), "{}", down.stdout);
    assert_eq!(thursday(&world), ["14:00 Design review (moved room)"]);
    assert!(world.ok(&["calendar", "list"]).stdout.contains("stale since"));
    server.restart();
    let back = world.ok(&["calendar", "sync"]);
    assert!(
        back.stdout.starts_with("Team: read 1 calendar (0 new, 0 changed, 0 removed)"),
        "{}",
        back.stdout
    );
    assert!(world.ok(&["calendar", "list"]).stdout.contains("synced "));

    // Disconnecting takes the meetings away.
    world.ok(&["calendar", "rm", "Team"]);
    assert!(thursday(&world).is_empty());
}

#[test]
#[ignore = "needs the CalDAV servers and client (Radicale, Xandikos, python caldav) and the OS keyring; scripts/test installs and runs them"]
fn two_way_sync_with_radicale() {
    two_way_sync_against(Kind::Radicale);
}

#[test]
#[ignore = "needs the CalDAV servers and client (Radicale, Xandikos, python caldav) and the OS keyring; scripts/test installs and runs them"]
fn two_way_sync_with_xandikos() {
    two_way_sync_against(Kind::Xandikos);
}

/// Writes `n` events straight into a Radicale calendar's folder, as its
/// filesystem storage keeps them (one .ics per event): a big calendar in
/// a second instead of 5,000 PUTs.
fn fill_radicale(server: &DavServer, calendar: &str, n: usize) {
    let folder = server.dir.join("store/collection-root").join(USER).join(calendar.to_lowercase());
    assert!(folder.is_dir(), "{} is not Radicale's folder for {calendar}", folder.display());
    for i in 0..n {
        let (day, hour) = (1 + (i / 8) % 28, 8 + i % 8);
        let text = format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:bulk-{i}@team\r\n\
             DTSTAMP:20261130T090000Z\r\nDTSTART:2027{:02}{day:02}T{hour:02}0000Z\r\n\
             DTEND:2027{:02}{day:02}T{hour:02}3000Z\r\nSUMMARY:Meeting {i}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            1 + (i / 224) % 12,
            1 + (i / 224) % 12,
        );
        std::fs::write(folder.join(format!("bulk-{i}.ics")), text).expect("event file");
    }
}

#[test]
#[ignore = "needs the CalDAV servers and client (Radicale, Xandikos, python caldav) and the OS keyring; scripts/test installs and runs them"]
fn a_calendar_of_5000_events_syncs_once_then_only_what_changed() {
    let world = World::new("UTC");
    let server = DavServer::start(Kind::Radicale, &world.dir.path().join("dav"));
    server.client(&["make-calendar", "Big"]);
    fill_radicale(&server, "Big", 5000);
    let first = connect(&world, &server, "Big", PASSWORD, &["--json", "--read", "Big"]);
    assert_eq!(first.code, 0, "{first:?}");
    let first: serde_json::Value = serde_json::from_str(&first.stdout).expect("json");
    assert!(first["line"].as_str().expect("line").contains("(5000 new, 0 changed, 0 removed)"), "{first}");
    let listed = world.ok(&["--json", "calendar", "list"]).json();
    assert!(listed["accounts"][0]["status"].as_str().expect("status").starts_with("synced "), "{listed}");

    let unchanged = world.ok(&["--json", "calendar", "sync"]).json();
    let (requests, bytes) =
        (&unchanged["calendars"][0]["traffic"][0], &unchanged["calendars"][0]["traffic"][1]);
    println!("no-change sync of 5,000 events: {requests} request(s), {bytes} bytes");
    assert_eq!(requests, 1, "a sync with nothing new is one sync-collection: {unchanged}");

    server.client(&["rename", "Big", "bulk-4321@team", "Moved to Friday"]);
    let one = world.ok(&["--json", "calendar", "sync"]).json();
    let (requests, bytes) = (&one["calendars"][0]["traffic"][0], &one["calendars"][0]["traffic"][1]);
    println!("sync of 5,000 events with one changed: {requests} request(s), {bytes} bytes");
    assert!(
        one["calendars"][0]["line"].as_str().expect("line").contains("(0 new, 1 changed, 0 removed)"),
        "{one}"
    );
    assert_eq!(requests, 2, "sync-collection, then one multiget: {one}");
    assert!(bytes.as_u64().expect("bytes") < 20_000, "only the change travels: {one}");
}

/// `deepblock calendar sync` killed with SIGKILL `after` it started;
/// whether it was still running then (so the kill cut a sync short).
fn sync_killed_after(world: &World, after: std::time::Duration) -> bool {
    let mut sync = std::process::Command::new(crate::harness::deepblock_bin())
        .arg("--db")
        .arg(&world.db)
        .args(["--tz", world.tz, "calendar", "sync"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("deepblock calendar sync");
    std::thread::sleep(after);
    let running = sync.try_wait().expect("wait").is_none();
    sync.kill().expect("kill -9");
    sync.wait().expect("reaped");
    running
}

/// The planned blocks' titles as the plan lists them, sorted.
fn planned(world: &World, from: &str, to: &str) -> Vec<String> {
    let listed = world.ok(&["--json", "block", "list", "--from", from, "--to", to]).json();
    let mut titles: Vec<String> = listed
        .as_array()
        .expect("array")
        .iter()
        .filter(|b| b["kind"] != "meeting")
        .map(|b| b["title"].as_str().expect("title").to_owned())
        .collect();
    titles.sort();
    titles
}

#[test]
#[ignore = "needs the CalDAV servers and client (Radicale, Xandikos, python caldav) and the OS keyring; scripts/test installs and runs them"]
fn syncs_killed_at_any_moment_lose_nothing_and_duplicate_nothing() {
    let world = World::new("UTC");
    let server = DavServer::start(Kind::Radicale, &world.dir.path().join("dav"));
    server.client(&["make-calendar", "Big"]);
    server.client(&["make-calendar", "Blocks"]);
    let connected = connect(&world, &server, "Team", PASSWORD, &["--read", "Big", "--publish-to", "Blocks"]);
    assert_eq!(connected.code, 0, "{connected:?}");

    // Then a lot to do at once: 2,000 meetings to read, 40 blocks to publish.
    fill_radicale(&server, "Big", 2000);
    let first = chrono::Utc::now().date_naive() + chrono::Days::new(1);
    let days: Vec<chrono::NaiveDate> = first
        .iter_days()
        .filter(|d| chrono::Datelike::weekday(d).number_from_monday() <= 5)
        .take(20)
        .collect();
    for (i, day) in days.iter().enumerate() {
        for (slot, (from, to)) in [("09:00", "10:30"), ("13:00", "14:30")].into_iter().enumerate() {
            let title = format!("Focus {:03}", i * 2 + slot);
            world.add(&[
                "--kind",
                "deep",
                "--start",
                &format!("{day}T{from}"),
                "--end",
                &format!("{day}T{to}"),
                "--title",
                &title,
            ]);
        }
    }
    let (from, to) = (days[0].to_string(), days[days.len() - 1].to_string());
    let blocks_before = planned(&world, &from, &to);
    assert_eq!(blocks_before.len(), 40);

    // Killed early, mid-way and late; at least one kill must cut a sync short.
    let cut_short: Vec<bool> = [300, 900, 1800]
        .iter()
        .map(|ms| sync_killed_after(&world, std::time::Duration::from_millis(*ms)))
        .collect();
    println!("kill -9 cut these syncs short: {cut_short:?}");
    assert!(cut_short.contains(&true), "no sync was still running when killed: {cut_short:?}");

    // The next sync finishes the work, and nothing was lost or doubled.
    world.ok(&["calendar", "sync"]);
    let meetings =
        world.ok(&["--json", "block", "list", "--from", "2027-01-01", "--to", "2027-12-31"]).json();
    let mut uids: Vec<&str> = meetings
        .as_array()
        .expect("array")
        .iter()
        .filter(|b| b["kind"] == "meeting")
        .map(|b| b["title"].as_str().expect("title"))
        .collect();
    let listed = uids.len();
    uids.sort_unstable();
    uids.dedup();
    assert_eq!((listed, uids.len()), (2000, 2000), "every meeting once");
    assert_eq!(planned(&world, &from, &to), blocks_before, "the plan kept every block");
    let published = server.client(&["list", "Blocks"]);
    let mut on_server: Vec<&str> = published.lines().map(|l| l.split('|').nth(1).expect("summary")).collect();
    on_server.sort_unstable();
    assert_eq!(on_server, blocks_before, "each block published exactly once");
    let again = world.ok(&["calendar", "sync"]);
    assert!(again.stdout.contains("(0 new, 0 changed, 0 removed)"), "{}", again.stdout);

    // A token the server no longer takes (or never did, whatever it said):
    // the sync lists the calendar instead, and still changes nothing.
    let mut store = deepblock_store::Store::open(&world.db).expect("open the plan");
    let big = store.dav_calendars("Team").expect("calendars").into_iter().find(|c| c.reads).expect("Big");
    store
        .write(|tx| {
            tx.set_dav_calendar_state("Team", &big.href, Some("http://example.invalid/ns/sync/0"), None)
        })
        .expect("spoil the token");
    drop(store);
    let listed = world.ok(&["calendar", "sync"]);
    assert!(listed.stdout.contains("(0 new, 0 changed, 0 removed)"), "{}", listed.stdout);
    let meetings =
        world.ok(&["--json", "block", "list", "--from", "2027-01-01", "--to", "2027-12-31"]).json();
    let count = meetings.as_array().expect("array").iter().filter(|b| b["kind"] == "meeting").count();
    assert_eq!(count, 2000);
}

#[test]
#[ignore = "needs the CalDAV servers and client (Radicale, Xandikos, python caldav) and the OS keyring; scripts/test installs and runs them"]
fn the_kinds_shown_busy_are_republished_when_the_user_changes_them() {
    let world = World::new("UTC");
    let server = DavServer::start(Kind::Radicale, &world.dir.path().join("dav"));
    server.client(&["make-calendar", "Blocks"]);
    world.add(&[
        "--kind",
        "learning",
        "--start",
        "2027-06-03T09:00",
        "--end",
        "2027-06-03T10:00",
        "--title",
        "Paper",
    ]);
    let connected = connect(&world, &server, "Team", PASSWORD, &["--publish-to", "Blocks"]);
    assert_eq!(connected.code, 0, "{connected:?}");
    let published = |world: &World| {
        let store = deepblock_store::Store::open(&world.db).expect("open the plan");
        let calendar = store.dav_calendars("Team").expect("calendars").remove(0);
        store.dav_resources("Team", &calendar.href).expect("resources").remove(0).body
    };
    assert!(published(&world).contains("TRANSP:OPAQUE"), "learning is busy by default");

    world.run(&["rules", "busy", "deep,focus"]).fails(1, "focus");
    let shown = world.ok(&["rules", "busy", "deep,meeting"]);
    assert_eq!(shown.stdout.trim(), "deep, meeting blocks show as busy; the rest as free");
    assert_eq!(world.ok(&["--json", "rules", "list"]).json()["busy"], serde_json::json!(["deep", "meeting"]));
    let synced = world.ok(&["calendar", "sync"]);
    assert!(synced.stdout.contains("(0 new, 1 updated, 0 removed)"), "{}", synced.stdout);
    assert!(published(&world).contains("TRANSP:TRANSPARENT"), "{}", published(&world));
    let again = world.ok(&["calendar", "sync"]);
    assert!(again.stdout.contains("(0 new, 0 updated, 0 removed)"), "{}", again.stdout);
}
