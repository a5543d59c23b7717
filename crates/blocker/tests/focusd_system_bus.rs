//! `deepblock-focusd` as it runs on a machine: root, its name on a real
//! system bus (`dbus-daemon` with the shipped bus policy), the real polkit
//! daemon judging callers with the shipped actions, /etc/hosts read by the
//! C library's own resolver (`getent`). All of it inside a private mount and
//! network namespace (`unshare -mn`): the test's own file is bind-mounted
//! over /etc/hosts, a tmpfs covers /run, and nftables tables live in the
//! namespace, so the machine's own files, bus and firewall are never touched.
//!
//! It needs root, as CI has: the test re-runs itself under `unshare`.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use chrono::Utc;
use deepblock_blocker::dbus::{BUS_NAME, FocusProxyBlocking, StatusReply};

const INSIDE: &str = "DEEPBLOCK_FOCUSD_NAMESPACE";
const DAEMON: &str = env!("CARGO_BIN_EXE_deepblock-focusd");
const SYSTEM_FILES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/system");

/// The hosts file as a user might have it: no final newline, a tab, a
/// name of their own for the firewall check.
const ORIGINAL: &[u8] =
    b"127.0.0.1\tlocalhost\n::1 localhost ip6-localhost\n# my own line\n203.0.113.10 distract.example";

/// Processes started inside the namespace, killed when the scenario ends
/// however it ends.
struct Started(Vec<Child>);

impl Drop for Started {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[test]
fn focusd_blocks_and_restores_over_the_system_bus() {
    if std::env::var_os(INSIDE).is_some() {
        scenario();
        return;
    }
    assert!(
        Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout == b"0\n"),
        "the daemon test needs root (as CI runs): it starts dbus-daemon, polkitd and deepblock-focusd in a private namespace"
    );
    let status = Command::new("unshare")
        .args(["--mount", "--net", "--propagation", "private", "--"])
        .arg(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "focusd_blocks_and_restores_over_the_system_bus",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(INSIDE, "1")
        .status()
        .expect("unshare runs");
    assert!(status.success(), "the scenario inside the namespace failed (its output is above)");
}

fn scenario() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::set_permissions(root, fs::Permissions::from_mode(0o755)).unwrap();
    let hosts = root.join("hosts");
    fs::write(&hosts, ORIGINAL).unwrap();
    sh(&["mount", "--bind", hosts.to_str().unwrap(), "/etc/hosts"]);
    sh(&["mount", "-t", "tmpfs", "tmpfs", "/run"]);
    // Addresses that are not loopback ones, so that getaddrinfo's
    // AI_ADDRCONFIG answers IPv4 and IPv6 lookups as on a connected machine.
    sh(&["ip", "link", "set", "lo", "up"]);
    sh(&["ip", "addr", "add", "192.0.2.1/32", "dev", "lo"]);
    sh(&["ip", "-6", "addr", "add", "2001:db8::1/128", "dev", "lo"]);
    let mut started = Started(Vec::new());
    start_bus(root, &mut started);
    start_polkit(root, &mut started);
    let state = root.join("state");
    started.0.push(start_daemon(&state));

    let bus = zbus::blocking::Connection::system().unwrap();
    let focus = FocusProxyBlocking::new(&bus).unwrap();
    let inode = fs::metadata(&hosts).map(|m| std::os::unix::fs::MetadataExt::ino(&m)).unwrap();

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
        as_nobody(&format!("StartSession \"['youtube.com', 'distract.example']\" {end} false"));
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
    let stop = as_nobody("Stop");
    assert!(!stop.status.success());
    assert!(String::from_utf8_lossy(&stop.stderr).contains("Error.NotAuthorized"), "{stop:?}");
    assert!(focus.status().unwrap().active);

    // Something rewrites the hosts file without the section (with a line
    // of the user's): the daemon puts the section back at once.
    let edited = [ORIGINAL, b"\n10.1.2.3 mine.example\n"].concat();
    fs::write("/etc/hosts", &edited).unwrap();
    wait_until("the section is re-applied", || lookup("ahostsv4", "youtube.com") == "0.0.0.0");
    assert!(fs::read("/etc/hosts").unwrap().starts_with(&edited));

    // kill -9 mid-session, then a restart: still blocking, same end.
    let before_kill = focus.status().unwrap();
    let daemon = started.0.pop().unwrap();
    kill_hard(daemon);
    assert_eq!(lookup("ahostsv4", "youtube.com"), "0.0.0.0", "the block outlives the daemon");
    started.0.push(start_daemon(&state));
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
    kill_hard(started.0.pop().unwrap());
    assert_eq!(lookup("ahostsv4", "news.example.org"), "0.0.0.0");
    sleep(Duration::from_secs(3));
    started.0.push(start_daemon(&state));
    assert_eq!(fs::read("/etc/hosts").unwrap(), ORIGINAL, "restored at start, byte for byte");
    let inode_now = fs::metadata(&hosts).map(|m| std::os::unix::fs::MetadataExt::ino(&m)).unwrap();
    assert_eq!(inode, inode_now, "edited in place, never replaced");
    let idle: StatusReply = FocusProxyBlocking::new(&bus).unwrap().status().unwrap();
    assert!(!idle.active, "{idle:?}");
}

