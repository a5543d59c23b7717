//! `deepblock block …`: read the arguments, call the service, print.

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use deepblock_core::time::{parse_date, parse_instant, parse_wall};
use deepblock_core::{BlockId, Span, Week};
use deepblock_service::{BlockDraft, BlockEdit, BlockMove, Entry, Plan, Repeat, ServiceError};

use crate::args::{BlockCommand, RepeatChange};
use crate::output::{self, JsonChange};
use crate::{EXIT_OK, output::warnings};

/// A `block` command with every argument read and checked.
pub enum Request {
    Add(BlockDraft),
    List { week: Option<Week>, dates: Option<(chrono::NaiveDate, chrono::NaiveDate)> },
    Move { id: BlockId, to: BlockMove },
    Edit { id: BlockId, edit: BlockEdit },
    Rm { id: BlockId, occurrence: Option<NaiveDateTime> },
}

fn instant(text: &Option<String>, tz: Tz) -> Result<Option<DateTime<Utc>>, ServiceError> {
    Ok(text.as_deref().map(|t| parse_instant(t, tz)).transpose()?)
}

fn wall(text: &Option<String>) -> Result<Option<NaiveDateTime>, ServiceError> {
    Ok(text.as_deref().map(parse_wall).transpose()?)
}

/// Reads a `block` command's arguments; nothing is opened yet.
pub fn parse(command: &BlockCommand, tz: Tz) -> Result<Request, ServiceError> {
    Ok(match command {
        BlockCommand::Add {
            kind,
            start,
            end,
            title,
            category,
            repeat,
            until,
            protected,
            override_reason,
        } => {
            let until = until.as_deref().map(parse_date).transpose()?;
            Request::Add(BlockDraft {
                kind: *kind,
                title: title.clone(),
                category: *category,
                start: parse_instant(start, tz)?,
                end: parse_instant(end, tz)?,
                repeat: repeat.map(|_| Repeat::Weekly { until }),
                protected: *protected,
                override_reason: override_reason.clone(),
            })
        }
        BlockCommand::List { week, from, to } => {
            let week = week.as_deref().map(Week::parse_iso).transpose()?;
            let dates = match (from, to) {
                (Some(from), Some(to)) => Some((parse_date(from)?, parse_date(to)?)),
                _ => None,
            };
            Request::List { week, dates }
        }
        BlockCommand::Move { id, start, end, occurrence, override_reason } => Request::Move {
            id: BlockId(*id),
            to: BlockMove {
                start: instant(start, tz)?,
                end: instant(end, tz)?,
                occurrence: wall(occurrence)?,
                override_reason: override_reason.clone(),
            },
        },
        BlockCommand::Edit { id, title, kind, category, protected, repeat } => Request::Edit {
            id: BlockId(*id),
            edit: BlockEdit {
                title: title.clone(),
                kind: *kind,
                category: *category,
                protected: *protected,
                repeat: repeat.map(|r| match r {
                    RepeatChange::Weekly => Some(Repeat::Weekly { until: None }),
                    RepeatChange::None => None,
                }),
            },
        },
        BlockCommand::Rm { id, occurrence } => {
            Request::Rm { id: BlockId(*id), occurrence: wall(occurrence)? }
        }
    })
}

