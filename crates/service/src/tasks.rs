//! The backlog: tasks added, edited, finished, and planned into blocks by
//! core's scheduler. A plan is written in one transaction: the chunks that
//! moved leave the calendar, the new ones join it as ordinary blocks
//! linked to their task, or, when a due date cannot hold, nothing changes.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use deepblock_core::schedule::{Chunk, Fix, Late, ScheduleInput, Unplaced, schedule};
use deepblock_core::task::{
    Effort, Experiment, Impact, LONGEST_CHUNK_MINUTES, Quadrant, Task, TaskId, check_dependencies,
    for_the_waits, rank_experiments, round_up,
};
use deepblock_core::time::dates_span;
use deepblock_core::{Block, BlockId, Category, Kind, Source, Span};
use serde::{Deserialize, Serialize};

use crate::blocks::new_uid;
use crate::{BlockDraft, Changed, ErrorCode, Plan, ServiceError, ServiceResult};

/// The longest stretch of days one plan covers.
pub const LONGEST_PLAN_DAYS: i64 = 366;

/// The days a plan covers when none are given: two weeks, or up to the
/// latest due date.
pub const DEFAULT_PLAN_DAYS: i64 = 14;

/// What the user says of a task, to add it or to replace what it said.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TaskDraft {
    /// What to do.
    pub title: String,
    /// How long it takes, in minutes (rounded up to the grid).
    pub estimate_minutes: i64,
    /// The day it must be done by.
    pub due: Option<NaiveDate>,
    /// How much it matters.
    pub impact: Impact,
    /// How much it takes.
    pub effort: Effort,
    /// What the time goes to.
    pub category: Category,
    /// The shortest chunk, in minutes.
    pub chunk_min_minutes: Option<i64>,
    /// Tasks to finish first.
    pub after: Vec<TaskId>,
    /// The first day to work on it.
    pub not_before: Option<NaiveDate>,
    /// For an experiment: its upside, cost and learning value.
    pub experiment: Option<Experiment>,
}

impl TaskDraft {
    /// A new task, taken to be high-impact, high-effort model development
    /// (deep work placed before its due date) until the user says
    /// otherwise: the default of every front end.
    pub fn new(title: String, estimate_minutes: i64) -> Self {
        Self {
            title,
            estimate_minutes,
            due: None,
            impact: Impact::High,
            effort: Effort::High,
            category: Category::ModelDev,
            chunk_min_minutes: None,
            after: Vec::new(),
            not_before: None,
            experiment: None,
        }
    }

    /// The draft of what `task` says now, to change a part of it.
    pub fn of(task: &Task) -> Self {
        Self {
            title: task.title.clone(),
            estimate_minutes: task.estimate_minutes,
            due: task.due,
            impact: task.impact,
            effort: task.effort,
            category: task.category,
            chunk_min_minutes: task.chunk_min_minutes,
            after: task.after.clone(),
            not_before: task.not_before,
            experiment: task.experiment,
        }
    }
}

/// A task as lists show it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TaskView {
    /// The task.
    pub task: Task,
    /// Its place on the impact/effort matrix.
    pub quadrant: Quadrant,
    /// What the matrix advises.
    pub advice: String,
    /// The kind of its blocks.
    pub kind: Kind,
    /// Minutes of it in the calendar.
    pub placed_minutes: i64,
    /// When its next chunk starts.
    pub next: Option<DateTime<FixedOffset>>,
    /// The task offered for the waits (a break, a training run): the
    /// first open low-energy one.
    pub for_the_waits: bool,
}

/// The backlog as a pane beside the week shows it: planned just now.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TasksPane {
    /// Every task, by number.
    pub tasks: Vec<TaskView>,
    /// The plan, when every due date holds.
    pub plan: Option<TaskPlan>,
    /// What stopped the plan, in a line.
    pub problem: Option<String>,
    /// The open experiments, best first.
    pub experiments: Vec<RankedExperiment>,
}

/// An open experiment in its rank.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RankedExperiment {
    /// The task.
    pub task: TaskId,
    /// Its title.
    pub title: String,
    /// The score with its terms: "(2 × 4 + 3) ÷ 2 = 5.5".
    pub terms: String,
    /// It waits for an unfinished task, so it ranks after the ready ones.
    pub waits: bool,
}

