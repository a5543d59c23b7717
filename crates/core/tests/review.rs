//! A seeded week reviewed, every figure computed by hand beforehand.
//!
//! The week is Mon 19 – Sun 25 Oct 2026 in Berlin: the clocks go back on
//! Sunday at 03:00, so Sunday lasts 25 hours. Workday 09:00–17:00 Mon–Fri,
//! goals 10 h deep and 3 h learning, deep blocks at least 90 min,
//! Wednesday without meetings. The review is taken on Monday morning after.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use deepblock_core::activity::Activity;
use deepblock_core::actual::{ActualSource, Entry};
use deepblock_core::focus::{EndReason, FocusSession, Rhythm, Timebox};
use deepblock_core::review::{ReviewInput, ShortBy, done_by_kind, review_week};
use deepblock_core::rules::{NoMeetingRule, NoMeetingWhen};
use deepblock_core::{
    Block, BlockId, Category, Kind, Recurrence, RepeatRule, Rules, Source, Span, Week, WeekdaySet, Workday,
};

const BERLIN: Tz = chrono_tz::Europe::Berlin;

fn at(day: u32, h: u32, m: u32, s: u32) -> DateTime<Utc> {
    BERLIN.with_ymd_and_hms(2026, 10, day, h, m, s).single().unwrap().with_timezone(&Utc)
}

fn block(
    id: i64,
    kind: Kind,
    category: Category,
    title: &str,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Block {
    Block {
        id: BlockId(id),
        uid: format!("{id}@test"),
        sequence: 0,
        kind,
        title: title.to_owned(),
        category,
        start,
        end,
        tz: BERLIN,
        recurrence: None,
        protected: false,
        source: if kind == Kind::Meeting {
            Source::Imported { calendar: "Work".to_owned() }
        } else {
            Source::Planned
        },
    }
}

fn session(
    block: i64,
    category: Category,
    start: DateTime<Utc>,
    planned_end: DateTime<Utc>,
    ended: DateTime<Utc>,
) -> FocusSession {
    FocusSession {
        id: 0,
        started: start,
        planned_end,
        rhythm: Rhythm::DEFAULT,
        locked: false,
        block_id: Some(BlockId(block)),
        category,
        ended: Some(ended),
        end_reason: Some(if ended < planned_end { EndReason::Stopped } else { EndReason::Completed }),
    }
}

fn entry(start: DateTime<Utc>, end: DateTime<Utc>, category: Category, source: ActualSource) -> Entry {
    Entry::new(Span::new(start, end), category, source, None).unwrap()
}

fn rules() -> Rules {
    Rules {
        workday: Workday {
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
            days: WeekdaySet::MON_TO_FRI,
        },
        no_meeting: vec![NoMeetingRule {
            id: 1,
            when: NoMeetingWhen::Weekday { weekday: Weekday::Wed, half: None },
            created_on: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
        }],
        ..Rules::default()
    }
}

struct Seeded {
    plan: Vec<Block>,
    sessions: Vec<FocusSession>,
    entries: Vec<Entry>,
    skipped: Vec<(BlockId, DateTime<Utc>)>,
    timeboxes: Vec<Timebox>,
}

impl Seeded {
    /// The seeded week as of `now`, its sessions and tracker time given.
    fn input<'a>(
        &'a self,
        rules: &'a Rules,
        now: DateTime<Utc>,
        sessions: &'a [FocusSession],
        activity: &'a [Activity],
    ) -> ReviewInput<'a> {
        ReviewInput {
            week: Week::containing(NaiveDate::from_ymd_opt(2026, 10, 21).unwrap(), Weekday::Mon),
            tz: BERLIN,
            now,
            rules,
            plan: &self.plan,
            sessions,
            entries: &self.entries,
            skipped: &self.skipped,
            activity,
            timeboxes: &self.timeboxes,
        }
    }
}

