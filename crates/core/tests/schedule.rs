//! The scheduler over random backlogs and calendars, across the week in
//! which Berlin's clocks go back (Sun 25 Oct 2026): what must hold for any
//! input, and what one new meeting may move.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use deepblock_core::schedule::{Chunk, Fix, Schedule, ScheduleInput, schedule};
use deepblock_core::task::{Effort, Impact, LONGEST_CHUNK_MINUTES, Task, TaskId};
use deepblock_core::time::{day_span, to_local};
use deepblock_core::{Category, Kind, Rules, Span};
use proptest::prelude::*;

const BERLIN: Tz = chrono_tz::Europe::Berlin;

fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, 19).unwrap() + Duration::days(n)
}

fn at(n: i64, h: u32, m: u32) -> DateTime<Utc> {
    BERLIN.from_local_datetime(&day(n).and_hms_opt(h, m, 0).unwrap()).earliest().unwrap().with_timezone(&Utc)
}

fn rules() -> Rules {
    let mut rules = Rules::default();
    rules.workday.start = chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap();
    rules
}

const CATEGORIES: [Category; 5] = [
    Category::ModelDev,
    Category::Training,
    Category::ResearchLearning,
    Category::Admin,
    Category::Documentation,
];

fn task(id: i64, quarters: i64, due: Option<i64>, high_effort: bool, category: usize) -> Task {
    Task {
        id: TaskId(id),
        title: format!("task {id}"),
        estimate_minutes: quarters * 15,
        due: due.map(day),
        impact: Impact::High,
        effort: if high_effort { Effort::High } else { Effort::Low },
        category: CATEGORIES[category % CATEGORIES.len()],
        chunk_min_minutes: None,
        after: Vec::new(),
        not_before: None,
        done: false,
        experiment: None,
    }
}

fn input<'a>(
    rules: &'a Rules,
    busy: &'a [Span],
    tasks: &'a [Task],
    placed: &'a [Chunk],
) -> ScheduleInput<'a> {
    ScheduleInput {
        tz: BERLIN,
        now: at(0, 8, 0),
        from: day(0),
        to: day(13),
        rules,
        busy,
        learning: &[],
        tasks,
        placed,
    }
}

prop_compose! {
    fn meeting()(d in 0_i64..14, h in 8_u32..17, m in prop::sample::select(vec![0_u32, 10, 15, 30, 45]), quarters in 1_i64..12) -> Span {
        let start = at(d, h, m);
        Span::new(start, start + Duration::minutes(quarters * 15))
    }
}

prop_compose! {
    fn backlog()(n in 1_usize..10)(
        estimates in prop::collection::vec(1_i64..48, n),
        dues in prop::collection::vec(prop::option::of(0_i64..14), n),
        efforts in prop::collection::vec(any::<bool>(), n),
        categories in prop::collection::vec(0_usize..5, n),
        chunks in prop::collection::vec(prop::option::of(prop::sample::select(vec![30_i64, 60, 90, 120])), n),
        afters in prop::collection::vec(prop::collection::vec(any::<prop::sample::Index>(), 0..2), n),
        starts in prop::collection::vec(prop::option::of(0_i64..10), n),
    ) -> Vec<Task> {
        (0..estimates.len()).map(|i| {
            let mut t = task(i as i64 + 1, estimates[i], dues[i], efforts[i], categories[i]);
            t.chunk_min_minutes = chunks[i].filter(|c| *c <= t.estimate_minutes);
            t.not_before = starts[i].map(day).filter(|s| t.due.is_none_or(|d| *s <= d));
            if i > 0 {
                t.after = afters[i].iter().map(|x| TaskId(x.index(i) as i64 + 1)).collect();
                t.after.sort();
                t.after.dedup();
            }
            t
        }).collect()
    }
}

