//! `deepblock invite`: triage an invitation and write the answer.

use std::path::{Path, PathBuf};

use crate::{EXIT_OK, EXIT_RULE_VIOLATION, output};
use deepblock_service::{
    Deepblock, INVITATIONS_CALENDAR, InviteOptions, InviteOutcome, ServiceError, counter_path,
    read_calendar_file, write_whole,
};

/// Decisions listed one per line up to this many; past it, accepted ones
/// are counted instead.
const LIST_ALL_UP_TO: usize = 12;

/// An `invite` command with its file read.
pub struct Request {
    label: String,
    text: String,
    reply_out: Option<PathBuf>,
    options: InviteOptions,
}

/// Reads the invitation; nothing is opened in the database yet.
pub fn parse(
    file: &Path,
    reply_out: Option<PathBuf>,
    counter: bool,
    no_join: bool,
) -> Result<Request, ServiceError> {
    let (label, text) = read_calendar_file(file)?;
    let options = InviteOptions { reply: reply_out.is_some(), counter, no_join };
    Ok(Request { label, text, reply_out, options })
}

/// Triages, writes the answers, reports.
pub fn run(request: Request, app: &mut Deepblock, json: bool) -> Result<u8, ServiceError> {
    let outcome = app.invite(&request.text, request.options).map_err(|mut e| {
        e.message = format!("{}: {}", request.label, e.message);
        e
    })?;
    let mut written = Vec::new();
    if let (Some(path), Some(reply)) = (&request.reply_out, &outcome.reply) {
        write_whole(path, reply.as_bytes())?;
        written.push(format!("reply written to {}", path.display()));
        if let Some(counter) = &outcome.counter {
            let counter_file = counter_path(path);
            write_whole(&counter_file, counter.as_bytes())?;
            written.push(format!("counter-proposal written to {}", counter_file.display()));
        }
    }
    if json {
        output::json(&outcome);
    } else {
        print_outcome(&outcome, &written);
    }
    Ok(if outcome.declines() { EXIT_RULE_VIOLATION } else { EXIT_OK })
}

fn print_outcome(outcome: &InviteOutcome, written: &[String]) {
    println!("'{}' ({})", outcome.title, outcome.method);
    let many = outcome.decisions.len() > LIST_ALL_UP_TO;
    for d in &outcome.decisions {
        if many && d.verdict == "accept" {
            continue;
        }
        let day = d.start.format("%a %-d %b %Y");
        let when = if d.all_day {
            format!("{day} all day")
        } else {
            format!("{day} {}–{}", d.start.format("%H:%M"), d.end.format("%H:%M"))
        };
        let reason = d.reason.as_deref().map(|r| format!("  {r}")).unwrap_or_default();
        let proposal = d
            .proposed_start
            .map(|p| format!(" (proposing {})", p.format("%a %-d %b %H:%M")))
            .unwrap_or_default();
        println!("  {when}  {}{reason}{proposal}", d.verdict);
    }
    if many {
        let accepted = outcome.decisions.iter().filter(|d| d.verdict == "accept").count();
        println!("  … and {accepted} more occurrences: accept");
    }
    for line in written {
        println!("{line}");
    }
    if outcome.joined {
        println!("accepted times joined your plan (calendar '{INVITATIONS_CALENDAR}')");
    }
    if let Some(note) = &outcome.note {
        println!("{note}");
    }
}
