//! `deepblock review week`: the week's planned against actual as tables,
//! JSON, or the actual time as CSV.

use deepblock_core::Week;
use deepblock_core::review::{Compared, FLICKER_SECONDS, Review, SWITCH_AFTER_MINUTES};
use deepblock_service::{Deepblock, Plan, ServiceError, intervals_csv};

use crate::args::ReviewCommand;
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
pub struct Request {
    week: WeekChoice,
    csv: bool,
}

/// Reads a `review` command's arguments; nothing is opened yet.
pub fn parse(command: &ReviewCommand, json: bool) -> Result<Request, ServiceError> {
    let ReviewCommand::Week { week, csv } = command;
    if *csv && json {
        return Err(ServiceError::bad_input("choose one of --csv and --json"));
    }
    Ok(Request { week: WeekChoice::parse(week.as_deref())?, csv: *csv })
}

/// Hours and minutes as a table shows them: `7:29`, `-0:50`.
pub fn clock(minutes: i64) -> String {
    let sign = if minutes < 0 { "-" } else { "" };
    format!("{sign}{}:{:02}", minutes.abs() / 60, minutes.abs() % 60)
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

/// Runs a review command and prints its result. What ActivityWatch saw
/// is read first, when it runs; when it does not, the review goes on
/// without it and the text says so at the end.
pub fn run(request: Request, deepblock: &Deepblock, json: bool) -> Result<u8, ServiceError> {
    let week = request.week.resolve(&deepblock.plan())?;
    let tracker = match deepblock.pull_activity(week.span(deepblock.tz())) {
        Ok(Some(pulled)) if !pulled.has_presence && pulled.minutes == 0 => None,
        Ok(Some(pulled)) => Some(format!(
            "ActivityWatch ({}): {} at the machine, {} of it matching no rule",
            pulled.server,
            clock(pulled.minutes),
            clock(pulled.unmatched_minutes)
        )),
        Ok(None) => None,
        Err(e) => Some(format!("{e}; the review is without it")),
    };
    let review = deepblock.plan().review_week(Some(week))?;
    if request.csv {
        let text = intervals_csv(&review.intervals)?;
        outln!("{}", text.trim_end());
    } else if json {
        output::json(&review);
    } else {
        print(&review);
        if let Some(line) = tracker {
            outln!("{line}");
        }
    }
    Ok(EXIT_OK)
}
