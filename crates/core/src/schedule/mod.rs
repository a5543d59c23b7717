//! The scheduler: turns the backlog into chunks of time before their due
//! dates. Pure and deterministic: the same input gives the same schedule.
//!
//! - Free time is the workday, on a [`GRID_MINUTES`] grid, around every
//!   block already in the calendar (tasks are not meetings, so no-meeting
//!   days are free for them), from now on.
//! - Tasks are taken earliest deadline first (a task others wait for is as
//!   urgent as the most urgent of them), never before what they wait for
//!   or their first day; undated "do first" tasks count as due at the end
//!   of the next workday (unless that makes a dated task late: then they
//!   come after every dated one), undated "schedule" tasks come after
//!   every dated one. Each is split into chunks between its shortest chunk
//!   and [`LONGEST_CHUNK_MINUTES`], deep work only in free stretches of the
//!   calendar at least the deep-block minimum long.
//! - Toward the learning goal: an undated learning task gets, each week,
//!   only what the week's learning (blocks and chunks) lacks of the weekly
//!   goal, so a long course is spread over the weeks instead of crowding
//!   the first; a due date, or a goal of nothing, lifts the cap.
//! - Stable: chunks placed before that still fit stay where they are; only
//!   the rest is placed again. A task whose kept chunk would come before
//!   what it waits for, or the least urgent task keeping time before a due
//!   date that would be missed, gives its chunks up, one task at a time.
//!   Pinned chunks never move. If that still misses a due date, everything
//!   unpinned is placed afresh.
//! - Deadline-safe: when even that misses a due date, nothing should be
//!   placed; the schedule lists what is late and the fix that makes every
//!   due date hold (checked by scheduling again with it).

mod board;
mod fix;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::block::Kind;
use crate::rules::Rules;
use crate::task::{GRID_MINUTES, LONGEST_CHUNK_MINUTES, Quadrant, Task, TaskId, round_up};
use crate::time::{Span, Week, day_span, to_local};
use board::{Board, grid_up};
pub use fix::Fix;

/// A chunk of a task already in the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chunk {
    /// Its task.
    pub task: TaskId,
    /// When.
    pub span: Span,
    /// Placed or moved by the user: the scheduler leaves it alone.
    pub pinned: bool,
}

/// What the scheduler works from.
#[derive(Debug, Clone, Copy)]
pub struct ScheduleInput<'a> {
    /// The user's zone: days, the workday and due dates are local to it.
    pub tz: Tz,
    /// Nothing is placed before this.
    pub now: DateTime<Utc>,
    /// The first day to place chunks on.
    pub from: NaiveDate,
    /// The last day to place chunks on.
    pub to: NaiveDate,
    /// The workday and the deep-block minimum.
    pub rules: &'a Rules,
    /// Everything else in the calendar in those days.
    pub busy: &'a [Span],
    /// The learning blocks among them, which count toward the weekly
    /// learning goal.
    pub learning: &'a [Span],
    /// The backlog; finished tasks and those not worth placing are passed over.
    pub tasks: &'a [Task],
    /// The chunks placed before.
    pub placed: &'a [Chunk],
}

/// A chunk the schedule holds, and why it is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// Its task.
    pub task: TaskId,
    /// When.
    pub span: Span,
    /// Pinned by the user.
    pub pinned: bool,
    /// Kept where the last plan put it (its reason is the last plan's).
    pub kept: bool,
    /// One line: why here.
    pub reason: String,
}

/// A task that misses its due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Late {
    /// The task.
    pub task: TaskId,
    /// Its title.
    pub title: String,
    /// Its due date.
    pub due: NaiveDate,
    /// Minutes of it that do not fit before the end of that day.
    pub short_minutes: i64,
}

/// A task with time left that found no room before the last day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Unplaced {
    /// The task.
    pub task: TaskId,
    /// Its title.
    pub title: String,
    /// Minutes not placed.
    pub minutes: i64,
    /// Why, in a line.
    pub why: String,
}

/// The scheduler's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// Every chunk of the backlog's tasks, earliest first.
    pub placements: Vec<Placement>,
    /// Undated time that found no room.
    pub unplaced: Vec<Unplaced>,
    /// Due dates missed; when there are some, nothing should be placed.
    pub late: Vec<Late>,
    /// The changes that make every due date hold, in order.
    pub fixes: Vec<Fix>,
}

impl Schedule {
    /// Whether every due date holds.
    pub fn is_feasible(&self) -> bool {
        self.late.is_empty()
    }

