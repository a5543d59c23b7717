//! The Debian package where it will run: installed with apt into a minimal
//! Debian 12 that boots systemd as PID 1 in a container
//! (`systemd-nspawn -b`, its own network namespace), the focus daemon
//! enabled by the package and started at boot, blocking through the
//! shipped unit, bus policy and polkit action, across reboots, an upgrade,
//! a removal and a purge. The machine's own hosts file and ruleset are
//! checked untouched before and after.
//!
//! scripts/test builds the package (`scripts/package --debug`, named by
//! `DEEPBLOCK_DEB`) and the system to boot (debootstrap, cached; named by
//! `DEEPBLOCK_SYSTEMD_ROOT`, which is copied, never changed).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

const INSIDE: &str = "DEEPBLOCK_PACKAGE_NAMESPACE";
/// The container's hosts file, as a user might have it (no final newline).
const HOSTS: &str =
    "127.0.0.1\tlocalhost\n::1 localhost ip6-localhost\n# mine\n203.0.113.10 distract.example";
const UNIT: &str = "deepblock-focusd.service";

#[test]
#[ignore = "needs root, systemd-nspawn and the package; scripts/test builds the package and runs it"]
fn the_package_blocks_under_a_real_systemd() {
    if std::env::var_os(INSIDE).is_none() {
        // nspawn wants /run/systemd/nspawn on a tmpfs: mount it where only
        // this test sees it.
        let status = Command::new("unshare")
            .args(["--mount", "--propagation", "private", "--"])
            .arg(std::env::current_exe().unwrap())
            .args(["--exact", "package::the_package_blocks_under_a_real_systemd"])
            .args(["--include-ignored", "--nocapture", "--test-threads=1"])
            .env(INSIDE, "1")
            .status()
            .expect("unshare runs");
        assert!(status.success(), "the test inside the mount namespace failed (its output is above)");
        return;
    }
    let machine_before = machine_state();
    let given = |name: &str| {
        PathBuf::from(std::env::var_os(name).unwrap_or_else(|| {
            panic!("{name} is not set: run scripts/test, which builds the package and the system to boot")
        }))
    };
    let deb = given("DEEPBLOCK_DEB");
    let pristine = given("DEEPBLOCK_SYSTEMD_ROOT");
    sh(&["mkdir", "-p", "/run/systemd/nspawn"]);
    sh(&["mount", "-t", "tmpfs", "tmpfs", "/run/systemd/nspawn"]);
    let mut container = Container::copy_of(&pristine);
    scenario(&mut container, &deb);
    drop(container);
    assert_eq!(machine_state(), machine_before, "this machine's /etc/hosts and ruleset are untouched");
}

