//! The RRULE forms real calendars write, expanded the way their authors meant.

mod common;

use chrono::Duration;
use common::*;
use deepblock_core::recurrence::{MAX_OCCURRENCES_PER_QUERY, is_occurrence, series_end};
use deepblock_core::{Kind, Recurrence, RepeatRule, Span, occurrences};

fn starts(rule: &str, tz_name: &str, first: &str, from: &str, to: &str) -> Vec<String> {
    let tz = zone(tz_name);
    let mut b = block(1, Kind::Meeting, tz, first, first);
    b.end = b.start + Duration::minutes(30);
    b.recurrence = Some(Recurrence::new(RepeatRule::parse(rule).unwrap()));
    let window = Span::new(at(tz, from), at(tz, to));
    occurrences(&b, &window)
        .unwrap()
        .iter()
        .map(|o| o.original.unwrap().format("%Y-%m-%d %H:%M").to_string())
        .collect()
}

#[test]
fn until_in_utc_is_an_instant() {
    // 09:00 New York in December is 14:00 UTC; UNTIL at 14:00Z includes it.
    let got = starts(
        "FREQ=WEEKLY;UNTIL=20261215T140000Z",
        "America/New_York",
        "2026-12-01T09:00",
        "2026-11-01T00:00",
        "2027-01-31T00:00",
    );
    assert_eq!(got, ["2026-12-01 09:00", "2026-12-08 09:00", "2026-12-15 09:00"]);
}

#[test]
fn until_as_a_date_includes_that_whole_day() {
    let got = starts(
        "FREQ=DAILY;UNTIL=20261203",
        "Europe/Lisbon",
        "2026-12-01T18:00",
        "2026-11-01T00:00",
        "2027-01-31T00:00",
    );
    assert_eq!(got, ["2026-12-01 18:00", "2026-12-02 18:00", "2026-12-03 18:00"]);
}

#[test]
fn floating_until_is_a_wall_time() {
    let got = starts(
        "FREQ=DAILY;UNTIL=20261202T180000",
        "Australia/Sydney",
        "2026-12-01T18:00",
        "2026-11-01T00:00",
        "2027-01-31T00:00",
    );
    assert_eq!(got, ["2026-12-01 18:00", "2026-12-02 18:00"]);
}

#[test]
fn count_and_byday_rules_expand() {
    let got = starts(
        "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4",
        "Europe/Lisbon",
        "2026-11-30T10:00",
        "2026-11-01T00:00",
        "2027-01-31T00:00",
    );
    assert_eq!(got, ["2026-11-30 10:00", "2026-12-02 10:00", "2026-12-07 10:00", "2026-12-09 10:00"]);
}

#[test]
fn a_rule_ending_before_it_starts_leaves_the_first_occurrence() {
    let got = starts(
        "FREQ=WEEKLY;UNTIL=20200101T000000Z",
        "Europe/Lisbon",
        "2026-12-01T10:00",
        "2026-11-01T00:00",
        "2027-01-31T00:00",
    );
    assert_eq!(got, ["2026-12-01 10:00"]);
}

#[test]
fn extra_dates_join_the_series() {
    let tz = zone("Europe/Lisbon");
    let mut b = weekly(block(1, Kind::Deep, tz, "2026-12-01T09:00", "2026-12-01T11:00"));
    b.recurrence.as_mut().unwrap().added.insert(wall("2026-12-04T15:00"));
    let window = Span::new(at(tz, "2026-11-30T00:00"), at(tz, "2026-12-07T00:00"));
    let got: Vec<_> = occurrences(&b, &window).unwrap().iter().map(|o| o.original.unwrap()).collect();
    assert_eq!(got, [wall("2026-12-01T09:00"), wall("2026-12-04T15:00")]);
}

#[test]
fn a_runaway_rule_is_capped() {
    let tz = zone("Europe/Lisbon");
    let mut b = block(1, Kind::Meeting, tz, "2026-12-01T09:00", "2026-12-01T09:01");
    b.recurrence = Some(Recurrence::new(RepeatRule::parse("FREQ=MINUTELY").unwrap()));
    let window = Span::new(b.start, b.start + Duration::days(30));
    assert_eq!(occurrences(&b, &window).unwrap().len(), MAX_OCCURRENCES_PER_QUERY);
}

#[test]
fn nonsense_rules_are_refused_with_the_rule_named() {
    let err = RepeatRule::parse("FREQ=FORTNIGHTLY").unwrap_err().to_string();
    assert!(err.starts_with("cannot read repeat rule 'FREQ=FORTNIGHTLY'"), "{err}");
    assert!(RepeatRule::parse("FREQ=WEEKLY;UNTIL=tomorrow").is_err());
}