/// Runs a `block` command and prints its result.
pub fn run(request: Request, app: &mut Plan, json: bool) -> Result<u8, ServiceError> {
    let tz = app.tz();
    match request {
        Request::Add(draft) => {
            let added = app.add_block(draft)?;
            report_change("added", &added, tz, json);
        }
        Request::List { week, dates } => {
            let (title, window) = match dates {
                Some((from, to)) => (format!("{from} to {to}"), app.dates_window(from, to)?),
                None => {
                    let week = match week {
                        Some(week) => week,
                        None => app.current_week()?,
                    };
                    (format!("Week {}", week.iso_name()), week.span(tz))
                }
            };
            let entries = app.entries(&window)?;
            if json {
                output::json(&entries);
            } else {
                print_entries(&title, &window, tz, &entries);
            }
        }
        Request::Move { id, to } => {
            let moved = app.move_block(id, to)?;
            report_change("moved", &moved, tz, json);
        }
        Request::Edit { id, edit } => {
            let edited = app.edit_block(id, edit)?;
            report_change("changed", &edited, tz, json);
        }
        Request::Rm { id, occurrence } => {
            let block = app.delete_block(id, occurrence)?;
            if json {
                output::json(&Entry::first(&block, tz));
            } else if let Some(original) = occurrence {
                outln!(
                    "skipped the {} occurrence of block {id} '{}'",
                    original.format("%a %-d %b %H:%M"),
                    block.title
                );
            } else {
                outln!("deleted block {id} '{}'", block.title);
            }
        }
    }
    Ok(EXIT_OK)
}

fn report_change(
    verb: &str,
    changed: &deepblock_service::Changed<deepblock_core::Block>,
    tz: Tz,
    json: bool,
) {
    let entry = Entry::first(&changed.value, tz);
    if json {
        output::json(&JsonChange { value: &entry, warnings: &changed.warnings, notes: &changed.notes });
        return;
    }
    outln!(
        "{verb} block {}: {} {}, {} '{}'",
        entry.id,
        entry.start.format("%a %-d %b"),
        time_range(&entry),
        entry.kind,
        first_line(&entry.title)
    );
    warnings(changed);
}

fn time_range(entry: &Entry) -> String {
    if entry.start.date_naive() == entry.end.date_naive() {
        format!("{}–{}", entry.start.format("%H:%M"), entry.end.format("%H:%M"))
    } else {
        format!("{}–{}", entry.start.format("%H:%M"), entry.end.format("%a %-d %b %H:%M"))
    }
}

fn first_line(title: &str) -> String {
    let mut lines = title.lines();
    let first = lines.next().unwrap_or_default();
    if lines.next().is_some() { format!("{first} …") } else { first.to_owned() }
}

fn print_entries(title: &str, window: &Span, tz: Tz, entries: &[Entry]) {
    let first = window.start.with_timezone(&tz);
    let last = (window.end - chrono::Duration::seconds(1)).with_timezone(&tz);
    outln!("{title} · {} – {} · {}", first.format("%a %-d %b"), last.format("%a %-d %b %Y"), tz.name());
    if entries.is_empty() {
        outln!("No blocks planned.");
        return;
    }
    // As wide as the longest id, so a database of years still lines up.
    let id_width = entries.iter().map(|e| e.id.to_string().len()).max().unwrap_or(0).max(4);
    outln!("{:>id_width$}  {:<10}  {:<11}  {:<8}  {:<17}  TITLE", "ID", "DAY", "TIME", "KIND", "CATEGORY");
    for entry in entries {
        let mut marks = Vec::new();
        if entry.protected {
            marks.push("protected".to_owned());
        }
        if let Some(rule) = &entry.repeat {
            let weekly = deepblock_core::RepeatRule::parse(rule).is_ok_and(|r| r.is_weekly());
            let every = if weekly { "weekly" } else { "repeats" };
            marks.push(if entry.moved { format!("{every}, moved") } else { every.to_owned() });
        }
        if let Some(calendar) = &entry.calendar {
            marks.push(format!("imported: {calendar}"));
        }
        let marks = if marks.is_empty() { String::new() } else { format!("  ({})", marks.join(", ")) };
        outln!(
            "{:>id_width$}  {:<10}  {:<11}  {:<8}  {:<17}  {}{marks}",
            entry.id.to_string(),
            entry.start.format("%a %-d %b").to_string(),
            time_range(entry),
            entry.kind.as_str(),
            entry.category.as_str(),
            first_line(&entry.title)
        );
    }
}
