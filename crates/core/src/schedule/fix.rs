//! When the due dates cannot all hold: the change that makes them hold.
//! The first late task's due date moves to the day it can be done by (in
//! the planning window, its due date moved to the window's last day), or
//! the task is dropped when it cannot be done in the window at all; then
//! the schedule is made again, until no task is late. Every change named
//! is checked by that last schedule.

use std::fmt;

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::{QuickWins, ScheduleInput, attempt};
use crate::task::{Task, TaskId};
use crate::time::to_local;

/// A change to the backlog that lets every due date hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum Fix {
    /// Move the task's due date.
    MoveDue {
        /// The task.
        task: TaskId,
        /// Its title.
        title: String,
        /// Its due date now.
        from: NaiveDate,
        /// The due date that holds.
        to: NaiveDate,
    },
    /// Take the task out of the plan.
    Drop {
        /// The task.
        task: TaskId,
        /// Its title.
        title: String,
    },
}

impl fmt::Display for Fix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fix::MoveDue { task, title, from, to } => write!(
                f,
                "move the due date of task {task} '{title}' from {} to {}",
                from.format("%a %-d %b"),
                to.format("%a %-d %b")
            ),
            Fix::Drop { task, title } => {
                write!(f, "drop task {task} '{title}': it does not fit before the last day planned")
            }
        }
    }
}

impl Fix {
    /// `tasks` with this change made.
    pub fn apply(&self, tasks: &mut Vec<Task>) {
        match self {
            Fix::MoveDue { task, to, .. } => {
                if let Some(t) = tasks.iter_mut().find(|t| t.id == *task) {
                    t.due = Some(*to);
                }
            }
            Fix::Drop { task, .. } => {
                tasks.retain(|t| t.id != *task);
                for t in tasks.iter_mut() {
                    t.after.retain(|d| d != task);
                }
            }
        }
    }
}

/// How many rounds fix one late task at a time (the first one: moving it
/// may be enough for those after it) before each round fixes every task
/// still late, so that a backlog far past its due dates is answered in a
/// few rounds rather than one per task.
const ONE_AT_A_TIME_ROUNDS: usize = 16;

/// The fixes for `tasks`, whose schedule misses a due date.
pub(super) fn fixes(input: &ScheduleInput<'_>, tasks: &[Task]) -> Vec<Fix> {
    let mut tasks = tasks.to_vec();
    let mut fixes: Vec<Fix> = Vec::new();
    // Each round moves a due date later within the window or drops a
    // task, so the rounds are bounded by days times tasks.
    let days = (input.to - input.from).num_days().max(0) as usize + 1;
    for round in 0..(days + 1) * (tasks.len() + 1) {
        let now = attempt(input, &tasks, None, QuickWins::AfterDueDates);
        let take = if round < ONE_AT_A_TIME_ROUNDS { 1 } else { now.late.len() };
        let late: Vec<Task> = now
            .late
            .iter()
            .take(take)
            .filter_map(|l| tasks.iter().find(|t| t.id == l.task).cloned())
            .collect();
        if late.is_empty() {
            break;
        }
        let mut relaxed = tasks.clone();
        for t in relaxed.iter_mut().filter(|t| late.iter().any(|l| l.id == t.id)) {
            t.due = Some(input.to);
        }
        let tried = attempt(input, &relaxed, None, QuickWins::AfterDueDates);
        for task in &late {
            let done_by = (!tried.unplaced.iter().any(|u| u.task == task.id)
                && tried.late.iter().all(|l| l.task != task.id))
            .then(|| {
                tried
                    .placements
                    .iter()
                    .filter(|p| p.task == task.id)
                    .map(|p| to_local(input.tz, p.span.end - Duration::seconds(1)).date())
                    .max()
            })
            .flatten();
            let fix = match done_by {
                Some(day) if Some(day) > task.due => Fix::MoveDue {
                    task: task.id,
                    title: task.title.clone(),
                    from: task.due.unwrap_or(day),
                    to: day,
                },
                _ => Fix::Drop { task: task.id, title: task.title.clone() },
            };
            fix.apply(&mut tasks);
            remember(&mut fixes, fix);
        }
    }
    fixes
}

/// Adds `fix` to `fixes`: a task's due date moved again keeps its first
/// "from"; a task dropped after its due date was moved is only dropped.
fn remember(fixes: &mut Vec<Fix>, fix: Fix) {
    let task = match &fix {
        Fix::MoveDue { task, .. } | Fix::Drop { task, .. } => *task,
    };
    match (&fix, fixes.iter_mut().find(|f| matches!(f, Fix::MoveDue { task: t, .. } if *t == task))) {
        (Fix::MoveDue { to, .. }, Some(Fix::MoveDue { to: earlier, .. })) => *earlier = *to,
        (Fix::Drop { .. }, Some(_)) => {
            fixes.retain(|f| !matches!(f, Fix::MoveDue { task: t, .. } if *t == task));
            fixes.push(fix);
        }
        _ => fixes.push(fix),
    }
}
