//! Tasks: the backlog the scheduler turns into blocks. Each falls into a
//! quadrant of the impact/effort matrix, which decides whether it is
//! placed at all; its category decides the kind of the blocks it gets.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::block::{Category, Kind};
use crate::error::{CoreError, CoreResult};

/// The grid chunks are placed on, in minutes: estimates and chunk
/// minimums are rounded up to it.
pub const GRID_MINUTES: i64 = 15;

/// The largest estimate a task may have: beyond it, the task is a project
/// to split.
pub const LONGEST_ESTIMATE_HOURS: i64 = 200;

/// The longest chunk the scheduler places in one go: half a day of focus.
pub const LONGEST_CHUNK_MINUTES: i64 = 180;

/// The shortest chunk of a task that is not deep work, unless the task
/// itself is shorter.
pub const SHORTEST_CHUNK_MINUTES: i64 = 30;

/// The longest title a task keeps.
pub const LONGEST_TITLE: usize = 200;

/// A task's number, as the user types it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TaskId(pub i64);

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

named_enum! {
    /// How much finishing the task matters.
    Impact, "impact" {
        /// Moves the work forward.
        High = "high", "High impact";
        /// Nice to have.
        Low = "low", "Low impact";
    }
}

named_enum! {
    /// How much it takes.
    Effort, "effort" {
        /// Hours of hard thinking.
        High = "high", "High effort";
        /// Quick.
        Low = "low", "Low effort";
    }
}

named_enum! {
    /// Where a task falls on the impact/effort matrix.
    Quadrant, "quadrant" {
        /// High impact, low effort: placed in the next free time.
        DoFirst = "do-first", "Do first";
        /// High impact, high effort: placed in deep-work time before its due date.
        Schedule = "schedule", "Schedule";
        /// Low impact, low effort: not placed.
        Delegate = "delegate", "Automate or delegate";
        /// Low impact, high effort: not placed.
        Eliminate = "eliminate", "Eliminate";
    }
}

impl Quadrant {
    /// The quadrant of `impact` and `effort`.
    pub fn of(impact: Impact, effort: Effort) -> Self {
        match (impact, effort) {
            (Impact::High, Effort::Low) => Quadrant::DoFirst,
            (Impact::High, Effort::High) => Quadrant::Schedule,
            (Impact::Low, Effort::Low) => Quadrant::Delegate,
            (Impact::Low, Effort::High) => Quadrant::Eliminate,
        }
    }

    /// Whether the scheduler gives tasks here time.
    pub fn is_placed(self) -> bool {
        matches!(self, Quadrant::DoFirst | Quadrant::Schedule)
    }

    /// What the matrix advises, in a line.
    pub fn advice(self) -> &'static str {
        match self {
            Quadrant::DoFirst => "quick and worth it: done in the next free time",
            Quadrant::Schedule => "worth hours of focus: placed in deep-work time before it is due",
            Quadrant::Delegate => "not worth your focus: script it, batch it or hand it over",
            Quadrant::Eliminate => "costly for little: drop it, or make the case that it matters",
        }
    }
}

/// A task in the backlog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Task {
    /// Its number.
    pub id: TaskId,
    /// What to do.
    pub title: String,
    /// How long it takes, in minutes, a multiple of [`GRID_MINUTES`].
    pub estimate_minutes: i64,
    /// The day it must be done by (its end, in the user's zone).
    pub due: Option<NaiveDate>,
    /// How much it matters.
    pub impact: Impact,
    /// How much it takes.
    pub effort: Effort,
    /// What the time goes to; decides the blocks' kind.
    pub category: Category,
    /// The shortest chunk it may be split into, when the user said.
    pub chunk_min_minutes: Option<i64>,
    /// Tasks that must be finished before this one starts.
    pub after: Vec<TaskId>,
    /// The first day it may be worked on.
    pub not_before: Option<NaiveDate>,
    /// Finished.
    pub done: bool,
    /// For an experiment: what it may bring, cost and teach.
    pub experiment: Option<Experiment>,
}

/// The terms an experiment is ranked by, each from 1 (least) to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Experiment {
    /// How much it may move the work if it pans out.
    pub upside: u8,
    /// What running it costs: compute, time, attention.
    pub cost: u8,
    /// What it teaches even if it fails.
    pub learning: u8,
}

