//! `deepblock review week`: the week's planned against actual as tables,
//! JSON, or the actual time as CSV.

use deepblock_core::Week;
use deepblock_core::review::{Compared, FLICKER_SECONDS, Review, SWITCH_AFTER_MINUTES};
use deepblock_service::{Deepblock, Plan, Retro, ServiceError, clock, intervals_csv};

use crate::args::ReviewCommand;
use crate::output::warnings;
use crate::{EXIT_OK, output};

/// Which week to review.
pub enum WeekChoice {
    /// The week holding today.
    This,
    /// The week before it.
    Last,
    /// A named ISO week.
    Named(Week),
}

impl WeekChoice {
    /// Reads `--week`: an ISO week, `this` or `last`.
    pub fn parse(text: Option<&str>) -> Result<Self, ServiceError> {
        Ok(match text.map(str::trim) {
            None | Some("this") => WeekChoice::This,
            Some("last") => WeekChoice::Last,
            Some(name) => WeekChoice::Named(Week::parse_iso(name)?),
        })
    }

    /// The week it names.
    pub fn resolve(&self, app: &Plan) -> Result<Week, ServiceError> {
        Ok(match self {
            WeekChoice::This => app.current_week()?,
            WeekChoice::Last => app.current_week()?.previous(),
            WeekChoice::Named(week) => *week,
        })
    }
}

/// A review command with its arguments read and checked.
pub enum Request {
    Week { week: WeekChoice, csv: bool },
    Retro { week: WeekChoice, answers: Option<Retro> },
    NextWeek(WeekChoice),
}

/// Reads a `review` command's arguments; nothing is opened yet.
pub fn parse(command: &ReviewCommand, json: bool) -> Result<Request, ServiceError> {
    Ok(match command {
        ReviewCommand::Week { week, csv } => {
            if *csv && json {
                return Err(ServiceError::bad_input("choose one of --csv and --json"));
            }
            Request::Week { week: WeekChoice::parse(week.as_deref())?, csv: *csv }
        }
        ReviewCommand::Retro { week, worked, did_not, change } => {
            let given = [worked, did_not, change].iter().any(|a| a.is_some());
            let answer = |a: &Option<String>| a.clone().unwrap_or_default();
            Request::Retro {
                week: WeekChoice::parse(week.as_deref())?,
                answers: given.then(|| Retro {
                    worked: answer(worked),
                    did_not: answer(did_not),
                    change: answer(change),
                }),
            }
        }
        ReviewCommand::NextWeek { week } => Request::NextWeek(WeekChoice::parse(week.as_deref())?),
    })
}

fn compared_table(title: &str, rows: &[Compared]) {
    outln!("{title:<22} {:>8} {:>8} {:>8}", "planned", "actual", "diff");
    for row in rows {
        outln!(
            "{:<22} {:>8} {:>8} {:>8}",
            row.label,
            clock(row.planned_minutes),
            clock(row.actual_minutes),
            clock(row.actual_minutes - row.planned_minutes)
        );
    }
}

