//! The tracking timer and the log of the past, on a real SQLite file with
//! a clock the test moves: what is recorded, what is cut, what is refused
//! (and that a refusal changes nothing).

use chrono::Duration;
use deepblock_core::{Category, Span};
use deepblock_testkit::{TestApp, at, lisbon};

fn day() -> Span {
    Span::new(at(lisbon(), "2026-12-01T00:00"), at(lisbon(), "2026-12-02T12:00"))
}

fn recorded(app: &TestApp) -> Vec<(String, String, String, &'static str)> {
    app.app
        .plan()
        .actual_entries(&day())
        .unwrap()
        .into_iter()
        .map(|e| {
            (
                e.category.as_str().to_owned(),
                e.start.format("%H:%M").to_string(),
                e.end.format("%H:%M").to_string(),
                e.source,
            )
        })
        .collect()
}

#[test]
fn starting_a_timer_stops_the_last_one_and_each_hour_is_counted_once() {
    let app = TestApp::new("2026-12-01T09:00");
    app.app.plan().track_start(Category::ModelDev, Some("RoPE scaling")).unwrap();
    app.set("2026-12-01T10:30");
    let status = app.app.plan().track_status().unwrap().expect("running");
    assert_eq!((status.category, status.minutes), (Category::ModelDev, 90));

    let switched = app.app.plan().track_start(Category::Admin, None).unwrap();
    let stopped = switched.stopped.expect("the first timer stopped");
    assert_eq!((stopped.minutes, stopped.note.as_deref(), stopped.cut), (90, Some("RoPE scaling"), None));
    app.set("2026-12-01T11:00");
    app.app.plan().track_stop().unwrap();
    assert!(app.app.plan().track_status().unwrap().is_none());
    assert_eq!(
        recorded(&app),
        [
            ("model-dev".into(), "09:00".into(), "10:30".into(), "timer"),
            ("admin".into(), "10:30".into(), "11:00".into(), "timer")
        ]
    );

    // The past, by hand; an hour already counted is refused, and nothing changes.
    app.set("2026-12-01T16:00");
    let logged = app
        .app
        .plan()
        .log_entry(
            Duration::minutes(45),
            Category::Documentation,
            Some(at(lisbon(), "2026-12-01T13:00")),
            None,
        )
        .unwrap();
    assert_eq!((logged.minutes, logged.source), (45, "manual"));
    let before = recorded(&app);
    let overlap = app
        .app
        .plan()
        .log_entry(Duration::minutes(60), Category::Admin, Some(at(lisbon(), "2026-12-01T10:00")), None)
        .unwrap_err();
    assert!(overlap.message.contains("already counted as model-dev"), "{}", overlap.message);
    let future = app.app.plan().log_entry(Duration::minutes(30), Category::Admin, None, None);
    assert!(future.is_ok(), "ending now is the past");
    let ahead = app
        .app
        .plan()
        .log_entry(Duration::minutes(30), Category::Admin, Some(at(lisbon(), "2026-12-01T17:00")), None)
        .unwrap_err();
    assert!(ahead.message.contains("future"), "{}", ahead.message);
    assert_eq!(recorded(&app).len(), before.len() + 1);
}

#[test]
fn a_timer_left_overnight_is_cut_at_the_workday_end_and_the_user_is_told() {
    let app = TestApp::new("2026-12-01T14:00");
    app.app.plan().track_start(Category::Training, None).unwrap();
    // Logging into the timer's own time is refused.
    app.set("2026-12-01T15:00");
    let into = app
        .app
        .plan()
        .log_entry(Duration::minutes(30), Category::Admin, Some(at(lisbon(), "2026-12-01T14:15")), None)
        .unwrap_err();
    assert!(into.message.contains("the timer has been running since 14:00"), "{}", into.message);
    app.set("2026-12-02T08:30");
    let stopped = app.app.plan().track_stop().unwrap();
    assert_eq!(stopped.end.format("%H:%M").to_string(), "17:00");
    assert!(stopped.cut.expect("told").contains("the end of that workday"));
    let none = app.app.plan().track_stop().unwrap_err();
    assert!(none.message.contains("no timer is running"), "{}", none.message);
}
