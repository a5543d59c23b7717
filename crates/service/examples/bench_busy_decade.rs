//! Data of the CLI benchmark (`bench/cli.sh`): ten years of a busy week.
//!
//! `bench_busy_decade DIR` writes `DIR/busy.db`, a Deepblock database of
//! about 26,000 planned blocks (ten a workday, 2021 to 2030, the first
//! twenty of them open-ended weekly series), `DIR/meetings.ics`, 5,000
//! meetings (twenty of them weekly series) to import into it, and
//! `DIR/all.ics`, the planned blocks and the meetings together for khal.
//! Prints one JSON line.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use deepblock_core::autofocus::KindSet;
use deepblock_core::{Block, BlockId, Category, Kind, Recurrence, RepeatRule, Rules, Source, Span};
use deepblock_ical::{ExportOptions, export_calendar};
use deepblock_store::Store;

/// Monday of the first week.
const FIRST: (i32, u32, u32) = (2021, 1, 4);
const WEEKS: i64 = 520;
const SERIES: usize = 20;
const MEETINGS: usize = 5_000;

/// A workday: what is planned, from which minute of the day, how long.
const DAY: [(Kind, Category, u32, i64); 10] = [
    (Kind::Deep, Category::ModelDev, 8 * 60, 90),
    (Kind::Break, Category::Other, 9 * 60 + 30, 15),
    (Kind::Deep, Category::Training, 9 * 60 + 45, 90),
    (Kind::Admin, Category::Admin, 11 * 60 + 15, 30),
    (Kind::Break, Category::Other, 12 * 60, 45),
    (Kind::Learning, Category::ResearchLearning, 12 * 60 + 45, 60),
    (Kind::Deep, Category::Evaluation, 13 * 60 + 45, 90),
    (Kind::Break, Category::Other, 15 * 60 + 15, 15),
    (Kind::Admin, Category::Documentation, 15 * 60 + 30, 45),
    (Kind::Deep, Category::DataPrep, 16 * 60 + 15, 60),
];

fn block(i: usize, kind: Kind, category: Category, start: DateTime<Utc>, minutes: i64) -> Block {
    Block {
        id: BlockId::UNSAVED,
        uid: format!("busy-{i}@deepblock.invalid"),
        sequence: 0,
        kind,
        title: format!("{} {i}", kind.label()),
        category,
        start,
        end: start + Duration::minutes(minutes),
        tz: chrono_tz::UTC,
        recurrence: None,
        protected: false,
        source: Source::Planned,
    }
}

fn at(day: NaiveDate, minute: u32) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(minute / 60, minute % 60, 0).unwrap_or_default())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).ok_or("usage: bench_busy_decade DIR")?);
    let first = NaiveDate::from_ymd_opt(FIRST.0, FIRST.1, FIRST.2).ok_or("first day")?;
    let mut planned = Vec::new();
    for week in 0..WEEKS {
        for weekday in 0..5 {
            let day = first + Duration::weeks(week) + Duration::days(weekday);
            for (kind, category, minute, length) in DAY {
                planned.push(block(planned.len(), kind, category, at(day, minute), length));
            }
        }
    }
    // Standing blocks, open-ended: a listing expands them for its week.
    for series in planned.iter_mut().take(SERIES) {
        series.recurrence = Some(Recurrence::new(RepeatRule::weekly()));
    }
    let meetings: Vec<Block> = (0..MEETINGS)
        .map(|i| {
            let week = (i as i64 * WEEKS) / MEETINGS as i64;
            let day = first + Duration::weeks(week) + Duration::days((i % 5) as i64);
            let mut meeting =
                block(100_000 + i, Kind::Meeting, Category::Meetings, at(day, 17 * 60 + 15), 30);
            if i < SERIES {
                meeting.recurrence = Some(Recurrence::new(RepeatRule::weekly()));
            }
            meeting
        })
        .collect();

    let mut store = Store::open(&dir.join("busy.db"))?;
    store.write(|tx| planned.iter().try_for_each(|b| tx.insert_block(b).map(drop)))?;

    let now = at(first, 0);
    let options = |name| ExportOptions {
        name,
        tz: chrono_tz::UTC,
        now,
        range: Span::new(now, now + Duration::weeks(WEEKS)),
        busy: KindSet::BUSY,
    };
    std::fs::write(
        dir.join("meetings.ics"),
        export_calendar(&meetings, &Rules::default(), &options("Team")),
    )?;
    let everything: Vec<Block> = planned.iter().chain(&meetings).cloned().collect();
    std::fs::write(dir.join("all.ics"), export_calendar(&everything, &Rules::default(), &options("All")))?;
    println!("{{\"planned\":{},\"meetings\":{},\"series\":{}}}", planned.len(), meetings.len(), 2 * SERIES);
    Ok(())
}
