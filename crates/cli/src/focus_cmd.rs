//! `deepblock focus …` and `deepblock blocklist …`.

use chrono_tz::Tz;
use deepblock_core::actual::parse_length;
use deepblock_core::focus::Phase;
use deepblock_core::time::parse_instant;
use deepblock_service::{Deepblock, FocusStart, FocusStatus, Plan, ServiceError, Tick};

use crate::args::{BlocklistCommand, FocusCommand};
use crate::{EXIT_OK, output};

/// A `focus` command with its times read.
pub enum Request {
    Start(FocusStart),
    Extend { minutes: Option<u32>, until: Option<chrono::DateTime<chrono::Utc>> },
    Stop,
    Found(bool),
    Status,
    Follow { once: bool },
}

/// Reads a `focus` command's arguments; nothing is opened yet.
pub fn parse_focus(command: &FocusCommand, tz: Tz) -> Result<Request, ServiceError> {
    Ok(match command {
        FocusCommand::Start { minutes, until, rhythm, locked, timebox, question } => {
            let boxed = timebox.as_deref().map(parse_length).transpose()?;
            Request::Start(FocusStart {
                minutes: boxed.map(|l| u32::try_from(l.num_minutes()).unwrap_or(u32::MAX)).or(*minutes),
                until: until.as_deref().map(|t| parse_instant(t, tz)).transpose()?,
                rhythm: *rhythm,
                locked: *locked,
                timebox: question.clone(),
            })
        }
        FocusCommand::Found { no } => Request::Found(!no),
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
pub fn run_focus(request: Request, app: &Deepblock, json: bool) -> Result<u8, ServiceError> {
    let tz = app.tz();
    match request {
        Request::Start(start) => print_status(&app.focus_start(start)?, tz, json),
        Request::Status => print_status(&app.focus_check()?, tz, json),
        Request::Extend { minutes, until } => print_status(&app.focus_extend(minutes, until)?, tz, json),
        Request::Follow { once: true } => {
            let tick = app.tick()?;
            print_tick(&tick, app.now().with_timezone(&tz), json);
        }
        Request::Follow { once: false } => follow(app, json),
        Request::Found(found) => {
            let question = app.plan().answer_timebox(found)?;
            let said = if found { "found" } else { "not found" };
            if json {
                output::json(&serde_json::json!({ "question": question, "cause_found": found }));
            } else {
                outln!("recorded: the cause of '{question}' was {said}");
            }
        }
        Request::Stop => {
            let session = app.focus_stop()?;
            if json {
                output::json(&session);
            } else {
                let minutes = session.ended.map_or(0, |e| (e - session.started).num_minutes());
                outln!("stopped the focus session after {minutes} min");
            }
        }
    }
    Ok(EXIT_OK)
}

/// Follows the plan until the process is stopped: ticks as the desktop
/// app does (alerts, focus that follows the blocks, held notifications
/// shown at a break), at least every minute, so plan changes made
/// elsewhere and time spent suspended are noticed.
fn follow(app: &Deepblock, json: bool) -> ! {
    let tz = app.tz();
    errln!("Following the plan: focus starts as blocks begin (see `deepblock rules list`); Ctrl+C stops.");
    loop {
        let wake_at = match app.tick() {
            Ok(tick) => {
                print_tick(&tick, app.now().with_timezone(&tz), json);
                tick.wake_at
            }
            Err(error) => {
                errln!("deepblock: {}", error.message);
                app.now() + FOLLOW_RETRY
            }
        };
        std::thread::sleep((wake_at - app.now()).to_std().unwrap_or_default());
    }
}

/// How long `focus follow` waits after a tick that could not read the plan.
const FOLLOW_RETRY: chrono::TimeDelta = chrono::TimeDelta::minutes(1);

/// Prints what a tick did, stamped with the local time `now`.
fn print_tick(tick: &Tick, now: chrono::DateTime<Tz>, json: bool) {
    if json {
        output::json(tick);
        return;
    }
    for said in &tick.said {
        outln!("{} {said}", now.format("%H:%M"));
    }
    if !tick.said.is_empty() {
        errln!("note: {}", tick.focus.blocking_note);
    }
    for problem in &tick.problems {
        errln!("warning: {problem}");
    }
}

fn print_status(status: &FocusStatus, tz: Tz, json: bool) {
    if json {
        output::json(status);
        return;
    }
    let at = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&tz).format("%H:%M").to_string();
    let Some(session) = &status.session else {
        outln!("No focus session running.");
        wait_lines(status);
        return;
    };
    let lock = if session.locked { ", locked" } else { "" };
    match status.phase {
        Phase::Focus { period, until } => outln!("Focus, period {period}, until {}", at(until)),
        Phase::Break { long, until } => {
            outln!("{} until {}", if long { "Long break" } else { "Break" }, at(until))
        }
        Phase::Done => outln!("The session is over."),
    }
    let block = status.block_title.as_ref().map_or_else(String::new, |t| format!(", with the block '{t}'"));
    outln!(
        "Session {}–{} ({} rhythm{lock}{block}), {} min left",
        at(session.started),
        at(session.planned_end),
        session.rhythm,
        status.remaining_minutes
    );
    if let Some(question) = &status.timebox {
        outln!("Time-box: '{question}'; `focus found` (or `--no`) records whether the cause was found");
    }
    wait_lines(status);
    errln!("note: {}", status.blocking_note);
}

/// A time-box waiting for its answer, a command run through `notify --`
/// that still runs, and the low-energy task offered for a break or for
/// that wait.
fn wait_lines(status: &FocusStatus) {
    if let Some(question) = &status.timebox_to_answer {
        outln!(
            "The time-box '{question}' ended: `focus found` (or `--no`) records whether the cause was found"
        );
    }
    if let Some(job) = &status.waiting_on {
        outln!("Running: {job}");
    }
    if let Some(task) = &status.for_the_wait {
        let wait = if status.waiting_on.is_some() && status.session.is_none() { "wait" } else { "break" };
        outln!("For the {wait}: {task}");
    }
}

/// Runs a `blocklist` command.
pub fn run_blocklist(command: &BlocklistCommand, app: &mut Plan, json: bool) -> Result<u8, ServiceError> {
    match command {
        BlocklistCommand::Add { hosts } => {
            let added = app.blocklist_add(hosts)?;
            if !json {
                outln!("added {added} host{} to the blocklist", if added == 1 { "" } else { "s" });
            }
        }
        BlocklistCommand::Rm { hosts } => {
            let removed = app.blocklist_remove(hosts)?;
            if !json {
                outln!("removed {removed} host{} from the blocklist", if removed == 1 { "" } else { "s" });
            }
        }
        BlocklistCommand::List => {}
    }
    let list = app.blocklist()?;
    if json {
        output::json(&list);
    } else if matches!(command, BlocklistCommand::List) {
        for host in list {
            outln!("{host}");
        }
    }
    Ok(EXIT_OK)
}
