//! Deepblock's site blocking, the pure parts: checking hostnames, editing
//! the hosts file's Deepblock section, rendering the firewall table,
//! timing a session's lease, and the D-Bus interface through which the app
//! reaches `deepblock-focusd` (the daemon that applies them lives in its
//! own crate, so nothing of it is linked into the app or the CLI).
//!
//! ```
//! use deepblock_blocker::hostname::parse_all;
//! use deepblock_blocker::hosts::{Token, section, without_section};
//!
//! let original = b"127.0.0.1 localhost\n# my own line\n".to_vec();
//! let token = Token::parse("0123456789abcdef").unwrap();
//! let names = parse_all(["youtube.com"]).unwrap();
//! let mut blocked = original.clone();
//! blocked.extend(section(&original, &token, &names));
//! assert!(String::from_utf8_lossy(&blocked).contains("0.0.0.0 www.youtube.com\n"));
//! assert_eq!(without_section(&blocked, &token), original);
//! ```

pub mod dbus;
pub mod hostname;
pub mod hosts;
pub mod lease;
pub mod nft;

use thiserror::Error;

/// Why a blocking request was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum BlockerError {
    /// A name that is not a plain DNS name.
    #[error("'{name}' cannot be blocked: {reason}")]
    BadHostname {
        /// The name, escaped to one line.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Too many names for one session.
    #[error("{count} names is more than one session may block ({max})")]
    TooMany {
        /// How many were given.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// A session token that is not 16 lower-case hex digits.
    #[error("a session token must be 16 lower-case hex digits")]
    BadToken,
}