fn seeded() -> Seeded {
    use ActualSource::{Manual, Timer};
    use Category::*;
    let mut rope = block(1, Kind::Deep, ModelDev, "RoPE scaling", at(12, 9, 0, 0), at(12, 12, 0, 0));
    rope.recurrence = Some(Recurrence::new(RepeatRule::weekly()));
    let plan = vec![
        rope,
        block(2, Kind::Deep, Evaluation, "Eval harness", at(20, 13, 0, 0), at(20, 16, 0, 0)),
        block(3, Kind::Deep, DataPrep, "Data cleaning", at(22, 9, 0, 0), at(22, 11, 0, 0)),
        block(4, Kind::Deep, Training, "Training run", at(22, 14, 0, 0), at(22, 16, 0, 0)),
        block(5, Kind::Learning, ResearchLearning, "Papers", at(23, 9, 0, 0), at(23, 11, 0, 0)),
        block(6, Kind::Admin, Admin, "Expenses", at(23, 15, 0, 0), at(23, 16, 0, 0)),
        // Across the change of the clocks: 01:30 summer time to 03:30
        // winter time is three hours.
        block(7, Kind::Learning, ResearchLearning, "Course", at(25, 1, 30, 0), at(25, 3, 30, 0)),
        block(8, Kind::Break, Other, "Walk", at(23, 12, 0, 0), at(23, 13, 0, 0)),
        block(10, Kind::Meeting, Meetings, "1:1", at(20, 11, 0, 0), at(20, 11, 30, 0)),
        block(11, Kind::Meeting, Meetings, "Sync", at(21, 14, 0, 0), at(21, 15, 0, 0)),
        block(12, Kind::Meeting, Meetings, "Design review", at(22, 9, 30, 0), at(22, 10, 30, 0)),
        block(13, Kind::Meeting, Meetings, "Incident call", at(22, 14, 0, 0), at(22, 15, 0, 0)),
        block(14, Kind::Meeting, Meetings, "All hands", at(23, 11, 0, 0), at(23, 12, 0, 0)),
    ];
    let mut sessions = vec![
        session(1, ModelDev, at(19, 9, 0, 0), at(19, 12, 0, 0), at(19, 12, 0, 0)),
        session(2, Evaluation, at(20, 13, 0, 0), at(20, 16, 0, 0), at(20, 14, 30, 0)),
        session(3, DataPrep, at(22, 9, 0, 0), at(22, 11, 0, 0), at(22, 9, 30, 0)),
        session(3, DataPrep, at(22, 10, 30, 0), at(22, 11, 0, 0), at(22, 11, 0, 0)),
        session(4, Training, at(22, 15, 0, 0), at(22, 16, 0, 0), at(22, 16, 0, 0)),
        session(5, ResearchLearning, at(23, 9, 0, 0), at(23, 11, 0, 0), at(23, 11, 0, 0)),
    ];
    let entries = vec![
        // Monday: a 30-second glance at mail, then model work again.
        entry(at(19, 12, 0, 0), at(19, 12, 0, 30), Admin, Timer),
        entry(at(19, 12, 1, 0), at(19, 12, 30, 0), ModelDev, Manual),
        entry(at(19, 13, 0, 0), at(19, 13, 20, 0), Admin, Timer),
        entry(at(19, 13, 20, 0), at(19, 14, 0, 0), Evaluation, Manual),
        // Tuesday afternoon, after the evaluation session was stopped.
        entry(at(20, 14, 30, 0), at(20, 15, 30, 0), Admin, Timer),
        entry(at(20, 15, 30, 0), at(20, 15, 40, 0), DataPrep, Manual),
        entry(at(20, 15, 40, 0), at(20, 16, 0, 0), Evaluation, Timer),
        entry(at(20, 16, 0, 0), at(20, 16, 30, 0), Admin, Timer),
        entry(at(21, 9, 0, 0), at(21, 13, 0, 0), ModelDev, Manual),
        entry(at(23, 13, 0, 0), at(23, 17, 0, 0), Admin, Timer),
        // Sunday night reading across the change, and a late admin
        // entry that a 24-hour Sunday would push out of the week.
        entry(at(25, 1, 30, 0), at(25, 3, 30, 0), ResearchLearning, Manual),
        entry(at(25, 23, 0, 0), at(25, 23, 45, 0), Admin, Manual),
    ];
    for (id, s) in sessions.iter_mut().enumerate() {
        s.id = id as i64 + 1;
    }
    // Three of them were debugging time-boxes.
    let timebox =
        |session, question: &str, cause_found| Timebox { session, question: question.into(), cause_found };
    let timeboxes = vec![
        timebox(2, "eval numbers off by 2%", Some(false)),
        timebox(3, "duplicate rows after the join", Some(true)),
        timebox(5, "loss NaN after warmup", None),
    ];
    Seeded { plan, sessions, entries, skipped: vec![(BlockId(14), at(23, 11, 0, 0))], timeboxes }
}

