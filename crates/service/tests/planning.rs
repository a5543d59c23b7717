//! The planning operations as both front ends use them.

use chrono::{Duration, Weekday};
use deepblock_core::rules::{Half, NoMeetingWhen};
use deepblock_core::{BlockId, Category, Kind, Source, Week};
use deepblock_service::{BlockDraft, BlockEdit, BlockMove, Deepblock, ErrorCode, Repeat, WorkdayChange};
use deepblock_testkit::{TestApp, in_lisbon as at, wall};

/// A plan on Monday 30 November 2026, 08:00 in Lisbon.
fn app() -> TestApp {
    TestApp::new("2026-11-30T08:00")
}

fn draft(kind: Kind, start: &str, end: &str) -> BlockDraft {
    BlockDraft::new(kind, at(start), at(end))
}

fn starts(app: &Deepblock) -> Vec<String> {
    let week = Week::parse_iso("2026-W49").unwrap();
    app.plan()
        .week_entries(Some(week))
        .unwrap()
        .iter()
        .map(|e| format!("{} {}", e.id, e.start.format("%a %H:%M")))
        .collect()
}

#[test]
fn a_planned_week_lists_in_start_order_with_defaults_filled_in() {
    let app = app();
    let deep = app.plan().add_block(draft(Kind::Deep, "2026-12-01T09:00", "2026-12-01T12:00")).unwrap();
    let learning =
        app.plan().add_block(draft(Kind::Learning, "2026-11-30T14:00", "2026-11-30T15:00")).unwrap();
    assert!(deep.warnings.is_empty());
    assert_eq!(deep.value.title, "Deep work");
    assert_eq!(learning.value.category, Category::ResearchLearning);
    assert!(deep.value.uid.ends_with("@deepblock.invalid"));
    assert_ne!(deep.value.uid, learning.value.uid);
    assert_eq!(
        starts(&app),
        [format!("{} Mon 14:00", learning.value.id), format!("{} Tue 09:00", deep.value.id)]
    );
    // The fixed clock says 30 Nov 2026, in week 49.
    assert_eq!(app.plan().week_entries(None).unwrap().len(), 2);
}

#[test]
fn a_refused_meeting_changes_nothing_and_says_why() {
    let app = app();
    app.plan().add_no_meeting(NoMeetingWhen::Weekday { weekday: Weekday::Wed, half: None }).unwrap();
    let err = app.plan().add_block(draft(Kind::Meeting, "2026-12-02T14:00", "2026-12-02T15:00")).unwrap_err();
    assert_eq!(err.code, ErrorCode::RuleViolation);
    assert_eq!(err.message, "Wednesday 2 Dec is a no-meeting day");
    assert!(starts(&app).is_empty());
}

#[test]
fn a_block_ending_before_it_starts_is_bad_input() {
    let app = app();
    let err = app.plan().add_block(draft(Kind::Deep, "2026-12-01T12:00", "2026-12-01T09:00")).unwrap_err();
    assert_eq!(err.code, ErrorCode::BadInput);
    let mut control = draft(Kind::Deep, "2026-12-01T09:00", "2026-12-01T12:00");
    control.title = Some("bad\u{0}title".into());
    assert_eq!(app.plan().add_block(control).unwrap_err().code, ErrorCode::BadInput);
    assert!(starts(&app).is_empty());
}

#[test]
fn warnings_do_not_stop_a_change() {
    let app = app();
    let short = app.plan().add_block(draft(Kind::Deep, "2026-12-01T09:00", "2026-12-01T10:00")).unwrap();
    let messages: Vec<_> = short.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(messages, ["a 60-minute deep block is shorter than your 90-minute minimum"]);
    assert_eq!(starts(&app).len(), 1);
}

#[test]
fn moving_keeps_the_length_and_giving_an_end_resizes() {
    let app = app();
    let id =
        app.plan().add_block(draft(Kind::Deep, "2026-12-01T09:00", "2026-12-01T12:00")).unwrap().value.id;
    let moved = app
        .plan()
        .move_block(
            id,
            BlockMove {
                start: Some(at("2026-12-03T13:00")),
                end: None,
                occurrence: None,
                override_reason: None,
            },
        )
        .unwrap()
        .value;
    assert_eq!(moved.duration(), Duration::hours(3));
    assert_eq!(moved.sequence, 1);
    let resized = app
        .plan()
        .move_block(
            id,
            BlockMove {
                start: None,
                end: Some(at("2026-12-03T17:00")),
                occurrence: None,
                override_reason: None,
            },
        )
        .unwrap()
        .value;
    assert_eq!(resized.duration(), Duration::hours(4));
    assert_eq!(resized.sequence, 2);
    assert_eq!(app.plan().block(id).unwrap(), resized);
}

