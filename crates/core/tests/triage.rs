//! Invitation triage and counter-proposal slots.

mod common;

use chrono::{Duration, Weekday};
use common::*;
use deepblock_core::rules::{NoMeetingRule, NoMeetingWhen, Rules};
use deepblock_core::triage::{Timing, Verdict, next_free_slot, triage};
use deepblock_core::{Context, Kind};

const LISBON: &str = "Europe/Lisbon";

fn wednesdays() -> Rules {
    let created_on = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let when = NoMeetingWhen::Weekday { weekday: Weekday::Wed, half: None };
    Rules { no_meeting: vec![NoMeetingRule { id: 1, when, created_on }], ..Rules::default() }
}

#[test]
fn a_daily_meeting_is_declined_only_on_the_no_meeting_day() {
    let tz = zone(LISBON);
    let mut meeting = block(0, Kind::Meeting, tz, "2026-11-30T10:00", "2026-11-30T10:30");
    meeting.recurrence = Some(deepblock_core::Recurrence::new(
        deepblock_core::RepeatRule::parse("FREQ=DAILY;COUNT=5").unwrap(),
    ));
    let rules = wednesdays();
    let decisions = triage(&meeting, Timing::Timed, &Context { plan: &[], rules: &rules, tz }).unwrap();
    let verdicts: Vec<bool> = decisions.iter().map(|d| d.verdict == Verdict::Accept).collect();
    assert_eq!(verdicts, [true, true, false, true, true]);
    assert_eq!(decisions[2].original, Some(wall("2026-12-02T10:00")));
}

#[test]
fn another_meeting_at_the_same_time_is_a_reason_but_deep_work_is_not() {
    let tz = zone(LISBON);
    let standup = block(1, Kind::Meeting, tz, "2026-12-01T10:00", "2026-12-01T10:15");
    let deep = block(2, Kind::Deep, tz, "2026-12-03T09:00", "2026-12-03T12:00");
    let plan = [standup, deep];
    let rules = Rules::default();
    let ctx = Context { plan: &plan, rules: &rules, tz };
    let clash = block(0, Kind::Meeting, tz, "2026-12-01T10:00", "2026-12-01T11:00");
    assert!(
        matches!(&triage(&clash, Timing::Timed, &ctx).unwrap()[0].verdict, Verdict::Decline { reason } if reason.contains("overlaps 'Meeting 1'"))
    );
    let over_unprotected_deep = block(0, Kind::Meeting, tz, "2026-12-03T10:00", "2026-12-03T11:00");
    assert_eq!(triage(&over_unprotected_deep, Timing::Timed, &ctx).unwrap()[0].verdict, Verdict::Accept);
}

#[test]
fn an_all_day_meeting_is_declined_only_on_a_no_meeting_day() {
    let tz = zone(LISBON);
    let thesis = block(1, Kind::Deep, tz, "2026-12-01T10:00", "2026-12-01T12:00");
    let plan = [deepblock_core::Block { protected: true, ..thesis }];
    let rules = wednesdays();
    let ctx = Context { plan: &plan, rules: &rules, tz };
    let offsite = |day: &str| {
        block(
            0,
            Kind::Meeting,
            tz,
            &format!("2026-12-{day}T00:00"),
            &format!("2026-12-{}T00:00", day.parse::<u32>().unwrap() + 1),
        )
    };
    let tuesday = triage(&offsite("01"), Timing::AllDay, &ctx).unwrap();
    assert_eq!(
        tuesday[0].verdict,
        Verdict::Accept,
        "the workday and the protected block do not apply to a whole day"
    );
    let timed = triage(&offsite("01"), Timing::Timed, &ctx).unwrap();
    assert!(
        matches!(&timed[0].verdict, Verdict::Decline { .. }),
        "the same hours as a timed meeting are refused"
    );
    let wednesday = triage(&offsite("02"), Timing::AllDay, &ctx).unwrap();
    assert!(
        matches!(&wednesday[0].verdict, Verdict::Decline { reason } if reason.contains("no-meeting day")),
        "{wednesday:?}"
    );
}

#[test]
fn the_next_free_slot_skips_no_meeting_days_and_busy_time() {
    let tz = zone(LISBON);
    let busy = block(1, Kind::Deep, tz, "2026-12-03T08:00", "2026-12-03T10:00");
    let plan = [busy];
    let rules = wednesdays();
    let ctx = Context { plan: &plan, rules: &rules, tz };
    let probe = block(0, Kind::Meeting, tz, "2026-12-02T14:00", "2026-12-02T15:00");
    let slot = next_free_slot(probe.start, Duration::hours(1), 14, &probe, &ctx).unwrap().unwrap();
    assert_eq!(slot.start, at(tz, "2026-12-03T10:00"), "Wednesday is skipped, Thursday's busy morning too");
    let late = at(tz, "2026-12-04T16:50");
    let slot = next_free_slot(late, Duration::minutes(30), 14, &probe, &ctx).unwrap().unwrap();
    assert_eq!(slot.start, at(tz, "2026-12-07T08:00"), "past the workday and the weekend, on the grid");
    assert!(next_free_slot(probe.start, Duration::hours(10), 14, &probe, &ctx).unwrap().is_none());
}
