//! What the desktop planner relies on: the week it draws, and undo/redo of
//! the changes made in it.

use chrono::{NaiveDate, Weekday};
use deepblock_core::rules::{Half, NoMeetingWhen};
use deepblock_core::{Kind, Week};
use deepblock_service::{BlockDraft, BlockMove, Deepblock, Repeat};
use deepblock_testkit::{TestApp, in_lisbon as at, wall};

/// A plan on Wednesday 2 December 2026, 10:30 in Lisbon.
fn app() -> TestApp {
    TestApp::new("2026-12-02T10:30")
}

fn week_starts(app: &Deepblock) -> Vec<String> {
    let week = Week::parse_iso("2026-W49").unwrap();
    app.plan()
        .week_entries(Some(week))
        .unwrap()
        .iter()
        .map(|e| e.start.format("%a %H:%M").to_string())
        .collect()
}

#[test]
fn the_week_shows_today_workdays_no_meeting_days_and_goal_progress() {
    let app = app();
    app.plan().add_no_meeting(NoMeetingWhen::Weekday { weekday: Weekday::Wed, half: None }).unwrap();
    app.plan()
        .add_no_meeting(NoMeetingWhen::Weekday { weekday: Weekday::Fri, half: Some(Half::Am) })
        .unwrap();
    app.plan()
        .add_block(BlockDraft::new(Kind::Deep, at("2026-12-01T09:00"), at("2026-12-01T12:00")))
        .unwrap();

    let week = app.plan().planner_week(None).unwrap();
    assert_eq!(week.name, "2026-W49");
    assert_eq!(week.first_day, 1, "Monday first by default");
    let names: Vec<_> = week.days.iter().map(|d| d.short_name.as_str()).collect();
    assert_eq!(names, ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);
    let today: Vec<_> = week.days.iter().filter(|d| d.today).map(|d| d.date).collect();
    assert_eq!(today, [NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()]);
    assert!(!week.days[5].workday && week.days[4].workday);
    assert_eq!(week.days[2].no_meeting.as_ref().unwrap().label, "No meetings: every Wednesday");
    let friday = week.days[4].no_meeting.as_ref().unwrap();
    assert_eq!((friday.half, friday.from.as_str(), friday.to.as_str()), (Some(Half::Am), "00:00", "12:00"));
    assert!(week.days[0].no_meeting.is_none());
    assert_eq!((week.workday_start.as_str(), week.workday_end.as_str()), ("08:00", "17:00"));
    assert_eq!(week.goals.deep_minutes, 180);
    assert_eq!(week.goals.deep_goal_minutes, 600);
    assert_eq!(week.entries.len(), 1);
    assert_eq!(week.now.format("%H:%M").to_string(), "10:30");
    assert_eq!(week.goal_warnings.len(), 2, "both goals are short: {:?}", week.goal_warnings);

    let next = app.plan().planner_week(Some(NaiveDate::from_ymd_opt(2026, 12, 9).unwrap())).unwrap();
    assert_eq!(next.name, "2026-W50");
    assert!(next.days.iter().all(|d| !d.today));
    assert!(next.entries.is_empty());
}

