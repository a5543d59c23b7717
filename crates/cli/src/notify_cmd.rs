//! `notify`: a notification now (held during focus), or at the end of a
//! command run through it (`notify --title 'run 42 done' -- python
//! train.py`), which the app meanwhile knows is running.

use std::os::unix::process::ExitStatusExt;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use chrono_tz::Tz;
use deepblock_service::{Deepblock, ErrorCode, JobEnd, NotifyOutcome, ServiceError};

use crate::{EXIT_OK, output};

/// What `notify` was asked.
pub struct NotifyRequest<'a> {
    /// What the notification says first.
    pub title: &'a str,
    /// More detail; a command's ending is added after it.
    pub body: &'a str,
    /// Shown at once, even during focus.
    pub urgent: bool,
    /// The command to run first, if any.
    pub command: &'a [String],
}

/// Sends the notification, after running the command when there is one;
/// the exit status is the command's when it failed.
pub fn run(request: &NotifyRequest<'_>, app: &Deepblock, tz: Tz, json: bool) -> Result<u8, ServiceError> {
    if request.command.is_empty() {
        let outcome = app.notify(request.title, request.body, request.urgent)?;
        said(&outcome, tz, json);
        return Ok(EXIT_OK);
    }
    outlive_interrupts()?;
    let job = app.plan().start_job(request.command, request.title, request.body)?;
    let end = match Command::new(&request.command[0]).args(&request.command[1..]).status() {
        Ok(status) => match status.code() {
            Some(code) => JobEnd::Exited(code),
            None => JobEnd::Killed(status.signal().unwrap_or(0)),
        },
        Err(e) => JobEnd::NotStarted(e.to_string()),
    };
    // A failed command's status goes on to the script that ran it; the
    // shell's conventions for a signal and a command not found.
    let status = match &end {
        JobEnd::Exited(code) => u8::try_from(*code).unwrap_or(1),
        JobEnd::Killed(signal) => u8::try_from(128 + signal).unwrap_or(128),
        JobEnd::NotStarted(_) => 127,
    };
    match app.finish_job(&job, &end, request.title, request.body, request.urgent) {
        Ok(outcome) => {
            said(&outcome, tz, json);
            Ok(status)
        }
        Err(e) if status != EXIT_OK => {
            output::failure(&e, json);
            Ok(status)
        }
        Err(e) => Err(e),
    }
}

/// The terminal sends Ctrl+C (and Ctrl+\) to the command and to us alike;
/// like a shell's `time`, we let the command decide what they mean and stay
/// to tell how it ended ("ended by signal 2"). The flag is only there to
/// replace the default action, which would end us first.
fn outlive_interrupts() -> Result<(), ServiceError> {
    let noted = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGQUIT] {
        signal_hook::flag::register(signal, Arc::clone(&noted)).map_err(|e| {
            ServiceError::new(ErrorCode::Environment, format!("cannot wait for the command past Ctrl+C: {e}"))
        })?;
    }
    Ok(())
}

/// Says what became of the notification.
fn said(outcome: &NotifyOutcome, tz: Tz, json: bool) {
    if json {
        output::json(outcome);
    } else if let Some(until) = outcome.held_until {
        outln!(
            "held until {} (focus); it will come with the break",
            until.with_timezone(&tz).format("%H:%M")
        );
    } else {
        outln!("shown");
    }
}
