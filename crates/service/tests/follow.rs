//! Focus that follows the plan, on a real SQLite file with a clock the test
//! moves: a deep block's start starts a session that ends with it and is
//! reported under it.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use deepblock_core::autofocus::KindSet;
use deepblock_core::time::resolve_local;
use deepblock_core::{BlockId, Category, Clock, Kind};
use deepblock_service::{BlockDraft, BlockMove, Deepblock, FocusStart, Notifier};

fn lisbon() -> Tz {
    "Europe/Lisbon".parse().unwrap()
}

fn at(text: &str) -> DateTime<Utc> {
    resolve_local(lisbon(), NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").unwrap())
}

/// A clock the test sets.
#[derive(Clone)]
struct TestClock(Arc<Mutex<DateTime<Utc>>>);

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

/// Keeps what would have been shown on the desktop.
#[derive(Clone, Default)]
struct Shown(Arc<Mutex<Vec<(String, String)>>>);

impl Notifier for Shown {
    fn show(&self, title: &str, body: &str) -> Result<(), String> {
        self.0.lock().unwrap().push((title.to_owned(), body.to_owned()));
        Ok(())
    }
}

struct Plan {
    app: Deepblock,
    clock: TestClock,
    shown: Shown,
    _dir: tempfile::TempDir,
}

impl Plan {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let clock = TestClock(Arc::new(Mutex::new(at("2026-12-01T08:00"))));
        let shown = Shown::default();
        let app = Deepblock::open(&dir.path().join("plan.db"), lisbon(), Box::new(clock.clone()))
            .unwrap()
            .with_notifier(Box::new(shown.clone()));
        Self { app, clock, shown, _dir: dir }
    }

    fn set(&self, time: &str) {
        *self.clock.0.lock().unwrap() = at(time);
    }

    fn block(&mut self, kind: Kind, start: &str, end: &str, title: &str) -> BlockId {
        let draft = BlockDraft {
            title: Some(title.to_owned()),
            category: Some(Category::ModelDev),
            ..BlockDraft::new(kind, at(start), at(end))
        };
        self.app.add_block(draft).unwrap().value.id
    }
}

#[test]
fn a_deep_block_starts_focus_that_ends_with_it_and_is_reported_under_it() {
    let mut plan = Plan::new();
    let deep = plan.block(Kind::Deep, "2026-12-01T09:00", "2026-12-01T11:00", "Tokenizer rewrite");
    plan.set("2026-12-01T08:59");
    let before = plan.app.follow_plan().unwrap();
    assert!(before.changed.is_none(), "nothing before the block");
    assert_eq!(before.next_check, at("2026-12-01T09:00"), "looks again when it starts");

    plan.set("2026-12-01T09:00");
    let followed = plan.app.follow_plan().unwrap();
    assert_eq!(followed.said.as_deref(), Some("focus started for 'Tokenizer rewrite' until 11:00"));
    let status = plan.app.focus_status().unwrap();
    let session = status.session.expect("a session runs");
    assert_eq!((session.started, session.planned_end), (at("2026-12-01T09:00"), at("2026-12-01T11:00")));
    assert_eq!((session.block_id, session.category), (Some(deep), Category::ModelDev));
    assert_eq!(status.block_title.as_deref(), Some("Tokenizer rewrite"));
    let shown = plan.shown.0.lock().unwrap().clone();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0].0, "Focus: Tokenizer rewrite");
    assert!(shown[0].1.starts_with("Until 11:00 — "), "{shown:?}");

    plan.set("2026-12-01T09:05");
    assert!(plan.app.follow_plan().unwrap().changed.is_none(), "one session per block");
    plan.set("2026-12-01T11:00");
    assert!(plan.app.focus_status().unwrap().session.is_none(), "it ended with the block");
}

#[test]
fn a_session_stopped_by_hand_stays_stopped_until_the_next_block() {
    let mut plan = Plan::new();
    plan.block(Kind::Deep, "2026-12-01T09:00", "2026-12-01T11:00", "Morning");
    let afternoon = plan.block(Kind::Deep, "2026-12-01T14:00", "2026-12-01T16:00", "Afternoon");
    plan.set("2026-12-01T09:00");
    plan.app.follow_plan().unwrap();
    plan.set("2026-12-01T09:30");
    plan.app.focus_stop().unwrap();
    plan.set("2026-12-01T09:31");
    let followed = plan.app.follow_plan().unwrap();
    assert!(followed.changed.is_none(), "not restarted in the same block");
    assert_eq!(followed.next_check, at("2026-12-01T14:00"));
    plan.set("2026-12-01T14:20");
    let later = plan.app.follow_plan().unwrap().changed.and_then(|s| s.session).expect("the next block's");
    assert_eq!(later.block_id, Some(afternoon));
    assert_eq!(later.started, at("2026-12-01T14:20"), "an app opened late starts it late");
}

