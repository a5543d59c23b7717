//! `deepblock calendar …`: calendars kept fresh from their address.

use std::io::{BufRead, IsTerminal};
use std::time::Duration;

use deepblock_service::{Deepblock, ServiceError, Subscribe, SyncOptions};

use crate::args::CalendarCommand;
use crate::{EXIT_OK, output};

/// Exit status of a sync in which some calendar could not be reached.
const EXIT_UNREACHED: u8 = 3;

/// Runs one `calendar` command.
pub fn run(command: &CalendarCommand, app: &Deepblock, json: bool) -> Result<u8, ServiceError> {
    match command {
        CalendarCommand::Subscribe { name, url, every, user, password_stdin } => {
            let password = match user {
                Some(user) => Some(read_password(user, *password_stdin)?),
                None => None,
            };
            let request = Subscribe {
                name: name.clone(),
                address: url.clone(),
                every: every.clone(),
                user: user.clone(),
                password,
            };
            let synced = app.subscribe(request)?;
            if json {
                output::json(&synced);
            } else {
                outln!("{}", synced.line);
            }
            Ok(EXIT_OK)
        }
        CalendarCommand::Sync { name, timeout } => {
            let options = SyncOptions {
                only: name.clone(),
                due_only: false,
                timeout: timeout.map(Duration::from_secs),
            };
            let report = app.sync_calendars(&options)?;
            if json {
                output::json(&report);
            } else if report.calendars.is_empty() {
                errln!("no calendars are subscribed; `deepblock calendar subscribe NAME URL` adds one");
            } else {
                for calendar in &report.calendars {
                    outln!("{}", calendar.line);
                }
            }
            Ok(if report.all_ok() { EXIT_OK } else { EXIT_UNREACHED })
        }
        CalendarCommand::List => {
            let subscriptions = app.plan().subscriptions()?;
            if json {
                output::json(&subscriptions);
                return Ok(EXIT_OK);
            }
            if subscriptions.is_empty() {
                errln!("no calendars are subscribed; `deepblock calendar subscribe NAME URL` adds one");
            }
            for view in &subscriptions {
                let s = &view.subscription;
                outln!(
                    "{}  {}  every {}  {} {}  {}",
                    s.name,
                    s.shown,
                    every(s.every_minutes),
                    view.meetings,
                    if view.meetings == 1 { "meeting" } else { "meetings" },
                    view.status
                );
            }
            Ok(EXIT_OK)
        }
        CalendarCommand::Rm { name } => {
            let removed = app.unsubscribe(name)?;
            if json {
                output::json(&serde_json::json!({ "calendar": name, "removed": removed }));
            } else {
                outln!(
                    "unsubscribed from '{name}'; {removed} {} left the plan",
                    if removed == 1 { "meeting" } else { "meetings" }
                );
            }
            Ok(EXIT_OK)
        }
    }
}

/// An interval as it was most likely written: 15m, 2h, 1d.
fn every(minutes: u32) -> String {
    match minutes {
        m if m % (24 * 60) == 0 => format!("{}d", m / (24 * 60)),
        m if m % 60 == 0 => format!("{}h", m / 60),
        m => format!("{m}m"),
    }
}

/// The password from standard input (its first line) or, at a terminal,
/// asked for without echo.
fn read_password(user: &str, from_stdin: bool) -> Result<String, ServiceError> {
    let password = if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(|e| {
            ServiceError::bad_input(format!("cannot read the password from standard input: {e}"))
        })?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    } else if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!("Password for {user}: "))
            .map_err(|e| ServiceError::bad_input(format!("cannot read the password: {e}")))?
    } else {
        return Err(ServiceError::bad_input(
            "no terminal to ask for the password; pass it on standard input with --password-stdin",
        ));
    };
    if password.is_empty() {
        return Err(ServiceError::bad_input("the password is empty; nothing was subscribed"));
    }
    Ok(password)
}