/// A chunk of a plan.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlacedChunk {
    /// Its task.
    pub task: TaskId,
    /// The task's title.
    pub title: String,
    /// Its block.
    pub block: BlockId,
    /// Start, in the user's zone.
    pub start: DateTime<FixedOffset>,
    /// End, in the user's zone.
    pub end: DateTime<FixedOffset>,
    /// Pinned by the user.
    pub pinned: bool,
    /// Placed by this plan (not kept from the last one).
    pub new: bool,
    /// Why it is there.
    pub reason: String,
}

/// What a plan did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TaskPlan {
    /// The first day planned.
    pub from: NaiveDate,
    /// The last day planned.
    pub to: NaiveDate,
    /// Every chunk from the first day on, earliest first.
    pub chunks: Vec<PlacedChunk>,
    /// Undated time that found no room.
    pub unplaced: Vec<Unplaced>,
    /// Chunks of the last plan that moved.
    pub moved: usize,
    /// Their minutes.
    pub moved_minutes: i64,
}

impl Plan {
    /// Every task, by number, with what lists show of it.
    pub fn tasks(&self) -> ServiceResult<Vec<TaskView>> {
        let chunks = self.store.chunks()?;
        let now = self.now();
        let tasks = self.store.tasks()?;
        let waits = for_the_waits(&tasks).map(|t| t.id);
        Ok(tasks
            .into_iter()
            .map(|task| {
                let mine = chunks.iter().filter(|c| c.task == task.id);
                TaskView {
                    quadrant: task.quadrant(),
                    advice: task.quadrant().advice().to_owned(),
                    kind: task.kind(),
                    placed_minutes: mine.clone().map(|c| c.span.duration().num_minutes()).sum(),
                    next: mine
                        .filter(|c| c.span.end > now)
                        .map(|c| c.span.start.with_timezone(&self.tz).fixed_offset())
                        .next(),
                    for_the_waits: waits == Some(task.id),
                    task,
                }
            })
            .collect())
    }

    /// The open experiments, best first: ready ones before those waiting
    /// for an unfinished task, then by score (see [`Experiment::score`]).
    pub fn experiments(&self) -> ServiceResult<Vec<RankedExperiment>> {
        let tasks = self.store.tasks()?;
        let open = |id: &TaskId| tasks.iter().any(|t| t.id == *id && !t.done);
        Ok(rank_experiments(&tasks)
            .into_iter()
            .filter_map(|t| {
                Some(RankedExperiment {
                    task: t.id,
                    title: t.title.clone(),
                    terms: t.experiment?.terms(),
                    waits: t.after.iter().any(open),
                })
            })
            .collect())
    }

    /// The title of the task offered for the waits (a break): the first
    /// open low-energy one, by number.
    pub(crate) fn task_for_the_waits(&self) -> ServiceResult<Option<String>> {
        Ok(for_the_waits(&self.store.tasks()?).map(|t| t.title.clone()))
    }

    /// Task `id`, or an error naming it.
    pub fn task(&self, id: TaskId) -> ServiceResult<Task> {
        self.store
            .task(id)?
            .ok_or_else(|| ServiceError::not_found(format!("there is no task {id}; `task list` shows them")))
    }

    /// Adds a task; it gets time at the next plan.
    pub fn add_task(&mut self, draft: TaskDraft) -> ServiceResult<Task> {
        let mut task = self.checked(None, draft, true)?;
        task.id = self.store.write(|tx| tx.insert_task(&task))?;
        Ok(task)
    }

    /// Replaces what task `id` says; its chunks not yet begun take its new
    /// title, kind and category (the next plan fits their number and length).
    pub fn edit_task(&mut self, id: TaskId, draft: TaskDraft) -> ServiceResult<Task> {
        let old = self.task(id)?;
        let changed_due = draft.due != old.due;
        let task = self.checked(Some(id), draft, changed_due)?;
        let task = Task { done: old.done, ..task };
        let now = self.now();
        let mut blocks = Vec::new();
        for chunk in self.store.chunks()?.into_iter().filter(|c| c.task == id && c.span.start >= now) {
            blocks.extend(self.store.block(chunk.block)?);
        }
        self.store.write(|tx| {
            tx.update_task(&task)?;
            for mut block in blocks {
                if (block.title.as_str(), block.kind, block.category)
                    != (task.title.as_str(), task.kind(), task.category)
                {
                    block.title.clone_from(&task.title);
                    block.kind = task.kind();
                    block.category = task.category;
                    block.protected = matches!(task.kind(), Kind::Deep | Kind::Learning);
                    block.sequence += 1;
                    tx.update_block(&block)?;
                }
            }
            Ok::<_, ServiceError>(())
        })?;
        Ok(task)
    }