impl Experiment {
    /// The lowest and highest a term may be.
    pub const TERMS: std::ops::RangeInclusive<u8> = 1..=5;

    /// An experiment, its terms checked.
    pub fn new(upside: u8, cost: u8, learning: u8) -> CoreResult<Self> {
        if [upside, cost, learning].iter().any(|t| !Self::TERMS.contains(t)) {
            return Err(CoreError::BadInput(
                "an experiment's upside, cost and learning value are each 1 to 5".to_owned(),
            ));
        }
        Ok(Self { upside, cost, learning })
    }

    /// The score experiments are ranked by: (2 × upside + learning) ÷
    /// cost. Upside counts twice: a result moves the work, a lesson only
    /// may.
    pub fn score(&self) -> f64 {
        (2.0 * f64::from(self.upside) + f64::from(self.learning)) / f64::from(self.cost.max(1))
    }

    /// The score with its terms, as in "(2 × 4 + 3) ÷ 2 = 5.5".
    pub fn terms(&self) -> String {
        format!("(2 × {} + {}) ÷ {} = {:.1}", self.upside, self.learning, self.cost, self.score())
    }
}

/// The open experiments of `tasks`, best first: those that wait for no
/// unfinished task before those that do, then by score, then by number.
pub fn rank_experiments(tasks: &[Task]) -> Vec<&Task> {
    let open = |id: &TaskId| tasks.iter().any(|t| t.id == *id && !t.done);
    let mut ranked: Vec<&Task> = tasks.iter().filter(|t| !t.done && t.experiment.is_some()).collect();
    ranked.sort_by(|a, b| {
        let waits = |t: &Task| t.after.iter().any(open);
        let score = |t: &Task| t.experiment.map_or(0.0, |e| e.score());
        waits(a).cmp(&waits(b)).then(score(b).total_cmp(&score(a))).then(a.id.cmp(&b.id))
    });
    ranked
}

impl Task {
    /// Its quadrant.
    pub fn quadrant(&self) -> Quadrant {
        Quadrant::of(self.impact, self.effort)
    }

    /// The kind of the blocks it gets: research is learning, admin is
    /// admin, the rest is deep work.
    pub fn kind(&self) -> Kind {
        kind_for(self.category)
    }

    /// Low-energy work, for the waits: admin and documentation.
    pub fn is_low_energy(&self) -> bool {
        matches!(self.category, Category::Admin | Category::Documentation)
    }

    /// The shortest chunk it is split into: the user's, or the deep-block
    /// minimum for deep work and [`SHORTEST_CHUNK_MINUTES`] otherwise; for
    /// deep work never under the deep-block minimum; never over the
    /// estimate or [`LONGEST_CHUNK_MINUTES`].
    pub fn shortest_chunk(&self, min_deep_minutes: i64) -> i64 {
        let floor = if self.kind() == Kind::Deep { round_up(min_deep_minutes) } else { GRID_MINUTES };
        let wanted = self.chunk_min_minutes.unwrap_or(if self.kind() == Kind::Deep {
            floor
        } else {
            SHORTEST_CHUNK_MINUTES
        });
        wanted.max(floor).min(LONGEST_CHUNK_MINUTES).min(self.estimate_minutes)
    }

