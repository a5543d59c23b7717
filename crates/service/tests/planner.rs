//! What the desktop planner relies on: the week it draws, and undo/redo of
//! the changes made in it.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use deepblock_core::rules::{Half, NoMeetingWhen};
use deepblock_core::time::resolve_local;
use deepblock_core::{FixedClock, Kind, Week};
use deepblock_service::{BlockDraft, BlockMove, Deepblock, Repeat};

fn lisbon() -> Tz {
    "Europe/Lisbon".parse().unwrap()
}

fn app() -> Deepblock {
    let now = FixedClock(Utc.with_ymd_and_hms(2026, 12, 2, 10, 30, 0).unwrap());
    Deepblock::in_memory(lisbon(), Box::new(now)).unwrap()
}

fn at(text: &str) -> DateTime<Utc> {
    resolve_local(lisbon(), NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").unwrap())
}

fn week_starts(app: &Deepblock) -> Vec<String> {
    let week = Week::parse_iso("2026-W49").unwrap();
    app.week_entries(Some(week)).unwrap().iter().map(|e| e.start.format("%a %H:%M").to_string()).collect()
}

#[test]
fn the_week_shows_today_workdays_no_meeting_days_and_goal_progress() {
    let mut app = app();
    app.add_no_meeting(NoMeetingWhen::Weekday { weekday: Weekday::Wed, half: None }).unwrap();
    app.add_no_meeting(NoMeetingWhen::Weekday { weekday: Weekday::Fri, half: Some(Half::Am) }).unwrap();
    app.add_block(BlockDraft::new(Kind::Deep, at("2026-12-01T09:00"), at("2026-12-01T12:00"))).unwrap();

    let week = app.planner_week(None).unwrap();
    assert_eq!(week.name, "2026-W49");
    assert_eq!(week.first_day, 1, "Monday first by default");
    let names: Vec<_> = week.days.iter().map(|d| d.short_name.as_str()).collect();
    assert_eq!(names, ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);
    let today: Vec<_> = week.days.iter().filter(|d| d.today).map(|d| d.date).collect();
    assert_eq!(today, [NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()]);
    assert!(!week.days[5].workday && week.days[4].workday);
    assert_eq!(week.days[2].no_meeting.as_ref().unwrap().label, "No meetings: every Wednesday");
    let friday = week.days[4].no_meeting.as_ref().unwrap();
    assert_eq!(friday.half.as_deref(), Some("morning"));
    assert!(week.days[0].no_meeting.is_none());
    assert_eq!((week.workday_start.as_str(), week.workday_end.as_str()), ("08:00", "17:00"));
    assert_eq!(week.goals.deep_minutes, 180);
    assert_eq!(week.goals.deep_goal_minutes, 600);
    assert_eq!(week.entries.len(), 1);
    assert_eq!(week.now.format("%H:%M").to_string(), "10:30");
    assert_eq!(week.goal_warnings.len(), 2, "both goals are short: {:?}", week.goal_warnings);

    let next = app.planner_week(Some(NaiveDate::from_ymd_opt(2026, 12, 9).unwrap())).unwrap();
    assert_eq!(next.name, "2026-W50");
    assert!(next.days.iter().all(|d| !d.today));
    assert!(next.entries.is_empty());
}

#[test]
fn a_sunday_first_week_starts_on_sunday() {
    let mut app = app();
    app.set_week_start(Weekday::Sun).unwrap();
    let week = app.planner_week(None).unwrap();
    assert_eq!(week.first_day, 0);
    assert_eq!(week.days[0].date, NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
}

#[test]
fn undo_and_redo_replay_add_move_and_delete() {
    let mut app = app();
    assert_eq!(app.can_undo_redo(), (false, false));
    let id = app
        .add_block(BlockDraft::new(Kind::Deep, at("2026-12-01T09:00"), at("2026-12-01T12:00")))
        .unwrap()
        .value
        .id;
    let to = BlockMove { start: Some(at("2026-12-03T14:00")), ..BlockMove::default() };
    app.move_block(id, to).unwrap();
    app.delete_block(id, None).unwrap();
    assert!(week_starts(&app).is_empty());

    let undone = app.undo().unwrap();
    assert_eq!(undone.message, "Undid deleting “Deep work”");
    assert_eq!(undone.block_id, id);
    assert_eq!(week_starts(&app), ["Thu 14:00"]);
    app.undo().unwrap();
    assert_eq!(week_starts(&app), ["Tue 09:00"]);
    app.undo().unwrap();
    assert!(week_starts(&app).is_empty());
    assert_eq!(app.undo().unwrap_err().message, "nothing to undo");

    assert_eq!(app.redo().unwrap().message, "Redid adding “Deep work”");
    app.redo().unwrap();
    assert_eq!(week_starts(&app), ["Thu 14:00"]);
    assert_eq!(app.block(id).unwrap().id, id, "redo keeps the block's id");
    assert_eq!(app.can_undo_redo(), (true, true));

    app.add_block(BlockDraft::new(Kind::Learning, at("2026-12-04T10:00"), at("2026-12-04T11:00"))).unwrap();
    assert_eq!(app.can_undo_redo(), (true, false), "a new change ends what could be redone");
}

#[test]
fn undoing_one_occurrence_of_a_series_brings_only_it_back() {
    let mut app = app();
    let mut draft = BlockDraft::new(Kind::Deep, at("2026-11-23T09:00"), at("2026-11-23T11:00"));
    draft.repeat = Some(Repeat::Weekly { until: None });
    let id = app.add_block(draft).unwrap().value.id;
    let this_monday = NaiveDateTime::parse_from_str("2026-11-30T09:00", "%Y-%m-%dT%H:%M").unwrap();
    app.delete_block(id, Some(this_monday)).unwrap();
    assert!(week_starts(&app).is_empty());
    app.undo().unwrap();
    assert_eq!(week_starts(&app), ["Mon 09:00"]);
    assert_eq!(app.block(id).unwrap().start, at("2026-11-23T09:00"), "the series itself is untouched");
}

#[test]
fn undo_refuses_to_overwrite_a_change_made_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.db");
    let clock = || Box::new(FixedClock(Utc.with_ymd_and_hms(2026, 12, 2, 10, 30, 0).unwrap()));
    let mut window = Deepblock::open(&path, lisbon(), clock()).unwrap();
    let mut cli = Deepblock::open(&path, lisbon(), clock()).unwrap();
    let id = window
        .add_block(BlockDraft::new(Kind::Deep, at("2026-12-01T09:00"), at("2026-12-01T12:00")))
        .unwrap()
        .value
        .id;
    cli.move_block(id, BlockMove { start: Some(at("2026-12-01T13:00")), ..BlockMove::default() }).unwrap();

    let refused = window.undo().unwrap_err();
    assert!(refused.message.contains("changed elsewhere"), "{}", refused.message);
    assert_eq!(week_starts(&window), ["Tue 13:00"], "the other change is kept");
    assert_eq!(window.can_undo_redo(), (false, false));
}

#[test]
fn a_timer_waking_late_gets_only_the_alerts_still_worth_showing() {
    let mut app = app();
    // The clock says Wed 2 Dec 10:30 UTC (10:30 in Lisbon).
    app.add_block(BlockDraft::new(Kind::Deep, at("2026-12-02T10:05"), at("2026-12-02T11:00"))).unwrap();
    app.add_block(BlockDraft::new(Kind::Learning, at("2026-12-02T10:35"), at("2026-12-02T11:35"))).unwrap();

    let due = app.due_alerts(at("2026-12-02T09:00")).unwrap();
    let titles: Vec<_> = due.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["Learning starts in 5 minutes"], "10:00 and 10:05 were missed long ago");
    assert!(app.due_alerts(at("2026-12-02T10:30")).unwrap().is_empty(), "nothing is shown twice");
    let next = app.next_alert(at("2026-12-02T10:30")).unwrap().unwrap();
    assert_eq!((next.at, next.title.as_str()), (at("2026-12-02T10:35"), "Learning starts now"));
}