#[test]
fn a_seeded_week_across_the_change_of_the_clocks_reviews_to_the_hand_computed_figures() {
    let seeded = seeded();
    let rules = rules();
    let input = seeded.input(&rules, at(26, 8, 0, 0), &seeded.sessions, &[]);
    let review = review_week(&input).unwrap();

    let categories: Vec<_> =
        review.categories.iter().map(|c| (c.name, c.planned_minutes, c.actual_minutes)).collect();
    assert_eq!(
        categories,
        vec![
            ("data-prep", 120, 70),
            ("model-dev", 180, 449),
            ("training", 120, 60),
            ("evaluation", 180, 150),
            ("research-learning", 300, 300),
            ("meetings", 270, 210),
            // 6 h 35 min 30 s, the flicker included, rounded half up.
            ("admin", 60, 396),
        ]
    );
    let kinds: Vec<_> = review.kinds.iter().map(|c| (c.name, c.planned_minutes, c.actual_minutes)).collect();
    assert_eq!(
        kinds,
        vec![("deep", 600, 729), ("learning", 300, 300), ("meeting", 270, 210), ("admin", 60, 396)]
    );
    // The trend's share of a review: the same actual minutes per kind.
    assert_eq!(
        done_by_kind(&input).unwrap(),
        vec![(Kind::Deep, 729), (Kind::Learning, 300), (Kind::Meeting, 210), (Kind::Admin, 396)]
    );
    let g = review.goals;
    assert_eq!((g.deep_goal_minutes, g.deep_planned_minutes, g.deep_actual_minutes), (600, 600, 729));
    assert_eq!(
        (g.learning_goal_minutes, g.learning_planned_minutes, g.learning_actual_minutes),
        (180, 300, 300)
    );

    // (planned, actual, focus, meetings, longest stretch, switches, focus time, fragmented)
    let days: Vec<_> = review
        .days
        .iter()
        .map(|d| {
            (
                d.planned_minutes,
                d.actual_minutes,
                d.focus_minutes,
                d.meeting_minutes,
                d.longest_stretch_minutes,
                d.switches,
                d.focus_time_minutes,
                d.fragmented_minutes,
            )
        })
        .collect();
    assert_eq!(
        days,
        vec![
            (180, 270, 249, 0, 210, 2, 480, 0),
            (210, 240, 120, 30, 90, 5, 450, 0),
            (60, 300, 240, 60, 240, 1, 420, 0),
            (360, 240, 120, 120, 60, 4, 330, 30),
            (240, 360, 120, 0, 120, 1, 480, 0),
            (0, 0, 0, 0, 0, 0, 0, 0),
            (180, 225, 180, 0, 180, 1, 0, 0),
        ]
    );
    assert_eq!(review.days[0].longest_stretch_from.unwrap().to_rfc3339(), "2026-10-19T09:00:00+02:00");
    assert_eq!(review.days[6].longest_stretch_from.unwrap().to_rfc3339(), "2026-10-25T01:30:00+02:00");

    let cut: Vec<_> =
        review.cut_short.iter().map(|c| (c.title.as_str(), c.done_minutes, c.by, c.why.as_str())).collect();
    assert_eq!(
        cut,
        vec![
            ("Eval harness", 120, ShortBy::Stopped, "its session was stopped at 14:30"),
            ("Data cleaning", 60, ShortBy::Meeting, "the meeting 'Design review' took 09:30–10:30"),
            ("Training run", 60, ShortBy::Meeting, "the meeting 'Incident call' took 14:00–15:00"),
        ]
    );
    let stopped: Vec<_> = review
        .stopped_sessions
        .iter()
        .map(|s| (s.ended.format("%a %H:%M").to_string(), s.for_meeting.clone()))
        .collect();
    assert_eq!(
        stopped,
        vec![("Tue 14:30".to_owned(), None), ("Thu 09:30".to_owned(), Some("Design review".to_owned()))]
    );
    assert_eq!(review.no_meeting_days.len(), 1);
    assert_eq!(review.no_meeting_days[0].broken_by, vec!["Sync".to_owned()]);

    assert_eq!(
        review.findings,
        vec![
            "Model development took 7 h 29 min, 2.5× the plan",
            "Training/deployment got 1 h of the 2 h planned",
            "Admin took 6.6 h, 6.6× the plan",
            "Deep work goal met: 12 h 9 min of 10 h",
            "Learning goal met: 5 h of 3 h",
            "Tuesday's deep block 'Eval harness' got 2 h of 3 h: its session was stopped at 14:30",
            "Thursday's two deep blocks were cut short by meetings",
            "You switched context 5 times on Tuesday",
            "Wednesday's no-meeting day was broken by 'Sync'",
            "No-meeting days kept: 0 of 1",
            "Your longest focus stretch was 4 h on Wednesday from 09:00",
            "Debugging time-boxes: 3; cause found in 1, not found in 1, 1 not answered",
        ]
    );
    let boxes: Vec<_> = review
        .timeboxes
        .iter()
        .map(|b| (b.started.format("%a %H:%M").to_string(), b.question.as_str(), b.minutes, b.cause_found))
        .collect();
    assert_eq!(
        boxes,
        vec![
            ("Tue 13:00".to_owned(), "eval numbers off by 2%", 90, Some(false)),
            ("Thu 09:00".to_owned(), "duplicate rows after the join", 30, Some(true)),
            ("Thu 15:00".to_owned(), "loss NaN after warmup", 60, None),
        ]
    );

    // The timeline counts each instant once: its pieces never overlap and
    // add up to the days' actual time.
    let total: i64 = review.intervals.iter().map(|i| (i.end - i.start).num_seconds()).sum();
    assert_eq!((total + 30) / 60, review.days.iter().map(|d| d.actual_minutes).sum::<i64>());
    assert!(review.intervals.windows(2).all(|w| w[0].end <= w[1].start));
}