    /// The chunks placed before, not pinned and not yet begun, that this
    /// schedule does not keep where they were.
    pub fn moved(&self, before: &[Chunk], now: DateTime<Utc>) -> Vec<Chunk> {
        before
            .iter()
            .filter(|c| !c.pinned && c.span.start >= now)
            .filter(|c| !self.placements.iter().any(|p| p.task == c.task && p.span == c.span))
            .copied()
            .collect()
    }
}

/// Schedules the backlog.
pub fn schedule(input: &ScheduleInput<'_>) -> Schedule {
    let tasks = input.tasks;
    for quick in [QuickWins::Now, QuickWins::AfterDueDates] {
        if let Some(kept) = keeping(input, tasks, quick) {
            return kept.into_schedule(Vec::new());
        }
    }
    let fresh = attempt(input, tasks, None, QuickWins::Now);
    if fresh.late.is_empty() {
        return fresh.into_schedule(Vec::new());
    }
    let dated_first = attempt(input, tasks, None, QuickWins::AfterDueDates);
    if dated_first.late.is_empty() {
        return dated_first.into_schedule(Vec::new());
    }
    let fixes = fix::fixes(input, tasks);
    dated_first.into_schedule(fixes)
}

/// At most this many tasks give their kept chunks up before the plan is
/// made afresh: past that, keeping costs more time than it saves moves.
const KEEPING_ROUNDS: usize = 32;

/// The schedule that keeps what still fits, if one holds every due date.
/// A task whose kept chunks would start before what it waits for ends
/// gives its chunks up; so does, when a task is late, the least urgent
/// task keeping time before that due date. Each round gives up one more
/// task's chunks, at most [`KEEPING_ROUNDS`] rounds.
fn keeping(input: &ScheduleInput<'_>, tasks: &[Task], quick: QuickWins) -> Option<Attempt> {
    let mut given_up = BTreeSet::new();
    for _ in 0..=tasks.len().min(KEEPING_ROUNDS) {
        let kept = attempt(input, tasks, Some(&given_up), quick);
        if kept.late.is_empty() && kept.out_of_order.is_empty() {
            return Some(kept);
        }
        let before = given_up.len();
        if let Some(late) = kept.late.first() {
            let deadline = day_span(input.tz, late.due).end;
            let urgency = |id: TaskId| kept.order.iter().position(|t| *t == id);
            if let Some(yielding) = kept
                .kept
                .iter()
                .filter(|(task, span)| span.start < deadline && urgency(*task) > urgency(late.task))
                .map(|(task, _)| *task)
                .max_by_key(|task| urgency(*task))
            {
                given_up.insert(yielding);
            }
        } else {
            given_up.extend(kept.out_of_order);
        }
        if given_up.len() == before {
            return None;
        }
    }
    None
}

/// One pass of the scheduler over `tasks`.
struct Attempt {
    placements: Vec<Placement>,
    unplaced: Vec<Unplaced>,
    late: Vec<Late>,
    /// Tasks with a chunk that starts before what they wait for ends.
    out_of_order: Vec<TaskId>,
    /// The chunks kept from before.
    kept: Vec<(TaskId, Span)>,
    /// The tasks in the order they were taken.
    order: Vec<TaskId>,
}

impl Attempt {
    fn into_schedule(self, fixes: Vec<Fix>) -> Schedule {
        Schedule { placements: self.placements, unplaced: self.unplaced, late: self.late, fixes }
    }
}

/// When undated "do first" tasks are taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuickWins {
    /// As if due at the end of the next workday.
    Now,
    /// After every dated task: when taking them first makes one late.
    AfterDueDates,
}

