//! The daemon on a hosts file in a temporary directory, with no firewall,
//! resolver or caches: what it leaves in the file, across a session's start,
//! its end and a restart in between.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::{Daemon, Effects};
use deepblock_blocker::lease::Clocks;

const NO_EFFECTS: Effects = Effects { nft: |_| Ok(false), resolve: |_| Vec::new(), flush_dns_caches: || {} };

fn at(minutes: i64) -> Clocks {
    let start: DateTime<Utc> = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    Clocks { now: start + Duration::minutes(minutes), boot_id: "boot".into(), uptime: 60.0 * minutes as f64 }
}

struct Machine {
    dir: tempfile::TempDir,
}

impl Machine {
    fn new(hosts: Option<&[u8]>) -> Self {
        let dir = tempfile::tempdir().unwrap();
        if let Some(bytes) = hosts {
            fs::write(dir.path().join("hosts"), bytes).unwrap();
        }
        Self { dir }
    }

    fn hosts(&self) -> PathBuf {
        self.dir.path().join("hosts")
    }

    fn daemon(&self, clocks: &Clocks) -> Daemon {
        Daemon::open_with(&self.hosts(), &self.dir.path().join("state"), clocks, NO_EFFECTS).unwrap()
    }

    fn file(&self) -> Option<String> {
        fs::read_to_string(self.hosts()).ok()
    }
}

fn start(daemon: &mut Daemon, minutes: i64) {
    let status = daemon.start(&["reddit.com".to_owned()], at(minutes).now, false, &at(0)).unwrap();
    assert!(status.active);
}

#[test]
fn without_a_hosts_file_a_session_makes_one_and_removes_it_at_its_end() {
    let machine = Machine::new(None);
    let mut daemon = machine.daemon(&at(0));
    assert_eq!(machine.file(), None, "opening changes nothing");

    start(&mut daemon, 30);
    let during = machine.file().expect("the session wrote a hosts file");
    assert!(during.contains("0.0.0.0 reddit.com\n"), "{during}");
    let mode = fs::metadata(machine.hosts()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644, "every resolver can read it");

    // Deleted during the session: put back; the daemon restarted: still blocking.
    fs::remove_file(machine.hosts()).unwrap();
    daemon.reconcile(&at(10)).unwrap();
    assert!(machine.file().unwrap().contains("0.0.0.0 reddit.com\n"));
    drop(daemon);
    let mut daemon = machine.daemon(&at(20));
    assert!(machine.file().unwrap().contains("0.0.0.0 reddit.com\n"));

    // Over: the machine is left as it was found, without a hosts file.
    daemon.reconcile(&at(31)).unwrap();
    assert_eq!(machine.file(), None);
    assert!(!daemon.status(&at(31)).active);
}

#[test]
fn a_hosts_file_written_during_a_session_it_created_stays_without_the_section() {
    let machine = Machine::new(None);
    let mut daemon = machine.daemon(&at(0));
    start(&mut daemon, 30);
    let with_section = machine.file().unwrap();
    fs::write(machine.hosts(), format!("10.0.0.2 nas.home\n{with_section}")).unwrap();

    daemon.stop(&at(5)).unwrap();
    assert_eq!(machine.file().as_deref(), Some("10.0.0.2 nas.home\n"));
}

#[test]
fn an_existing_hosts_file_is_given_back_byte_for_byte() {
    let original: &[u8] = b"127.0.0.1 localhost\n::1 localhost";
    let machine = Machine::new(Some(original));
    let mut daemon = machine.daemon(&at(0));
    start(&mut daemon, 30);
    assert_ne!(fs::read(machine.hosts()).unwrap(), original);
    daemon.reconcile(&at(31)).unwrap();
    assert_eq!(fs::read(machine.hosts()).unwrap(), original);
}

#[test]
fn an_empty_hosts_file_stays_an_empty_file() {
    let machine = Machine::new(Some(b""));
    let mut daemon = machine.daemon(&at(0));
    start(&mut daemon, 30);
    daemon.stop(&at(1)).unwrap();
    assert_eq!(machine.file().as_deref(), Some(""), "the user's empty file is theirs");
}