    /// Marks task `id` finished; its chunks not yet begun leave the
    /// calendar. Returns the task and how many chunks left.
    pub fn finish_task(&mut self, id: TaskId) -> ServiceResult<(Task, usize)> {
        let task = self.task(id)?;
        let now = self.now();
        let removed = self.drop_future_chunks(id, |tx| tx.set_task_done(id, Some(now)).map(|_| ()))?;
        Ok((Task { done: true, ..task }, removed))
    }

    /// Removes task `id`; its chunks not yet begun leave the calendar, the
    /// ones in the past stay as the blocks they were. Refused while other
    /// tasks wait for it.
    pub fn remove_task(&mut self, id: TaskId) -> ServiceResult<(Task, usize)> {
        let task = self.task(id)?;
        if let Some(waiting) = self.store.tasks()?.into_iter().find(|t| t.after.contains(&id) && !t.done) {
            return Err(ServiceError::bad_input(format!(
                "task {} '{}' waits for it; remove that first, or edit its --after",
                waiting.id, waiting.title
            )));
        }
        let removed = self.drop_future_chunks(id, |tx| tx.delete_task(id).map(|_| ()))?;
        Ok((task, removed))
    }

    /// Pins (or unpins) the chunk that is block `id`: the scheduler leaves
    /// a pinned chunk where it is.
    pub fn pin_chunk(&mut self, id: BlockId, pinned: bool) -> ServiceResult<Block> {
        let block = self.block(id)?;
        if !self.store.write(|tx| tx.pin_chunk(&block.uid, pinned))? {
            return Err(ServiceError::bad_input(format!(
                "block {id} '{}' was not placed for a task; only a task's chunks are pinned",
                block.title
            )));
        }
        Ok(block)
    }

    /// Places a chunk of task `id` by hand from `start` (as long as the
    /// task, at most [`LONGEST_CHUNK_MINUTES`]): a block through the rules
    /// like any the user adds, pinned, so planning works around it.
    pub fn place_task_at(&mut self, id: TaskId, start: DateTime<Utc>) -> ServiceResult<Changed<Block>> {
        let task = self.task(id)?;
        if task.done {
            return Err(ServiceError::bad_input(format!(
                "task {id} '{}' is done; it needs no more time",
                task.title
            )));
        }
        let end = start + Duration::minutes(task.estimate_minutes.min(LONGEST_CHUNK_MINUTES));
        let mut draft = BlockDraft::new(task.kind(), start, end);
        draft.title = Some(task.title.clone());
        draft.category = Some(task.category);
        draft.protected = matches!(task.kind(), Kind::Deep | Kind::Learning);
        let changed = self.add_block(draft)?;
        self.store.write(|tx| tx.link_chunk(&changed.value.uid, id, true, "pinned by you"))?;
        Ok(changed)
    }

    /// The backlog planned again from today, and listed: what a pane
    /// beside the week shows after every change. A plan that cannot be
    /// made (a due date that cannot hold) is the pane's problem to show,
    /// beside the tasks, not an error.
    pub fn tasks_pane(&mut self) -> ServiceResult<TasksPane> {
        let (plan, problem) = match self.plan_tasks(None, None) {
            Ok(made) => (Some(made), None),
            Err(e) => (None, Some(e.message)),
        };
        Ok(TasksPane { tasks: self.tasks()?, plan, problem, experiments: self.experiments()? })
    }

