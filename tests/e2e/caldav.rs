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

/// The meetings and blocks of next week's Thursday, as "HH:MM title".
fn thursday(world: &World) -> Vec<String> {
    let run = world.ok(&["--json", "block", "list", "--from", DAY, "--to", DAY]);
    let mut seen: Vec<String> = run
        .json()
        .as_array()
        .expect("array")
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                &e["start"].as_str().expect("start")[11..16],
                e["title"].as_str().expect("title")
            )
        })
        .collect();
    seen.sort();
    seen
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
