//! The real desktop app in WebKitGTK on Xvfb, driven through WebDriver
//! (tauri-driver + Debian's WebKitWebDriver), checked against the CLI on
//! the same database.

mod accounts;
mod calendars;
#[path = "../e2e/cyrus.rs"]
mod cyrus;
#[allow(dead_code)] // shared with the CLI tests, which use more of it
#[path = "../e2e/davserver.rs"]
mod davserver;
mod dropped;
#[allow(dead_code)] // shared with the CLI tests, which use more of it
#[path = "../e2e/feeds.rs"]
mod feeds;
mod focus;
mod frozen_daemon;
#[allow(dead_code)] // shared with the CLI tests, which use more of it
#[path = "../e2e/harness.rs"]
mod harness;
mod idle;
mod invitations;
#[allow(dead_code)] // shared with the CLI tests, which use more of it
#[path = "../e2e/peers.rs"]
mod peers;
mod planner;
mod review;
mod settings;
mod tasks;
mod tracking;
mod tray;
mod window;