#[test]
fn series_end_knows_until_count_and_forever() {
    let tz = zone("Europe/Lisbon");
    let mut b = weekly(block(1, Kind::Deep, tz, "2026-12-01T09:00", "2026-12-01T11:00"));
    assert_eq!(series_end(&b).unwrap(), None);
    let last = chrono::NaiveDate::from_ymd_opt(2026, 12, 22).unwrap();
    b.recurrence = Some(Recurrence::new(RepeatRule::weekly_until(tz, last)));
    assert_eq!(
        series_end(&b).unwrap(),
        Some(at(tz, "2026-12-22T23:59") + Duration::seconds(59) + Duration::hours(2))
    );
    b.recurrence = Some(Recurrence::new(RepeatRule::parse("FREQ=WEEKLY;COUNT=3").unwrap()));
    assert_eq!(series_end(&b).unwrap(), Some(at(tz, "2026-12-15T11:00")));
    assert!(is_occurrence(&b, wall("2026-12-08T09:00")).unwrap());
    assert!(!is_occurrence(&b, wall("2026-12-22T09:00")).unwrap());
    assert!(!is_occurrence(&b, wall("2026-12-08T10:00")).unwrap());
}

#[test]
fn a_week_far_from_the_start_costs_what_a_near_week_costs() {
    use deepblock_core::recurrence::rule_steps;
    // A meeting every second from 2026: listing a week in 2030 walks a few
    // periods and the week's capped occurrences, not four years of seconds.
    let before = rule_steps();
    starts("FREQ=SECONDLY", "Europe/Lisbon", "2026-12-01T09:00", "2030-06-03T00:00", "2030-06-10T00:00");
    let walked = rule_steps() - before;
    assert!(walked <= MAX_OCCURRENCES_PER_QUERY as u64 + 10, "walked {walked} steps");
    let before = rule_steps();
    let hourly = starts(
        "FREQ=HOURLY;INTERVAL=7",
        "Europe/Lisbon",
        "2026-12-01T09:00",
        "2030-06-03T00:00",
        "2030-06-04T00:00",
    );
    assert!(rule_steps() - before < 20, "walked {} steps", rule_steps() - before);
    assert_eq!(hourly.len(), 3);
}

#[test]
fn walking_from_near_the_window_gives_the_starts_walking_from_the_start_gives() {
    // Each rule, listed for one far week, against the same rule listed
    // from its first occurrence (no jump) and cut to that week.
    let mut some = 0;
    for rule in [
        "FREQ=DAILY",
        "FREQ=DAILY;INTERVAL=3;BYHOUR=9,15",
        "FREQ=DAILY;BYDAY=MO,WE,FR",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH",
        "FREQ=WEEKLY;BYDAY=MO,TU,WE;BYSETPOS=-1",
        "FREQ=HOURLY;INTERVAL=5;BYDAY=SA",
        "FREQ=WEEKLY;UNTIL=20300101T000000Z",
        "FREQ=MONTHLY",
        "FREQ=MONTHLY;INTERVAL=5;BYDAY=-1FR",
        "FREQ=MONTHLY;BYMONTHDAY=31",
        "FREQ=YEARLY;BYDAY=MO;BYWEEKNO=10",
        "FREQ=YEARLY;INTERVAL=2",
    ] {
        // A first of the month, and a 31st: a month shift lands on shorter months.
        for first in ["2026-12-01T09:30", "2026-01-31T09:30"] {
            let far = starts(rule, "America/New_York", first, "2029-03-01T00:00", "2029-04-01T00:00");
            let walked: Vec<String> =
                starts(rule, "America/New_York", first, "2025-12-30T00:00", "2029-04-01T00:00")
                    .into_iter()
                    .filter(|s| s.as_str() >= "2029-03-01")
                    .collect();
            if walked.len() < MAX_OCCURRENCES_PER_QUERY {
                assert_eq!(far, walked, "{rule} from {first}");
            }
            some += usize::from(!far.is_empty());
        }
    }
    assert!(some >= 20, "most rules meet the window ({some})");
}

#[test]
fn a_rule_with_characters_no_rule_has_is_refused_not_a_panic() {
    // The `rrule` crate slices weekdays by byte: 'ӫ' inside BYDAY panicked.
    for text in ["FREQ=WEEKLY;BYDAY=2ӫU", "FREQ=DAILY;BYDAY=Mӫ", "FREQ=YEARLY;BYMONTH=é"] {
        let refused = RepeatRule::parse(text).unwrap_err().to_string();
        assert!(refused.contains("characters no rule has"), "{text}: {refused}");
    }
}
