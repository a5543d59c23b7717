//! `deepblock focus` through the real focus daemon: the CLI, run as an
//! ordinary user, starts a session that the daemon (root, system bus,
//! polkit) turns into blocked names; the user cannot stop it early, root
//! can, and the hosts file comes back byte for byte. Inside a private
//! namespace (crates/focusd/tests/support), as root, as CI runs.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Output;

use crate::harness::{deepblock_bin, focusd_bin};
use crate::system_bus::{Machine, as_nobody, in_namespace, lookup};

const HOSTS: &[u8] = b"127.0.0.1 localhost\n::1 localhost\n";

#[test]
#[ignore = "needs root for private mount and network namespaces; scripts/test runs it"]
fn a_session_started_from_the_cli_blocks_through_the_daemon() {
    in_namespace(
        "focus_daemon::a_session_started_from_the_cli_blocks_through_the_daemon",
        focusd_bin(),
        HOSTS,
        through_the_daemon,
    );
}

fn through_the_daemon(machine: &mut Machine) {
    // The user's plan and the CLI live where `nobody` can reach them.
    let home = machine.dir.path().join("user");
    fs::create_dir(&home).unwrap();
    fs::set_permissions(&home, fs::Permissions::from_mode(0o777)).unwrap();
    let cli = machine.dir.path().join("deepblock");
    fs::copy(deepblock_bin(), &cli).unwrap();
    let db = home.join("plan.db");
    let user = |args: &[&str]| -> Output {
        let mut all = vec!["--db", db.to_str().unwrap(), "--tz", "Europe/Lisbon"];
        all.extend_from_slice(args);
        as_nobody(&cli, &all)
    };
    let text = |out: &Output| {
        (String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr)).into_owned()
    };

    assert!(user(&["blocklist", "add", "youtube.com", "distract.example"]).status.success());
    let listed: serde_json::Value =
        serde_json::from_slice(&user(&["--json", "blocklist", "list"]).stdout).unwrap();
    let count = listed.as_array().unwrap().len();
    let idle = user(&["--json", "focus", "status"]);
    let idle: serde_json::Value = serde_json::from_slice(&idle.stdout).unwrap();
    assert_eq!(idle["blocking"], "ready", "{idle}");

    let started = user(&["focus", "start", "--minutes", "30"]);
    assert!(started.status.success(), "{}", text(&started));
    let note = format!("note: {count} sites blocked by deepblock-focusd (hosts file and firewall)");
    assert!(text(&started).contains(&note), "{}", text(&started));
    assert_eq!(lookup("ahostsv4", "www.distract.example"), "0.0.0.0");
    let status: serde_json::Value =
        serde_json::from_slice(&user(&["--json", "focus", "status"]).stdout).unwrap();
    assert_eq!(status["blocking"], "active", "{status}");
    assert_eq!(status["blocked_hosts"], listed, "the whole blocklist, as the daemon holds it");

    // polkit (the shipped policy's admin requirement, here a firm no for
    // `nobody`) keeps the user from stopping early: one line, exit 3, the
    // plan and the block unchanged.
    let plan_before = fs::read(&db).unwrap();
    let refused = user(&["focus", "stop"]);
    assert_eq!(refused.status.code(), Some(3), "{}", text(&refused));
    let line = String::from_utf8_lossy(&refused.stderr).into_owned();
    assert_eq!(line.lines().count(), 1, "{line}");
    assert!(line.contains("did not allow stopping a session early"), "{line}");
    assert_eq!(fs::read(&db).unwrap(), plan_before);
    assert_eq!(lookup("ahostsv4", "youtube.com"), "0.0.0.0");

    // Root may; the session is recorded as stopped and the file is as it was.
    let stopped = std::process::Command::new(&cli)
        .args(["--db", db.to_str().unwrap(), "--tz", "Europe/Lisbon", "focus", "stop"])
        .output()
        .unwrap();
    assert!(stopped.status.success(), "{}", text(&stopped));
    assert_eq!(fs::read(Path::new("/etc/hosts")).unwrap(), HOSTS);
    assert_ne!(lookup("ahostsv4", "youtube.com"), "0.0.0.0");
}
