//! `deepblock-focusd` as it runs on a machine: root, its name on a real
//! system bus with the shipped bus policy, the real polkit daemon judging
//! callers with the shipped actions, /etc/hosts read by the C library's own
//! resolver (`getent`), all inside a private namespace (tests/support).
//! It needs root, as CI has.

mod support;

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::thread::sleep;
use std::time::Duration;

use chrono::Utc;
use deepblock_blocker::dbus::{FocusProxyBlocking, StatusReply};
use support::system_bus::{Machine, as_nobody, in_namespace, lookup, sh, wait_until};

/// The hosts file as a user might have it: no final newline, a tab, a
/// name of their own for the firewall check.
const ORIGINAL: &[u8] =
    b"127.0.0.1\tlocalhost\n::1 localhost ip6-localhost\n# my own line\n203.0.113.10 distract.example";

/// Calls the daemon as `nobody`, through gdbus.
fn gdbus_as_nobody(call: &str) -> std::process::Output {
    let method = format!("org.deepblock.Focus1.{}", call.split_whitespace().next().unwrap());
    let mut args = vec![
        "call",
        "--system",
        "--dest",
        "org.deepblock.Focus1",
        "--object-path",
        "/org/deepblock/Focus1",
        "--method",
        &method,
    ];
    let rest: Vec<&str> = call.split_whitespace().skip(1).collect();
    args.extend(rest);
    as_nobody(Path::new("/usr/bin/gdbus"), &args)
}

#[test]
#[ignore = "needs root for private mount and network namespaces; scripts/test runs it"]
fn focusd_blocks_and_restores_over_the_system_bus() {
    in_namespace(
        "focusd_blocks_and_restores_over_the_system_bus",
        Path::new(env!("CARGO_BIN_EXE_deepblock-focusd")),
        ORIGINAL,
        scenario,
    );
}

