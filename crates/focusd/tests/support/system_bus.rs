//! A machine of its own for the focus daemon's tests: inside a private
//! mount and network namespace (`unshare -mn`), a hosts file bind-mounted
//! over /etc/hosts, a tmpfs over /run, the real `dbus-daemon` as the system
//! bus with the shipped bus policy, the real polkitd with the shipped
//! actions, and `deepblock-focusd` itself. Nothing outside the namespace is
//! touched. Shared by the blocker's daemon test and the end-to-end test of
//! the CLI through the daemon.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

const INSIDE: &str = "DEEPBLOCK_FOCUSD_NAMESPACE";
/// The daemon's bus name.
pub const BUS_NAME: &str = "org.deepblock.Focus1";

/// The namespace's machine, torn down (every process it started killed)
/// when dropped.
pub struct Machine {
    /// Holds the hosts file, the bus and polkit files, the daemon's state.
    pub dir: tempfile::TempDir,
    /// The file mounted over /etc/hosts.
    pub hosts: PathBuf,
    daemon_bin: PathBuf,
    daemon: Option<Child>,
    services: Vec<Child>,
}

impl Drop for Machine {
    fn drop(&mut self) {
        for child in self.daemon.iter_mut().chain(self.services.iter_mut()) {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Runs `test` inside a fresh namespace: called from the test function
/// named `name`, it re-runs that test under `unshare` and asserts that it
/// passed there; inside, it builds the machine with `hosts` as /etc/hosts
/// and hands it to `test`.
pub fn in_namespace(name: &str, daemon_bin: &Path, hosts: &[u8], test: impl FnOnce(&mut Machine)) {
    if std::env::var_os(INSIDE).is_some() {
        let mut machine = Machine::new(daemon_bin, hosts);
        test(&mut machine);
        return;
    }
    assert!(
        Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout == b"0\n"),
        "the focus daemon tests need root (as CI runs): they start dbus-daemon, polkitd and deepblock-focusd in a private namespace"
    );
    let status = Command::new("unshare")
        .args(["--mount", "--net", "--propagation", "private", "--"])
        .arg(std::env::current_exe().unwrap())
        .args(["--exact", name, "--include-ignored", "--nocapture", "--test-threads=1"])
        .env(INSIDE, "1")
        .status()
        .expect("unshare runs");
    assert!(status.success(), "the test inside the namespace failed (its output is above)");
}

impl Machine {
    fn new(daemon_bin: &Path, hosts_bytes: &[u8]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_owned();
        fs::set_permissions(&root, fs::Permissions::from_mode(0o755)).unwrap();
        let hosts = root.join("hosts");
        fs::write(&hosts, hosts_bytes).unwrap();
        sh(&["mount", "--bind", hosts.to_str().unwrap(), "/etc/hosts"]);
        sh(&["mount", "-t", "tmpfs", "tmpfs", "/run"]);
        // Addresses that are not loopback ones, so that getaddrinfo's
        // AI_ADDRCONFIG answers IPv4 and IPv6 lookups as on a connected machine.
        sh(&["ip", "link", "set", "lo", "up"]);
        sh(&["ip", "addr", "add", "192.0.2.1/32", "dev", "lo"]);
        sh(&["ip", "-6", "addr", "add", "2001:db8::1/128", "dev", "lo"]);
        // The daemon binary where an unprivileged caller could run it too.
        let bin = root.join("deepblock-focusd");
        fs::copy(daemon_bin, &bin).unwrap();
        let mut machine = Self { dir, hosts, daemon_bin: bin, daemon: None, services: Vec::new() };
        machine.start_bus(&root);
        machine.start_polkit(&root);
        machine.start_daemon();
        machine
    }

    /// Starts the daemon as systemd would, with its state directory.
    pub fn start_daemon(&mut self) {
        let child = Command::new(&self.daemon_bin)
            .env("STATE_DIRECTORY", self.dir.path().join("state"))
            .spawn()
            .expect("deepblock-focusd runs");
        self.daemon = Some(child);
        wait_until("deepblock-focusd owns its name", || has_owner(BUS_NAME));
    }

    /// Runs the daemon's binary with `args` (as the package scripts do),
    /// as root or as nobody, with its state directory.
    pub fn run_daemon_bin(&self, args: &[&str], as_root: bool) -> Output {
        let state = self.dir.path().join("state");
        if as_root {
            return Command::new(&self.daemon_bin).args(args).env("STATE_DIRECTORY", state).output().unwrap();
        }
        Command::new("setpriv")
            .args(["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"])
            .arg("env")
            .arg(format!("STATE_DIRECTORY={}", state.display()))
            .arg(&self.daemon_bin)
            .args(args)
            .output()
            .unwrap()
    }

    /// kill -9 of the daemon, mid-whatever.
    pub fn kill_daemon(&mut self) {
        let mut child = self.daemon.take().expect("the daemon runs");
        sh(&["kill", "-9", &child.id().to_string()]);
        let _ = child.wait();
        wait_until("the name is released", || !has_owner(BUS_NAME));
    }

    /// A system bus from the machine's own configuration, with the shipped
    /// policy for the daemon's name added, listening under the private /run.
    fn start_bus(&mut self, root: &Path) {
        let policy_dir = root.join("bus.d");
        fs::create_dir(&policy_dir).unwrap();
        fs::copy(system_files().join("org.deepblock.Focus1.conf"), policy_dir.join("deepblock.conf"))
            .unwrap();
        let config = fs::read_to_string("/usr/share/dbus-1/system.conf")
            .unwrap()
            .replace(
                "<includedir>system.d</includedir>",
                "<includedir>/usr/share/dbus-1/system.d</includedir>",
            )
            .replace("<fork/>", "")
            .replace("<pidfile>/run/dbus/pid</pidfile>", "")
            .replace("<syslog/>", "")
            .replace(
                "</busconfig>",
                &format!("<includedir>{}</includedir></busconfig>", policy_dir.display()),
            );
        let config_file = root.join("system.conf");
        fs::write(&config_file, config).unwrap();
        fs::create_dir_all("/run/dbus").unwrap();
        let bus = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config_file.display()))
            .arg("--nofork")
            .spawn()
            .expect("dbus-daemon runs");
        self.services.push(bus);
        wait_until("the system bus listens", || Path::new("/run/dbus/system_bus_socket").exists());
    }

