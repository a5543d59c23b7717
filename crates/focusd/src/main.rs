//! `deepblock-focusd`: the root service that blocks hosts during focus
//! sessions. It owns `org.deepblock.Focus1` on the system bus, asks polkit
//! about every caller, and edits only its own section of /etc/hosts (a path
//! fixed here, never taken from a caller). On start it reconciles whatever
//! a crash, a reboot or an expiry while it was down left behind; while a
//! session runs it re-applies the block if something rewrites the file,
//! and it ends the session on time.

mod clocks;
mod daemon;
mod interface;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use deepblock_blocker::dbus::{BUS_NAME, OBJECT_PATH};
use notify::{RecursiveMode, Watcher};

use crate::daemon::Daemon;
use crate::interface::Focus;

/// The one hosts file the daemon edits.
const HOSTS: &str = "/etc/hosts";
/// Where its journal lives unless systemd names a `StateDirectory`.
const DEFAULT_STATE: &str = "/var/lib/deepblock-focusd";
/// How often a running session's elapsed time is saved (a reboot loses at
/// most this much of a locked session's progress) and the file re-checked.
const CHECKPOINT: Duration = Duration::from_secs(60);

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let run = match arguments.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        [] => serve(),
        ["--release"] => release(),
        _ => {
            eprintln!(
                "deepblock-focusd: takes no arguments (got '{}'); systemd starts it as root, and only the package's \
                 removal script passes --release",
                arguments.join(" ")
            );
            return ExitCode::from(1);
        }
    };
    match run {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("deepblock-focusd: {error}");
            ExitCode::from(3)
        }
    }
}

/// Ends any session now, locked or not, and exits: the package's removal
/// script runs this after stopping the service, since nothing would end the
/// session once the daemon is gone. Only root can: the state directory and
/// the hosts file are root's.
fn release() -> Result<(), String> {
    let mut daemon = Daemon::open(Path::new(HOSTS), &state_dir(), &clocks::now())
        .map_err(|e| format!("cannot reconcile {HOSTS}: {e}"))?;
    let ended = daemon.release().map_err(|e| format!("cannot restore {HOSTS}: {e}"))?;
    if ended {
        eprintln!("deepblock-focusd: the running session was ended and {HOSTS} restored");
    }
    Ok(())
}

fn serve() -> Result<(), String> {
    let hosts = Path::new(HOSTS);
    let daemon = Daemon::open(hosts, &state_dir(), &clocks::now())
        .map_err(|e| format!("cannot reconcile {HOSTS}: {e}"))?;
    let daemon = Arc::new(Mutex::new(daemon));
    let (wake, woken) = mpsc::channel::<()>();

    let on_change = wake.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| e.paths.iter().any(|p| p == Path::new(HOSTS))) {
            let _ = on_change.send(());
        }
    })
    .map_err(|e| format!("cannot watch {HOSTS}: {e}"))?;
    let watch_file = |watcher: &mut notify::RecommendedWatcher| {
        let _ = watcher.watch(hosts, RecursiveMode::NonRecursive);
    };
    if let Some(dir) = hosts.parent() {
        let _ = watcher.watch(dir, RecursiveMode::NonRecursive);
    }
    watch_file(&mut watcher);

    let focus = Focus { daemon: Arc::clone(&daemon), wake };
    let _connection = zbus::blocking::connection::Builder::system()
        .and_then(|b| b.name(BUS_NAME))
        .and_then(|b| b.serve_at(OBJECT_PATH, focus))
        .and_then(|b| b.build())
        .map_err(|e| format!("cannot take {BUS_NAME} on the system bus: {e}"))?;

    loop {
        let wait = {
            let mut daemon = daemon.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let now = clocks::now();
            if let Err(error) = daemon.reconcile(&now) {
                eprintln!("deepblock-focusd: {error}");
            }
            let status = daemon.status(&now);
            if status.active {
                CHECKPOINT.min(Duration::from_secs(status.remaining_secs.max(1)))
            } else {
                CHECKPOINT
            }
        };
        // A file replaced by rename is a new inode: watch it again.
        watch_file(&mut watcher);
        if woken.recv_timeout(wait) == Err(mpsc::RecvTimeoutError::Disconnected) {
            return Ok(());
        }
        while woken.try_recv().is_ok() {}
    }
}

/// systemd's `StateDirectory` (`$STATE_DIRECTORY`), else /var/lib.
fn state_dir() -> PathBuf {
    std::env::var_os("STATE_DIRECTORY")
        .and_then(|dirs| std::env::split_paths(&dirs).next())
        .unwrap_or_else(|| PathBuf::from(DEFAULT_STATE))
}