fn print(review: &Review) {
    outln!("Week of {} to {}", review.first_day.format("%a %-d %b %Y"), review.last_day.format("%a %-d %b"));
    outln!("");
    compared_table("Category", &review.categories);
    outln!("");
    compared_table("Kind", &review.kinds);
    let g = &review.goals;
    outln!("");
    outln!(
        "Goals: deep work {} done of {} ({} planned); learning {} done of {} ({} planned)",
        clock(g.deep_actual_minutes),
        clock(g.deep_goal_minutes),
        clock(g.deep_planned_minutes),
        clock(g.learning_actual_minutes),
        clock(g.learning_goal_minutes),
        clock(g.learning_planned_minutes)
    );
    outln!("");
    outln!(
        "{:<10} {:>7} {:>7} {:>7} {:>8} {:>7} {:>8} {:>10} {:>10}",
        "Day",
        "planned",
        "actual",
        "focus",
        "meetings",
        "longest",
        "switches",
        "focus time",
        "fragmented"
    );
    for day in &review.days {
        outln!(
            "{:<10} {:>7} {:>7} {:>7} {:>8} {:>7} {:>8} {:>10} {:>10}",
            day.date.format("%a %-d %b"),
            clock(day.planned_minutes),
            clock(day.actual_minutes),
            clock(day.focus_minutes),
            clock(day.meeting_minutes),
            clock(day.longest_stretch_minutes),
            day.switches,
            clock(day.focus_time_minutes),
            clock(day.fragmented_minutes)
        );
    }
    for cut in &review.cut_short {
        outln!(
            "cut short: {} '{}' {} of {}: {}",
            cut.start.format("%a %H:%M"),
            cut.title,
            clock(cut.done_minutes),
            clock(cut.planned_minutes),
            cut.why
        );
    }
    for session in &review.stopped_sessions {
        let why = session.for_meeting.as_ref().map_or("stopped by hand".to_owned(), |m| format!("for '{m}'"));
        outln!(
            "session stopped early: {} {}–{} (planned to {}): {why}",
            session.started.format("%a"),
            session.started.format("%H:%M"),
            session.ended.format("%H:%M"),
            session.planned_end.format("%H:%M")
        );
    }
    for timebox in &review.timeboxes {
        let cause = match timebox.cause_found {
            Some(true) => "cause found",
            Some(false) => "cause not found",
            None => "not answered (`focus found`)",
        };
        outln!(
            "time-box: {} '{}' ran {}: {cause}",
            timebox.started.format("%a %H:%M"),
            timebox.question,
            clock(timebox.minutes)
        );
    }
    if !review.findings.is_empty() {
        outln!("");
        for finding in &review.findings {
            outln!("- {finding}");
        }
    }
    outln!("");
    outln!(
        "A context switch is a change of category after at least {SWITCH_AFTER_MINUTES} min in the previous one; anything under {FLICKER_SECONDS} s is ignored."
    );
}

fn print_retro(retro: &Retro) {
    for (question, answer) in [
        ("What worked", &retro.worked),
        ("What did not", &retro.did_not),
        ("What changes next week", &retro.change),
    ] {
        outln!("{question}: {}", if answer.is_empty() { "—" } else { answer });
    }
}

/// Runs a review command and prints its result. `review week` reads what
/// ActivityWatch saw first, when it runs; when it does not, the review
/// goes on without it and the text says so at the end.
pub fn run(request: Request, deepblock: &Deepblock, json: bool) -> Result<u8, ServiceError> {
    match request {
        Request::Week { week, csv } => {
            let week = week.resolve(&deepblock.plan())?;
            let tracker = deepblock.refresh_tracker(week);
            let plan = deepblock.plan();
            let review = plan.review_week(Some(week))?;
            if csv {
                let text = intervals_csv(&review.intervals)?;
                outln!("{}", text.trim_end());
            } else if json {
                output::json(&review);
            } else {
                print(&review);
                let retro = plan.retro(week)?;
                if retro != Retro::default() {
                    outln!("");
                    print_retro(&retro);
                }
                if let Some(line) = tracker {
                    outln!("{line}");
                }
            }
        }
        Request::Retro { week, answers } => {
            let mut plan = deepblock.plan();
            let week = week.resolve(&plan)?;
            if let Some(answers) = answers {
                plan.save_retro(week, &answers)?;
            }
            let retro = plan.retro(week)?;
            if json {
                output::json(&retro);
            } else {
                print_retro(&retro);
            }
        }
        Request::NextWeek(week) => {
            let mut plan = deepblock.plan();
            let week = week.resolve(&plan)?;
            let done = plan.plan_next_week_from(week)?;
            if json {
                output::json(&done.value);
            } else {
                let blocks = if done.value.copied == 1 { "block" } else { "blocks" };
                let monday = week.next().first_day().format("%a %-d %b");
                outln!("copied {} {blocks} to the week of {monday}", done.value.copied);
                if done.value.already_there > 0 {
                    let were = if done.value.already_there == 1 { "block was" } else { "blocks were" };
                    outln!("{} {were} there already", done.value.already_there);
                }
                for title in &done.value.dropped {
                    outln!("left behind: '{title}' (it did not get half its time)");
                }
            }
            warnings(&done);
        }
    }
    Ok(EXIT_OK)
}