#[test]
fn this_weeks_one_off_deep_blocks_become_every_weeks_and_each_can_be_undone() {
    let mut app = app();
    app.add_block(BlockDraft::new(Kind::Deep, at("2026-12-01T09:00"), at("2026-12-01T12:00"))).unwrap();
    app.add_block(BlockDraft::new(Kind::Learning, at("2026-12-02T14:00"), at("2026-12-02T15:00"))).unwrap();
    let mut weekly = BlockDraft::new(Kind::Deep, at("2026-12-03T14:00"), at("2026-12-03T16:00"));
    weekly.repeat = Some(Repeat::Weekly { until: None });
    app.add_block(weekly).unwrap();
    app.add_block(BlockDraft::new(Kind::Deep, at("2026-12-08T09:00"), at("2026-12-08T10:30"))).unwrap();

    let done = app.repeat_week_deep_blocks(NaiveDate::from_ymd_opt(2026, 12, 2)).unwrap();
    assert_eq!(done.value, 1, "only Tuesday's one-off deep block; Thursday repeats already");

    let next: Vec<(Kind, String)> = Week::parse_iso("2026-W51")
        .map(|w| app.week_entries(Some(w)).unwrap())
        .unwrap()
        .iter()
        .map(|e| (e.kind, e.start.format("%a %H:%M").to_string()))
        .collect();
    assert_eq!(next, [(Kind::Deep, "Tue 09:00".to_owned()), (Kind::Deep, "Thu 14:00".to_owned())]);

    let again = app.repeat_week_deep_blocks(NaiveDate::from_ymd_opt(2026, 12, 2)).unwrap();
    assert_eq!(again.value, 0);
    assert_eq!(again.notes, ["this week has no one-off deep-work blocks to repeat"]);

    app.undo().unwrap();
    assert_eq!(
        app.week_entries(Week::parse_iso("2026-W51").ok()).unwrap().len(),
        1,
        "undo makes it one-off again"
    );
}
