//! The real clock, for production; tests hand the service a fixed one.

use chrono::{DateTime, Utc};
use deepblock_core::Clock;

/// The system's wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}
