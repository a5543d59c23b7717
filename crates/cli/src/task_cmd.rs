//! `deepblock task …`: read the arguments, call the service, print.

use chrono::NaiveDate;
use deepblock_core::review::length;
use deepblock_core::task::{Effort, Experiment, Impact, TaskId, parse_estimate};
use deepblock_core::time::parse_date;
use deepblock_core::{BlockId, Category};
use deepblock_service::{Plan, ServiceError, TaskDraft, TaskPlan};

use crate::args::{TaskCommand, TaskFields};
use crate::{EXIT_OK, output};

/// A change to one field that may also be cleared (`none`).
type Clearable<T> = Option<Option<T>>;

/// What `task add` or `task edit` said, read and checked.
#[derive(Debug, Default)]
pub struct Fields {
    estimate: Option<i64>,
    due: Clearable<NaiveDate>,
    impact: Option<Impact>,
    effort: Option<Effort>,
    category: Option<Category>,
    chunk_min: Clearable<i64>,
    after: Option<Vec<TaskId>>,
    not_before: Clearable<NaiveDate>,
    experiment: Option<Experiment>,
}

/// A task command with every argument read and checked.
pub enum Request {
    Add { title: String, fields: Fields },
    List,
    Experiments,
    Edit { id: TaskId, title: Option<String>, fields: Fields },
    Done(TaskId),
    Remove(TaskId),
    Plan { from: Option<NaiveDate>, to: Option<NaiveDate> },
    Pin { block: BlockId, pinned: bool },
}

fn clearable<T>(
    text: Option<&str>,
    read: impl Fn(&str) -> Result<T, ServiceError>,
) -> Result<Clearable<T>, ServiceError> {
    text.map(|t| if t.trim().eq_ignore_ascii_case("none") { Ok(None) } else { read(t).map(Some) }).transpose()
}

fn fields(f: &TaskFields) -> Result<Fields, ServiceError> {
    let after = if f.after.is_empty() {
        None
    } else if f.after.len() == 1 && f.after[0].trim().eq_ignore_ascii_case("none") {
        Some(Vec::new())
    } else {
        Some(f.after.iter().map(|a| a.parse()).collect::<Result<_, _>>()?)
    };
    Ok(Fields {
        estimate: f.estimate.as_deref().map(parse_estimate).transpose()?,
        due: clearable(f.due.as_deref(), |t| Ok(parse_date(t)?))?,
        impact: f.impact.as_deref().map(str::parse).transpose()?,
        effort: f.effort.as_deref().map(str::parse).transpose()?,
        category: f.category.as_deref().map(str::parse).transpose()?,
        chunk_min: clearable(f.chunk_min.as_deref(), |t| Ok(parse_estimate(t)?))?,
        after,
        not_before: clearable(f.not_before.as_deref(), |t| Ok(parse_date(t)?))?,
        experiment: match (f.upside, f.cost, f.learning) {
            (Some(upside), Some(cost), Some(learning)) => Some(Experiment::new(upside, cost, learning)?),
            _ => None,
        },
    })
}

/// Reads a task command's arguments; nothing is opened yet.
pub fn parse(command: &TaskCommand) -> Result<Request, ServiceError> {
    Ok(match command {
        TaskCommand::Add { title, fields: f } => {
            let fields = fields(f)?;
            if fields.estimate.is_none() {
                return Err(ServiceError::bad_input(
                    "give an --estimate, as in `task add \"Implement RoPE scaling\" --estimate 6h`",
                ));
            }
            Request::Add { title: title.clone(), fields }
        }
        TaskCommand::List => Request::List,
        TaskCommand::Experiments => Request::Experiments,
        TaskCommand::Edit { id, title, fields: f } => {
            Request::Edit { id: id.parse()?, title: title.clone(), fields: fields(f)? }
        }
        TaskCommand::Done { id } => Request::Done(id.parse()?),
        TaskCommand::Rm { id } => Request::Remove(id.parse()?),
        TaskCommand::Plan { from, to } => Request::Plan {
            from: from.as_deref().map(parse_date).transpose()?,
            to: to.as_deref().map(parse_date).transpose()?,
        },
        TaskCommand::Pin { block, unpin } => Request::Pin { block: BlockId(*block), pinned: !unpin },
    })
}

impl Fields {
    /// `draft` with these changes made.
    fn onto(self, mut draft: TaskDraft) -> TaskDraft {
        if let Some(estimate) = self.estimate {
            draft.estimate_minutes = estimate;
        }
        if let Some(due) = self.due {
            draft.due = due;
        }
        if let Some(impact) = self.impact {
            draft.impact = impact;
        }
        if let Some(effort) = self.effort {
            draft.effort = effort;
        }
        if let Some(category) = self.category {
            draft.category = category;
        }
        if let Some(chunk) = self.chunk_min {
            draft.chunk_min_minutes = chunk;
        }
        if let Some(after) = self.after {
            draft.after = after;
        }
        if let Some(first) = self.not_before {
            draft.not_before = first;
        }
        if let Some(experiment) = self.experiment {
            draft.experiment = Some(experiment);
        }
        draft
    }
}