    /// The real polkitd, with the shipped actions and rules that make the
    /// unprivileged user's answers certain (no login session exists here, so
    /// `allow_active` would never apply): start yes, stop early no.
    fn start_polkit(&mut self, root: &Path) {
        let actions = root.join("actions");
        fs::create_dir(&actions).unwrap();
        for entry in fs::read_dir("/usr/share/polkit-1/actions").unwrap() {
            let entry = entry.unwrap();
            fs::copy(entry.path(), actions.join(entry.file_name())).unwrap();
        }
        fs::copy(
            system_files().join("org.deepblock.focus.policy"),
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
        let polkitd =
            Command::new("/usr/lib/polkit-1/polkitd").arg("--no-debug").stdout(Stdio::null()).spawn();
        self.services.push(polkitd.expect("polkitd runs"));
        wait_until("polkit owns its name", || has_owner("org.freedesktop.PolicyKit1"));
    }
}

/// The shipped unit, bus policy and polkit actions, from either crate.
fn system_files() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    if here.join("system").is_dir() { here.join("system") } else { here.join("../crates/focusd/system") }
}

/// Whether `name` has an owner on the system bus.
pub fn has_owner(name: &str) -> bool {
    let asked = Command::new("gdbus")
        .args([
            "call",
            "--system",
            "--dest",
            "org.freedesktop.DBus",
            "--object-path",
            "/org/freedesktop/DBus",
        ])
        .args(["--method", "org.freedesktop.DBus.NameHasOwner", name])
        .output();
    asked.is_ok_and(|out| out.stdout.starts_with(b"(true,)"))
}

/// Runs `program` as the unprivileged user `nobody`.
pub fn as_nobody(program: &Path, args: &[&str]) -> Output {
    Command::new("setpriv")
        .args(["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"])
        .arg(program)
        .args(args)
        .output()
        .unwrap()
}

/// The first address the C library's resolver gives for `name`.
pub fn lookup(database: &str, name: &str) -> String {
    let out = Command::new("getent").args([database, name]).output().unwrap();
    String::from_utf8_lossy(&out.stdout).split_whitespace().next().unwrap_or("").to_owned()
}

/// Runs a command that must succeed; its output.
pub fn sh(args: &[&str]) -> String {
    let out = Command::new(args[0]).args(&args[1..]).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Waits up to ten seconds for `done`.
pub fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        sleep(Duration::from_millis(50));
    }
}
