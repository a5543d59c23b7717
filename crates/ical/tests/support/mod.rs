//! A realistic plan, shared by the export tests and the interop example.
#![allow(dead_code, missing_docs)]

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use deepblock_core::rules::{Half, NoMeetingRule, NoMeetingWhen};
use deepblock_core::time::resolve_local;
use deepblock_core::{Block, BlockId, Category, Kind, Recurrence, RepeatRule, Rules, Source, Span};
use deepblock_ical::ExportOptions;

pub fn wall(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").unwrap()
}

fn block(id: i64, kind: Kind, tz: &str, start: &str, minutes: i64, title: &str) -> Block {
    let tz: Tz = tz.parse().unwrap();
    let start = resolve_local(tz, wall(start));
    Block {
        id: BlockId(id),
        uid: format!("b{id}-7f3c2a@deepblock.invalid"),
        sequence: 0,
        kind,
        title: title.into(),
        category: kind.default_category(),
        start,
        end: start + Duration::minutes(minutes),
        tz,
        recurrence: None,
        protected: false,
        source: Source::Planned,
    }
}

/// Weekly deep blocks in three zones across their autumn (north) and
/// spring (south) clock changes, one skipped and one moved occurrence, a
/// one-off learning block with a hard title, and no-meeting rules.
pub fn plan() -> (Vec<Block>, Rules) {
    let mut lisbon =
        block(1, Kind::Deep, "Europe/Lisbon", "2026-10-13T09:00", 180, "Model dev, ablations; round 2");
    lisbon.category = Category::ModelDev;
    lisbon.protected = true;
    lisbon.sequence = 3;
    let mut recurrence =
        Recurrence::new(RepeatRule::weekly_until("Europe/Lisbon".parse().unwrap(), date(2026, 12, 15)));
    recurrence.skipped.insert(wall("2026-10-27T09:00"));
    let moved_start = resolve_local("Europe/Lisbon".parse().unwrap(), wall("2026-11-05T14:00"));
    recurrence
        .moved
        .insert(wall("2026-11-03T09:00"), Span::new(moved_start, moved_start + Duration::minutes(180)));
    lisbon.recurrence = Some(recurrence);

    let mut new_york = block(2, Kind::Deep, "America/New_York", "2026-10-20T08:00", 120, "Deep work");
    new_york.recurrence = Some(Recurrence::new(RepeatRule::weekly()));

    let mut sydney =
        block(3, Kind::Learning, "Australia/Sydney", "2026-09-22T19:00", 90, "Paper club: “Attention sinks”");
    sydney.recurrence = Some(Recurrence::new(RepeatRule::parse("FREQ=WEEKLY;COUNT=6").unwrap()));

    let hard_title = "Read: Søren Kierkegaard, “Frygt og Bæven”; notes\nthen summarise \\ discuss — 日本語のテキストも含む長いタイトル";
    let learning = block(4, Kind::Learning, "Europe/Lisbon", "2026-11-06T15:00", 60, hard_title);

    let admin = block(5, Kind::Admin, "UTC", "2026-11-06T17:00", 30, "Expenses");

    let rules = Rules {
        me: vec!["ana@example.org".into()],
        no_meeting: vec![
            NoMeetingRule {
                id: 1,
                when: NoMeetingWhen::Weekday { weekday: Weekday::Wed, half: None },
                created_on: date(2026, 10, 1),
            },
            NoMeetingRule {
                id: 2,
                when: NoMeetingWhen::Date { date: date(2026, 11, 20), half: Some(Half::Pm) },
                created_on: date(2026, 10, 1),
            },
            NoMeetingRule {
                id: 3,
                when: NoMeetingWhen::Range { from: date(2026, 12, 21), to: date(2026, 12, 31) },
                created_on: date(2026, 10, 1),
            },
        ],
        ..Rules::default()
    };
    (vec![lisbon, new_york, sydney, learning, admin], rules)
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 1, 12, 0, 0).unwrap()
}

pub fn options() -> ExportOptions<'static> {
    ExportOptions {
        name: "Deepblock, Ana's plan",
        tz: "Europe/Lisbon".parse().unwrap(),
        now: now(),
        range: Span::new(now(), Utc.with_ymd_and_hms(2027, 1, 31, 0, 0, 0).unwrap()),
        busy: deepblock_core::autofocus::KindSet::BUSY,
    }
}
