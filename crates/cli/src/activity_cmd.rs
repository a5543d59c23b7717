//! `deepblock rules track …`, `rules activitywatch` and `track pull`:
//! ActivityWatch as a source of actual time.

use deepblock_core::Category;
use deepblock_service::{Deepblock, Plan, ServiceError};

use crate::args::TrackRuleCommand;
use crate::review_cmd::WeekChoice;
use crate::{EXIT_OK, output};

/// A tracking-rule or tracker-address command, read and checked.
pub enum Request {
    AddRule { pattern: String, category: Category },
    RemoveRule(i64),
    ListRules,
    Address(Option<String>),
}

/// Reads a `rules track` command's arguments.
pub fn parse_rules(command: &TrackRuleCommand) -> Result<Request, ServiceError> {
    Ok(match command {
        TrackRuleCommand::Add { pattern, category } => {
            Request::AddRule { pattern: pattern.clone(), category: category.parse()? }
        }
        TrackRuleCommand::Rm { id } => Request::RemoveRule(*id),
        TrackRuleCommand::List => Request::ListRules,
    })
}

/// Adds, removes or lists the tracking rules, or sets the tracker's
/// address.
pub fn run(request: Request, app: &mut Plan, json: bool) -> Result<u8, ServiceError> {
    match request {
        Request::AddRule { pattern, category } => {
            let rule = app.add_track_rule(&pattern, category)?;
            if json {
                output::json(&rule);
            } else {
                outln!("added tracking rule {}: {rule}", rule.id);
            }
        }
        Request::RemoveRule(id) => {
            app.remove_track_rule(id)?;
            if json {
                output::json(&serde_json::json!({ "removed": id }));
            } else {
                outln!("removed tracking rule {id}");
            }
        }
        Request::ListRules => {
            let rules = app.track_rules()?;
            let server = app.activitywatch()?;
            if json {
                output::json(&serde_json::json!({ "activitywatch": server, "rules": rules }));
            } else {
                outln!("ActivityWatch: {}", server.as_deref().unwrap_or("off"));
                for rule in &rules {
                    outln!("{:>4}  {:<18} {}", rule.id, rule.category.as_str(), rule.pattern);
                }
                outln!(
                    "Rules are tried from the top, the newest first; time no rule matches counts as other."
                );
            }
        }
        Request::Address(address) => {
            let set = app.set_activitywatch(address.as_deref())?;
            if json {
                output::json(&serde_json::json!({ "activitywatch": set }));
            } else {
                match set {
                    Some(address) => outln!("ActivityWatch is read from {address}"),
                    None => outln!("ActivityWatch is not read"),
                }
            }
        }
    }
    Ok(EXIT_OK)
}

/// `track pull [--week W]`: reads ActivityWatch for the week now.
pub fn pull(week: &WeekChoice, deepblock: &Deepblock, json: bool) -> Result<u8, ServiceError> {
    let span = week.resolve(&deepblock.plan())?.span(deepblock.tz());
    let pulled = deepblock.pull_activity(span)?;
    if json {
        output::json(&pulled);
        return Ok(EXIT_OK);
    }
    match pulled {
        None => {
            outln!("ActivityWatch is not read; turn it on with `rules activitywatch http://127.0.0.1:5600`")
        }
        Some(p) => {
            outln!("{}", p.line());
            if !p.has_presence {
                errln!(
                    "its AFK watcher reported nothing for that week, so none of its time counts; start aw-watcher-afk"
                );
            }
        }
    }
    Ok(EXIT_OK)
}