#[test]
fn a_series_moves_whole_or_one_occurrence_at_a_time() {
    let app = app();
    let mut weekly = draft(Kind::Deep, "2026-11-24T09:00", "2026-11-24T11:00");
    weekly.repeat = Some(Repeat::Weekly { until: None });
    let id = app.plan().add_block(weekly).unwrap().value.id;
    app.plan().delete_block(id, Some(wall("2026-12-08T09:00"))).unwrap();
    // The whole series moves to Wednesdays at 10:00; the skipped week stays skipped.
    app.plan()
        .move_block(
            id,
            BlockMove {
                start: Some(at("2026-11-25T10:00")),
                end: None,
                occurrence: None,
                override_reason: None,
            },
        )
        .unwrap();
    let week = |name: &str| Week::parse_iso(name).unwrap();
    let at_week = |app: &Deepblock, name: &str| -> Vec<String> {
        app.plan()
            .week_entries(Some(week(name)))
            .unwrap()
            .iter()
            .map(|e| e.start.format("%a %H:%M").to_string())
            .collect()
    };
    assert_eq!(at_week(&app, "2026-W49"), ["Wed 10:00"]);
    assert!(at_week(&app, "2026-W50").is_empty());
    // One occurrence moves to Friday afternoon.
    app.plan()
        .move_block(
            id,
            BlockMove {
                start: Some(at("2026-12-04T15:00")),
                end: None,
                occurrence: Some(wall("2026-12-02T10:00")),
                override_reason: None,
            },
        )
        .unwrap();
    assert_eq!(at_week(&app, "2026-W49"), ["Fri 15:00"]);
    let entry = &app.plan().week_entries(Some(week("2026-W49"))).unwrap()[0];
    assert!(entry.moved);
    assert_eq!(entry.occurrence, Some(wall("2026-12-02T10:00")));
    // Unknown occurrences are refused.
    let err = app.plan().delete_block(id, Some(wall("2026-12-03T10:00"))).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn unknown_ids_are_not_found() {
    let app = app();
    let mut plan = app.plan();
    for err in [
        plan.move_block(
            BlockId(42),
            BlockMove {
                start: Some(at("2026-12-01T09:00")),
                end: None,
                occurrence: None,
                override_reason: None,
            },
        )
        .unwrap_err(),
        plan.delete_block(BlockId(42), None).unwrap_err(),
        plan.edit_block(BlockId(42), BlockEdit::default()).unwrap_err(),
    ] {
        assert_eq!(err.code, ErrorCode::NotFound);
        assert_eq!(err.message, "no block has id 42; list the week to see the ids");
    }
    assert_eq!(plan.remove_no_meeting(7).unwrap_err().code, ErrorCode::NotFound);
}

#[test]
fn editing_a_block_into_a_meeting_on_a_no_meeting_day_is_refused() {
    let app = app();
    app.plan()
        .add_no_meeting(NoMeetingWhen::Weekday { weekday: Weekday::Wed, half: Some(Half::Am) })
        .unwrap();
    let id =
        app.plan().add_block(draft(Kind::Admin, "2026-12-02T09:00", "2026-12-02T10:00")).unwrap().value.id;
    let edit = BlockEdit { kind: Some(Kind::Meeting), ..BlockEdit::default() };
    let err = app.plan().edit_block(id, edit).unwrap_err();
    assert_eq!(err.message, "Wednesday 2 Dec morning is kept free of meetings");
    assert_eq!(app.plan().block(id).unwrap().kind, Kind::Admin);
    let edit = BlockEdit { title: Some("Expenses".into()), protected: Some(true), ..BlockEdit::default() };
    let edited = app.plan().edit_block(id, edit).unwrap().value;
    assert_eq!((edited.title.as_str(), edited.protected), ("Expenses", true));
}

#[test]
fn imported_blocks_are_read_only() {
    let app = app();
    let mut meeting =
        app.plan().add_block(draft(Kind::Meeting, "2026-12-01T10:00", "2026-12-01T11:00")).unwrap().value;
    meeting.source = Source::Imported { calendar: "Work".into() };
    deepblock_store::Store::open(&app.db).unwrap().write(|tx| tx.update_block(&meeting)).unwrap();
    let err = app.plan().delete_block(meeting.id, None).unwrap_err();
    assert_eq!(err.code, ErrorCode::ReadOnly);
    assert_eq!(
        err.message,
        format!(
            "block {} was imported from the calendar 'Work'; change it there and import it again",
            meeting.id
        )
    );
}

#[test]
fn adding_a_no_meeting_day_warns_about_meetings_already_on_it() {
    let app = app();
    app.plan().add_block(draft(Kind::Meeting, "2026-12-02T14:00", "2026-12-02T15:00")).unwrap();
    let added =
        app.plan().add_no_meeting(NoMeetingWhen::Weekday { weekday: Weekday::Wed, half: None }).unwrap();
    assert_eq!(
        added.notes,
        ["1 meeting falls on these days in the next 8 weeks; check the rules to list them"]
    );
    let again =
        app.plan().add_no_meeting(NoMeetingWhen::Weekday { weekday: Weekday::Wed, half: None }).unwrap();
    assert_eq!(again.value.id, added.value.id);
    assert!(again.notes[0].starts_with("that rule exists already"));
    let report = app.plan().check_week(Some(Week::parse_iso("2026-W49").unwrap())).unwrap();
    assert_eq!(report.breaches.len(), 1);
    assert_eq!(report.goal_warnings[0], "2026-W49 plans 0.0 h of deep work; your goal is 10.0 h");
}

#[test]
fn settings_are_validated_before_they_are_stored() {
    let app = app();
    let backwards = WorkdayChange {
        start: Some(chrono::NaiveTime::from_hms_opt(18, 0, 0).unwrap()),
        ..WorkdayChange::default()
    };
    assert_eq!(app.plan().set_workday(backwards).unwrap_err().code, ErrorCode::BadInput);
    assert_eq!(app.plan().set_min_deep_minutes(1000).unwrap_err().code, ErrorCode::BadInput);
    assert_eq!(app.plan().set_goals(Some(10_000), None).unwrap_err().code, ErrorCode::BadInput);
    assert_eq!(app.plan().add_my_address("not-an-address").unwrap_err().code, ErrorCode::BadInput);
    assert_eq!(app.plan().rules().unwrap(), deepblock_core::Rules::default());
    app.plan().set_goals(Some(720), None).unwrap();
    assert_eq!(app.plan().rules().unwrap().goals.learning_minutes, 180);
}

#[test]
fn a_rule_can_be_overridden_on_purpose_and_the_override_is_recorded() {
    let app = app();
    app.plan().add_no_meeting(NoMeetingWhen::Weekday { weekday: Weekday::Wed, half: None }).unwrap();
    let mut board = draft(Kind::Meeting, "2026-12-02T14:00", "2026-12-02T15:00");
    board.override_reason = Some("  ".into());
    assert_eq!(
        app.plan().add_block(board.clone()).unwrap_err().code,
        ErrorCode::RuleViolation,
        "a blank reason is no reason"
    );
    board.override_reason = Some("the board only meets on Wednesdays".into());
    let added = app.plan().add_block(board).unwrap();
    assert_eq!(added.notes, ["rule overridden on purpose and recorded: the board only meets on Wednesdays"]);
    assert_eq!(added.warnings[0].message, "Wednesday 2 Dec is a no-meeting day");
    let backwards = BlockMove {
        start: Some(at("2026-12-03T15:00")),
        end: Some(at("2026-12-03T14:00")),
        occurrence: None,
        override_reason: Some("please".into()),
    };
    assert_eq!(app.plan().move_block(added.value.id, backwards).unwrap_err().code, ErrorCode::BadInput);
    let records = deepblock_store::Store::open(&app.db).unwrap().overrides(added.value.id).unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].rules, "Wednesday 2 Dec is a no-meeting day");
    assert_eq!(records[0].reason, "the board only meets on Wednesdays");
}

