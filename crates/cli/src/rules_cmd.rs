//! `deepblock rules …`: read the arguments, call the service, print.

use chrono::Weekday;
use deepblock_core::autofocus::KindSet;
use deepblock_core::focus::Rhythm;
use deepblock_core::rules::{NoMeetingWhen, weekday_name};
use deepblock_core::time::parse_weekday;
use deepblock_core::{Rules, Week};
use deepblock_service::{Field, NoMeetingSpec, Plan, ServiceError, WorkdayChange, goal_minutes};
use serde::Serialize;

use crate::args::{MeCommand, NoMeetingCommand, NoMeetingWhenArgs, RulesCommand, Switch};
use crate::output::{self, JsonChange, warnings};
use crate::{EXIT_OK, EXIT_RULE_VIOLATION, activity_cmd};

/// A `rules` command with every argument read and checked.
pub enum Request {
    AddNoMeeting(NoMeetingWhen),
    RemoveNoMeeting(i64),
    Workday(WorkdayChange),
    Goals { deep: Option<u32>, learning: Option<u32> },
    MinDeep(u32),
    WeekStart(Weekday),
    AutoFocus(KindSet),
    FocusRhythm(Rhythm),
    DeclineComment(String),
    AutoDecline(bool),
    Busy(KindSet),
    AddMe(String),
    RemoveMe(String),
    List,
    Check(Option<Week>),
    Activity(activity_cmd::Request),
}

/// The rule the flags name; clap has already refused flags that conflict.
fn no_meeting_when(args: &NoMeetingWhenArgs) -> Result<NoMeetingWhen, ServiceError> {
    let half = args.half;
    let spec = match (&args.weekday, &args.date, &args.from, &args.to) {
        (Some(day), _, _, _) => NoMeetingSpec::Weekday { weekday: parse_weekday(day)?.into(), half },
        (None, Some(date), _, _) => NoMeetingSpec::Date { date: date.clone(), half },
        (None, None, Some(from), Some(to)) => NoMeetingSpec::Range { from: from.clone(), to: to.clone() },
        _ => {
            return Err(ServiceError::bad_input("give a weekday, a date or a range of dates")
                .about(Field::NoMeetingRule));
        }
    };
    spec.when()
}

/// Reads a `rules` command's arguments; nothing is opened yet.
pub fn parse(command: &RulesCommand) -> Result<Request, ServiceError> {
    Ok(match command {
        RulesCommand::NoMeeting(NoMeetingCommand::Add(args)) => Request::AddNoMeeting(no_meeting_when(args)?),
        RulesCommand::NoMeeting(NoMeetingCommand::Rm { id }) => Request::RemoveNoMeeting(*id),
        RulesCommand::Workday { start, end, days } => {
            Request::Workday(WorkdayChange::parse(start.as_deref(), end.as_deref(), days.as_deref())?)
        }
        RulesCommand::Goals { deep, learning } => Request::Goals {
            deep: goal_minutes(*deep, "deep-work")?,
            learning: goal_minutes(*learning, "learning")?,
        },
        RulesCommand::MinDeep { minutes } => Request::MinDeep(*minutes),
        RulesCommand::WeekStart { day } => Request::WeekStart(parse_weekday(day)?),
        RulesCommand::AutoFocus { kinds } => Request::AutoFocus(KindSet::parse(kinds)?),
        RulesCommand::FocusRhythm { rhythm } => Request::FocusRhythm(*rhythm),
        RulesCommand::DeclineComment { text } => Request::DeclineComment(text.clone()),
        RulesCommand::AutoDecline { state } => Request::AutoDecline(*state == Switch::On),
        RulesCommand::Track(command) => Request::Activity(activity_cmd::parse_rules(command)?),
        RulesCommand::Activitywatch { address } => Request::Activity(activity_cmd::Request::Address(
            (address.trim() != "off").then(|| address.clone()),
        )),
        RulesCommand::Busy { kinds } => Request::Busy(KindSet::parse_any(kinds)?),
        RulesCommand::Me(MeCommand::Add { email }) => Request::AddMe(email.clone()),
        RulesCommand::Me(MeCommand::Rm { email }) => Request::RemoveMe(email.clone()),
        RulesCommand::List => Request::List,
        RulesCommand::Check { week } => Request::Check(week.as_deref().map(Week::parse_iso).transpose()?),
    })
}

