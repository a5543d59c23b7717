//! Focus that follows the plan, on a real SQLite file with a clock the test
//! moves: a deep block's start starts a session that ends with it and is
//! reported under it.

use deepblock_core::autofocus::KindSet;
use deepblock_core::{BlockId, Category, Kind};
use deepblock_service::{BlockDraft, BlockMove, FocusStart};
use deepblock_testkit::{TestApp, at, lisbon};

fn block(app: &TestApp, kind: Kind, start: &str, end: &str, title: &str) -> BlockId {
    let draft = BlockDraft {
        title: Some(title.to_owned()),
        category: Some(Category::ModelDev),
        ..BlockDraft::new(kind, at(lisbon(), start), at(lisbon(), end))
    };
    app.app.plan().add_block(draft).unwrap().value.id
}

fn plan() -> TestApp {
    TestApp::new("2026-12-01T08:00")
}

#[test]
fn a_deep_block_starts_focus_that_ends_with_it_and_is_reported_under_it() {
    let plan = plan();
    let deep = block(&plan, Kind::Deep, "2026-12-01T09:00", "2026-12-01T11:00", "Tokenizer rewrite");
    plan.set("2026-12-01T08:59");
    let before = plan.app.tick().unwrap();
    assert!(before.said.is_empty() && before.focus.session.is_none(), "nothing before the block");
    assert_eq!(before.wake_at, at(lisbon(), "2026-12-01T09:00"), "looks again when it starts");

    plan.set("2026-12-01T09:00");
    let followed = plan.app.tick().unwrap();
    assert_eq!(followed.said, ["focus started for 'Tokenizer rewrite' until 11:00"]);
    let status = plan.app.focus_status().unwrap();
    let session = status.session.expect("a session runs");
    assert_eq!(
        (session.started, session.planned_end),
        (at(lisbon(), "2026-12-01T09:00"), at(lisbon(), "2026-12-01T11:00"))
    );
    assert_eq!((session.block_id, session.category), (Some(deep), Category::ModelDev));
    assert_eq!(status.block_title.as_deref(), Some("Tokenizer rewrite"));
    let shown = plan.shown.all();
    assert_eq!(shown[0].0, "Tokenizer rewrite starts now", "the block's own alert, from the same tick");
    assert_eq!(shown[1].0, "Focus: Tokenizer rewrite");
    assert!(shown[1].1.starts_with("Until 11:00 — "), "{shown:?}");

    plan.set("2026-12-01T09:05");
    assert!(plan.app.tick().unwrap().said.is_empty(), "one session per block");
    plan.set("2026-12-01T11:00");
    assert!(plan.app.focus_status().unwrap().session.is_none(), "it ended with the block");
}

#[test]
fn a_session_stopped_by_hand_stays_stopped_until_the_next_block() {
    let plan = plan();
    block(&plan, Kind::Deep, "2026-12-01T09:00", "2026-12-01T11:00", "Morning");
    let afternoon = block(&plan, Kind::Deep, "2026-12-01T14:00", "2026-12-01T16:00", "Afternoon");
    plan.set("2026-12-01T09:00");
    plan.app.tick().unwrap();
    plan.set("2026-12-01T09:30");
    plan.app.focus_stop().unwrap();
    plan.set("2026-12-01T09:31");
    let followed = plan.app.tick().unwrap();
    assert!(followed.focus.session.is_none(), "not restarted in the same block");
    assert_eq!(followed.wake_at, at(lisbon(), "2026-12-01T09:32"), "a tick a minute at the longest");
    plan.set("2026-12-01T14:20");
    let later = plan.app.tick().unwrap().focus.session.expect("the next block's");
    assert_eq!(later.block_id, Some(afternoon));
    assert_eq!(later.started, at(lisbon(), "2026-12-01T14:20"), "an app opened late starts it late");
}

#[test]
fn only_the_chosen_kinds_start_focus() {
    let plan = plan();
    block(&plan, Kind::Learning, "2026-12-01T09:00", "2026-12-01T10:00", "Papers");
    block(&plan, Kind::Meeting, "2026-12-01T10:00", "2026-12-01T11:00", "Standup");
    plan.set("2026-12-01T09:10");
    assert!(plan.app.tick().unwrap().focus.session.is_none(), "learning is not followed by default");
    plan.app.plan().set_auto_focus(KindSet::parse("deep,learning").unwrap()).unwrap();
    let session = plan.app.tick().unwrap().focus.session.expect("now it is");
    assert_eq!(session.planned_end, at(lisbon(), "2026-12-01T10:00"));
    plan.app.plan().set_auto_focus(KindSet::NONE).unwrap();
    plan.set("2026-12-01T10:10");
    assert!(plan.app.tick().unwrap().focus.session.is_none());
    assert!(plan.app.plan().settings().unwrap().auto_focus.is_empty());
}