fn scenario(container: &mut Container, deb: &Path) {
    // Installed before the system ever booted (as into an image): the
    // package brings what the daemon needs and enables it anyway.
    fs::copy(deb, container.root.join("root/deepblock.deb")).unwrap();
    fs::write(container.root.join("etc/hosts"), HOSTS).unwrap();
    let installed = container.offline("apt-get install -y -q --no-install-recommends /root/deepblock.deb");
    assert!(
        installed.contains("Setting up polkitd") && installed.contains("Setting up nftables"),
        "{installed}"
    );
    assert!(container.enabled_at_boot(), "the install enabled the unit");
    // A user who may start sessions (polkit's `allow_active` needs a
    // desktop login, which a container has not: a rule stands in for it).
    container.offline("useradd --create-home ada");
    fs::write(
        container.root.join("etc/polkit-1/rules.d/50-ada.rules"),
        "polkit.addRule(function(action, subject) {\n  if (subject.user == \"ada\" && action.id == \"org.deepblock.focus.start\") return polkit.Result.YES;\n});\n",
    )
    .unwrap();

    // Boot 1: the daemon runs from boot; ada starts a locked session.
    container.boot();
    assert_eq!(container.ok(&format!("systemctl is-active {UNIT}")).trim(), "active");
    let ada = |c: &Container, args: &str| c.run(&format!("runuser -u ada -- deepblock {args}"));
    let added = ada(container, "blocklist add youtube.com distract.example");
    assert!(added.status.success(), "{}", text(&added));
    let started = ada(container, "focus start --minutes 20 --locked");
    assert!(started.status.success(), "{}", text(&started));
    assert_blocking(container);
    let stop = ada(container, "focus stop");
    assert!(!stop.status.success() && text(&stop).contains("locked"), "{}", text(&stop));
    let root_stop = container.run("deepblock focus stop");
    assert!(!root_stop.status.success(), "root may not stop it either: {}", text(&root_stop));
    assert_blocking(container);
    container.poweroff();

    // Boot 2: applied again at boot; an upgrade keeps it; removing the
    // package ends it and gives the file back byte for byte.
    container.boot();
    assert_blocking(container);
    let upgraded = container.run("dpkg -i /root/deepblock.deb");
    assert!(upgraded.status.success(), "{}", text(&upgraded));
    assert_blocking(container);
    let removed = container.run("apt-get remove -y -q deepblock");
    assert!(removed.status.success(), "{}", text(&removed));
    assert_restored(container);

    // Installed again while systemd runs: enabled and started at once. An
    // unlocked session of a minute, then the machine is off past its end.
    let reinstalled = container.run("apt-get install -y -q /root/deepblock.deb");
    assert!(reinstalled.status.success(), "{}", text(&reinstalled));
    assert_eq!(container.ok(&format!("systemctl is-enabled {UNIT}")).trim(), "enabled");
    assert_eq!(container.ok(&format!("systemctl is-active {UNIT}")).trim(), "active");
    container.ok("deepblock blocklist add distract.example");
    let short = container.run("deepblock focus start --minutes 1");
    assert!(short.status.success(), "{}", text(&short));
    let ends = Instant::now() + Duration::from_secs(62);
    assert_blocking(container);
    container.poweroff();
    sleep(ends.saturating_duration_since(Instant::now()));

    // Boot 3: the session that ended while the machine was off is gone.
    container.boot();
    assert_restored(container);

    // No hosts file at all (a minimal system): a session makes one and
    // its end removes it again.
    container.ok("rm /etc/hosts");
    let bare = container.run("deepblock focus start --minutes 5");
    assert!(bare.status.success(), "{}", text(&bare));
    assert_eq!(container.ok("getent ahostsv4 youtube.com").split_whitespace().next(), Some("0.0.0.0"));
    let stopped = container.run("deepblock focus stop");
    assert!(stopped.status.success(), "{}", text(&stopped));
    assert!(!container.root.join("etc/hosts").exists(), "the machine is left without a hosts file");
    fs::write(container.root.join("etc/hosts"), HOSTS).unwrap();
    container.poweroff();

    // Purged: no enablement and no state are left behind.
    container.offline("apt-get purge -y -q deepblock");
    assert!(!container.enabled_at_boot(), "the purge forgot the enablement");
    assert!(!container.root.join("var/lib/deepblock-focusd").exists());
}

/// The session's names point nowhere, through the C library's resolver, and
/// the firewall table is loaded with their old addresses.
fn assert_blocking(container: &Container) {
    for (database, nowhere) in [("ahostsv4", "0.0.0.0"), ("ahostsv6", "::")] {
        for name in ["youtube.com", "www.youtube.com", "m.distract.example"] {
            let answer = container.ok(&format!("getent {database} {name}"));
            assert_eq!(answer.split_whitespace().next(), Some(nowhere), "{name}: {answer}");
        }
    }
    // The firewall blocks what the names resolved to before the session
    // (the user's own line for distract.example).
    let set = container.ok("nft list set inet deepblock blocked4");
    assert!(set.contains("203.0.113.10"), "{set}");
}

/// The hosts file is the user's again, byte for byte, and the table gone.
fn assert_restored(container: &Container) {
    wait_until("the hosts file is restored", || {
        fs::read_to_string(container.root.join("etc/hosts")).is_ok_and(|f| f == HOSTS)
    });
    assert!(!container.ok("nft list tables").contains("deepblock"));
}

/// A copy of the pristine system, booted or not; removed when dropped.
struct Container {
    _dir: tempfile::TempDir,
    root: PathBuf,
    booted: Option<Child>,
    leader: u32,
}

impl Container {
    fn copy_of(pristine: &Path) -> Self {
        let dir = tempfile::Builder::new().prefix("deepblock-systemd").tempdir_in("/var/tmp").unwrap();
        let root = dir.path().join("root");
        sh(&["cp", "-a", &pristine.display().to_string(), &root.display().to_string()]);
        Self { _dir: dir, root, booted: None, leader: 0 }
    }

