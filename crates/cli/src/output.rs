//! How results and errors are printed: text for people, JSON for scripts.

use deepblock_core::Finding;
use deepblock_service::{Changed, ServiceError};
use serde::Serialize;

/// Prints a value as one line of JSON on stdout.
pub fn json(value: &impl Serialize) {
    match serde_json::to_string(value) {
        Ok(text) => println!("{text}"),
        Err(e) => eprintln!("error: cannot write JSON: {e}"),
    }
}

/// Prints a change's warnings and notes on stderr (text mode).
pub fn warnings<T>(changed: &Changed<T>) {
    for warning in &changed.warnings {
        eprintln!("warning: {}", warning.message);
    }
    for note in &changed.notes {
        eprintln!("note: {note}");
    }
}

/// A change's value with its warnings, for `--json`.
#[derive(Serialize)]
pub struct JsonChange<'a, T: Serialize> {
    /// What was stored.
    #[serde(flatten)]
    pub value: T,
    /// Rule warnings.
    pub warnings: &'a [Finding],
    /// Other remarks.
    pub notes: &'a [String],
}

/// Prints a failed command's error as one line on stderr.
pub fn failure(e: &ServiceError, json: bool) {
    if json {
        match serde_json::to_string(e) {
            Ok(text) => eprintln!("{text}"),
            Err(_) => eprintln!("error: {}", e.message),
        }
    } else {
        eprintln!("error: {}", e.message);
    }
}

/// Reports what clap found wrong (or prints help/version) and returns the
/// exit status: 0 for help and version, 1 for bad input (clap's own
/// choice, 2, means "rule violation" in our contract).
pub fn clap_failure(e: &clap::Error) -> u8 {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand { 1 } else { 0 }
        }
        _ => {
            // clap's first paragraph says what is wrong, sometimes over
            // several lines (the missing arguments); make it one line.
            let text = e.render().to_string();
            let first: Vec<&str> = text.lines().take_while(|l| !l.trim().is_empty()).map(str::trim).collect();
            let first = first.join(" ");
            let first = first.trim_start_matches("error: ").trim_end_matches(':');
            eprintln!("error: {first}; see --help");
            1
        }
    }
}
