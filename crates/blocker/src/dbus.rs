//! The daemon's D-Bus interface as both ends see it: the names, the reply
//! and the typed proxy the app's service calls. Narrow on purpose: names,
//! an end time and a lock flag go in; no lines, paths or addresses.

use serde::{Deserialize, Serialize};
use zbus::zvariant::Type;

/// The daemon's name on the system bus.
pub const BUS_NAME: &str = "org.deepblock.Focus1";
/// Its one object.
pub const OBJECT_PATH: &str = "/org/deepblock/Focus1";
/// The prefix of the errors it returns.
pub const ERROR_PREFIX: &str = "org.deepblock.Focus1.Error";
/// polkit action for starting and extending a session.
pub const ACTION_START: &str = "org.deepblock.focus.start";
/// polkit action for stopping an unlocked session before its end.
pub const ACTION_STOP_EARLY: &str = "org.deepblock.focus.stop-early";

/// Where blocking stands, as the daemon reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct StatusReply {
    /// Whether a session blocks now.
    pub active: bool,
    /// Its wall-clock end, in seconds since the Unix epoch (0 with none).
    pub end_utc: i64,
    /// Whether it refuses to stop.
    pub locked: bool,
    /// The names it blocks.
    pub hosts: Vec<String>,
    /// Whole seconds left.
    pub remaining_secs: u64,
    /// Whether the firewall layer backs the hosts file up.
    pub firewall: bool,
}

impl StatusReply {
    /// No session blocks.
    pub fn idle() -> Self {
        Self {
            active: false,
            end_utc: 0,
            locked: false,
            hosts: Vec::new(),
            remaining_secs: 0,
            firewall: false,
        }
    }
}

/// The daemon as a caller sees it.
#[zbus::proxy(
    interface = "org.deepblock.Focus1",
    default_service = "org.deepblock.Focus1",
    default_path = "/org/deepblock/Focus1"
)]
pub trait Focus {
    /// Blocks `hosts` until `end_utc` (Unix seconds); `locked` sessions
    /// cannot be stopped early.
    fn start_session(&self, hosts: &[&str], end_utc: i64, locked: bool) -> zbus::Result<StatusReply>;
    /// Moves the end later.
    fn extend(&self, end_utc: i64) -> zbus::Result<StatusReply>;
    /// Ends an unlocked session now.
    fn stop(&self) -> zbus::Result<StatusReply>;
    /// Where blocking stands.
    fn status(&self) -> zbus::Result<StatusReply>;
}
