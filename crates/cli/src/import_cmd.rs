//! `deepblock import …`: other calendars' meetings, read-only.

use deepblock_service::{Plan, ServiceError, read_calendar_file};

use crate::args::ImportCommand;
use crate::{EXIT_OK, output};

/// An `import` command with its file read.
pub struct Request {
    label: String,
    text: String,
    calendar: String,
}

/// Reads the file; nothing is opened in the database yet.
pub fn parse(command: &ImportCommand) -> Result<Request, ServiceError> {
    let ImportCommand::Ics { file, calendar } = command;
    let (label, text) = read_calendar_file(file)?;
    let calendar = match calendar {
        Some(name) => name.clone(),
        None => {
            file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "imported".into())
        }
    };
    Ok(Request { label, text, calendar })
}

/// Imports and reports what changed.
pub fn run(request: Request, app: &mut Plan, json: bool) -> Result<u8, ServiceError> {
    let report = app.import_ics(&request.text, &request.calendar).map_err(|mut e| {
        e.message = format!("{}: {}", request.label, e.message);
        e
    })?;
    if json {
        output::json(&report);
        return Ok(EXIT_OK);
    }
    outln!("{}", report.summary);
    if let Some(left_out) = &report.left_out {
        errln!("note: {left_out}");
    }
    if let Some(repaired) = &report.repaired {
        errln!("warning: {repaired}");
    }
    if let Some(breaking) = &report.breaking {
        errln!("warning: {breaking}; `deepblock rules check` lists them");
    }
    Ok(EXIT_OK)
}