#[test]
fn a_longer_block_makes_its_session_longer_and_a_shorter_one_leaves_it() {
    let plan = plan();
    let deep = block(&plan, Kind::Deep, "2026-12-01T09:00", "2026-12-01T11:00", "Eval harness");
    plan.set("2026-12-01T09:00");
    plan.app.tick().unwrap();
    let longer = BlockMove { end: Some(at(lisbon(), "2026-12-01T12:00")), ..BlockMove::default() };
    plan.app.plan().move_block(deep, longer).unwrap();
    let followed = plan.app.tick().unwrap();
    assert_eq!(followed.said, ["focus now lasts until 12:00, with its block"]);
    let shorter = BlockMove { end: Some(at(lisbon(), "2026-12-01T10:00")), ..BlockMove::default() };
    plan.app.plan().move_block(deep, shorter).unwrap();
    assert!(plan.app.tick().unwrap().said.is_empty());
    let session = plan.app.focus_status().unwrap().session.unwrap();
    assert_eq!(session.planned_end, at(lisbon(), "2026-12-01T12:00"), "a drag does not cut a session short");
}

#[test]
fn a_session_started_by_hand_in_a_block_takes_its_end_or_only_its_category() {
    let plan = plan();
    let deep = block(&plan, Kind::Deep, "2026-12-01T09:00", "2026-12-01T11:30", "Profiling");
    plan.app.plan().set_auto_focus(KindSet::NONE).unwrap();
    plan.app.plan().set_focus_rhythm("25/5".parse().unwrap()).unwrap();
    plan.set("2026-12-01T10:00");
    let status = plan.app.focus_start(FocusStart::default()).unwrap();
    let session = status.session.unwrap();
    assert_eq!(session.planned_end, at(lisbon(), "2026-12-01T11:30"), "no length given: the block's end");
    assert_eq!((session.block_id, session.category), (Some(deep), Category::ModelDev));
    assert_eq!(session.rhythm.to_string(), "25/5", "the user's rhythm");
    plan.app.focus_stop().unwrap();

    plan.set("2026-12-01T10:30");
    let timed = FocusStart { minutes: Some(20), ..FocusStart::default() };
    let session = plan.app.focus_start(timed).unwrap().session.unwrap();
    assert_eq!(session.planned_end, at(lisbon(), "2026-12-01T10:50"));
    assert_eq!((session.block_id, session.category), (None, Category::ModelDev));
    plan.app.plan().set_auto_focus(KindSet::DEEP).unwrap();
    assert!(plan.app.tick().unwrap().said.is_empty(), "a timed session is not stretched to the block");

    plan.app.focus_stop().unwrap();
    plan.set("2026-12-01T12:00");
    let free = plan.app.focus_start(FocusStart::default()).unwrap().session.unwrap();
    assert_eq!(free.planned_end, at(lisbon(), "2026-12-01T14:00"), "outside blocks: two hours");
    assert_eq!((free.block_id, free.category), (None, Category::Other));
}

#[test]
fn a_daemon_that_does_not_answer_changes_nothing_and_says_so() {
    use deepblock_service::{Blocking, ErrorCode};
    use deepblock_testkit::fakes::FakeDaemon;

    let working = FakeDaemon::working();
    let plan = TestApp::with_daemon("2026-12-01T09:00", working.clone());
    let session = plan.app.focus_start(FocusStart { minutes: Some(60), ..FocusStart::default() }).unwrap();
    assert_eq!(session.blocking, Blocking::Active);
    assert!(working.blocking().is_some(), "the blocklist is blocked");

    let silent = TestApp::with_daemon("2026-12-01T09:00", FakeDaemon::silent());
    let status = silent.app.focus_status().unwrap();
    assert_eq!(status.blocking, Blocking::NotAnswering);
    let refused =
        silent.app.focus_start(FocusStart { minutes: Some(60), ..FocusStart::default() }).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Environment);
    assert!(refused.message.contains("did not answer in time, so nothing changed"), "{}", refused.message);
    assert!(silent.app.focus_status().unwrap().session.is_none(), "no session without the daemon's word");
}

#[test]
fn a_session_begun_without_the_daemon_blocks_once_the_daemon_answers() {
    use deepblock_service::Blocking;
    use deepblock_testkit::fakes::{Behaviour, FakeDaemon};

    let daemon = FakeDaemon::missing();
    let plan = TestApp::with_daemon("2026-12-01T09:00", daemon.clone());
    let blocklist = plan.app.plan().blocklist().unwrap();
    assert!(!blocklist.is_empty());
    let start = FocusStart { minutes: Some(90), locked: true, ..FocusStart::default() };
    let started = plan.app.focus_start(start).unwrap();
    assert_eq!(started.blocking, Blocking::Advisory);
    assert_eq!(started.blocking_note, "no daemon in this test", "the daemon's own reason, not another");

    // Installed meanwhile: a look at the status alone changes nothing...
    daemon.behave(Behaviour::Working);
    plan.set("2026-12-01T09:20");
    let looked = plan.app.focus_status().unwrap();
    assert_eq!(looked.blocking, Blocking::Advisory);
    assert!(looked.blocking_note.contains("blocks them at the next check"), "{}", looked.blocking_note);
    assert!(daemon.blocking().is_none());

    // ...the next tick makes it block, locked as it began, to its end.
    let ticked = plan.app.tick().unwrap();
    assert_eq!(ticked.focus.blocking, Blocking::Active);
    assert_eq!(daemon.blocking(), Some((blocklist, at(lisbon(), "2026-12-01T10:30"))));
    assert_eq!(daemon.calls(), ["start", "start"], "asked at the start and once more at the tick");
    let refused = plan.app.focus_stop().unwrap_err();
    assert!(refused.message.contains("locked"), "{}", refused.message);
}
