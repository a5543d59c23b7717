//! One test per policy rule, each as a user would meet it.

mod common;

use chrono::Weekday;
use common::*;
use deepblock_core::rules::{Half, NoMeetingRule, NoMeetingWhen, Rules};
use deepblock_core::{
    Block, BlockId, Context, Finding, Kind, Severity, Violation, breaches, check_block, goal_progress,
};

const LISBON: &str = "Europe/Lisbon";

fn no_meeting(when: NoMeetingWhen) -> Rules {
    let mut rules = Rules::default();
    rules.no_meeting.push(NoMeetingRule {
        id: 1,
        when,
        created_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
    });
    rules
}

fn wednesdays() -> Rules {
    no_meeting(NoMeetingWhen::Weekday { weekday: Weekday::Wed, half: None })
}

fn check(candidate: &Block, plan: &[Block], rules: &Rules) -> Vec<Finding> {
    let tz = zone(LISBON);
    check_block(candidate, &Context { plan, rules, tz }).unwrap()
}

fn errors(findings: &[Finding]) -> Vec<String> {
    findings.iter().filter(|f| f.severity == Severity::Error).map(|f| f.message.clone()).collect()
}

fn warnings(findings: &[Finding]) -> Vec<String> {
    findings.iter().filter(|f| f.severity == Severity::Warning).map(|f| f.message.clone()).collect()
}

#[test]
fn a_meeting_on_a_no_meeting_wednesday_is_refused() {
    let tz = zone(LISBON);
    let meeting = block(0, Kind::Meeting, tz, "2026-12-02T14:00", "2026-12-02T15:00");
    assert_eq!(errors(&check(&meeting, &[], &wednesdays())), ["Wednesday 2 Dec is a no-meeting day"]);
}

#[test]
fn deep_work_on_a_no_meeting_day_is_welcome() {
    let tz = zone(LISBON);
    let deep = block(0, Kind::Deep, tz, "2026-12-02T09:00", "2026-12-02T12:00");
    assert!(check(&deep, &[], &wednesdays()).is_empty());
}

#[test]
fn a_half_day_rule_only_covers_its_half() {
    let tz = zone(LISBON);
    let rules = no_meeting(NoMeetingWhen::Weekday { weekday: Weekday::Wed, half: Some(Half::Pm) });
    let morning = block(0, Kind::Meeting, tz, "2026-12-02T10:00", "2026-12-02T11:00");
    assert!(errors(&check(&morning, &[], &rules)).is_empty());
    let across_noon = block(0, Kind::Meeting, tz, "2026-12-02T11:30", "2026-12-02T12:30");
    assert_eq!(
        errors(&check(&across_noon, &[], &rules)),
        ["Wednesday 2 Dec afternoon is kept free of meetings"]
    );
    let until_noon = block(0, Kind::Meeting, tz, "2026-12-02T11:00", "2026-12-02T12:00");
    assert!(errors(&check(&until_noon, &[], &rules)).is_empty(), "ending at noon stays in the morning");
}

#[test]
fn single_dates_and_ranges_are_no_meeting_days_too() {
    let tz = zone(LISBON);
    let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    let on_date = no_meeting(NoMeetingWhen::Date { date, half: None });
    let friday = block(0, Kind::Meeting, tz, "2026-12-04T09:00", "2026-12-04T10:00");
    assert_eq!(errors(&check(&friday, &[], &on_date)), ["Friday 4 Dec is a no-meeting day"]);
    let next_friday = block(0, Kind::Meeting, tz, "2026-12-11T09:00", "2026-12-11T10:00");
    assert!(errors(&check(&next_friday, &[], &on_date)).is_empty());

    let range = no_meeting(NoMeetingWhen::Range {
        from: chrono::NaiveDate::from_ymd_opt(2026, 12, 21).unwrap(),
        to: chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
    });
    let holiday = block(0, Kind::Meeting, tz, "2026-12-28T09:00", "2026-12-28T10:00");
    assert_eq!(errors(&check(&holiday, &[], &range)), ["Monday 28 Dec is a no-meeting day"]);
}

