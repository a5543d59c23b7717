//! `deepblock track …` and `deepblock log …`: read the arguments, call the
//! service, print.

use std::path::PathBuf;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use deepblock_core::actual::parse_length;
use deepblock_core::review::length;
use deepblock_core::time::{parse_date, parse_instant};
use deepblock_core::{BlockId, Category};
use deepblock_service::{Deepblock, EntryView, ServiceError, SheetImported, read_timesheet_file};

use crate::args::{LogArgs, LogCommand, TrackCommand};
use crate::review_cmd::WeekChoice;
use crate::{EXIT_OK, activity_cmd, output};

/// A tracking command with every argument read and checked.
pub enum Request {
    Start { category: Category, note: Option<String> },
    Stop,
    Status,
    Pull(WeekChoice),
    Skip { id: BlockId, on: Option<NaiveDate>, attended: bool },
    Log { length: Duration, category: Category, at: Option<DateTime<Utc>>, note: Option<String> },
    Import { file: PathBuf, map: Vec<(String, Category)>, dry_run: bool },
}

/// Reads a `track` command's arguments; nothing is opened yet.
pub fn parse_track(command: &TrackCommand) -> Result<Request, ServiceError> {
    Ok(match command {
        TrackCommand::Start { category, note } => {
            Request::Start { category: category.parse()?, note: note.clone() }
        }
        TrackCommand::Stop => Request::Stop,
        TrackCommand::Status => Request::Status,
        TrackCommand::Pull { week } => Request::Pull(WeekChoice::parse(week.as_deref())?),
        TrackCommand::Skip { id, on, attended } => Request::Skip {
            id: BlockId(*id),
            on: on.as_deref().map(parse_date).transpose()?,
            attended: *attended,
        },
    })
}

/// Reads a `log` command's arguments; nothing is opened yet.
pub fn parse_log(args: &LogArgs, tz: Tz) -> Result<Request, ServiceError> {
    if let Some(LogCommand::Import { file, map, dry_run }) = &args.action {
        let map = map
            .iter()
            .map(|pair| {
                let (name, category) = pair.split_once('=').ok_or_else(|| {
                    ServiceError::bad_input(format!(
                        "'{pair}' is not NAME=CATEGORY, as in 'Thesis=research-learning'"
                    ))
                })?;
                Ok((name.trim().to_owned(), category.parse()?))
            })
            .collect::<Result<_, ServiceError>>()?;
        return Ok(Request::Import { file: file.clone(), map, dry_run: *dry_run });
    }
    let (Some(length), Some(category)) = (&args.length, &args.category) else {
        return Err(ServiceError::bad_input(
            "give a length and --category, as in `log 45m --category admin`",
        ));
    };
    Ok(Request::Log {
        length: parse_length(length)?,
        category: category.parse()?,
        at: args.at.as_deref().map(|t| parse_instant(t, tz)).transpose()?,
        note: args.note.clone(),
    })
}

fn entry_line(verb: &str, e: &EntryView) -> String {
    format!(
        "{verb} {}: {} ({}–{})",
        e.category.as_str(),
        length(e.minutes),
        e.start.format("%a %-d %b %H:%M"),
        e.end.format("%H:%M")
    )
}

/// Runs a tracking command and prints its result.
pub fn run(request: Request, deepblock: &Deepblock, json: bool) -> Result<u8, ServiceError> {
    let mut plan = deepblock.plan();
    let app = &mut *plan;
    match request {
        Request::Pull(week) => {
            drop(plan);
            return activity_cmd::pull(&week, deepblock, json);
        }
        Request::Start { category, note } => {
            let started = app.track_start(category, note.as_deref())?;
            if json {
                output::json(&started);
            } else {
                if let Some(stopped) = &started.stopped {
                    outln!("{}", entry_line("tracked", stopped));
                    if let Some(cut) = &stopped.cut {
                        errln!("{cut}");
                    }
                }
                outln!("tracking {} since {}", category.as_str(), started.timer.started.format("%H:%M"));
            }
        }
        Request::Stop => {
            let stopped = app.track_stop()?;
            if json {
                output::json(&stopped);
            } else {
                outln!("{}", entry_line("tracked", &stopped));
                if let Some(cut) = &stopped.cut {
                    errln!("{cut}");
                }
            }
        }
        Request::Status => {
            let timer = app.track_status()?;
            if json {
                output::json(&timer);
            } else if let Some(t) = timer {
                outln!(
                    "tracking {} since {} ({})",
                    t.category.as_str(),
                    t.started.format("%H:%M"),
                    length(t.minutes)
                );
            } else {
                outln!("no timer is running");
            }
        }
        Request::Skip { id, on, attended } => {
            let date = on.unwrap_or_else(|| app.now().with_timezone(&app.tz()).date_naive());
            let title = app.mark_meeting(id, date, attended)?;
            let said = if attended { "counted again" } else { "marked skipped: the review leaves it out" };
            if json {
                output::json(&serde_json::json!({ "meeting": title, "date": date, "attended": attended }));
            } else {
                outln!("'{title}' on {}: {said}", date.format("%a %-d %b"));
            }
        }
        Request::Import { file, map, dry_run } => {
            let text = read_timesheet_file(&file)?;
            let imported = app.import_timesheet(&text, &map, dry_run)?;
            if json {
                output::json(&imported);
            } else {
                print_imported(&imported);
            }
        }
        Request::Log { length, category, at, note } => {
            let logged = app.log_entry(length, category, at, note.as_deref())?;
            if json {
                output::json(&logged);
            } else {
                outln!("{}", entry_line("logged", &logged));
            }
        }
    }
    Ok(EXIT_OK)
}

fn print_imported(done: &SheetImported) {
    let verb = if done.dry_run { "would import" } else { "imported" };
    let range = match (done.first, done.last) {
        (Some(first), Some(last)) => {
            format!(" ({} to {})", first.format("%a %-d %b %Y"), last.format("%a %-d %b %Y"))
        }
        _ => String::new(),
    };
    let entries = if done.imported == 1 { "entry" } else { "entries" };
    outln!("{verb} {} {entries} from a {} timesheet{range}", done.imported, done.format.label());
    let mut passed = Vec::new();
    if done.already > 0 {
        passed.push(format!("{} already recorded", done.already));
    }
    if done.derived > 0 {
        passed.push(format!("{} from focus sessions and meetings, kept with those", done.derived));
    }
    if done.empty > 0 {
        passed.push(format!("{} lasting no time", done.empty));
    }
    if !passed.is_empty() {
        outln!("passed over: {}", passed.join("; "));
    }
    if !done.unmapped.is_empty() {
        errln!(
            "counted as other, matching no category: {}; name their category with --map 'NAME=CATEGORY'",
            done.unmapped.join(", ")
        );
    }
}