/// The tasks the scheduler gives time, in the order it takes them.
fn order(input: &ScheduleInput<'_>, tasks: &[Task], quick: QuickWins) -> Vec<usize> {
    let open: Vec<usize> =
        (0..tasks.len()).filter(|&i| !tasks[i].done && tasks[i].quadrant().is_placed()).collect();
    let index: BTreeMap<TaskId, usize> = open.iter().map(|&i| (tasks[i].id, i)).collect();
    let next_workday = next_workday(input);
    // A task's urgency: its due date, or the most urgent of those waiting for it.
    let mut urgency: BTreeMap<usize, NaiveDate> = open
        .iter()
        .filter_map(|&i| {
            let t = &tasks[i];
            let now = t.quadrant() == Quadrant::DoFirst && quick == QuickWins::Now;
            let due = t.due.or(now.then_some(next_workday));
            due.map(|d| (i, d))
        })
        .collect();
    for _ in 0..open.len() {
        let mut changed = false;
        for &i in &open {
            let Some(&due) = urgency.get(&i) else { continue };
            for dep in tasks[i].after.iter().filter_map(|id| index.get(id)) {
                if urgency.get(dep).is_none_or(|d| *d > due) {
                    urgency.insert(*dep, due);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let key = |i: usize| {
        let t = &tasks[i];
        let quadrant = if t.quadrant() == Quadrant::DoFirst { 0 } else { 1 };
        (urgency.get(&i).copied().unwrap_or(NaiveDate::MAX), quadrant, t.id)
    };
    let mut left = open;
    left.sort_by_key(|&i| key(i));
    let mut ordered = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let ready = left
            .iter()
            .position(|&i| tasks[i].after.iter().all(|id| index.get(id).is_none_or(|d| ordered.contains(d))))
            .unwrap_or(0);
        ordered.push(left.remove(ready));
    }
    ordered
}

/// The first workday on or after today, or today when there is none.
fn next_workday(input: &ScheduleInput<'_>) -> NaiveDate {
    let today = to_local(input.tz, input.now).date();
    today
        .iter_days()
        .take(8)
        .find(|d| input.rules.workday.span_on(input.tz, *d).is_some_and(|w| w.end > input.now))
        .unwrap_or(today)
}

fn minutes(length: Duration) -> i64 {
    length.num_minutes()
}

/// One pass: with `keep`, the chunks placed before stay where they still
/// fit, except those of the tasks in it; without, all are placed afresh.
/// `quick` says when undated "do first" tasks come.
fn attempt(
    input: &ScheduleInput<'_>,
    tasks: &[Task],
    keep: Option<&BTreeSet<TaskId>>,
    quick: QuickWins,
) -> Attempt {
    let tz = input.tz;
    let start = grid_up(input.now.max(day_span(tz, input.from).start));
    let last = day_span(tz, input.to).end;
    let by_id: BTreeMap<TaskId, &Task> = tasks.iter().map(|t| (t.id, t)).collect();
    let order = order(input, tasks, quick);
    let placed_ids: Vec<TaskId> = order.iter().map(|&i| tasks[i].id).collect();

    // Chunks that stay whatever happens: pinned, begun or over.
    let (fixed, movable): (Vec<&Chunk>, Vec<&Chunk>) = input
        .placed
        .iter()
        .filter(|c| by_id.contains_key(&c.task))
        .partition(|c| c.pinned || c.span.start < input.now);
    let workdays: Vec<Span> = input
        .from
        .iter_days()
        .take_while(|d| *d <= input.to)
        .filter_map(|d| input.rules.workday.span_on(tz, d))
        .map(|w| Span::new(w.start.max(start), w.end.min(last)))
        .filter(|w| w.start < w.end)
        .collect();
    let mut busy: Vec<Span> = input.busy.to_vec();
    busy.extend(fixed.iter().map(|c| c.span));
    let mut board = Board::new(&workdays, &busy);
    // The free time before any task's chunk: a kept deep chunk needs a
    // long enough stretch of it, whatever other chunks share the stretch.
    let calendar = board.clone();

    let mut placements: Vec<Placement> = Vec::new();
    let mut remaining: BTreeMap<TaskId, i64> = BTreeMap::new();
    for &i in &order {
        let t = &tasks[i];
        let spent: i64 = fixed.iter().filter(|c| c.task == t.id).map(|c| minutes(c.span.duration())).sum();
        remaining.insert(t.id, (t.estimate_minutes - spent).max(0));
    }
    for chunk in &fixed {
        let Some(task) = by_id.get(&chunk.task) else { continue };
        let why = if chunk.pinned {
            "pinned by you"
        } else if chunk.span.end <= input.now {
            "done"
        } else {
            "under way"
        };
        placements.push(Placement {
            task: chunk.task,
            span: chunk.span,
            pinned: chunk.pinned,
            kept: false,
            reason: reason(task, why),
        });
    }

    // Learning minutes each week already holds, by the week's first day.
    let mut learned = LearningWeeks::new(input);
    for span in input.learning {
        learned.add(span, minutes(span.duration()));
    }
    for chunk in &fixed {
        if by_id.get(&chunk.task).is_some_and(|t| t.kind() == Kind::Learning) {
            learned.add(&chunk.span, minutes(chunk.span.duration()));
        }
    }

    let earliest_for = |t: &Task, placements: &[Placement]| -> (DateTime<Utc>, Option<String>) {
        let mut earliest = start;
        let mut why = None;
        if let Some(first) = t.not_before {
            let day = day_span(tz, first).start;
            if day > earliest {
                earliest = day;
                why = Some(format!("not before {}", first.format("%a %-d %b")));
            }
        }
        for dep in t.after.iter().filter(|d| placed_ids.contains(d)) {
            if let Some(end) = placements.iter().filter(|p| p.task == *dep).map(|p| p.span.end).max()
                && end > earliest
            {
                earliest = grid_up(end);
                why = Some(format!("after '{}'", by_id.get(dep).map_or("", |d| d.title.as_str())));
            }
        }
        (earliest, why)
    };

    // Pass 1: what was placed before stays where it still fits.
    let mut kept = Vec::new();
    if let Some(given_up) = keep {
        for &i in order.iter().filter(|&&i| !given_up.contains(&tasks[i].id)) {
            let t = &tasks[i];
            let (earliest, _) = earliest_for(t, &placements);
            let mut mine: Vec<&&Chunk> = movable.iter().filter(|c| c.task == t.id).collect();
            mine.sort_by_key(|c| c.span.start);
            for chunk in mine {
                let length = minutes(chunk.span.duration());
                let left = remaining[&t.id];
                let rest = left - length;
                let shortest = t.shortest_chunk(i64::from(input.rules.min_deep_minutes)).min(left);
                if chunk.span.start >= earliest
                    && chunk.span.end <= last
                    && length <= left
                    && length >= shortest
                    && (rest == 0 || rest >= shortest)
                    && board.fits(&chunk.span)
                    && deep_enough(input, t, &calendar, &chunk.span)
                {
                    board.take(&chunk.span);
                    remaining.insert(t.id, rest);
                    kept.push((t.id, chunk.span));
                    if t.kind() == Kind::Learning {
                        learned.add(&chunk.span, length);
                    }
                    placements.push(Placement {
                        task: t.id,
                        span: chunk.span,
                        pinned: false,
                        kept: true,
                        reason: reason(t, "kept where it was"),
                    });
                }
            }
        }
    }

    // Pass 2: the rest, in the first free time that suits each task.
    let mut unplaced = Vec::new();
    let mut waiting: Vec<TaskId> = Vec::new();
    for &i in &order {
        let t = &tasks[i];
        let left = remaining[&t.id];
        if left == 0 {
            continue;
        }
        if let Some(dep) = t.after.iter().find(|d| waiting.contains(d)) {
            waiting.push(t.id);
            unplaced.push(Unplaced {
                task: t.id,
                title: t.title.clone(),
                minutes: left,
                why: format!(
                    "waits for '{}', which has no room",
                    by_id.get(dep).map_or("", |d| d.title.as_str())
                ),
            });
            continue;
        }
        let (earliest, because) = earliest_for(t, &placements);
        let spans = place(input, t, left, earliest, &mut board, &calendar, &mut learned);
        let placed: i64 = spans.iter().map(|s| minutes(s.duration())).sum();
        let place_why = because.unwrap_or_else(|| {
            match t.kind() {
                Kind::Deep => "first free deep stretch",
                Kind::Learning if learned.caps(t) => "first free time within the week's learning goal",
                Kind::Learning => "first free time, toward the learning goal",
                _ => "first free time",
            }
            .to_owned()
        });
        for span in spans {
            placements.push(Placement {
                task: t.id,
                span,
                pinned: false,
                kept: false,
                reason: reason(t, &place_why),
            });
        }
        if placed < left {
            waiting.push(t.id);
            if t.due.is_none_or(|d| d > input.to) {
                let by = input.to.format("%a %-d %b");
                unplaced.push(Unplaced {
                    task: t.id,
                    title: t.title.clone(),
                    minutes: left - placed,
                    why: if learned.caps(t) {
                        format!("the learning goal of every week to {by} is met")
                    } else {
                        format!("no room by {by}")
                    },
                });
            }
        }
    }
    placements.sort_by_key(|p| (p.span.start, p.task));

    let late = order
        .iter()
        .filter_map(|&i| {
            let t = &tasks[i];
            let due = t.due.filter(|d| *d <= input.to)?;
            let deadline = day_span(tz, due).end;
            let mine = placements.iter().filter(|p| p.task == t.id);
            let after: i64 = mine
                .clone()
                .filter(|p| p.span.end > deadline)
                .map(|p| minutes(p.span.end - p.span.start.max(deadline)))
                .sum();
            let placed: i64 = mine.map(|p| minutes(p.span.duration())).sum();
            let short = after + (t.estimate_minutes - placed).max(0);
            (short > 0).then(|| Late { task: t.id, title: t.title.clone(), due, short_minutes: short })
        })
        .collect();
    let mut out_of_order: Vec<TaskId> = placements
        .iter()
        .filter(|p| {
            by_id[&p.task]
                .after
                .iter()
                .any(|dep| placements.iter().any(|d| d.task == *dep && d.span.end > p.span.start))
        })
        .map(|p| p.task)
        .collect();
    out_of_order.dedup();
    Attempt { placements, unplaced, late, out_of_order, kept, order: placed_ids }
}

/// Whether a deep task's chunk lies in a stretch of `free` time at least
/// the deep-block minimum long.
fn deep_enough(input: &ScheduleInput<'_>, task: &Task, free: &Board, span: &Span) -> bool {
    task.kind() != Kind::Deep
        || free.stretches().iter().any(|s| {
            s.start <= span.start
                && span.end <= s.end
                && minutes(s.duration()) >= round_up(i64::from(input.rules.min_deep_minutes))
        })
}

/// Chunks for `left` minutes of `task` from `earliest`, taken from the
/// board (and, for an undated learning task, from each week's room under
/// the learning goal).
fn place(
    input: &ScheduleInput<'_>,
    task: &Task,
    left: i64,
    earliest: DateTime<Utc>,
    board: &mut Board,
    calendar: &Board,
    learned: &mut LearningWeeks,
) -> Vec<Span> {
    let shortest = task.shortest_chunk(i64::from(input.rules.min_deep_minutes)).min(left);
    let mut left = left;
    let mut spans = Vec::new();
    // Stretches that end before the task may start are passed over at once.
    let mut at = board.stretches().partition_point(|s| s.end <= earliest);
    while left > 0 && at < board.stretches().len() {
        let stretch = board.stretches()[at];
        if stretch.end - stretch.start.max(earliest) < Duration::minutes(shortest) {
            at += 1;
            continue;
        }
        let start = grid_up(stretch.start.max(earliest));
        let free = if start < stretch.end { minutes(stretch.end - start) } else { 0 };
        let room = if learned.caps(task) { learned.room(start) } else { i64::MAX };
        let mut length = free.min(LONGEST_CHUNK_MINUTES).min(left).min(room);
        if left - length > 0 && left - length < shortest {
            length = left - shortest;
        }
        length -= length % GRID_MINUTES;
        let span = Span::new(start, start + Duration::minutes(length.max(0)));
        if length < shortest || !deep_enough(input, task, calendar, &span) {
            at += 1;
            continue;
        }
        if task.kind() == Kind::Learning {
            learned.add(&span, length);
        }
        board.take(&span);
        spans.push(span);
        left -= length;
    }
    spans
}

/// The learning minutes each week of a plan holds, against the weekly
/// learning goal.
struct LearningWeeks {
    tz: Tz,
    week_start: chrono::Weekday,
    goal: i64,
    held: BTreeMap<NaiveDate, i64>,
}

impl LearningWeeks {
    fn new(input: &ScheduleInput<'_>) -> Self {
        Self {
            tz: input.tz,
            week_start: input.rules.week_start,
            goal: i64::from(input.rules.goals.learning_minutes),
            held: BTreeMap::new(),
        }
    }

    /// The first day of the week `at` falls in.
    fn week_of(&self, at: DateTime<Utc>) -> NaiveDate {
        Week::containing(to_local(self.tz, at).date(), self.week_start).first_day()
    }

    /// Counts `length` minutes of learning at `span`, in the week it starts.
    fn add(&mut self, span: &Span, length: i64) {
        *self.held.entry(self.week_of(span.start)).or_default() += length;
    }

    /// Whether `task`'s time is held to the weekly goal: learning, undated,
    /// and a goal set.
    fn caps(&self, task: &Task) -> bool {
        task.kind() == Kind::Learning && task.due.is_none() && self.goal > 0
    }

    /// The learning minutes the week of `at` still lacks of the goal.
    fn room(&self, at: DateTime<Utc>) -> i64 {
        (self.goal - self.held.get(&self.week_of(at)).copied().unwrap_or(0)).max(0)
    }
}

/// "due Fri 11 Dec, high impact, first free deep stretch".
fn reason(task: &Task, why: &str) -> String {
    let due = match (task.due, task.quadrant()) {
        (Some(due), _) => format!("due {}", due.format("%a %-d %b")),
        (None, Quadrant::DoFirst) => "do first".to_owned(),
        (None, _) => "no due date".to_owned(),
    };
    format!("{due}, {} impact, {why}", task.impact)
}
