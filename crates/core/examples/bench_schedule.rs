//! Benchmark (not a test), run by bench/schedule.sh: a backlog of N tasks
//! (300 by default) over 14 days on the 15-minute grid, planned, then
//! planned again after one new meeting, beside a naive greedy pass over
//! the same grid (each task in number order into the first free quarter
//! hours, with no deadlines, dependencies, chunk sizes or stability); and
//! the worst answer to give, 2,000 tasks all late over a year, with fixes.
//! Prints JSON with the timings, medians of several runs.

use std::time::Instant;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use deepblock_core::schedule::{Chunk, ScheduleInput, schedule};
use deepblock_core::task::{Effort, Impact, Task, TaskId};
use deepblock_core::{Category, Rules, Span};

/// A small deterministic generator: the same backlog every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

const RUNS: usize = 9;

fn median(mut ms: Vec<f64>) -> f64 {
    ms.sort_by(f64::total_cmp);
    ms[ms.len() / 2]
}

fn timed<T>(mut run: impl FnMut() -> T) -> (f64, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..RUNS {
        let started = Instant::now();
        last = Some(run());
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    (median(times), last.expect("ran"))
}

/// The naive pass: every quarter hour of the workdays, free or not, and
/// each task's minutes poured into the first free ones.
fn naive(rules: &Rules, tz: chrono_tz::Tz, from: NaiveDate, busy: &[Span], tasks: &[Task]) -> usize {
    let mut quarters: Vec<(chrono::DateTime<Utc>, bool)> = Vec::new();
    for day in from.iter_days().take(14) {
        let Some(work) = rules.workday.span_on(tz, day) else { continue };
        let mut at = work.start;
        while at < work.end {
            let quarter = Span::new(at, at + Duration::minutes(15));
            quarters.push((at, !busy.iter().any(|b| b.overlaps(&quarter))));
            at += Duration::minutes(15);
        }
    }
    let mut placed = 0;
    for task in tasks {
        let mut left = task.estimate_minutes / 15;
        for quarter in quarters.iter_mut().filter(|q| q.1) {
            if left == 0 {
                break;
            }
            quarter.1 = false;
            left -= 1;
            placed += 1;
        }
    }
    placed
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(300);
    let tz = chrono_tz::Europe::Berlin;
    let from = NaiveDate::from_ymd_opt(2026, 12, 7).expect("a Monday");
    let to = from + Duration::days(13);
    let at = |day: i64, minutes: i64| {
        tz.from_local_datetime(&(from + Duration::days(day)).and_hms_opt(8, 0, 0).expect("8:00"))
            .unwrap()
            .with_timezone(&Utc)
            + Duration::minutes(minutes)
    };
    let mut random = Lcg(7);
    let busy: Vec<Span> = (0..40)
        .map(|_| {
            let start = at(random.next(14) as i64, 15 * random.next(32) as i64);
            Span::new(start, start + Duration::minutes(30 * (1 + random.next(3) as i64)))
        })
        .collect();
    let categories = [
        Category::ModelDev,
        Category::Training,
        Category::ResearchLearning,
        Category::Admin,
        Category::Documentation,
    ];
    let tasks: Vec<Task> = (0..n)
        .map(|i| {
            let dated = random.next(10) < 3;
            Task {
                id: TaskId(i as i64 + 1),
                title: format!("task {i}"),
                estimate_minutes: 15 * (1 + random.next(4) as i64),
                due: dated.then(|| from + Duration::days(7 + random.next(7) as i64)),
                impact: Impact::High,
                effort: if random.next(10) < 7 { Effort::High } else { Effort::Low },
                category: categories[random.next(5) as usize],
                chunk_min_minutes: None,
                after: if i > 0 && random.next(10) == 0 {
                    vec![TaskId(1 + random.next(i as u64) as i64)]
                } else {
                    Vec::new()
                },
                not_before: None,
                done: false,
                experiment: None,
            }
        })
        .collect();
    let rules = Rules::default();
    let now = at(0, 0) - Duration::hours(1);
    let input = ScheduleInput {
        tz,
        now,
        from,
        to,
        rules: &rules,
        busy: &busy,
        learning: &[],
        tasks: &tasks,
        placed: &[],
    };
    let (plan_ms, first) = timed(|| schedule(&input));
    assert!(first.is_feasible(), "the benchmark's backlog fits: {:?}", first.late);
    let placed: Vec<Chunk> =
        first.placements.iter().map(|p| Chunk { task: p.task, span: p.span, pinned: false }).collect();
    // One change: a meeting over the middle chunk.
    let middle = placed[placed.len() / 2].span;
    let mut busier = busy.clone();
    busier.push(Span::new(middle.start, middle.start + Duration::minutes(15)));
    let again = ScheduleInput { busy: &busier, placed: &placed, ..input };
    let (replan_ms, second) = timed(|| schedule(&again));
    let moved = second.moved(&placed, now);
    let (naive_ms, naive_quarters) = timed(|| naive(&rules, tz, from, &busier, &tasks));

    // The worst answer to give: 2,000 tasks of 2 h all due in the first
    // three days of a year's window, every one late, each with its fix.
    let behind: Vec<Task> = (0..2000)
        .map(|i| Task {
            id: TaskId(i + 1),
            title: format!("late {i}"),
            estimate_minutes: 120,
            due: Some(from + Duration::days(i % 3)),
            after: if i > 0 && i % 5 == 0 { vec![TaskId(i)] } else { Vec::new() },
            ..tasks[0].clone()
        })
        .collect();
    let year = ScheduleInput { to: from + Duration::days(365), tasks: &behind, busy: &[], ..input };
    let started = Instant::now();
    let far_behind = schedule(&year);
    let behind_ms = started.elapsed().as_secs_f64() * 1000.0;
    assert!(!far_behind.is_feasible() && far_behind.fixes.len() >= 1000, "every task is late");
    println!(
        "{{\"tasks\": {n}, \"chunks\": {}, \"unplaced\": {}, \"plan_ms\": {plan_ms:.2}, \"replan_ms\": {replan_ms:.2}, \
         \"moved\": {}, \"naive_ms\": {naive_ms:.2}, \"naive_quarters\": {naive_quarters}, \
         \"behind_tasks\": {}, \"behind_fixes\": {}, \"behind_ms\": {behind_ms:.0}}}",
        first.placements.len(),
        first.unplaced.len(),
        moved.len(),
        behind.len(),
        far_behind.fixes.len()
    );
}
