//! End-to-end tests: the real `deepblock` binary on real SQLite files, one
//! temporary directory per test, as a user's shell would run it.

mod cli;
mod feed;
mod focus;
mod harness;
mod import;
mod interop;
mod invite;
mod notify;
mod peers;