#[test]
fn time_after_now_is_not_actual_and_a_running_session_counts_so_far() {
    let seeded = seeded();
    let rules = rules();
    let mut sessions = seeded.sessions.clone();
    // Thursday 15:30: the training session is still running.
    sessions[4].ended = None;
    sessions[4].end_reason = None;
    let input = seeded.input(&rules, at(22, 15, 30, 0), &sessions, &[]);
    let review = review_week(&input).unwrap();
    let thursday = &review.days[3];
    assert_eq!((thursday.actual_minutes, thursday.focus_minutes), (210, 90));
    assert_eq!(review.days[4].actual_minutes, 0, "Friday has not happened");
    // The training block is not over, so it is not called short yet.
    assert!(review.cut_short.iter().all(|c| c.title != "Training run"));
    // The plan is the whole week's.
    assert_eq!(review.days[4].planned_minutes, 240);
}

#[test]
fn a_trackers_time_fills_only_what_nothing_else_accounts_for() {
    let seeded = seeded();
    let rules = rules();
    // Saturday morning, seen by ActivityWatch only: it counts. Monday
    // 09:00–12:30, under the focus session and the log: it does not.
    let activity = [
        Activity {
            span: Span::new(at(24, 10, 0, 0), at(24, 11, 30, 0)),
            category: Category::ResearchLearning,
            rule: Some(3),
        },
        Activity {
            span: Span::new(at(19, 9, 0, 0), at(19, 12, 30, 0)),
            category: Category::Admin,
            rule: Some(5),
        },
    ];
    let input = seeded.input(&rules, at(26, 8, 0, 0), &seeded.sessions, &activity);
    let review = review_week(&input).unwrap();
    assert_eq!((review.days[5].actual_minutes, review.days[5].focus_minutes), (90, 90));
    // Monday: only the minute-long gap between the flicker and the log
    // (12:00:30–12:01) is the tracker's.
    assert_eq!(review.days[0].actual_minutes, 270);
    let admin = review.categories.iter().find(|c| c.name == "admin").unwrap();
    assert_eq!(admin.actual_minutes, 396, "6 h 35 min 30 s before, and the tracker's half minute");
    let sources: Vec<_> = review.intervals.iter().filter(|i| i.source.as_str() == "activitywatch").collect();
    assert_eq!(sources.len(), 2);
}