/// Runs a `rules` command and prints its result.
pub fn run(request: Request, app: &mut Plan, json: bool) -> Result<u8, ServiceError> {
    match request {
        Request::AddNoMeeting(when) => {
            let added = app.add_no_meeting(when)?;
            if json {
                output::json(&JsonChange {
                    value: &added.value,
                    warnings: &added.warnings,
                    notes: &added.notes,
                });
            } else {
                outln!("no meetings {} (rule {})", added.value.when, added.value.id);
                warnings(&added);
            }
        }
        Request::RemoveNoMeeting(id) => {
            let removed = app.remove_no_meeting(id)?;
            say(json, &removed, format!("removed rule {id}: no meetings {}", removed.when));
        }
        Request::Workday(change) => {
            let workday = app.set_workday(change)?;
            say(json, &workday, format!("workday: {workday}"));
        }
        Request::Goals { deep, learning } => {
            let goals = app.set_goals(deep, learning)?;
            let text = format!(
                "goals: {} of deep work and {} of learning a week",
                hours_text(goals.deep_minutes),
                hours_text(goals.learning_minutes)
            );
            say(json, &goals, text);
        }
        Request::MinDeep(minutes) => {
            let minutes = app.set_min_deep_minutes(minutes)?;
            say(
                json,
                &serde_json::json!({ "min_deep_minutes": minutes }),
                format!("minimum deep block: {minutes} min"),
            );
        }
        Request::WeekStart(day) => {
            app.set_week_start(day)?;
            say(
                json,
                &serde_json::json!({ "week_start": day.to_string() }),
                format!("weeks start on {}", weekday_name(day)),
            );
        }
        Request::AutoFocus(kinds) => {
            let kinds = app.set_auto_focus(kinds)?;
            let text = if kinds == KindSet::NONE {
                "focus sessions start only by hand".to_owned()
            } else {
                format!("focus sessions start with {} blocks", kinds.to_string().replace(',', ", "))
            };
            say(json, &serde_json::json!({ "auto_focus": kinds }), text);
        }
        Request::FocusRhythm(rhythm) => {
            let rhythm = app.set_focus_rhythm(rhythm)?;
            say(
                json,
                &serde_json::json!({ "focus_rhythm": rhythm }),
                format!("focus sessions use {rhythm} unless told otherwise"),
            );
        }
        Request::DeclineComment(text) => {
            let comment = app.set_decline_comment(&text)?;
            say(
                json,
                &serde_json::json!({ "decline_comment": comment }),
                format!("declines will say: {comment}"),
            );
        }
        Request::Activity(request) => return activity_cmd::run(request, app, json),
        Request::Busy(kinds) => {
            let kinds = app.set_busy_kinds(kinds)?;
            let text = if kinds == KindSet::NONE {
                "every block shows as free".to_owned()
            } else {
                format!("{} blocks show as busy; the rest as free", kinds.to_string().replace(',', ", "))
            };
            say(json, &serde_json::json!({ "busy": kinds }), text);
        }
        Request::AutoDecline(on) => {
            let on = app.set_auto_decline(on)?;
            let text = if on {
                "invitations that break a rule are declined on the server at each sync"
            } else {
                "invitations that break a rule wait for your answer: `deepblock calendar invitations`"
            };
            say(json, &serde_json::json!({ "auto_decline": on }), text.to_owned());
        }
        Request::AddMe(email) => {
            let added = app.add_my_address(&email)?;
            if json {
                output::json(&serde_json::json!({ "email": added.value, "notes": added.notes }));
            } else {
                outln!("added {}", added.value);
                warnings(&added);
            }
        }
        Request::RemoveMe(email) => {
            let removed = app.remove_my_address(&email)?;
            say(json, &serde_json::json!({ "email": removed }), format!("removed {removed}"));
        }
        Request::List => {
            let rules = app.rules()?;
            if json {
                output::json(&rules);
            } else {
                print_rules(&rules);
            }
        }
        Request::Check(week) => {
            let report = app.check_week(week)?;
            if json {
                output::json(&report);
            } else {
                if report.breaches.is_empty() {
                    outln!("No rule breaches in {}.", report.week);
                }
                for breach in &report.breaches {
                    outln!(
                        "{}  block {} '{}': {}",
                        deepblock_core::policy::format_local_span(breach.start, breach.end),
                        breach.block_id,
                        breach.title.lines().next().unwrap_or_default(),
                        breach.finding.message
                    );
                }
                for warning in &report.goal_warnings {
                    outln!("warning: {warning}");
                }
            }
            if !report.breaches.is_empty() {
                return Ok(EXIT_RULE_VIOLATION);
            }
        }
    }
    Ok(EXIT_OK)
}

/// Prints `value` as JSON or `text` as a line.
fn say(json: bool, value: &impl Serialize, text: String) {
    if json {
        output::json(value);
    } else {
        outln!("{text}");
    }
}

fn hours_text(minutes: u32) -> String {
    if minutes % 60 == 0 {
        format!("{} h", minutes / 60)
    } else {
        format!("{:.2} h", f64::from(minutes) / 60.0)
    }
}

fn print_rules(rules: &Rules) {
    outln!("Workday:          {}", rules.workday);
    if rules.no_meeting.is_empty() {
        outln!("No-meeting days:  none");
    }
    for (i, rule) in rules.no_meeting.iter().enumerate() {
        let label = if i == 0 { "No-meeting days:" } else { "" };
        outln!("{label:<16}  {:>3}  {}", rule.id, rule.when);
    }
    outln!(
        "Weekly goals:     {} deep work, {} learning",
        hours_text(rules.goals.deep_minutes),
        hours_text(rules.goals.learning_minutes)
    );
    outln!("Min deep block:   {} min", rules.min_deep_minutes);
    outln!("Week starts on:   {}", weekday_name(rules.week_start));
    let me = if rules.me.is_empty() { "not set".to_owned() } else { rules.me.join(", ") };
    outln!("Me:               {me}");
    outln!("Decline comment:  {}", rules.decline_comment);
    let auto = if rules.auto_focus == KindSet::NONE {
        "off".to_owned()
    } else {
        format!("{} blocks", rules.auto_focus)
    };
    outln!("Auto focus:       {auto}");
    outln!("Focus rhythm:     {}", rules.focus_rhythm);
    outln!("Shown as busy:    {}", rules.busy);
    outln!("Auto-decline:     {}", if rules.auto_decline { "on" } else { "off" });
}
