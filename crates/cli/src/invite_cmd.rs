//! `deepblock invite`: triage an invitation and write the answer.

use std::path::{Path, PathBuf};

use deepblock_service::{
    INVITATIONS_CALENDAR, InviteOptions, InviteOutcome, Plan, ServiceError, VerdictView, read_calendar_file,
};

use crate::{EXIT_OK, EXIT_RULE_VIOLATION, output};

/// Decisions listed one per line up to this many; past it, accepted ones
/// are counted instead.
const LIST_ALL_UP_TO: usize = 12;

/// An `invite` command with its file read.
pub struct Request {
    label: String,
    text: String,
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
    let options = InviteOptions { reply_out, counter, no_join };
    Ok(Request { label, text, options })
}

/// Triages, writes the answers, reports.
pub fn run(request: Request, app: &mut Plan, json: bool) -> Result<u8, ServiceError> {
    let outcome = app.invite(&request.text, request.options).map_err(|mut e| {
        e.message = format!("{}: {}", request.label, e.message);
        e
    })?;
    if json {
        output::json(&outcome);
    } else {
        print_outcome(&outcome);
    }
    Ok(if outcome.declines() { EXIT_RULE_VIOLATION } else { EXIT_OK })
}

fn print_outcome(outcome: &InviteOutcome) {
    outln!("'{}' ({})", outcome.title, outcome.method);
    let many = outcome.decisions.len() > LIST_ALL_UP_TO;
    for d in &outcome.decisions {
        if many && d.verdict == VerdictView::Accept {
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
        let verdict = match d.verdict {
            VerdictView::Accept => "accept",
            VerdictView::Decline => "decline",
        };
        outln!("  {when}  {verdict}{reason}{proposal}");
    }
    if many {
        let accepted = outcome.decisions.iter().filter(|d| d.verdict == VerdictView::Accept).count();
        outln!("  … and {accepted} more occurrences: accept");
    }
    for (i, file) in outcome.written.iter().enumerate() {
        outln!("{} written to {file}", if i == 0 { "reply" } else { "counter-proposal" });
    }
    if outcome.joined {
        outln!("accepted times joined your plan (calendar '{INVITATIONS_CALENDAR}')");
    }
    if let Some(note) = &outcome.note {
        outln!("{note}");
    }
}
