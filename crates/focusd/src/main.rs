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
use std::time::{Duration, Instant};

use deepblock_blocker::dbus::{BUS_NAME, OBJECT_PATH};
use notify::{RecursiveMode, Watcher};

use crate::daemon::Daemon;
use crate::interface::{Focus, Wake};

/// The one hosts file the daemon edits.
const HOSTS: &str = "/etc/hosts";
/// Where its journal lives unless systemd names a `StateDirectory`.
const DEFAULT_STATE: &str = "/var/lib/deepblock-focusd";
/// How often a running session's elapsed time is saved (a reboot loses at
/// most this much of a locked session's progress) and the file re-checked.
const CHECKPOINT: Duration = Duration::from_secs(60);
/// How long the hosts file must stay untouched before the daemon re-reads
/// it: a writer truncates before it writes, and re-applying the block to a
/// half-written file would mix the section into the user's own lines.
const SETTLE: Duration = Duration::from_millis(250);
/// The longest a stream of writes can delay re-applying the block.
const SETTLE_AT_MOST: Duration = Duration::from_secs(3);

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
    let (wake, woken) = mpsc::channel::<Wake>();

    let on_change = wake.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| e.paths.iter().any(|p| p == Path::new(HOSTS))) {
            let _ = on_change.send(Wake::HostsTouched);
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

    let mut check_file = true;
    loop {
        let wait = {
            let mut daemon = daemon.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let now = clocks::now();
            if check_file && let Err(error) = daemon.reconcile(&now) {
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
        match next_wake(&woken, wait) {
            Some(check) => check_file = check,
            None => return Ok(()),
        }
    }
}

/// Waits for the next reason to act; whether the hosts file must be checked
/// then (`None` once the daemon is shutting down). A call already did its
/// own work on the file, so it only re-plans the timer; a touched file is
/// checked once its writer is done, never in the middle of a write.
fn next_wake(woken: &mpsc::Receiver<Wake>, wait: Duration) -> Option<bool> {
    let first = match woken.recv_timeout(wait) {
        Ok(wake) => wake,
        Err(mpsc::RecvTimeoutError::Timeout) => return Some(true),
        Err(mpsc::RecvTimeoutError::Disconnected) => return None,
    };
    let mut touched = first == Wake::HostsTouched;
    while let Ok(wake) = woken.try_recv() {
        touched |= wake == Wake::HostsTouched;
    }
    if touched {
        settle(woken)?;
    }
    Some(touched)
}

/// Waits until the hosts file has been quiet for [`SETTLE`] (at most
/// [`SETTLE_AT_MOST`]).
fn settle(woken: &mpsc::Receiver<Wake>) -> Option<()> {
    let give_up = Instant::now() + SETTLE_AT_MOST;
    while Instant::now() < give_up {
        match woken.recv_timeout(SETTLE) {
            Ok(_) => {}
            Err(mpsc::RecvTimeoutError::Timeout) => return Some(()),
            Err(mpsc::RecvTimeoutError::Disconnected) => return None,
        }
    }
    Some(())
}

/// systemd's `StateDirectory` (`$STATE_DIRECTORY`), else /var/lib.
fn state_dir() -> PathBuf {
    std::env::var_os("STATE_DIRECTORY")
        .and_then(|dirs| std::env::split_paths(&dirs).next())
        .unwrap_or_else(|| PathBuf::from(DEFAULT_STATE))
}