    /// Checks what a user typed: a title, an estimate on the grid between
    /// a grid step and [`LONGEST_ESTIMATE_HOURS`], a chunk minimum that is
    /// not longer than the estimate, a first day not after the due date.
    pub fn check(&self) -> CoreResult<()> {
        let title = self.title.trim();
        if title.is_empty() || title.chars().count() > LONGEST_TITLE || title.contains(['\n', '\r']) {
            return Err(CoreError::BadInput(format!(
                "a task needs a title of one line, at most {LONGEST_TITLE} characters"
            )));
        }
        if self.estimate_minutes < GRID_MINUTES || self.estimate_minutes > LONGEST_ESTIMATE_HOURS * 60 {
            return Err(CoreError::BadInput(format!(
                "an estimate must be between {GRID_MINUTES} minutes and {LONGEST_ESTIMATE_HOURS} hours; split a bigger task"
            )));
        }
        if let Some(chunk) = self.chunk_min_minutes
            && !(GRID_MINUTES..=self.estimate_minutes.min(LONGEST_CHUNK_MINUTES)).contains(&chunk)
        {
            return Err(CoreError::BadInput(format!(
                "the shortest chunk must be between {GRID_MINUTES} minutes and the estimate (at most {} minutes)",
                self.estimate_minutes.min(LONGEST_CHUNK_MINUTES)
            )));
        }
        if !is_task_category(self.category) {
            return Err(CoreError::BadInput(
                "a task cannot be a meeting; plan the meeting as a block".to_owned(),
            ));
        }
        if let (Some(first), Some(due)) = (self.not_before, self.due)
            && first > due
        {
            return Err(CoreError::BadInput(format!("it may not start ({first}) after it is due ({due})")));
        }
        if self.after.contains(&self.id) {
            return Err(CoreError::BadInput(format!("task {} cannot come after itself", self.id)));
        }
        Ok(())
    }
}

/// Whether a task may be of `category`: any but meetings, which are
/// planned as blocks.
pub fn is_task_category(category: Category) -> bool {
    category != Category::Meetings
}

/// The kind of the blocks a task of `category` gets.
pub fn kind_for(category: Category) -> Kind {
    match category {
        Category::ResearchLearning => Kind::Learning,
        Category::Admin => Kind::Admin,
        Category::Meetings => Kind::Meeting,
        _ => Kind::Deep,
    }
}

/// The task offered for the waits (a break, a training run): the first
/// open low-energy one, by number.
pub fn for_the_waits(tasks: &[Task]) -> Option<&Task> {
    tasks.iter().find(|t| !t.done && t.is_low_energy())
}

/// `minutes` rounded up to the grid.
pub fn round_up(minutes: i64) -> i64 {
    minutes.div_euclid(GRID_MINUTES) * GRID_MINUTES
        + if minutes % GRID_MINUTES == 0 { 0 } else { GRID_MINUTES }
}

/// Refuses a backlog in which a task waits for one that does not exist or
/// tasks wait for each other in a circle, naming the circle.
pub fn check_dependencies(tasks: &[Task]) -> CoreResult<()> {
    let by_id: BTreeMap<TaskId, &Task> = tasks.iter().map(|t| (t.id, t)).collect();
    for task in tasks {
        if let Some(missing) = task.after.iter().find(|id| !by_id.contains_key(id)) {
            return Err(CoreError::BadInput(format!(
                "task {} waits for task {missing}, which does not exist",
                task.id
            )));
        }
    }
    // Depth-first, three colours; the path names the circle.
    let mut finished = BTreeSet::new();
    for task in tasks {
        let mut path: Vec<(TaskId, usize)> = vec![(task.id, 0)];
        let mut on_path = BTreeSet::from([task.id]);
        while let Some((id, next)) = path.last().copied() {
            if finished.contains(&id) {
                path.pop();
                on_path.remove(&id);
                continue;
            }
            let after = &by_id[&id].after;
            if let Some(&dep) = after.get(next) {
                if let Some(top) = path.last_mut() {
                    top.1 += 1;
                }
                if on_path.contains(&dep) {
                    let from = path.iter().position(|(p, _)| *p == dep).unwrap_or(0);
                    let mut names: Vec<String> =
                        path[from..].iter().map(|(p, _)| format!("'{}'", by_id[p].title)).collect();
                    names.push(format!("'{}'", by_id[&dep].title));
                    return Err(CoreError::BadInput(format!(
                        "tasks wait for each other in a circle: {} waits for {}",
                        names[0],
                        names[1..].join(", which waits for ")
                    )));
                }
                if !finished.contains(&dep) {
                    path.push((dep, 0));
                    on_path.insert(dep);
                }
            } else {
                finished.insert(id);
                path.pop();
                on_path.remove(&id);
            }
        }
    }
    Ok(())
}

/// A length a user typed for a task: `90m`, `6h`, `1h30m`, `1.5h`, at most
/// [`LONGEST_ESTIMATE_HOURS`], rounded up to the grid.
pub fn parse_estimate(text: &str) -> CoreResult<i64> {
    let length = crate::actual::parse_length_up_to(text, LONGEST_ESTIMATE_HOURS)?;
    Ok(round_up((length.num_seconds() + 59) / 60))
}

