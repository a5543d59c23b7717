//! `deepblock export …`: write the plan for other calendars.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use deepblock_core::time::parse_date;
use deepblock_service::{ErrorCode, Plan, ServiceError, write_whole};

use crate::EXIT_OK;
use crate::args::ExportCommand;

/// An `export` command with every argument read and checked.
pub struct Request {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    output: Option<PathBuf>,
}

/// Reads an `export` command's arguments; nothing is opened yet.
pub fn parse(command: &ExportCommand) -> Result<Request, ServiceError> {
    let ExportCommand::Ics { from, to, output } = command;
    Ok(Request {
        from: from.as_deref().map(parse_date).transpose()?,
        to: to.as_deref().map(parse_date).transpose()?,
        output: output.clone(),
    })
}

/// Writes the calendar to standard output or, whole or not at all, to a file.
pub fn run(request: Request, app: &Plan) -> Result<u8, ServiceError> {
    let text = app.export_ics(request.from, request.to)?;
    match &request.output {
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes()).map_err(|e| cannot_write(Path::new("standard output"), &e))?;
        }
        Some(path) => write_whole(path, text.as_bytes())?,
    }
    Ok(EXIT_OK)
}

fn cannot_write(path: &Path, e: &std::io::Error) -> ServiceError {
    ServiceError::new(
        ErrorCode::Environment,
        format!("cannot write {}: {e}; check the directory exists and is writable", path.display()),
    )
}
