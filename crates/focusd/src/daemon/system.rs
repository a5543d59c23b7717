//! The daemon's touches on the machine beyond its state file: the hosts
//! file written in place, name resolution for the firewall, `nft`, DNS
//! caches.

use std::fs::{self, File, OpenOptions, Permissions};
use std::io::{self, Write};
use std::net::{IpAddr, ToSocketAddrs};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use deepblock_blocker::hostname::Hostname;

/// The longest the firewall layer waits for DNS before a session starts;
/// names that have not answered by then are blocked by the hosts file only.
const RESOLVE_BUDGET: Duration = Duration::from_secs(8);

/// The hosts file's bytes; `None` when there is none (a minimal system).
pub fn read_hosts(path: &Path) -> io::Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Opens the hosts file for writing (`options` without create); where
/// there is none, creates it readable by everyone, as every resolver must
/// read it (the service's umask would make it root's alone).
fn open_for_writing(path: &Path, options: &mut OpenOptions) -> io::Result<File> {
    match options.open(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let file = options.create_new(true).open(path)?;
            file.set_permissions(Permissions::from_mode(0o644))?;
            Ok(file)
        }
        opened => opened,
    }
}

/// Appends to the hosts file in place (same inode, owner, mode, label).
pub fn append(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = open_for_writing(path, OpenOptions::new().append(true))?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Rewrites the hosts file in place with `bytes`.
pub fn rewrite(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = open_for_writing(path, OpenOptions::new().write(true))?;
    file.write_all(bytes)?;
    file.set_len(bytes.len() as u64)?;
    file.sync_all()
}

/// Removes the hosts file the session created; gone already is fine.
pub fn remove(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// The addresses the names (and their www./m. forms) resolve to now, before
/// the hosts file points them nowhere; loopback and unspecified addresses
/// are left out so the firewall never cuts this machine off from itself.
pub fn resolve(names: &[Hostname]) -> Vec<IpAddr> {
    let (tx, rx) = mpsc::channel();
    let mut asked = 0;
    for name in names {
        for form in [name.as_str().to_owned(), format!("www.{name}"), format!("m.{name}")] {
            let tx = tx.clone();
            asked += 1;
            let _ = std::thread::Builder::new().name("resolve".into()).spawn(move || {
                let found: Vec<IpAddr> = (form.as_str(), 443)
                    .to_socket_addrs()
                    .map(|a| a.map(|s| s.ip()).collect())
                    .unwrap_or_default();
                let _ = tx.send(found);
            });
        }
    }
    drop(tx);
    let deadline = Instant::now() + RESOLVE_BUDGET;
    let mut addresses = Vec::new();
    for _ in 0..asked {
        match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(found) => addresses.extend(found),
            Err(_) => break,
        }
    }
    addresses.retain(|a: &IpAddr| !a.is_loopback() && !a.is_unspecified());
    addresses.sort();
    addresses.dedup();
    addresses
}

/// Loads an `nft -f` script; `Ok(false)` when nftables is not installed
/// (the hosts file still blocks).
pub fn nft(script: &str) -> io::Result<bool> {
    let mut child =
        match Command::new("nft").args(["-f", "-"]).stdin(Stdio::piped()).stderr(Stdio::piped()).spawn() {
            Ok(child) => child,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(e),
        };
    child.stdin.take().map(|mut stdin| stdin.write_all(script.as_bytes())).transpose()?;
    let output = child.wait_with_output()?;
    if output.status.success() {
        Ok(true)
    } else {
        Err(io::Error::other(format!("nft: {}", String::from_utf8_lossy(&output.stderr).trim())))
    }
}

/// Makes name caches forget what they knew, where the machine has them
/// (nscd, systemd-resolved); best effort, a missing cache is fine.
pub fn flush_dns_caches() {
    let quiet = |program: &str, args: &[&str]| {
        let _ = Command::new(program).args(args).stdout(Stdio::null()).stderr(Stdio::null()).status();
    };
    if Path::new("/run/nscd/socket").exists() {
        quiet("nscd", &["--invalidate=hosts"]);
    }
    if Path::new("/run/systemd/resolve/io.systemd.Resolve").exists() {
        quiet("resolvectl", &["flush-caches"]);
    }
}