/// A system bus from the machine's own configuration, with the shipped
/// policy for the daemon's name added, listening under the private /run.
fn start_bus(root: &Path, started: &mut Started) {
    let policy_dir = root.join("bus.d");
    fs::create_dir(&policy_dir).unwrap();
    fs::copy(Path::new(SYSTEM_FILES).join("org.deepblock.Focus1.conf"), policy_dir.join("deepblock.conf"))
        .unwrap();
    let config = fs::read_to_string("/usr/share/dbus-1/system.conf")
        .unwrap()
        .replace("<includedir>system.d</includedir>", "<includedir>/usr/share/dbus-1/system.d</includedir>")
        .replace("<fork/>", "")
        .replace("<pidfile>/run/dbus/pid</pidfile>", "")
        .replace("<syslog/>", "")
        .replace("</busconfig>", &format!("<includedir>{}</includedir></busconfig>", policy_dir.display()));
    let config_file = root.join("system.conf");
    fs::write(&config_file, config).unwrap();
    fs::create_dir_all("/run/dbus").unwrap();
    let bus = Command::new("dbus-daemon")
        .arg(format!("--config-file={}", config_file.display()))
        .arg("--nofork")
        .spawn()
        .expect("dbus-daemon runs");
    started.0.push(bus);
    wait_until("the system bus listens", || Path::new("/run/dbus/system_bus_socket").exists());
}

/// The real polkitd, with the shipped actions and rules that make the
/// unprivileged user's answers certain (no login session exists here, so
/// `allow_active` would never apply): start yes, stop early no.
fn start_polkit(root: &Path, started: &mut Started) {
    let actions = root.join("actions");
    fs::create_dir(&actions).unwrap();
    for entry in fs::read_dir("/usr/share/polkit-1/actions").unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), actions.join(entry.file_name())).unwrap();
    }
    fs::copy(
        Path::new(SYSTEM_FILES).join("org.deepblock.focus.policy"),
        actions.join("org.deepblock.focus.policy"),
    )
    .unwrap();
    sh(&["mount", "--bind", actions.to_str().unwrap(), "/usr/share/polkit-1/actions"]);
    let rules = root.join("rules.d");
    fs::create_dir(&rules).unwrap();
    fs::write(
        rules.join("50-deepblock-test.rules"),
        r#"polkit.addRule(function(action, subject) {
    if (subject.user != "nobody") return polkit.Result.NOT_HANDLED;
    if (action.id == "org.deepblock.focus.start") return polkit.Result.YES;
    if (action.id == "org.deepblock.focus.stop-early") return polkit.Result.NO;
    return polkit.Result.NOT_HANDLED;
});
"#,
    )
    .unwrap();
    sh(&["chown", "-R", "polkitd:root", rules.to_str().unwrap()]);
    fs::set_permissions(&rules, fs::Permissions::from_mode(0o700)).unwrap();
    sh(&["mount", "--bind", rules.to_str().unwrap(), "/etc/polkit-1/rules.d"]);
    let polkitd = Command::new("/usr/lib/polkit-1/polkitd").arg("--no-debug").stdout(Stdio::null()).spawn();
    started.0.push(polkitd.expect("polkitd runs"));
    wait_until("polkit owns its name", || has_owner("org.freedesktop.PolicyKit1"));
}

/// The daemon as systemd would start it, with its state directory.
fn start_daemon(state: &PathBuf) -> Child {
    let child = Command::new(DAEMON).env("STATE_DIRECTORY", state).spawn().expect("deepblock-focusd runs");
    wait_until("deepblock-focusd owns its name", || has_owner(BUS_NAME));
    child
}

fn kill_hard(mut child: Child) {
    sh(&["kill", "-9", &child.id().to_string()]);
    let _ = child.wait();
    wait_until("the name is released", || !has_owner(BUS_NAME));
}

fn has_owner(name: &str) -> bool {
    let Ok(bus) = zbus::blocking::Connection::system() else { return false };
    let Ok(dbus) = zbus::blocking::fdo::DBusProxy::new(&bus) else { return false };
    name.try_into().ok().is_some_and(|name| dbus.name_has_owner(name).unwrap_or(false))
}

/// Calls the daemon as the unprivileged user `nobody`, through gdbus.
fn as_nobody(call: &str) -> Output {
    let script = format!(
        "gdbus call --system --dest {BUS_NAME} --object-path /org/deepblock/Focus1 --method org.deepblock.Focus1.{call}"
    );
    Command::new("setpriv")
        .args(["--reuid=nobody", "--regid=nogroup", "--clear-groups", "sh", "-c", &script])
        .output()
        .unwrap()
}

/// The first address the C library's resolver gives for `name`.
fn lookup(database: &str, name: &str) -> String {
    let out = Command::new("getent").args([database, name]).output().unwrap();
    String::from_utf8_lossy(&out.stdout).split_whitespace().next().unwrap_or("").to_owned()
}

fn sh(args: &[&str]) -> String {
    let out = Command::new(args[0]).args(&args[1..]).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        sleep(Duration::from_millis(50));
    }
}
