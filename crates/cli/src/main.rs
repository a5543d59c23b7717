//! `deepblock`: the command-line front end.
//!
//! Thin by design: it parses arguments into domain values, calls one
//! service operation, and prints the result. Exit codes are part of the
//! contract scripts rely on: 0 ok, 1 bad input, 2 rule violation,
//! 3 environment problem.

#[macro_use]
mod output;
mod activity_cmd;
mod args;
mod block_cmd;
mod calendar_cmd;
mod export_cmd;
mod focus_cmd;
mod import_cmd;
mod invite_cmd;
mod notify_cmd;
mod review_cmd;
mod rules_cmd;
mod task_cmd;
mod track_cmd;

use std::process::ExitCode;

use clap::Parser;
use deepblock_service::{
    DEFAULT_FEED_PORT, Deepblock, ErrorCode, ServiceError, SystemClock, default_db_path, resolve_zone,
};

use crate::args::{Cli, Command};

/// Exit status for a finished command.
pub const EXIT_OK: u8 = 0;
/// Exit status for rule violations (also `rules check` finding breaches).
pub const EXIT_RULE_VIOLATION: u8 = 2;

fn exit_code(code: ErrorCode) -> u8 {
    match code {
        ErrorCode::BadInput | ErrorCode::NotFound | ErrorCode::ReadOnly => 1,
        ErrorCode::RuleViolation => EXIT_RULE_VIOLATION,
        ErrorCode::Environment => 3,
    }
}

fn main() -> ExitCode {
    deepblock_service::logging::to_stderr();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return ExitCode::from(output::clap_failure(&e)),
    };
    let json = cli.json;
    match run(cli) {
        Ok(status) => ExitCode::from(status),
        Err(e) => {
            output::failure(&e, json);
            ExitCode::from(exit_code(e.code))
        }
    }
}

/// Opens the plan named on the command line (or the default one).
fn open(cli: &Cli) -> Result<Deepblock, ServiceError> {
    let tz = resolve_zone(cli.tz.as_deref())?;
    let path = match &cli.db {
        Some(path) => path.clone(),
        None => default_db_path()?,
    };
    Deepblock::open(&path, tz, SystemClock)
}

fn run(cli: Cli) -> Result<u8, ServiceError> {
    // The zone is resolved before the database is opened, so a bad --tz
    // is reported without touching any file.
    let tz = resolve_zone(cli.tz.as_deref())?;
    match &cli.command {
        Command::Block(command) => {
            let request = block_cmd::parse(command, tz)?;
            block_cmd::run(request, &mut open(&cli)?.plan(), cli.json)
        }
        Command::Rules(command) => {
            let request = rules_cmd::parse(command)?;
            rules_cmd::run(request, &mut open(&cli)?.plan(), cli.json)
        }
        Command::Export(command) => {
            let request = export_cmd::parse(command)?;
            export_cmd::run(request, &open(&cli)?.plan())
        }
        Command::Import(command) => {
            let request = import_cmd::parse(command)?;
            import_cmd::run(request, &mut open(&cli)?.plan(), cli.json)
        }
        Command::Calendar(command) => calendar_cmd::run(command, &open(&cli)?, cli.json),
        Command::Task(command) => {
            let request = task_cmd::parse(command)?;
            task_cmd::run(request, &mut open(&cli)?.plan(), cli.json)
        }
        Command::Track(command) => {
            let request = track_cmd::parse_track(command)?;
            track_cmd::run(request, &open(&cli)?, cli.json)
        }
        Command::Review(command) => {
            let request = review_cmd::parse(command, cli.json)?;
            review_cmd::run(request, &open(&cli)?, cli.json)
        }
        Command::Log(args) => {
            let request = track_cmd::parse_log(args, tz)?;
            track_cmd::run(request, &open(&cli)?, cli.json)
        }
        Command::Focus(command) => {
            let request = focus_cmd::parse_focus(command, tz)?;
            focus_cmd::run_focus(request, &open(&cli)?, cli.json)
        }
        Command::Blocklist(command) => focus_cmd::run_blocklist(command, &mut open(&cli)?.plan(), cli.json),
        Command::Notify { title, body, urgent, command } => {
            let request = notify_cmd::NotifyRequest { title, body, urgent: *urgent, command };
            notify_cmd::run(&request, &open(&cli)?, tz, cli.json)
        }
        Command::Invite { file, reply_out, counter, no_join } => {
            let request = invite_cmd::parse(file, reply_out.clone(), *counter, *no_join)?;
            invite_cmd::run(request, &mut open(&cli)?.plan(), cli.json)
        }
        Command::Serve { port } => {
            let app = open(&cli)?;
            app.serve_feed(port.unwrap_or(DEFAULT_FEED_PORT), |url| {
                // The address goes to stdout alone, for scripts; the advice
                // to stderr, for people.
                outln!("{url}");
                let _ = std::io::Write::flush(&mut std::io::stdout());
                errln!("Serving the plan. Subscribe to the address above from Outlook or Thunderbird; Ctrl+C stops.");
            })?;
            Ok(EXIT_OK)
        }
    }
}