#[test]
fn a_change_whose_override_cannot_be_recorded_is_not_made_either() {
    let app = app();
    app.plan().add_no_meeting(NoMeetingWhen::Weekday { weekday: Weekday::Wed, half: None }).unwrap();
    let thursday =
        app.plan().add_block(draft(Kind::Meeting, "2026-12-03T14:00", "2026-12-03T15:00")).unwrap();
    // The file refuses the record, as a full disk would, after the block
    // itself was written in the same transaction.
    let sqlite = rusqlite::Connection::open(&app.db).unwrap();
    sqlite
        .execute_batch(
            "CREATE TRIGGER refuse_records BEFORE INSERT ON rule_overrides BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
        )
        .unwrap();
    let before = starts(&app);

    let mut board = draft(Kind::Meeting, "2026-12-02T14:00", "2026-12-02T15:00");
    board.override_reason = Some("the board only meets on Wednesdays".into());
    let refused = app.plan().add_block(board).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Environment);
    assert!(refused.message.contains("disk full"), "{}", refused.message);
    let wednesday = BlockMove {
        start: Some(at("2026-12-02T14:00")),
        override_reason: Some("moved on purpose".into()),
        ..BlockMove::default()
    };
    assert_eq!(app.plan().move_block(thursday.value.id, wednesday).unwrap_err().code, ErrorCode::Environment);

    assert_eq!(starts(&app), before, "neither the new block nor the move was kept without its record");
    assert_eq!(app.plan().undo().unwrap().message, "Undid adding “Meeting”", "no undo step for what failed");
    assert!(deepblock_store::Store::open(&app.db).unwrap().overrides(thursday.value.id).unwrap().is_empty());
}