fn scenario(machine: &mut Machine) {
    let hosts = machine.hosts.clone();
    let bus = zbus::blocking::Connection::system().unwrap();
    let focus = FocusProxyBlocking::new(&bus).unwrap();
    let inode = fs::metadata(&hosts).unwrap().ino();

    // Injection attempts are refused by the daemon itself, one clear error
    // each, and the file stays as it was. (A NUL cannot travel in a D-Bus
    // string at all: the bus drops a connection that sends one.)
    let end = Utc::now().timestamp() + 600;
    let long = format!("{}.com", "a".repeat(250));
    for bad in [
        "you\ntube.com",
        "reddit.com #x",
        "red dit.com",
        "203.0.113.9",
        "*.reddit.com",
        "localhost",
        &long,
        "::1",
        "a.com\n0.0.0.0 bank.com",
    ] {
        let refused = focus.start_session(&["youtube.com", bad], end, false).unwrap_err().to_string();
        assert!(
            refused.contains("Error.Refused") && refused.contains("cannot be blocked"),
            "{bad:?}: {refused}"
        );
        assert!(!refused.contains('\n'), "one line: {refused}");
    }
    assert_eq!(fs::read("/etc/hosts").unwrap(), ORIGINAL);

    // An ordinary user starts a session (polkit: yes) but may not stop it
    // early (polkit: no).
    let started_by_user =
        gdbus_as_nobody(&format!("StartSession ['youtube.com','distract.example'] {end} false"));
    assert!(started_by_user.status.success(), "{}", String::from_utf8_lossy(&started_by_user.stderr));
    for name in
        ["youtube.com", "www.youtube.com", "m.youtube.com", "YouTube.COM", "youtube.com.", "WWW.youtube.com."]
    {
        assert_eq!(
            lookup("ahostsv4", name),
            "0.0.0.0",
            "{name} in {}",
            String::from_utf8_lossy(&fs::read("/etc/hosts").unwrap())
        );
        assert_eq!(lookup("ahostsv6", name), "::", "{name}");
    }
    let set = sh(&["nft", "list", "set", "inet", "deepblock", "blocked4"]);
    assert!(set.contains("203.0.113.10"), "the firewall blocks what the name resolved to: {set}");
    let stop = gdbus_as_nobody("Stop");
    assert!(!stop.status.success());
    assert!(String::from_utf8_lossy(&stop.stderr).contains("Error.NotAuthorized"), "{stop:?}");
    assert!(focus.status().unwrap().active);

    // Something rewrites the hosts file without the section (with a line
    // of the user's): the daemon puts the section back at once.
    let edited = [ORIGINAL, b"\n10.1.2.3 mine.example\n"].concat();
    fs::write("/etc/hosts", &edited).unwrap();
    wait_until("the section is re-applied", || lookup("ahostsv4", "youtube.com") == "0.0.0.0");
    let now = fs::read("/etc/hosts").unwrap();
    assert!(now.starts_with(&edited), "the user's lines come first: {}", String::from_utf8_lossy(&now));

    // kill -9 mid-session, then a restart: still blocking, same end.
    let before_kill = focus.status().unwrap();
    machine.kill_daemon();
    assert_eq!(lookup("ahostsv4", "youtube.com"), "0.0.0.0", "the block outlives the daemon");
    machine.start_daemon();
    let focus = FocusProxyBlocking::new(&bus).unwrap();
    let after = focus.status().unwrap();
    assert!(after.active && after.end_utc == before_kill.end_utc, "{after:?}");
    assert!(focus.extend(end + 300).unwrap().end_utc == end + 300);

    // Root may stop an unlocked session; the file is the user's, byte for byte.
    let stopped = focus.stop().unwrap();
    assert!(!stopped.active);
    assert_eq!(fs::read("/etc/hosts").unwrap(), edited);
    assert_ne!(lookup("ahostsv4", "youtube.com"), "0.0.0.0");
    assert!(!sh(&["nft", "list", "tables"]).contains("deepblock"), "the firewall table is gone");

    // A locked session refuses to stop, even for root, and ends on time.
    fs::write("/etc/hosts", ORIGINAL).unwrap();
    let locked = focus.start_session(&["reddit.com"], Utc::now().timestamp() + 3, true).unwrap();
    assert!(locked.locked);
    let refused = focus.stop().unwrap_err().to_string();
    assert!(refused.contains("Error.Refused") && refused.contains("locked"), "{refused}");
    assert_eq!(lookup("ahostsv4", "reddit.com"), "0.0.0.0");
    wait_until("the locked session ends on time", || fs::read("/etc/hosts").unwrap() == ORIGINAL);
    assert!(!focus.status().unwrap().active);

    // A session that ends while the daemon is down is removed when it starts.
    focus.start_session(&["news.example.org"], Utc::now().timestamp() + 2, false).unwrap();
    machine.kill_daemon();
    assert_eq!(lookup("ahostsv4", "news.example.org"), "0.0.0.0");
    sleep(Duration::from_secs(3));
    machine.start_daemon();
    assert_eq!(fs::read("/etc/hosts").unwrap(), ORIGINAL, "restored at start, byte for byte");
    let inode_now = fs::metadata(&hosts).unwrap().ino();
    assert_eq!(inode, inode_now, "edited in place, never replaced");
    let idle: StatusReply = FocusProxyBlocking::new(&bus).unwrap().status().unwrap();
    assert!(!idle.active, "{idle:?}");

    // Package removal: the service is stopped, then `--release` ends even a
    // locked session (nothing would end it later). Nobody else can: the
    // state and the file are root's. Other arguments are refused.
    let focus = FocusProxyBlocking::new(&bus).unwrap();
    focus.start_session(&["reddit.com"], Utc::now().timestamp() + 600, true).unwrap();
    machine.kill_daemon();
    let by_nobody = machine.run_daemon_bin(&["--release"], false);
    assert!(!by_nobody.status.success(), "{by_nobody:?}");
    assert_eq!(lookup("ahostsv4", "reddit.com"), "0.0.0.0", "nobody cannot release a session");
    let wrong = machine.run_daemon_bin(&["--hosts", "/tmp/x"], true);
    assert_eq!(wrong.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("takes no arguments"), "{wrong:?}");
    let released = machine.run_daemon_bin(&["--release"], true);
    assert!(released.status.success(), "{released:?}");
    assert_eq!(fs::read("/etc/hosts").unwrap(), ORIGINAL, "removal leaves the file as it was");
    assert!(!sh(&["nft", "list", "tables"]).contains("deepblock"), "and no firewall table");
    assert!(machine.run_daemon_bin(&["--release"], true).status.success(), "releasing nothing is fine");
}
