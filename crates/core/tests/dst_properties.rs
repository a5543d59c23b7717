//! Property tests: day, week and recurrence math stays right across clock
//! changes in a northern, a western and a southern-hemisphere zone.

mod common;

use chrono::{Datelike, Days, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use common::*;
use deepblock_core::time::{day_span, resolve_local, to_local};
use deepblock_core::{Kind, Span, Week, occurrences};
use proptest::prelude::*;

const ZONES: [&str; 3] = ["Europe/Lisbon", "America/New_York", "Australia/Sydney"];

fn any_zone() -> impl Strategy<Value = Tz> {
    prop::sample::select(ZONES.to_vec()).prop_map(zone)
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    // 2024 to 2030: several clock changes in every zone.
    (0u64..2557).prop_map(|d| NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Days::new(d))
}

fn any_quarter_hour() -> impl Strategy<Value = NaiveTime> {
    (0u32..96).prop_map(|q| NaiveTime::from_hms_opt(q / 4, (q % 4) * 15, 0).unwrap())
}

/// Whether `wall` is skipped by a spring-forward gap in `tz`.
fn in_gap(tz: Tz, wall: NaiveDateTime) -> bool {
    tz.from_local_datetime(&wall).single().is_none() && tz.from_local_datetime(&wall).earliest().is_none()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn local_days_tile_time_and_last_23_to_25_hours(tz in any_zone(), date in any_date()) {
        let today = day_span(tz, date);
        let tomorrow = day_span(tz, date.succ_opt().unwrap());
        prop_assert_eq!(today.end, tomorrow.start);
        let hours = today.duration();
        prop_assert!(hours == Duration::hours(23) || hours == Duration::hours(24) || hours == Duration::hours(25),
            "{} in {} lasts {:?}", date, tz, hours);
        prop_assert_eq!(to_local(tz, today.start).date(), date);
    }

    #[test]
    fn weeks_are_seven_local_days(tz in any_zone(), date in any_date(), start in 0u8..7) {
        let week_start = chrono::Weekday::try_from(start).unwrap();
        let week = Week::containing(date, week_start);
        prop_assert_eq!(week.first_day().weekday(), week_start);
        prop_assert!(week.days().contains(&date));
        let span = week.span(tz);
        let hours = span.duration().num_hours();
        prop_assert!((167..=169).contains(&hours));
        prop_assert_eq!(span.end, week.next().span(tz).start);
        prop_assert_eq!(week.next().previous(), week);
    }

    #[test]
    fn every_instant_round_trips_through_wall_time_except_the_repeated_hour(
        tz in any_zone(), secs in 1_704_067_200i64..1_924_991_999i64,
    ) {
        let instant = Utc.timestamp_opt(secs, 0).unwrap();
        let back = resolve_local(tz, to_local(tz, instant));
        if back != instant {
            // Only the second pass through a repeated hour maps elsewhere:
            // to the first pass, one hour (Lord Howe aside) earlier.
            prop_assert_eq!(instant - back, Duration::hours(1));
        }
    }

    #[test]
    fn gap_times_land_as_far_past_the_gap_as_they_were_into_it(tz in any_zone(), date in any_date(), time in any_quarter_hour()) {
        let wall = date.and_time(time);
        let instant = resolve_local(tz, wall);
        let shown = to_local(tz, instant);
        if in_gap(tz, wall) {
            prop_assert_eq!(shown - wall, Duration::hours(1));
        } else {
            prop_assert_eq!(shown, wall);
        }
    }

    #[test]
    fn weekly_blocks_keep_their_wall_time_across_clock_changes(
        tz in any_zone(), date in any_date(), time in any_quarter_hour(), minutes in 15i64..300, weeks in 1u64..60,
    ) {
        let mut b = weekly(block(1, Kind::Deep, tz, "2026-01-01T00:00", "2026-01-01T01:00"));
        b.start = resolve_local(tz, date.and_time(time));
        b.end = b.start + Duration::minutes(minutes);
        // A series repeats at the wall time its first occurrence shows, which
        // is past the gap when the asked-for time falls in one.
        let anchor = to_local(tz, b.start);
        let window = Span::new(b.start, resolve_local(tz, anchor + Duration::weeks(weeks as i64)));
        let found = occurrences(&b, &window).unwrap();
        prop_assert_eq!(found.len() as u64, weeks);
        for (i, occurrence) in found.iter().enumerate() {
            let original = occurrence.original.unwrap();
            prop_assert_eq!(original, anchor + Duration::weeks(i as i64));
            prop_assert_eq!(occurrence.span.start, resolve_local(tz, original));
            prop_assert_eq!(occurrence.span.duration(), Duration::minutes(minutes));
            let shown = to_local(tz, occurrence.span.start);
            if !in_gap(tz, original) {
                prop_assert_eq!(shown, original, "wall time drifted in {}", tz);
            }
        }
    }

    #[test]
    fn skipping_and_moving_change_exactly_one_occurrence(
        tz in any_zone(), date in any_date(), time in any_quarter_hour(), pick in 0u64..10, shift in 1i64..48,
    ) {
        let mut b = weekly(block(1, Kind::Deep, tz, "2026-01-01T00:00", "2026-01-01T01:00"));
        b.start = resolve_local(tz, date.and_time(time));
        b.end = b.start + Duration::hours(2);
        let window = Span::new(b.start, resolve_local(tz, to_local(tz, b.start) + Duration::weeks(10)));
        let all = occurrences(&b, &window).unwrap();
        prop_assert_eq!(all.len(), 10);
        let chosen = all[pick as usize].clone();
        let key = chosen.original.unwrap();

        let mut skipped = b.clone();
        skipped.recurrence.as_mut().unwrap().skipped.insert(key);
        let without = occurrences(&skipped, &window).unwrap();
        prop_assert_eq!(without.len(), 9);
        prop_assert!(without.iter().all(|o| o.original != Some(key)));

        let mut moved = b.clone();
        let target = Span::new(chosen.span.start + Duration::hours(shift), chosen.span.end + Duration::hours(shift));
        moved.recurrence.as_mut().unwrap().moved.insert(key, target);
        let wide = Span::new(window.start, window.end + Duration::days(3));
        let with_move = occurrences(&moved, &wide).unwrap();
        let at_key: Vec<_> = with_move.iter().filter(|o| o.original == Some(key)).collect();
        prop_assert_eq!(at_key.len(), 1);
        prop_assert_eq!(at_key[0].span, target);
    }
}

#[test]
fn a_weekly_0900_block_in_lisbon_stays_at_0900_over_the_october_change() {
    let tz = zone("Europe/Lisbon");
    let b = weekly(block(1, Kind::Deep, tz, "2026-10-20T09:00", "2026-10-20T12:00"));
    let window = Span::new(at(tz, "2026-10-19T00:00"), at(tz, "2026-11-02T00:00"));
    let starts: Vec<String> =
        occurrences(&b, &window).unwrap().iter().map(|o| o.span.start.to_rfc3339()).collect();
    assert_eq!(starts, ["2026-10-20T08:00:00+00:00", "2026-10-27T09:00:00+00:00"]);
}

#[test]
fn sydney_blocks_follow_the_southern_spring() {
    let tz = zone("Australia/Sydney");
    let b = weekly(block(1, Kind::Learning, tz, "2026-09-29T09:00", "2026-09-29T10:00"));
    let window = Span::new(at(tz, "2026-09-28T00:00"), at(tz, "2026-10-12T00:00"));
    let starts: Vec<String> =
        occurrences(&b, &window).unwrap().iter().map(|o| o.span.start.to_rfc3339()).collect();
    // AEST (+10) before 4 October, AEDT (+11) after.
    assert_eq!(starts, ["2026-09-28T23:00:00+00:00", "2026-10-05T22:00:00+00:00"]);
}