#[test]
fn no_meeting_days_are_the_users_local_days() {
    // 23:30 UTC on Tuesday is already Wednesday morning in Sydney.
    let sydney = zone("Australia/Sydney");
    let utc = zone("UTC");
    let meeting = block(0, Kind::Meeting, utc, "2026-12-01T23:30", "2026-12-02T00:30");
    let rules = wednesdays();
    let in_sydney = check_block(&meeting, &Context { plan: &[], rules: &rules, tz: sydney }).unwrap();
    assert_eq!(errors(&in_sydney), ["Wednesday 2 Dec is a no-meeting day"]);
    let in_utc = check_block(&meeting, &Context { plan: &[], rules: &rules, tz: utc }).unwrap();
    assert_eq!(errors(&in_utc), ["Wednesday 2 Dec is a no-meeting day"]);
    let tuesday_only = block(0, Kind::Meeting, utc, "2026-12-01T20:00", "2026-12-01T21:00");
    let in_utc = check_block(&tuesday_only, &Context { plan: &[], rules: &rules, tz: utc }).unwrap();
    assert!(errors(&in_utc).is_empty());
}

#[test]
fn a_meeting_over_a_protected_block_is_refused() {
    let tz = zone(LISBON);
    let mut focus = protected(block(7, Kind::Deep, tz, "2026-12-01T09:00", "2026-12-01T12:00"));
    focus.title = "Paper writing".into();
    let meeting = block(0, Kind::Meeting, tz, "2026-12-01T11:00", "2026-12-01T11:30");
    assert_eq!(
        errors(&check(&meeting, std::slice::from_ref(&focus), &Rules::default())),
        ["it overlaps the protected block 'Paper writing' (Tue 1 Dec 09:00–12:00)"]
    );
    let deep = block(0, Kind::Deep, tz, "2026-12-01T11:00", "2026-12-01T12:30");
    let found = check(&deep, &[focus], &Rules::default());
    assert!(errors(&found).is_empty());
    assert_eq!(warnings(&found), ["it overlaps 'Paper writing' (Tue 1 Dec 09:00–12:00)"]);
}

#[test]
fn end_before_start_and_zero_length_are_refused_alone() {
    let tz = zone(LISBON);
    let backwards = block(0, Kind::Meeting, tz, "2026-12-02T15:00", "2026-12-02T14:00");
    let found = check(&backwards, &[], &wednesdays());
    assert_eq!(found.len(), 1);
    assert!(matches!(found[0].violation, Violation::EndBeforeStart { .. }));
    assert_eq!(
        found[0].message,
        "the block ends (Wed 2 Dec 14:00) before it starts (Wed 2 Dec 15:00); give an end after the start"
    );
    let empty = block(0, Kind::Deep, tz, "2026-12-02T15:00", "2026-12-02T15:00");
    let found = check(&empty, &[], &Rules::default());
    assert!(matches!(found[..], [Finding { violation: Violation::ZeroLength { .. }, .. }]));
}

#[test]
fn time_outside_the_workday_is_a_warning() {
    let tz = zone(LISBON);
    let early = block(0, Kind::Deep, tz, "2026-12-01T06:30", "2026-12-01T09:30");
    let found = check(&early, &[], &Rules::default());
    assert!(errors(&found).is_empty());
    assert_eq!(
        warnings(&found),
        ["Tue 1 Dec 06:30–09:30 is outside your workday (08:00–17:00, mon,tue,wed,thu,fri)"]
    );
    let saturday = block(0, Kind::Learning, tz, "2026-12-05T10:00", "2026-12-05T11:00");
    assert_eq!(warnings(&check(&saturday, &[], &Rules::default())).len(), 1);
    let inside = block(0, Kind::Deep, tz, "2026-12-01T08:00", "2026-12-01T17:00");
    assert!(check(&inside, &[], &Rules::default()).is_empty());
    let evening_break = block(0, Kind::Break, tz, "2026-12-01T18:00", "2026-12-01T18:15");
    assert!(check(&evening_break, &[], &Rules::default()).is_empty(), "breaks may be anywhere");
}

#[test]
fn a_deep_block_shorter_than_the_minimum_is_a_warning() {
    let tz = zone(LISBON);
    let short = block(0, Kind::Deep, tz, "2026-12-01T09:00", "2026-12-01T10:00");
    assert_eq!(
        warnings(&check(&short, &[], &Rules::default())),
        ["a 60-minute deep block is shorter than your 90-minute minimum"]
    );
    let lenient = Rules { min_deep_minutes: 60, ..Rules::default() };
    assert!(check(&short, &[], &lenient).is_empty());
    let short_learning = block(0, Kind::Learning, tz, "2026-12-01T09:00", "2026-12-01T10:00");
    assert!(check(&short_learning, &[], &Rules::default()).is_empty());
}