#[test]
fn only_the_chosen_kinds_start_focus() {
    let mut plan = Plan::new();
    plan.block(Kind::Learning, "2026-12-01T09:00", "2026-12-01T10:00", "Papers");
    plan.block(Kind::Meeting, "2026-12-01T10:00", "2026-12-01T11:00", "Standup");
    plan.set("2026-12-01T09:10");
    assert!(plan.app.follow_plan().unwrap().changed.is_none(), "learning is not followed by default");
    plan.app.set_auto_focus(KindSet::parse("deep,learning").unwrap()).unwrap();
    let session = plan.app.follow_plan().unwrap().changed.and_then(|s| s.session).expect("now it is");
    assert_eq!(session.planned_end, at("2026-12-01T10:00"));
    plan.app.set_auto_focus(KindSet::NONE).unwrap();
    plan.set("2026-12-01T10:10");
    assert!(plan.app.follow_plan().unwrap().changed.is_none());
    assert!(plan.app.settings().unwrap().auto_focus.is_empty());
}

#[test]
fn a_longer_block_makes_its_session_longer_and_a_shorter_one_leaves_it() {
    let mut plan = Plan::new();
    let deep = plan.block(Kind::Deep, "2026-12-01T09:00", "2026-12-01T11:00", "Eval harness");
    plan.set("2026-12-01T09:00");
    plan.app.follow_plan().unwrap();
    let longer = BlockMove { end: Some(at("2026-12-01T12:00")), ..BlockMove::default() };
    plan.app.move_block(deep, longer).unwrap();
    let followed = plan.app.follow_plan().unwrap();
    assert_eq!(followed.said.as_deref(), Some("focus now lasts until 12:00, with its block"));
    let shorter = BlockMove { end: Some(at("2026-12-01T10:00")), ..BlockMove::default() };
    plan.app.move_block(deep, shorter).unwrap();
    assert!(plan.app.follow_plan().unwrap().changed.is_none());
    let session = plan.app.focus_status().unwrap().session.unwrap();
    assert_eq!(session.planned_end, at("2026-12-01T12:00"), "a drag does not cut a session short");
}

#[test]
fn a_session_started_by_hand_in_a_block_takes_its_end_or_only_its_category() {
    let mut plan = Plan::new();
    let deep = plan.block(Kind::Deep, "2026-12-01T09:00", "2026-12-01T11:30", "Profiling");
    plan.app.set_auto_focus(KindSet::NONE).unwrap();
    plan.app.set_focus_rhythm("25/5".parse().unwrap()).unwrap();
    plan.set("2026-12-01T10:00");
    let status = plan.app.focus_start(FocusStart::default()).unwrap();
    let session = status.session.unwrap();
    assert_eq!(session.planned_end, at("2026-12-01T11:30"), "no length given: the block's end");
    assert_eq!((session.block_id, session.category), (Some(deep), Category::ModelDev));
    assert_eq!(session.rhythm.to_string(), "25/5", "the user's rhythm");
    plan.app.focus_stop().unwrap();

    plan.set("2026-12-01T10:30");
    let timed = FocusStart { minutes: Some(20), ..FocusStart::default() };
    let session = plan.app.focus_start(timed).unwrap().session.unwrap();
    assert_eq!(session.planned_end, at("2026-12-01T10:50"));
    assert_eq!((session.block_id, session.category), (None, Category::ModelDev));
    plan.app.set_auto_focus(KindSet::DEEP).unwrap();
    assert!(
        plan.app.follow_plan().unwrap().changed.is_none(),
        "a timed session is not stretched to the block"
    );

    plan.app.focus_stop().unwrap();
    plan.set("2026-12-01T12:00");
    let free = plan.app.focus_start(FocusStart::default()).unwrap().session.unwrap();
    assert_eq!(free.planned_end, at("2026-12-01T14:00"), "outside blocks: two hours");
    assert_eq!((free.block_id, free.category), (None, Category::Other));
}