/// Everything that must hold of a schedule made without earlier chunks.
fn check(rules: &Rules, busy: &[Span], tasks: &[Task], made: &Schedule) {
    let input = input(rules, busy, tasks, &[]);
    let task = |id: TaskId| tasks.iter().find(|t| t.id == id).unwrap();
    let p = &made.placements;
    for (i, a) in p.iter().enumerate() {
        assert!(busy.iter().all(|b| !b.overlaps(&a.span)), "{a:?} overlaps a meeting");
        assert!(p[i + 1..].iter().all(|b| !b.span.overlaps(&a.span)), "{a:?} overlaps another chunk");
        let date = to_local(BERLIN, a.span.start).date();
        let work = rules.workday.span_on(BERLIN, date).expect("placed on a workday");
        assert!(work.start <= a.span.start && a.span.end <= work.end, "{a:?} outside the workday");
        assert!(a.span.start >= input.now);
        let t = task(a.task);
        let length = a.span.duration().num_minutes();
        assert!(
            length >= t.shortest_chunk(i64::from(rules.min_deep_minutes)),
            "{a:?} below its shortest chunk"
        );
        assert!(length <= LONGEST_CHUNK_MINUTES);
        assert_eq!(length % 15, 0);
        if t.kind() == Kind::Deep {
            // The free stretch it sits in, before any chunk, is long enough for deep work.
            let mut from = a.span.start;
            while from > work.start && !busy.iter().any(|b| b.start < from && from <= b.end) {
                from -= Duration::minutes(15);
            }
            let mut to = a.span.end;
            while to < work.end && !busy.iter().any(|b| b.start <= to && to < b.end) {
                to += Duration::minutes(15);
            }
            assert!(
                (to - from).num_minutes() >= i64::from(rules.min_deep_minutes),
                "{a:?} in a short stretch"
            );
        }
        for dep in &t.after {
            assert!(
                p.iter().filter(|d| d.task == *dep).all(|d| d.span.end <= a.span.start),
                "{a:?} starts before task {dep} is done"
            );
        }
        if let Some(first) = t.not_before {
            assert!(a.span.start >= day_span(BERLIN, first).start);
        }
    }
    // Undated learning gets at most the weekly goal each week.
    for week in [0, 7] {
        let held: i64 = p
            .iter()
            .filter(|a| {
                let t = task(a.task);
                t.kind() == Kind::Learning && t.due.is_none()
            })
            .filter(|a| a.span.start >= at(week, 0, 0) && a.span.start < at(week + 7, 0, 0))
            .map(|a| a.span.duration().num_minutes())
            .sum();
        assert!(held <= i64::from(rules.goals.learning_minutes), "{held} min of undated learning in a week");
    }
    for t in tasks {
        let placed: i64 = p.iter().filter(|a| a.task == t.id).map(|a| a.span.duration().num_minutes()).sum();
        assert!(placed <= t.estimate_minutes, "task {} over its estimate", t.id);
        if made.is_feasible()
            && let Some(due) = t.due
        {
            let deadline = day_span(BERLIN, due).end;
            assert_eq!(placed, t.estimate_minutes, "task {} placed whole before it is due", t.id);
            assert!(
                p.iter().filter(|a| a.task == t.id).all(|a| a.span.end <= deadline),
                "task {} late",
                t.id
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_backlog_is_placed_safely_or_told_how_to_fit(
        busy in prop::collection::vec(meeting(), 0..12),
        tasks in backlog(),
    ) {
        let rules = rules();
        let made = schedule(&input(&rules, &busy, &tasks, &[]));
        check(&rules, &busy, &tasks, &made);
        prop_assert_eq!(&made, &schedule(&input(&rules, &busy, &tasks, &[])), "the same input, the same schedule");
        if made.is_feasible() {
            prop_assert!(made.fixes.is_empty());
        } else {
            prop_assert!(!made.fixes.is_empty(), "an infeasible backlog names a fix");
            let mut fixed = tasks.clone();
            for fix in &made.fixes {
                fix.apply(&mut fixed);
            }
            let again = schedule(&input(&rules, &busy, &fixed, &[]));
            prop_assert!(again.is_feasible(), "the fixes {:?} leave {:?} late", made.fixes, again.late);
            check(&rules, &busy, &fixed, &again);
        }
    }
}

#[test]
fn a_new_meeting_moves_only_the_chunks_it_overlaps_and_pinned_ones_never() {
    let rules = rules();
    let tasks: Vec<Task> = (1..=8)
        .map(|i| {
            let mut t = task(i, 8 + 4 * i, Some(6 + i), i % 3 != 0, i as usize);
            t.title = format!("experiment {i}");
            t
        })
        .collect();
    let busy = vec![Span::new(at(1, 10, 0), at(1, 11, 0)), Span::new(at(3, 14, 0), at(3, 15, 30))];
    let first = schedule(&input(&rules, &busy, &tasks, &[]));
    assert!(first.is_feasible(), "{:?}", first.late);
    let mut placed: Vec<Chunk> =
        first.placements.iter().map(|p| Chunk { task: p.task, span: p.span, pinned: false }).collect();
    placed[0].pinned = true;
    // Planned again unchanged: nothing moves.
    let same = schedule(&input(&rules, &busy, &tasks, &placed));
    assert!(same.moved(&placed, at(0, 8, 0)).is_empty());

    // A meeting over the second chunk.
    let meeting =
        Span::new(placed[1].span.start + Duration::minutes(30), placed[1].span.start + Duration::minutes(90));
    let mut busier = busy.clone();
    busier.push(meeting);
    let again = schedule(&input(&rules, &busier, &tasks, &placed));
    assert!(again.is_feasible());
    let moved = again.moved(&placed, at(0, 8, 0));
    assert!(!moved.is_empty());
    assert!(
        moved.iter().all(|c| c.span.overlaps(&meeting)),
        "only what the meeting overlaps moves: {moved:?}"
    );
    assert!(again.placements.iter().any(|p| p.span == placed[0].span && p.pinned), "the pinned chunk stays");
    let minutes: i64 = moved.iter().map(|c| c.span.duration().num_minutes()).sum();
    println!("one new meeting moved {} chunk(s), {minutes} min of {} placed", moved.len(), placed.len());
    check(&rules, &busier, &tasks, &again);
}

#[test]
fn a_backlog_that_cannot_be_done_in_time_names_the_due_date_that_holds() {
    let rules = rules();
    // 20 h of deep work due on the first Tuesday: two workdays hold 16 h.
    let mut big = task(1, 80, Some(1), true, 0);
    big.title = "Implement RoPE scaling".into();
    let tasks = vec![big];
    let made = schedule(&input(&rules, &[], &tasks, &[]));
    assert!(!made.is_feasible());
    assert_eq!(made.late[0].short_minutes, 4 * 60);
    assert_eq!(
        made.fixes,
        vec![Fix::MoveDue {
            task: TaskId(1),
            title: "Implement RoPE scaling".into(),
            from: day(1),
            to: day(2)
        }]
    );
    assert_eq!(
        made.fixes[0].to_string(),
        "move the due date of task 1 'Implement RoPE scaling' from Tue 20 Oct to Wed 21 Oct"
    );
}

#[test]
fn undated_learning_is_spread_over_the_weeks_toward_the_learning_goal() {
    let rules = rules();
    assert_eq!(rules.goals.learning_minutes, 180);
    // An 8 h course, undated; the first week already holds a learning hour.
    let mut course = task(1, 32, None, true, 2);
    course.title = "Read the RoPE papers".into();
    let reading_group = [Span::new(at(1, 10, 0), at(1, 11, 0))];
    let mut planned = input(&rules, &reading_group, std::slice::from_ref(&course), &[]);
    planned.learning = &reading_group;
    let made = schedule(&planned);
    let spans: Vec<(Span, &str)> = made.placements.iter().map(|p| (p.span, p.reason.as_str())).collect();
    assert_eq!(
        spans,
        vec![
            (
                Span::new(at(0, 9, 0), at(0, 11, 0)),
                "no due date, high impact, first free time within the week's learning goal"
            ),
            (
                Span::new(at(7, 9, 0), at(7, 12, 0)),
                "no due date, high impact, first free time within the week's learning goal"
            ),
        ]
    );
    assert_eq!(made.unplaced.len(), 1);
    assert_eq!(
        (made.unplaced[0].minutes, made.unplaced[0].why.as_str()),
        (180, "the learning goal of every week to Sun 1 Nov is met")
    );

    // Due at the end of the fortnight, it is not held back: a due date
    // comes before the goal.
    course.due = Some(day(13));
    let dated = schedule(&input(&rules, &reading_group, std::slice::from_ref(&course), &[]));
    let placed: i64 = dated.placements.iter().map(|p| p.span.duration().num_minutes()).sum();
    assert_eq!(placed, 8 * 60);
    assert!(dated.placements.iter().all(|p| p.span.end <= at(1, 0, 0)), "{:?}", dated.placements);
}