    /// Whether systemd will start the daemon at boot: the link that
    /// `WantedBy=multi-user.target` makes (absolute, so it is not followed
    /// here, outside the container).
    fn enabled_at_boot(&self) -> bool {
        fs::symlink_metadata(self.root.join("etc/systemd/system/multi-user.target.wants").join(UNIT)).is_ok()
    }

    /// Runs a shell script in the system while it is not booted (as apt in
    /// an image build would); its output, which must say it succeeded.
    fn offline(&self, script: &str) -> String {
        assert!(self.booted.is_none());
        let out = Command::new("systemd-nspawn")
            .args(["-q", "--register=no", "--keep-unit", "-D"])
            .arg(&self.root)
            .args(["sh", "-c", script])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .output()
            .unwrap();
        assert!(out.status.success(), "{script}: {}", text(&out));
        text(&out)
    }

    /// Boots the system with systemd as PID 1 on a network of its own, and
    /// waits until it is up.
    fn boot(&mut self) {
        let log = fs::File::create(self.root.with_extension("log")).unwrap();
        let child = Command::new("systemd-nspawn")
            .args(["-q", "-b", "--register=no", "--keep-unit", "--private-network", "-D"])
            .arg(&self.root)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("systemd-nspawn runs");
        let nspawn = child.id();
        self.booted = Some(child);
        let children = format!("/proc/{nspawn}/task/{nspawn}/children");
        let mut leader = None;
        // nspawn's first child may still be a copy of nspawn that has not
        // become the container (or never will): only systemd is its init.
        wait_until("the container's init runs", || {
            leader = fs::read_to_string(&children).ok().and_then(|c| {
                c.split_whitespace().filter_map(|pid| pid.parse::<u32>().ok()).find(|pid| {
                    fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|name| name.trim() == "systemd")
                })
            });
            leader.is_some()
        });
        self.leader = leader.unwrap_or_default();
        wait_until("the container has booted", || {
            let state = self.run("systemctl is-system-running --wait").stdout;
            state.starts_with(b"running") || state.starts_with(b"degraded")
        });
        // Addresses besides loopback, so the resolver answers IPv4 and
        // IPv6 lookups as on a connected machine (AI_ADDRCONFIG).
        self.ok("ip addr add 192.0.2.1/32 dev lo && ip -6 addr add 2001:db8::1/128 dev lo");
    }

    /// Runs a shell script in the booted system, as root.
    fn run(&self, script: &str) -> Output {
        assert!(self.booted.is_some());
        Command::new("nsenter")
            .args(["-t", &self.leader.to_string(), "-a", "--", "/bin/sh", "-c", script])
            .env_clear()
            .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
            .env("DEBIAN_FRONTEND", "noninteractive")
            .env("TZ", "UTC")
            .output()
            .unwrap()
    }

    /// [`Container::run`] of a script that must succeed; its output.
    fn ok(&self, script: &str) -> String {
        let out = self.run(script);
        assert!(out.status.success(), "{script}: {}", text(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Shuts the system down and waits until it is off.
    fn poweroff(&mut self) {
        let _ = self.run("systemctl poweroff");
        let mut child = self.booted.take().unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        while child.try_wait().unwrap().is_none() {
            assert!(Instant::now() < deadline, "the container did not power off");
            sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Container {
    /// A test that fails while the system runs must not leave it running:
    /// killing nspawn alone orphans the container's systemd and all it
    /// started, so its PID 1 is killed first, which ends every process of
    /// its PID namespace.
    fn drop(&mut self) {
        if let Some(mut child) = self.booted.take() {
            if self.leader != 0 {
                let _ = Command::new("kill").args(["-9", &self.leader.to_string()]).status();
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// What must be the same on this machine after the test.
fn machine_state() -> (Vec<u8>, String) {
    let ruleset =
        Command::new("nft").args(["list", "ruleset"]).output().map(|o| text(&o)).unwrap_or_default();
    (fs::read("/etc/hosts").unwrap_or_default(), ruleset)
}

fn sh(args: &[&str]) {
    let out = Command::new(args[0]).args(&args[1..]).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", text(&out));
}

fn text(out: &Output) -> String {
    (String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr)).into_owned()
}

/// Waits up to a minute for `done`.
fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        sleep(Duration::from_millis(200));
    }
}
