//! End-to-end tests: the real `deepblock` binary on real SQLite files, one
//! temporary directory per test, as a user's shell would run it.

mod activitywatch;
mod caldav;
mod cli;
mod crash;
mod cyrus;
mod davserver;
mod feed;
mod feeds;
mod focus;
mod focus_daemon;
mod harness;
mod import;
mod interop;
mod invite;
mod notify;
mod package;
mod peers;
mod review;
mod scheduling;
mod subscribe;
#[path = "../../crates/focusd/tests/support/system_bus.rs"]
#[allow(dead_code, reason = "shared with the blocker's daemon test, which uses all of it")]
mod system_bus;
mod tasks;
mod timesheets;
mod track;
