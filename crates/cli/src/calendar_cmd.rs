//! `deepblock calendar …`: calendars kept fresh from their address.

use std::io::{BufRead, IsTerminal};
use std::time::Duration;

use deepblock_service::{Connect, Deepblock, InvitationView, Keep, ServiceError, Subscribe, SyncOptions};

use crate::args::{CalendarCommand, KeepArg};
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
        CalendarCommand::Connect { name, url, user, password_stdin, publish_to, read } => {
            let password = read_password(user, *password_stdin)?;
            let (publish_to, read) =
                if publish_to.is_none() && read.is_empty() && std::io::stdin().is_terminal() {
                    ask_calendars(app, url, user, &password)?
                } else {
                    (publish_to.clone(), read.clone())
                };
            let request = Connect {
                name: name.clone(),
                url: url.clone(),
                user: user.clone(),
                password,
                publish_to,
                read,
            };
            let synced = app.connect(request)?;
            if json {
                output::json(&synced);
            } else {
                outln!("{}", synced.line);
            }
            Ok(if synced.ok { EXIT_OK } else { EXIT_UNREACHED })
        }
        CalendarCommand::Sync { name, timeout } => {
            let options = SyncOptions {
                only: name.clone(),
                timeout: timeout.map(Duration::from_secs),
                ..SyncOptions::default()
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
            let (subscriptions, accounts) = {
                let plan = app.plan();
                (plan.subscriptions()?, plan.accounts()?)
            };
            if json {
                output::json(&serde_json::json!({ "subscriptions": subscriptions, "accounts": accounts }));
                return Ok(EXIT_OK);
            }
            if subscriptions.is_empty() && accounts.is_empty() {
                errln!("no calendars are subscribed; `deepblock calendar subscribe NAME URL` adds one");
            }
            for account in &accounts {
                outln!(
                    "{}  {} as {}  {}  {}",
                    account.name,
                    account.server,
                    account.user,
                    account.calendars.join(", "),
                    account.status
                );
            }
            for view in &subscriptions {
                let s = &view.subscription;
                outln!(
                    "{}  {}  every {}  {} {}  {}",
                    s.name,
                    s.shown,
                    s.every_label(),
                    view.meetings,
                    if view.meetings == 1 { "meeting" } else { "meetings" },
                    view.status
                );
            }
            Ok(EXIT_OK)
        }
        CalendarCommand::Conflicts => {
            let conflicts = app.plan().conflicts()?;
            if json {
                output::json(&conflicts);
            } else if conflicts.is_empty() {
                errln!("no conflicts");
            } else {
                for conflict in &conflicts {
                    outln!("{}  {}", conflict.uid, conflict.line);
                }
                errln!("keep one side with `deepblock calendar resolve UID --keep mine|theirs`");
            }
            Ok(EXIT_OK)
        }
        CalendarCommand::Resolve { uid, keep } => {
            let keep = match keep {
                KeepArg::Mine => Keep::Mine,
                KeepArg::Theirs => Keep::Theirs,
            };
            let said = app.plan().resolve_conflict(uid, keep)?;
            if json {
                output::json(&serde_json::json!({ "uid": uid, "said": said }));
            } else {
                outln!("{said}");
            }
            Ok(EXIT_OK)
        }
        CalendarCommand::Invitations => {
            let invitations = app.plan().invitations()?;
            if json {
                output::json(&invitations);
            } else if invitations.is_empty() {
                errln!("no invitation has broken a rule");
            } else {
                for invitation in &invitations {
                    outln!("{}", invitation_line(invitation));
                }
                if invitations.iter().any(|i| i.state == "pending") {
                    errln!(
                        "answer with `deepblock calendar decline UID [--propose]` or `deepblock calendar keep UID`"
                    );
                }
            }
            Ok(EXIT_OK)
        }
        CalendarCommand::Decline { uid, propose } => {
            let declined = app.decline_invitation(uid, *propose)?;
            if json {
                output::json(&declined);
            } else {
                outln!("{}", invitation_line(&declined));
            }
            Ok(EXIT_OK)
        }
        CalendarCommand::Keep { uid } => {
            let kept = app.keep_invitation(uid)?;
            if json {
                output::json(&kept);
            } else {
                outln!("{}", invitation_line(&kept));
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

/// One invitation: UID, state, and the service's sentence.
fn invitation_line(i: &InvitationView) -> String {
    let mut line = format!("{}  {}  {}", i.uid, i.state, i.line);
    if let Some(comment) = &i.comment {
        line.push_str(&format!(" (said: {comment})"));
    }
    line
}

/// Lists the account's calendars and asks which to publish into and
/// which to read.
fn ask_calendars(
    app: &Deepblock,
    url: &str,
    user: &str,
    password: &str,
) -> Result<(Option<String>, Vec<String>), ServiceError> {
    let offered = app.offered_calendars(url, user, password)?;
    errln!("The account has these calendars:");
    for (n, calendar) in offered.iter().enumerate() {
        errln!("  {}. {}", n + 1, calendar.name);
    }
    let pick = |question: &str| -> Result<Vec<String>, ServiceError> {
        errln!("{question}");
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| ServiceError::bad_input(format!("cannot read the answer: {e}")))?;
        line.split([',', ' '])
            .filter(|part| !part.trim().is_empty())
            .map(|part| {
                part.trim()
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| offered.get(n.wrapping_sub(1)))
                    .map(|c| c.href.clone())
                    .ok_or_else(|| {
                        ServiceError::bad_input(format!("'{}' is not one of the numbers listed", part.trim()))
                    })
            })
            .collect()
    };
    let publish = pick("Publish your blocks into which one? (a number; Enter for none)")?.into_iter().next();
    let read = pick("Read meetings from which ones? (numbers separated by commas; Enter for none)")?;
    Ok((publish, read))
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
