//! The parts of the machine the service reaches, each behind a port the
//! service defines: the focus daemon ([`SiteBlocking`]), the desktop's
//! notifications ([`Notifier`]), the OS keyring ([`Secrets`]), file-change
//! events ([`Watcher`]) and the local HTTP listener ([`HttpServer`]). The
//! real ones live here; tests hand the service fakes, so no service test
//! depends on what runs on the machine.

mod desktop;
mod detached;
mod focus_daemon;
mod http;
mod inotify;
mod keyring;

use crate::{HttpServer, Notifier, Secrets, SiteBlocking, Watcher};

pub use desktop::DesktopNotifier;
pub use focus_daemon::FocusDaemon;
pub use http::TinyHttp;
pub use inotify::Inotify;
pub use keyring::Keyring;

/// The system as the service reaches it.
pub struct System {
    /// The focus daemon.
    pub site_blocker: Box<dyn SiteBlocking>,
    /// Where notifications are shown.
    pub notifier: Box<dyn Notifier>,
    /// Where secrets are kept.
    pub secrets: Box<dyn Secrets>,
    /// What reports changes to the database file.
    pub watcher: Box<dyn Watcher>,
    /// What listens for the local feed.
    pub http: Box<dyn HttpServer>,
}

impl System {
    /// The real machine: the daemon on the system bus, the desktop's
    /// notification server, the OS keyring, inotify, a loopback listener.
    pub fn real() -> Self {
        Self {
            site_blocker: Box::new(FocusDaemon::new()),
            notifier: Box::new(DesktopNotifier),
            secrets: Box::new(Keyring),
            watcher: Box::new(Inotify),
            http: Box::new(TinyHttp),
        }
    }

    /// Nothing of the machine: no daemon (sessions are advisory), no
    /// desktop (showing fails), a keyring in memory, no file events, no
    /// listener. For examples and tests that replace what they need.
    pub fn detached() -> Self {
        Self {
            site_blocker: Box::new(detached::NoDaemon),
            notifier: Box::new(detached::NoDesktop),
            secrets: Box::new(detached::MemorySecrets::default()),
            watcher: Box::new(detached::NoWatcher),
            http: Box::new(detached::NoListener),
        }
    }
}
