//! `deepblock focus …` and `deepblock blocklist …`.

use chrono_tz::Tz;
use deepblock_core::focus::Phase;
use deepblock_core::time::parse_instant;
use deepblock_service::{Deepblock, FocusStart, FocusStatus, Followed, ServiceError};

use crate::args::{BlocklistCommand, FocusCommand};
use crate::{EXIT_OK, output};

/// A `focus` command with its times read.
pub enum Request {
    Start(FocusStart),
    Extend { minutes: Option<u32>, until: Option<chrono::DateTime<chrono::Utc>> },
    Stop,
    Status,
    Follow { once: bool },
}

/// Reads a `focus` command's arguments; nothing is opened yet.
pub fn parse_focus(command: &FocusCommand, tz: Tz) -> Result<Request, ServiceError> {
    Ok(match command {
        FocusCommand::Start { minutes, until, rhythm, locked } => Request::Start(FocusStart {
            minutes: *minutes,
            until: until.as_deref().map(|t| parse_instant(t, tz)).transpose()?,
            rhythm: *rhythm,
            locked: *locked,
        }),
        FocusCommand::Extend { minutes, until } => Request::Extend {
            minutes: *minutes,
            until: until.as_deref().map(|t| parse_instant(t, tz)).transpose()?,
        },
        FocusCommand::Stop => Request::Stop,
        FocusCommand::Status => Request::Status,
        FocusCommand::Follow { once } => Request::Follow { once: *once },
    })
}

/// Runs a `focus` command and prints its result.
pub fn run_focus(request: Request, app: &mut Deepblock, json: bool) -> Result<u8, ServiceError> {
    let tz = app.tz();
    match request {
        Request::Start(start) => print_status(&app.focus_start(start)?, tz, json),
        Request::Status => print_status(&app.focus_status()?, tz, json),
        Request::Extend { minutes, until } => print_status(&app.focus_extend(minutes, until)?, tz, json),
        Request::Follow { once: true } => {
            let followed = app.follow_plan()?;
            print_followed(&followed, app.now().with_timezone(&tz), json);
        }
        Request::Follow { once: false } => follow(app, json),
        Request::Stop => {
            let session = app.focus_stop()?;
            if json {
                output::json(&session);
            } else {
                let minutes = session.ended.map_or(0, |e| (e - session.started).num_minutes());
                println!("stopped the focus session after {minutes} min");
            }
        }
    }
    Ok(EXIT_OK)
}

/// Follows the plan until the process is stopped: looks again when the
/// next followed block starts, and at least every minute, so plan changes
/// made elsewhere and time spent suspended are noticed.
fn follow(app: &mut Deepblock, json: bool) -> ! {
    let tz = app.tz();
    eprintln!("Following the plan: focus starts as blocks begin (see `deepblock rules list`); Ctrl+C stops.");
    loop {
        let next = match app.follow_plan() {
            Ok(followed) => {
                print_followed(&followed, app.now().with_timezone(&tz), json);
                Some(followed.next_check)
            }
            Err(error) => {
                eprintln!("deepblock: {}", error.message);
                None
            }
        };
        let now = app.now();
        let wake = next.map_or(FOLLOW_LONGEST_SLEEP, |at| {
            (at - now).to_std().unwrap_or_default().min(FOLLOW_LONGEST_SLEEP)
        });
        std::thread::sleep(wake);
    }
}

/// The longest `focus follow` sleeps between looks at the plan.
const FOLLOW_LONGEST_SLEEP: std::time::Duration = std::time::Duration::from_secs(60);

/// Prints what following did, stamped with the local time `now`.
fn print_followed(followed: &Followed, now: chrono::DateTime<Tz>, json: bool) {
    if json {
        output::json(followed);
        return;
    }
    if let Some(said) = &followed.said {
        println!("{} {said}", now.format("%H:%M"));
    }
    if let Some(status) = &followed.changed {
        eprintln!("note: {}", status.blocking_note);
    }
}

fn print_status(status: &FocusStatus, tz: Tz, json: bool) {
    if json {
        output::json(status);
        return;
    }
    let at = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&tz).format("%H:%M").to_string();
    let Some(session) = &status.session else {
        println!("No focus session running.");
        return;
    };
    let lock = if session.locked { ", locked" } else { "" };
    match status.phase {
        Phase::Focus { period, until } => println!("Focus, period {period}, until {}", at(until)),
        Phase::Break { long, until } => {
            println!("{} until {}", if long { "Long break" } else { "Break" }, at(until))
        }
        Phase::Done => println!("The session is over."),
    }
    let block = status.block_title.as_ref().map_or_else(String::new, |t| format!(", with the block '{t}'"));
    println!(
        "Session {}–{} ({} rhythm{lock}{block}), {} min left",
        at(session.started),
        at(session.planned_end),
        session.rhythm,
        status.remaining_minutes
    );
    eprintln!("note: {}", status.blocking_note);
}

/// Runs a `blocklist` command.
pub fn run_blocklist(
    command: &BlocklistCommand,
    app: &mut Deepblock,
    json: bool,
) -> Result<u8, ServiceError> {
    match command {
        BlocklistCommand::Add { hosts } => {
            let added = app.blocklist_add(hosts)?;
            if !json {
                println!("added {added} host{} to the blocklist", if added == 1 { "" } else { "s" });
            }
        }
        BlocklistCommand::Rm { hosts } => {
            let removed = app.blocklist_remove(hosts)?;
            if !json {
                println!("removed {removed} host{} from the blocklist", if removed == 1 { "" } else { "s" });
            }
        }
        BlocklistCommand::List => {}
    }
    let list = app.blocklist()?;
    if json {
        output::json(&list);
    } else if matches!(command, BlocklistCommand::List) {
        for host in list {
            println!("{host}");
        }
    }
    Ok(EXIT_OK)
}