#[test]
fn a_sunday_first_week_starts_on_sunday() {
    let app = app();
    app.plan().set_week_start(Weekday::Sun).unwrap();
    let week = app.plan().planner_week(None).unwrap();
    assert_eq!(week.first_day, 0);
    assert_eq!(week.days[0].date, NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
}

#[test]
fn undo_and_redo_replay_add_move_and_delete() {
    let app = app();
    assert_eq!(app.plan().can_undo_redo(), (false, false));
    let id = app
        .plan()
        .add_block(BlockDraft::new(Kind::Deep, at("2026-12-01T09:00"), at("2026-12-01T12:00")))
        .unwrap()
        .value
        .id;
    let to = BlockMove { start: Some(at("2026-12-03T14:00")), ..BlockMove::default() };
    app.plan().move_block(id, to).unwrap();
    app.plan().delete_block(id, None).unwrap();
    assert!(week_starts(&app).is_empty());

    let undone = app.plan().undo().unwrap();
    assert_eq!(undone.message, "Undid deleting “Deep work”");
    assert_eq!(undone.block_id, id);
    assert_eq!(week_starts(&app), ["Thu 14:00"]);
    app.plan().undo().unwrap();
    assert_eq!(week_starts(&app), ["Tue 09:00"]);
    app.plan().undo().unwrap();
    assert!(week_starts(&app).is_empty());
    assert_eq!(app.plan().undo().unwrap_err().message, "nothing to undo");

    assert_eq!(app.plan().redo().unwrap().message, "Redid adding “Deep work”");
    app.plan().redo().unwrap();
    assert_eq!(week_starts(&app), ["Thu 14:00"]);
    assert_eq!(app.plan().block(id).unwrap().id, id, "redo keeps the block's id");
    assert_eq!(app.plan().can_undo_redo(), (true, true));

    app.plan()
        .add_block(BlockDraft::new(Kind::Learning, at("2026-12-04T10:00"), at("2026-12-04T11:00")))
        .unwrap();
    assert_eq!(app.plan().can_undo_redo(), (true, false), "a new change ends what could be redone");
}

#[test]
fn undoing_one_occurrence_of_a_series_brings_only_it_back() {
    let app = app();
    let mut draft = BlockDraft::new(Kind::Deep, at("2026-11-23T09:00"), at("2026-11-23T11:00"));
    draft.repeat = Some(Repeat::Weekly { until: None });
    let id = app.plan().add_block(draft).unwrap().value.id;
    let this_monday = wall("2026-11-30T09:00");
    app.plan().delete_block(id, Some(this_monday)).unwrap();
    assert!(week_starts(&app).is_empty());
    app.plan().undo().unwrap();
    assert_eq!(week_starts(&app), ["Mon 09:00"]);
    assert_eq!(app.plan().block(id).unwrap().start, at("2026-11-23T09:00"), "the series itself is untouched");
}

#[test]
fn undo_refuses_to_overwrite_a_change_made_elsewhere() {
    let window = app();
    let cli = window.reopen();
    let id = window
        .plan()
        .add_block(BlockDraft::new(Kind::Deep, at("2026-12-01T09:00"), at("2026-12-01T12:00")))
        .unwrap()
        .value
        .id;
    cli.plan()
        .move_block(id, BlockMove { start: Some(at("2026-12-01T13:00")), ..BlockMove::default() })
        .unwrap();

    let refused = window.plan().undo().unwrap_err();
    assert!(refused.message.contains("changed elsewhere"), "{}", refused.message);
    assert_eq!(week_starts(&window), ["Tue 13:00"], "the other change is kept");
    assert_eq!(window.plan().can_undo_redo(), (false, false));
}

#[test]
fn a_timer_waking_late_shows_only_the_alerts_still_worth_showing() {
    let app = app();
    app.plan()
        .add_block(BlockDraft::new(Kind::Deep, at("2026-12-02T10:05"), at("2026-12-02T11:00")))
        .unwrap();
    app.plan()
        .add_block(BlockDraft::new(Kind::Learning, at("2026-12-02T10:35"), at("2026-12-02T11:35")))
        .unwrap();
    app.plan().set_auto_focus(deepblock_core::autofocus::KindSet::NONE).unwrap();
    app.set("2026-12-02T09:00");
    app.tick().unwrap();
    // The laptop slept from 09:00 to 10:30.
    app.set("2026-12-02T10:30");
    let tick = app.tick().unwrap();
    assert_eq!(app.shown.titles(), ["Learning starts in 5 minutes"], "10:00 and 10:05 were missed long ago");
    assert_eq!(tick.wake_at, at("2026-12-02T10:31"), "never more than a minute asleep");
    app.tick().unwrap();
    assert_eq!(app.shown.titles().len(), 1, "nothing is shown twice");
    app.set("2026-12-02T10:35");
    app.tick().unwrap();
    assert_eq!(app.shown.titles().last().map(String::as_str), Some("Learning starts now"));
}

#[test]
fn this_weeks_one_off_deep_blocks_become_every_weeks_and_each_can_be_undone() {
    let app = app();
    app.plan()
        .add_block(BlockDraft::new(Kind::Deep, at("2026-12-01T09:00"), at("2026-12-01T12:00")))
        .unwrap();
    app.plan()
        .add_block(BlockDraft::new(Kind::Learning, at("2026-12-02T14:00"), at("2026-12-02T15:00")))
        .unwrap();
    let mut weekly = BlockDraft::new(Kind::Deep, at("2026-12-03T14:00"), at("2026-12-03T16:00"));
    weekly.repeat = Some(Repeat::Weekly { until: None });
    app.plan().add_block(weekly).unwrap();
    app.plan()
        .add_block(BlockDraft::new(Kind::Deep, at("2026-12-08T09:00"), at("2026-12-08T10:30")))
        .unwrap();

    let done = app.plan().repeat_week_deep_blocks(NaiveDate::from_ymd_opt(2026, 12, 2)).unwrap();
    assert_eq!(done.value, 1, "only Tuesday's one-off deep block; Thursday repeats already");

    let next: Vec<(Kind, String)> = Week::parse_iso("2026-W51")
        .map(|w| app.plan().week_entries(Some(w)).unwrap())
        .unwrap()
        .iter()
        .map(|e| (e.kind, e.start.format("%a %H:%M").to_string()))
        .collect();
    assert_eq!(next, [(Kind::Deep, "Tue 09:00".to_owned()), (Kind::Deep, "Thu 14:00".to_owned())]);

    let again = app.plan().repeat_week_deep_blocks(NaiveDate::from_ymd_opt(2026, 12, 2)).unwrap();
    assert_eq!(again.value, 0);
    assert_eq!(again.notes, ["this week has no one-off deep-work blocks to repeat"]);

    app.plan().undo().unwrap();
    assert_eq!(
        app.plan().week_entries(Week::parse_iso("2026-W51").ok()).unwrap().len(),
        1,
        "undo makes it one-off again"
    );
}

#[test]
fn the_window_hears_of_other_programs_changes_and_not_of_its_own() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let cli = app();
    let events = deepblock_testkit::fakes::ManualWatcher::default();
    let mut system = deepblock_service::System::detached();
    system.watcher = Box::new(events.clone());
    let window = Arc::new(cli.reopen().with_system(system));
    let heard = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&heard);
    let _watch = window.watch_changes(move || {
        counter.fetch_add(1, Ordering::SeqCst);
    });

    window
        .plan()
        .add_block(BlockDraft::new(Kind::Deep, at("2026-12-01T09:00"), at("2026-12-01T11:00")))
        .unwrap();
    events.fire();
    assert_eq!(heard.load(Ordering::SeqCst), 0, "the window's own edit: it reloads by itself, once");
    cli.plan()
        .add_block(BlockDraft::new(Kind::Learning, at("2026-12-03T09:00"), at("2026-12-03T10:00")))
        .unwrap();
    events.fire();
    assert_eq!(heard.load(Ordering::SeqCst), 1, "the CLI's edit");
    events.fire();
    assert_eq!(heard.load(Ordering::SeqCst), 1, "one write, one reload");
}
