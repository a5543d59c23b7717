//! The focus daemon as the service reaches it: over the system bus when it
//! is installed and running, otherwise not at all, and then a session is
//! timed and recorded but blocks nothing ("advisory"), which status says.

use chrono::{DateTime, Utc};
use deepblock_blocker::dbus::{ERROR_PREFIX, FocusProxyBlocking, StatusReply};

use crate::error::{ErrorCode, ServiceError};

/// Said when the daemon cannot be reached.
pub const NOT_INSTALLED: &str = "sites are not blocked: the focus daemon (deepblock-focusd) is not running; \
     install the Deepblock package, or see 'Blocking sites' in the README";

/// A connection to the daemon, or why there is none.
pub enum SiteBlocker {
    /// The daemon answers.
    Reachable(Box<FocusProxyBlocking<'static>>),
    /// It does not; the reason in words.
    Missing(&'static str),
}

impl SiteBlocker {
    /// Connects to the daemon on the system bus (D-Bus starts it if it is
    /// installed but not running).
    pub fn connect() -> Self {
        let proxy = zbus::blocking::Connection::system()
            .and_then(|bus| FocusProxyBlocking::new(&bus))
            .and_then(|proxy| proxy.status().map(|_| proxy));
        match proxy {
            Ok(proxy) => Self::Reachable(Box::new(proxy)),
            Err(_) => Self::Missing(NOT_INSTALLED),
        }
    }

    /// The daemon's status, if it answers.
    pub fn status(&self) -> Option<StatusReply> {
        match self {
            Self::Reachable(proxy) => proxy.status().ok(),
            Self::Missing(_) => None,
        }
    }

    /// Blocks `hosts` until `end`; nothing to do when the daemon is missing.
    pub fn start(&self, hosts: &[String], end: DateTime<Utc>, locked: bool) -> Result<(), ServiceError> {
        let Self::Reachable(proxy) = self else { return Ok(()) };
        let names: Vec<&str> = hosts.iter().map(String::as_str).collect();
        proxy.start_session(&names, end.timestamp(), locked).map(drop).map_err(refusal)
    }

    /// Moves the daemon's end later, if it is blocking.
    pub fn extend(&self, end: DateTime<Utc>) -> Result<(), ServiceError> {
        match self {
            Self::Reachable(proxy) if self.status().is_some_and(|s| s.active) => {
                proxy.extend(end.timestamp()).map(drop).map_err(refusal)
            }
            _ => Ok(()),
        }
    }

    /// Ends the daemon's session, if it is blocking.
    pub fn stop(&self) -> Result<(), ServiceError> {
        match self {
            Self::Reachable(proxy) if self.status().is_some_and(|s| s.active) => {
                proxy.stop().map(drop).map_err(refusal)
            }
            _ => Ok(()),
        }
    }
}

/// The daemon's error as one line with the exit code it deserves.
fn refusal(error: zbus::Error) -> ServiceError {
    if let zbus::Error::MethodError(name, message, _) = &error {
        let message = message.clone().unwrap_or_default();
        return match name.as_str().strip_prefix(ERROR_PREFIX) {
            Some(".Refused") => ServiceError::bad_input(message),
            Some(".NotAuthorized") => ServiceError::new(ErrorCode::Environment, message),
            _ => ServiceError::new(ErrorCode::Environment, format!("the focus daemon failed: {message}")),
        };
    }
    ServiceError::new(ErrorCode::Environment, format!("the focus daemon could not be reached: {error}"))
}
