//! Diagnostics, through `tracing`: what a front end did not show the user
//! but a bug report needs (a notification that could not be shown, a tick
//! that failed). The level comes from `DEEPBLOCK_LOG` (`warn`, `info`,
//! `debug`, or any `tracing` filter such as `deepblock_service=debug`).
//! The desktop app writes a file a day in its state directory and keeps a
//! week of them; the CLI writes to stderr, warnings and worse by default,
//! so its output stays what scripts expect.

use std::path::PathBuf;

use tracing_subscriber::EnvFilter;

/// The variable that sets the level.
pub const LEVEL_VARIABLE: &str = "DEEPBLOCK_LOG";

/// How many daily files the desktop app keeps.
const KEPT_FILES: usize = 7;

fn filter(default: &str) -> EnvFilter {
    EnvFilter::try_from_env(LEVEL_VARIABLE).unwrap_or_else(|_| EnvFilter::new(default))
}

/// Sends the CLI's diagnostics to stderr.
pub fn to_stderr() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter("warn"))
        .with_writer(std::io::stderr)
        .without_time()
        .with_target(false)
        .try_init();
}

/// Sends the desktop app's diagnostics to `deepblock.YYYY-MM-DD.log` in
/// the platform's state directory (on Linux `~/.local/state/deepblock`),
/// and returns that directory. With no such directory they go to stderr.
pub fn to_file() -> Option<PathBuf> {
    let dir = directories::ProjectDirs::from("", "", "deepblock")
        .and_then(|dirs| dirs.state_dir().or_else(|| Some(dirs.data_local_dir())).map(PathBuf::from));
    let appender = dir.as_ref().and_then(|dir| {
        // The appender lists the directory to prune old files before it
        // creates it; a first start would complain on stderr.
        std::fs::create_dir_all(dir).ok()?;
        tracing_appender::rolling::Builder::new()
            .rotation(tracing_appender::rolling::Rotation::DAILY)
            .filename_prefix("deepblock")
            .filename_suffix("log")
            .max_log_files(KEPT_FILES)
            .build(dir)
            .ok()
    });
    match appender {
        Some(appender) => {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(filter("info"))
                .with_writer(appender)
                .with_ansi(false)
                .try_init();
            dir
        }
        None => {
            to_stderr();
            None
        }
    }
}