    /// Plans the backlog from `from` to `to` (today and two weeks, or up
    /// to the latest due date, when absent) and writes the chunks. When a
    /// due date cannot hold, changes nothing and says what would fix it.
    pub fn plan_tasks(&mut self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> ServiceResult<TaskPlan> {
        let now = self.now();
        let today = now.with_timezone(&self.tz).date_naive();
        let tasks = self.store.tasks()?;
        let from = from.unwrap_or(today);
        let latest_due = tasks.iter().filter(|t| !t.done).filter_map(|t| t.due).max();
        let to = to.unwrap_or_else(|| {
            let two_weeks = from + Duration::days(DEFAULT_PLAN_DAYS - 1);
            latest_due
                .map_or(two_weeks, |d| d.max(two_weeks))
                .min(from + Duration::days(LONGEST_PLAN_DAYS - 1))
                .min(last_day())
        });
        if to < from || (to - from).num_days() >= LONGEST_PLAN_DAYS {
            return Err(ServiceError::bad_input(format!(
                "plan from a day to a later one, at most {LONGEST_PLAN_DAYS} days: {from} to {to} is not that"
            )));
        }
        let window = dates_span(self.tz, from, to);
        let stored = self.store.chunks()?;
        // From the start of the first day's week: learning earlier in that
        // week counts toward its goal.
        let seen = Span::new(self.week_holding(from)?.span(self.tz).start.min(window.start), window.end);
        let others: Vec<(Kind, Span)> = self
            .entries(&seen)?
            .into_iter()
            .filter(|e| !stored.iter().any(|c| c.uid == e.uid))
            .map(|e| (e.kind, Span::new(e.start.to_utc(), e.end.to_utc())))
            .collect();
        let busy: Vec<Span> = others.iter().map(|(_, s)| *s).filter(|s| s.end > window.start).collect();
        let learning: Vec<Span> =
            others.iter().filter(|(kind, _)| *kind == Kind::Learning).map(|(_, s)| *s).collect();
        let placed: Vec<Chunk> =
            stored.iter().map(|c| Chunk { task: c.task, span: c.span, pinned: c.pinned }).collect();
        let rules = self.store.rules()?;
        let input = ScheduleInput {
            tz: self.tz,
            now,
            from,
            to,
            rules: &rules,
            busy: &busy,
            learning: &learning,
            tasks: &tasks,
            placed: &placed,
        };
        let made = schedule(&input);
        if !made.is_feasible() {
            return Err(infeasible(&made.late, &made.fixes));
        }
        let moved = made.moved(&placed, now);
        let task_of = |id: TaskId| tasks.iter().find(|t| t.id == id);
        let written = self.store.write(|tx| {
            for chunk in stored.iter().filter(|c| moved.iter().any(|m| m.task == c.task && m.span == c.span))
            {
                tx.delete_block(chunk.block)?;
                tx.unlink_chunk(&chunk.uid)?;
            }
            let mut written = Vec::new();
            for placement in made.placements.iter().filter(|p| p.span.end > window.start) {
                let Some(task) = task_of(placement.task) else { continue };
                let existing = stored.iter().find(|c| c.task == placement.task && c.span == placement.span);
                // A chunk kept where it was keeps the reason it was placed for.
                let reason = match existing {
                    Some(c) if placement.kept => c.reason.clone(),
                    _ => placement.reason.clone(),
                };
                let (block, uid, new) = match existing {
                    Some(c) => (c.block, c.uid.clone(), false),
                    None => {
                        let block = tx.insert_block(&Block {
                            id: BlockId::UNSAVED,
                            uid: new_uid(),
                            sequence: 0,
                            kind: task.kind(),
                            title: task.title.clone(),
                            category: task.category,
                            start: placement.span.start,
                            end: placement.span.end,
                            tz: self.tz,
                            recurrence: None,
                            protected: matches!(task.kind(), Kind::Deep | Kind::Learning),
                            source: Source::Planned,
                        })?;
                        (block.id, block.uid, true)
                    }
                };
                // Only what changed is written: a plan that changes nothing
                // leaves the file alone, so the window's watcher stays quiet.
                if existing.is_none_or(|c| c.pinned != placement.pinned || c.reason != reason) {
                    tx.link_chunk(&uid, task.id, placement.pinned, &reason)?;
                }
                written.push(PlacedChunk {
                    task: task.id,
                    title: task.title.clone(),
                    block,
                    start: placement.span.start.with_timezone(&self.tz).fixed_offset(),
                    end: placement.span.end.with_timezone(&self.tz).fixed_offset(),
                    pinned: placement.pinned,
                    new,
                    reason,
                });
            }
            Ok::<_, ServiceError>(written)
        })?;
        Ok(TaskPlan {
            from,
            to,
            chunks: written,
            unplaced: made.unplaced,
            moved: moved.len(),
            moved_minutes: moved.iter().map(|c| c.span.duration().num_minutes()).sum(),
        })
    }

    /// Plans the backlog again after a change to the week or the tasks,
    /// as the app does without being asked, so a chunk makes way for a
    /// new meeting while the Tasks pane is closed. `None` when there is no
    /// open task or the plan moved and placed nothing; an error when the
    /// due dates cannot all hold (nothing changed then).
    pub fn replan_tasks(&mut self) -> ServiceResult<Option<TaskPlan>> {
        if self.store.tasks()?.iter().all(|t| t.done) {
            return Ok(None);
        }
        let plan = self.plan_tasks(None, None)?;
        Ok((plan.moved > 0 || plan.chunks.iter().any(|c| c.new)).then_some(plan))
    }

    /// A draft for task `id` (a new one when absent) checked against the
    /// rules of tasks and the backlog; a due date given now must not be
    /// past.
    fn checked(&self, id: Option<TaskId>, draft: TaskDraft, check_due: bool) -> ServiceResult<Task> {
        let mut all = self.store.tasks()?;
        // A new task's number is not known yet; the next free one stands in.
        let id = id.unwrap_or(TaskId(all.iter().map(|t| t.id.0).max().unwrap_or(0) + 1));
        let task = Task {
            id,
            title: draft.title.trim().to_owned(),
            estimate_minutes: round_up(draft.estimate_minutes),
            due: draft.due,
            impact: draft.impact,
            effort: draft.effort,
            category: draft.category,
            chunk_min_minutes: draft.chunk_min_minutes.map(round_up),
            after: draft.after,
            not_before: draft.not_before,
            done: false,
            experiment: draft.experiment,
        };
        task.check()?;
        if let Some(e) = task.experiment {
            Experiment::new(e.upside, e.cost, e.learning)?;
        }
        let today = self.now().with_timezone(&self.tz).date_naive();
        if let Some(due) = task.due
            && due < today
            && check_due
        {
            return Err(ServiceError::bad_input(format!(
                "the due date {due} is in the past; give today or a later day"
            )));
        }
        // The task first: a circle is named from it.
        all.retain(|t| t.id != id);
        all.insert(0, task.clone());
        check_dependencies(&all)?;
        Ok(task)
    }

    /// Takes the future chunks of task `id` out of the calendar, with
    /// `also` in the same transaction; how many left.
    fn drop_future_chunks(
        &mut self,
        id: TaskId,
        also: impl FnOnce(&deepblock_store::Tx<'_>) -> deepblock_store::StoreResult<()>,
    ) -> ServiceResult<usize> {
        let now = self.now();
        let future: Vec<_> =
            self.store.chunks()?.into_iter().filter(|c| c.task == id && c.span.start >= now).collect();
        self.store.write(|tx| {
            for chunk in &future {
                tx.delete_block(chunk.block)?;
                tx.unlink_chunk(&chunk.uid)?;
            }
            also(tx)
        })?;
        Ok(future.len())
    }
}

/// The last day a plan may reach: dates are of the years in
/// [`deepblock_core::time::YEARS`], and a plan begun on 30 December 9999
/// must not run into the year 10000.
fn last_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(*deepblock_core::time::YEARS.end(), 12, 31).unwrap_or(NaiveDate::MAX)
}

/// The error of a backlog whose due dates cannot all hold: what is late,
/// and the fix.
fn infeasible(late: &[Late], fixes: &[Fix]) -> ServiceError {
    let late: Vec<String> = late
        .iter()
        .map(|l| {
            format!(
                "task {} '{}' is {} short of its due date {}",
                l.task,
                l.title,
                deepblock_core::review::length(l.short_minutes),
                l.due.format("%a %-d %b")
            )
        })
        .collect();
    let fixes: Vec<String> = fixes.iter().map(ToString::to_string).collect();
    ServiceError::new(
        ErrorCode::RuleViolation,
        format!(
            "the due dates cannot all hold, so nothing was placed: {}; to fix it, {}",
            first_few(&late, "; ", "late tasks"),
            first_few(&fixes, ", then ", "changes")
        ),
    )
}

/// The first [`SAID_AT_MOST`] of `items` joined with `by`, and how many
/// more there are: an error stays one readable line however far behind
/// the backlog is.
fn first_few(items: &[String], by: &str, what: &str) -> String {
    let shown = items.iter().take(SAID_AT_MOST).cloned().collect::<Vec<_>>().join(by);
    match items.len().saturating_sub(SAID_AT_MOST) {
        0 => shown,
        more => format!("{shown}, and {more} more {what}"),
    }
}

/// How many late tasks, and how many changes, one error line names.
const SAID_AT_MOST: usize = 5;