#[test]
fn focus_sessions_are_recorded_and_a_locked_one_holds() {
    let app = TestApp::new("2026-12-01T09:00");
    let start = deepblock_service::FocusStart { minutes: Some(60), locked: true, ..Default::default() };
    let status = app.focus_start(start).unwrap();
    assert_eq!(status.remaining_minutes, 60);
    assert_eq!(status.blocking, deepblock_service::Blocking::Advisory);
    app.set("2026-12-01T09:30");
    let later = app.reopen();
    let err = later.focus_stop().unwrap_err();
    assert_eq!(err.code, ErrorCode::RuleViolation);
    assert_eq!(err.message, "this session is locked until 10:00; it can be extended, not stopped");
    assert!(later.focus_start(Default::default()).is_err(), "one session at a time");
    app.set("2026-12-01T10:05");
    assert!(app.focus_status().unwrap().session.is_none(), "it ran out");
    let unlocked =
        app.focus_start(deepblock_service::FocusStart { minutes: Some(30), ..Default::default() }).unwrap();
    assert!(!unlocked.session.unwrap().locked);
    app.set("2026-12-01T10:15");
    let stopped = app.reopen().focus_stop().unwrap();
    assert_eq!(stopped.end_reason, Some(deepblock_core::focus::EndReason::Stopped));
}

#[test]
fn the_blocklist_takes_only_plain_hostnames() {
    let app = app();
    assert!(
        app.plan().blocklist().unwrap().contains(&"youtube.com".to_owned()),
        "a default list to start from"
    );
    let err = app.plan().blocklist_add(&["ok.example".into(), "bad host".into()]).unwrap_err();
    assert_eq!(err.code, ErrorCode::BadInput);
    assert!(!app.plan().blocklist().unwrap().contains(&"ok.example".to_owned()), "all or nothing");
    assert_eq!(app.plan().blocklist_add(&["OK.example.".into()]).unwrap(), 1);
    assert_eq!(app.plan().blocklist_add(&["bücher.de".into()]).unwrap(), 1);
    assert!(app.plan().blocklist().unwrap().contains(&"xn--bcher-kva.de".to_owned()), "stored in punycode");
    assert_eq!(app.plan().blocklist_remove(&["ok.example".into()]).unwrap(), 1);
    assert_eq!(app.plan().blocklist_remove(&["ok.example".into()]).unwrap_err().code, ErrorCode::NotFound);
}

#[test]
fn notifications_wait_for_the_break_unless_urgent_and_survive_a_restart() {
    let app = TestApp::new("2026-12-01T08:00");
    assert!(app.notify("before focus", "", false).unwrap().shown);
    app.set("2026-12-01T09:00");
    app.focus_start(deepblock_service::FocusStart { minutes: Some(120), ..Default::default() }).unwrap();
    app.set("2026-12-01T09:10");
    let held = app.notify("run 41 finished", "loss 0.31", false).unwrap();
    assert_eq!(held.held_until, Some(at("2026-12-01T09:50")));
    app.set("2026-12-01T09:20");
    app.notify("run 42 finished", "", false).unwrap();
    app.set("2026-12-01T09:30");
    assert!(app.notify("disk full", "", true).unwrap().shown, "urgent passes");
    assert_eq!(app.shown.titles(), ["before focus", "disk full"]);
    // A new process (a restart) ticking at the break shows both as one digest.
    app.set("2026-12-01T09:52");
    app.reopen().tick().unwrap();
    assert_eq!(app.shown.titles().last().map(String::as_str), Some("2 notifications held during focus"));
    app.set("2026-12-01T09:53");
    app.reopen().tick().unwrap();
    assert_eq!(app.shown.titles().len(), 3, "each is shown once");
    assert_eq!(app.notify("", "", false).unwrap_err().code, ErrorCode::BadInput);
}