#[test]
fn overlaps_warn_but_touching_blocks_do_not() {
    let tz = zone(LISBON);
    let standup = block(3, Kind::Meeting, tz, "2026-12-01T09:00", "2026-12-01T09:15");
    let deep = block(0, Kind::Deep, tz, "2026-12-01T09:15", "2026-12-01T12:00");
    assert!(check(&deep, std::slice::from_ref(&standup), &Rules::default()).is_empty());
    let over = block(0, Kind::Deep, tz, "2026-12-01T09:00", "2026-12-01T12:00");
    assert_eq!(
        warnings(&check(&over, &[standup], &Rules::default())),
        ["it overlaps 'Meeting 3' (Tue 1 Dec 09:00–09:15)"]
    );
}

#[test]
fn a_moved_block_does_not_overlap_its_old_self() {
    let tz = zone(LISBON);
    let old = block(5, Kind::Deep, tz, "2026-12-01T09:00", "2026-12-01T12:00");
    let mut moved = old.clone();
    moved.start = at(tz, "2026-12-01T10:00");
    moved.end = at(tz, "2026-12-01T13:00");
    assert!(check(&moved, &[old], &Rules::default()).is_empty());
}

#[test]
fn a_weekly_meeting_on_wednesdays_is_one_error_counting_occurrences() {
    let tz = zone(LISBON);
    let meeting = weekly(block(0, Kind::Meeting, tz, "2026-12-02T14:00", "2026-12-02T15:00"));
    let found = check(&meeting, &[], &wednesdays());
    assert_eq!(errors(&found), ["Wednesday 2 Dec is a no-meeting day (and 51 later occurrences)"]);
    assert_eq!(found[0].more_occurrences, 51);
}

#[test]
fn a_weekly_meeting_meets_a_one_off_no_meeting_date_later_on() {
    let tz = zone(LISBON);
    let date = chrono::NaiveDate::from_ymd_opt(2027, 1, 12).unwrap();
    let rules = no_meeting(NoMeetingWhen::Date { date, half: None });
    let meeting = weekly(block(0, Kind::Meeting, tz, "2026-12-01T14:00", "2026-12-01T15:00"));
    assert_eq!(errors(&check(&meeting, &[], &rules)), ["Tuesday 12 Jan is a no-meeting day"]);
}

#[test]
fn rules_check_lists_imported_meetings_that_break_rules() {
    let tz = zone(LISBON);
    let focus = protected(block(1, Kind::Deep, tz, "2026-12-01T09:00", "2026-12-01T12:00"));
    let on_wednesday = imported(block(2, Kind::Meeting, tz, "2026-12-02T10:00", "2026-12-02T11:00"));
    let over_focus = imported(block(3, Kind::Meeting, tz, "2026-12-01T11:00", "2026-12-01T11:30"));
    let fine = imported(block(4, Kind::Meeting, tz, "2026-12-03T10:00", "2026-12-03T11:00"));
    let plan = [focus, on_wednesday, over_focus, fine];
    let rules = wednesdays();
    let week = deepblock_core::Week::parse_iso("2026-W49").unwrap().span(tz);
    let found = breaches(&week, &Context { plan: &plan, rules: &rules, tz }).unwrap();
    let listed: Vec<(BlockId, &str)> =
        found.iter().map(|b| (b.block_id, b.finding.message.as_str())).collect();
    assert_eq!(
        listed,
        [
            (BlockId(3), "it overlaps the protected block 'Deep work 1' (Tue 1 Dec 09:00–12:00)"),
            (BlockId(2), "Wednesday 2 Dec is a no-meeting day"),
        ]
    );
}

#[test]
fn goal_progress_counts_only_time_inside_the_week() {
    let tz = zone(LISBON);
    let plan = [
        weekly(block(1, Kind::Deep, tz, "2026-11-03T09:00", "2026-11-03T12:00")),
        block(2, Kind::Learning, tz, "2026-12-04T14:00", "2026-12-04T15:30"),
        // Sunday 22:00 to Monday 02:00: two hours belong to the week.
        block(3, Kind::Deep, tz, "2026-12-06T22:00", "2026-12-07T02:00"),
        block(4, Kind::Meeting, tz, "2026-12-01T14:00", "2026-12-01T15:00"),
    ];
    let week = deepblock_core::Week::parse_iso("2026-W49").unwrap().span(tz);
    let rules = Rules::default();
    let progress = goal_progress(&week, &Context { plan: &plan, rules: &rules, tz }).unwrap();
    assert_eq!(progress.deep_minutes, 3 * 60 + 2 * 60);
    assert_eq!(progress.learning_minutes, 90);
    assert_eq!(progress.deep_goal_minutes, 600);
}