fn plan_lines(plan: &TaskPlan) {
    for chunk in &plan.chunks {
        outln!(
            "{}–{}  task {} '{}' (block {}{}): {}",
            chunk.start.format("%a %-d %b %H:%M"),
            chunk.end.format("%H:%M"),
            chunk.task,
            chunk.title,
            chunk.block,
            if chunk.pinned { ", pinned" } else { "" },
            chunk.reason
        );
    }
    for left in &plan.unplaced {
        outln!("not placed: task {} '{}', {} ({})", left.task, left.title, length(left.minutes), left.why);
    }
    let new = plan.chunks.iter().filter(|c| c.new).count();
    outln!(
        "{} chunk{} from {} to {}: {new} new, {} moved ({})",
        plan.chunks.len(),
        if plan.chunks.len() == 1 { "" } else { "s" },
        plan.from.format("%a %-d %b"),
        plan.to.format("%a %-d %b"),
        plan.moved,
        length(plan.moved_minutes)
    );
}

/// Runs a task command and prints its result.
pub fn run(request: Request, app: &mut Plan, json: bool) -> Result<u8, ServiceError> {
    match request {
        Request::Add { title, fields } => {
            let draft = fields.onto(TaskDraft::new(title, 0));
            let task = app.add_task(draft)?;
            if json {
                output::json(&task);
            } else {
                outln!(
                    "added task {} '{}' ({}, {}): `task plan` gives it time",
                    task.id,
                    task.title,
                    length(task.estimate_minutes),
                    task.quadrant().label()
                );
            }
        }
        Request::List => {
            let tasks = app.tasks()?;
            if json {
                output::json(&tasks);
            } else if tasks.is_empty() {
                outln!("no tasks; add one with `task add TITLE --estimate 6h`");
            }
            for view in tasks.iter().filter(|_| !json) {
                let t = &view.task;
                let due = t.due.map(|d| format!(", due {}", d.format("%a %-d %b"))).unwrap_or_default();
                let next =
                    view.next.map(|n| format!(", next {}", n.format("%a %-d %b %H:%M"))).unwrap_or_default();
                outln!(
                    "{:>3}  {}{} '{}' · {} · {} {} placed{due}{next}{}",
                    t.id,
                    if t.done { "[done] " } else { "" },
                    view.quadrant.label(),
                    t.title,
                    t.category.as_str(),
                    length(view.placed_minutes),
                    format_args!("of {}", length(t.estimate_minutes)),
                    if view.task.quadrant().is_placed() {
                        String::new()
                    } else {
                        format!(" — {}", view.advice)
                    }
                );
            }
        }
        Request::Experiments => {
            let ranked = app.experiments()?;
            if json {
                output::json(&ranked);
            } else if ranked.is_empty() {
                outln!("no open experiments; give a task --upside, --cost and --learning (1 to 5 each)");
            }
            for (rank, e) in ranked.iter().enumerate().filter(|_| !json) {
                let waits = if e.waits { " (waits for an unfinished task)" } else { "" };
                outln!("{:>2}. task {} '{}': {}{waits}", rank + 1, e.task, e.title, e.terms);
            }
        }
        Request::Edit { id, title, fields } => {
            let mut draft = TaskDraft::of(&app.task(id)?);
            if let Some(title) = title {
                draft.title = title;
            }
            let task = app.edit_task(id, fields.onto(draft))?;
            if json {
                output::json(&task);
            } else {
                outln!("changed task {} '{}': `task plan` places it again", task.id, task.title);
            }
        }
        Request::Done(id) => {
            let (task, removed) = app.finish_task(id)?;
            if json {
                output::json(&serde_json::json!({ "task": task, "chunks_removed": removed }));
            } else {
                outln!(
                    "task {} '{}' is done; {removed} chunk(s) not yet begun left the calendar",
                    task.id,
                    task.title
                );
            }
        }
        Request::Remove(id) => {
            let (task, removed) = app.remove_task(id)?;
            if json {
                output::json(&serde_json::json!({ "task": task, "chunks_removed": removed }));
            } else {
                outln!(
                    "removed task {} '{}'; {removed} chunk(s) not yet begun left the calendar",
                    task.id,
                    task.title
                );
            }
        }
        Request::Plan { from, to } => {
            let plan = app.plan_tasks(from, to)?;
            if json {
                output::json(&plan);
            } else {
                plan_lines(&plan);
            }
        }
        Request::Pin { block, pinned } => {
            let block = app.pin_chunk(block, pinned)?;
            if json {
                output::json(&serde_json::json!({ "block": block.id, "pinned": pinned }));
            } else if pinned {
                outln!("pinned block {} '{}': planning leaves it where it is", block.id, block.title);
            } else {
                outln!("unpinned block {} '{}': planning may move it", block.id, block.title);
            }
        }
    }
    Ok(EXIT_OK)
}