impl FromStr for TaskId {
    type Err = CoreError;

    fn from_str(text: &str) -> CoreResult<Self> {
        text.trim().trim_start_matches('#').parse::<i64>().ok().filter(|n| *n > 0).map(TaskId).ok_or_else(
            || CoreError::BadInput(format!("'{}' is not a task number; `task list` shows them", text.trim())),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(id: i64, after: &[i64]) -> Task {
        Task {
            id: TaskId(id),
            title: format!("t{id}"),
            estimate_minutes: 60,
            due: None,
            impact: Impact::High,
            effort: Effort::High,
            category: Category::ModelDev,
            chunk_min_minutes: None,
            after: after.iter().map(|a| TaskId(*a)).collect(),
            not_before: None,
            done: false,
            experiment: None,
        }
    }

    #[test]
    fn experiments_rank_ready_ones_first_then_by_their_stated_score() {
        let mut a = task(1, &[]);
        a.experiment = Some(Experiment::new(2, 1, 2).unwrap());
        let mut b = task(2, &[]);
        b.experiment = Some(Experiment::new(5, 2, 4).unwrap());
        let mut c = task(3, &[4]);
        c.experiment = Some(Experiment::new(5, 1, 5).unwrap());
        let plain = task(4, &[]);
        let tasks = [a, b, c, plain];
        let ranked: Vec<i64> = rank_experiments(&tasks).iter().map(|t| t.id.0).collect();
        // b: (10 + 4) / 2 = 7; a: (4 + 2) / 1 = 6; c scores 15 but waits for task 4.
        assert_eq!(ranked, vec![2, 1, 3]);
        assert_eq!(tasks[1].experiment.unwrap().terms(), "(2 × 5 + 4) ÷ 2 = 7.0");
        assert!(Experiment::new(0, 1, 1).is_err() && Experiment::new(1, 6, 1).is_err());
    }

    #[test]
    fn estimates_are_read_rounded_to_the_grid_and_bounded() {
        assert_eq!(parse_estimate("6h").unwrap(), 360);
        assert_eq!(parse_estimate("1h10m").unwrap(), 75);
        assert!(parse_estimate("0m").is_err());
        let too_long = parse_estimate("900h").unwrap_err().to_string();
        assert!(too_long.contains("at most 200h"), "{too_long}");
        let mut zero = task(1, &[]);
        zero.estimate_minutes = 0;
        assert!(zero.check().is_err());
    }

    #[test]
    fn the_matrix_decides_what_is_placed() {
        assert_eq!(Quadrant::of(Impact::High, Effort::Low), Quadrant::DoFirst);
        assert_eq!(Quadrant::of(Impact::High, Effort::High), Quadrant::Schedule);
        assert!(!Quadrant::of(Impact::Low, Effort::Low).is_placed());
        assert!(!Quadrant::of(Impact::Low, Effort::High).is_placed());
    }

    #[test]
    fn a_circle_of_dependencies_is_named_and_a_missing_one_refused() {
        let circle =
            check_dependencies(&[task(1, &[3]), task(2, &[1]), task(3, &[2])]).unwrap_err().to_string();
        assert!(
            circle.contains("in a circle") && circle.contains("'t1'") && circle.contains("'t3'"),
            "{circle}"
        );
        let missing = check_dependencies(&[task(1, &[9])]).unwrap_err().to_string();
        assert_eq!(missing, "task 1 waits for task 9, which does not exist");
        check_dependencies(&[task(1, &[]), task(2, &[1]), task(3, &[1, 2])]).unwrap();
    }

    #[test]
    fn deep_work_is_never_split_below_the_deep_block_minimum() {
        let mut t = task(1, &[]);
        t.estimate_minutes = 360;
        t.chunk_min_minutes = Some(30);
        assert_eq!(t.shortest_chunk(90), 90);
        t.category = Category::Admin;
        assert_eq!(t.shortest_chunk(90), 30);
        t.chunk_min_minutes = None;
        t.estimate_minutes = 15;
        assert_eq!(t.shortest_chunk(90), 15);
    }
}
