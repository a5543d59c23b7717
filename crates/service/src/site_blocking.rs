//! The focus daemon as the service sees it: a port with four calls, so the
//! service's logic is the same against the real daemon on the system bus
//! (`system::focus_daemon`) and against a fake in tests. When the daemon is
//! missing, a session is timed and recorded but blocks nothing
//! ("advisory"), which the status says.

use chrono::{DateTime, Utc};
use deepblock_blocker::dbus::StatusReply;

use crate::ServiceError;

/// Said when the daemon cannot be reached.
pub const NOT_INSTALLED: &str = "sites are not blocked: the focus daemon (deepblock-focusd) is not running; \
     install the Deepblock package, or see 'Blocking sites' in the README";

/// Said when the daemon is there but does not answer in time.
pub const NOT_ANSWERING: &str = "the focus daemon (deepblock-focusd) is not answering, so sites may not be \
     blocked; check it with `systemctl status deepblock-focusd`";

/// Why the daemon did not do what was asked.
#[derive(Debug, Clone)]
pub enum DaemonState {
    /// It is not installed, or the system bus is not running: sessions are
    /// advisory. The reason in words.
    Missing(String),
    /// It is there but did not answer in time (hung, or still starting).
    NotAnswering,
    /// It answered no (a locked session, polkit said no, a bad name); the
    /// error says why, with the exit code it deserves.
    Refused(ServiceError),
}

/// What site blocking needs of the system. Every call may wait on another
/// process, so the service never makes one with the plan's lock held.
pub trait SiteBlocking: Send + Sync {
    /// Where blocking stands. Answers within a few seconds.
    fn status(&self) -> Result<StatusReply, DaemonState>;

    /// Blocks `hosts` until `end`; a locked block cannot be stopped early.
    fn start(&self, hosts: &[String], end: DateTime<Utc>, locked: bool) -> Result<StatusReply, DaemonState>;

    /// Moves the end of the running block later.
    fn extend(&self, end: DateTime<Utc>) -> Result<StatusReply, DaemonState>;

    /// Ends the running block now. May wait as long as the user takes to
    /// answer an administrator's password prompt.
    fn stop(&self) -> Result<StatusReply, DaemonState>;
}
