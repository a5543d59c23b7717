//! How results and errors are printed: text for people, JSON for scripts.
//! Every line goes through [`line`]: a reader that closes the pipe early
//! (`deepblock block list | head -1`) ends the program quietly, as it ends
//! `cat`, instead of a panic.

use std::fmt;
use std::io::{ErrorKind, Write};

use deepblock_core::Finding;
use deepblock_service::{Changed, Field, ServiceError};
use serde::Serialize;

/// Prints a formatted line on stdout (see [`line`]).
macro_rules! outln {
    ($($arg:tt)*) => { $crate::output::line($crate::output::Stream::Out, format_args!($($arg)*)) };
}

/// Prints a formatted line on stderr (see [`line`]).
macro_rules! errln {
    ($($arg:tt)*) => { $crate::output::line($crate::output::Stream::Err, format_args!($($arg)*)) };
}

/// Where a line goes.
pub enum Stream {
    /// Results, for scripts.
    Out,
    /// Errors, warnings and notes, for people.
    Err,
}

/// Writes one line. A closed stdout ends the program with status 0 (the
/// reader has what it wanted); any other failure to write the results is
/// an environment problem (status 3). Lines for stderr that cannot be
/// written are dropped: there is nowhere left to say so.
pub fn line(stream: Stream, args: fmt::Arguments<'_>) {
    let written = match stream {
        Stream::Out => writeln!(std::io::stdout().lock(), "{args}"),
        Stream::Err => {
            let _ = writeln!(std::io::stderr().lock(), "{args}");
            return;
        }
    };
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => {
            let _ = writeln!(std::io::stderr().lock(), "error: cannot write the output: {e}");
            std::process::exit(3);
        }
    }
}

/// Prints a value as one line of JSON on stdout.
pub fn json(value: &impl Serialize) {
    match serde_json::to_string(value) {
        Ok(text) => outln!("{text}"),
        Err(e) => errln!("error: cannot write JSON: {e}"),
    }
}

/// Prints a change's warnings and notes on stderr (text mode).
pub fn warnings<T>(changed: &Changed<T>) {
    for warning in &changed.warnings {
        errln!("warning: {}", warning.message);
    }
    for note in &changed.notes {
        errln!("note: {note}");
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

/// Where to change it, in the CLI's words, for an error about `field`:
/// the text that follows the service's message.
fn hint(field: Field) -> &'static str {
    match field {
        Field::Database => "; choose another with --db PATH or DEEPBLOCK_DB",
        Field::Port => "; choose another with --port",
        Field::SessionLength => " (--minutes, --until)",
        Field::RepeatEnd => " (--until)",
        Field::Occurrence => " (--occurrence)",
        Field::DateRange => " (--from, --to)",
        Field::NoMeetingRule => " (--weekday, --date, or --from with --to)",
        Field::CalendarName => " (--calendar)",
        Field::MyAddresses => "; add yours with `deepblock rules me add you@example.org`",
        Field::Blocklist => "; `deepblock blocklist list` shows it",
    }
}

/// Prints a failed command's error as one line on stderr, with the flag to
/// change when the error is about one.
pub fn failure(e: &ServiceError, json: bool) {
    let hint = e.field.map_or("", hint);
    if json {
        match serde_json::to_string(e) {
            Ok(text) => errln!("{text}"),
            Err(_) => errln!("error: {}{hint}", e.message),
        }
    } else {
        errln!("error: {}{hint}", e.message);
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
            errln!("error: {first}; see --help");
            1
        }
    }
}
