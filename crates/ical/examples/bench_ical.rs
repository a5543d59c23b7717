//! Benchmark of export and import at scale (`bench/ical.sh` runs it next to
//! python icalendar and ical.js doing the same work on the same file).
//!
//! `bench_ical N DIR`: makes N events (a tenth of them weekly series) in
//! three zones, exports them (timed), writes `DIR/plan.ics` and
//! `DIR/events.json` (the same events for the peers to export), imports
//! the file back (timed), and prints one JSON line of figures.

use std::time::Instant;

use chrono::{Duration, TimeZone, Utc};
use chrono_tz::Tz;
use deepblock_core::{Block, BlockId, Category, Kind, Recurrence, RepeatRule, Rules, Source, Span};
use deepblock_ical::{ExportOptions, export_calendar, import_calendar};

const ZONES: [&str; 3] = ["Europe/Lisbon", "America/New_York", "Australia/Sydney"];

fn plan(n: usize) -> Vec<Block> {
    let base = Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).single().unwrap_or_default();
    (0..n)
        .map(|i| {
            let tz: Tz = ZONES[i % 3].parse().unwrap_or(chrono_tz::UTC);
            let start = base + Duration::minutes(45 * i as i64);
            Block {
                id: BlockId(i as i64 + 1),
                uid: format!("bench-{i}@deepblock.invalid"),
                sequence: (i % 5) as u32,
                kind: if i % 4 == 0 { Kind::Meeting } else { Kind::Deep },
                title: format!("Block {i}: ablations, seeds; run {}", i % 97),
                category: Category::ModelDev,
                start,
                end: start + Duration::minutes(30 + (i % 4) as i64 * 30),
                tz,
                recurrence: (i % 10 == 0).then(|| Recurrence::new(RepeatRule::weekly())),
                protected: false,
                source: Source::Planned,
            }
        })
        .collect()
}

/// Peak resident memory of this process so far, in MiB (Linux).
fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_owned))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        .map_or(0.0, |kb| kb / 1024.0)
}

fn json_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().unwrap_or_else(|| "100000".into()).parse()?;
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let blocks = plan(n);
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().unwrap_or_default();
    let options = ExportOptions {
        name: "Benchmark",
        tz: chrono_tz::Europe::Lisbon,
        now,
        range: Span::new(now, now + Duration::days(400)),
        busy: deepblock_core::autofocus::KindSet::BUSY,
    };

    let clock = Instant::now();
    let text = export_calendar(&blocks, &Rules::default(), &options);
    let export_s = clock.elapsed().as_secs_f64();
    std::fs::write(dir.join("plan.ics"), &text)?;

    let mut events = String::from("[");
    for (i, b) in blocks.iter().enumerate() {
        let local = |t: chrono::DateTime<Utc>| {
            t.with_timezone(&b.tz).naive_local().format("%Y-%m-%dT%H:%M:%S").to_string()
        };
        if i > 0 {
            events.push(',');
        }
        events.push_str(&format!(
            "{{\"uid\":{},\"summary\":{},\"tz\":\"{}\",\"start\":\"{}\",\"end\":\"{}\",\"weekly\":{}}}",
            json_string(&b.uid),
            json_string(&b.title),
            b.tz.name(),
            local(b.start),
            local(b.end),
            b.recurrence.is_some()
        ));
    }
    events.push(']');
    std::fs::write(dir.join("events.json"), events)?;

    let clock = Instant::now();
    let imported = import_calendar(&text, "bench", chrono_tz::Europe::Lisbon)?;
    let import_s = clock.elapsed().as_secs_f64();
    if imported.blocks.len() != n {
        return Err(format!("imported {} of {n} events", imported.blocks.len()).into());
    }
    println!(
        "{{\"events\":{n},\"bytes\":{},\"export_s\":{export_s:.4},\"import_s\":{import_s:.4},\"peak_rss_mib\":{:.1}}}",
        text.len(),
        peak_rss_mib()
    );
    Ok(())
}
