//! Benchmark (not a test), run by bench/review.sh: a year of actual time
//! (N intervals, 500,000 by default: what a tracker's minute-by-minute
//! stretches, a timer and a calendar give over a busy year) reviewed week
//! by week, and laid on one line at once. Prints JSON with the timings.

use std::time::Instant;

use chrono::{Duration, NaiveDate, TimeZone, Utc, Weekday};
use deepblock_core::activity::Activity;
use deepblock_core::actual::{ActualSource, Entry};
use deepblock_core::review::{Claim, Origin, ReviewInput, lay_out, review_week};
use deepblock_core::{Block, BlockId, Category, Kind, Rules, Source, Span, Week};

/// A small deterministic generator: the same year every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(500_000);
    let tz = chrono_tz::Europe::Berlin;
    let first = NaiveDate::from_ymd_opt(2026, 1, 5).expect("a Monday");
    let start =
        tz.from_local_datetime(&first.and_hms_opt(0, 0, 0).expect("midnight")).unwrap().with_timezone(&Utc);
    let year = Duration::weeks(52);
    let mut random = Lcg(42);
    // Tracker stretches fill the year end to end; one in twenty is the
    // user's own entry, and a meeting every working morning.
    let step = year.num_seconds() / n as i64;
    let mut activity = Vec::with_capacity(n);
    let mut entries = Vec::new();
    let mut at = start;
    for i in 0..n {
        let length = Duration::seconds(step / 2 + random.next(step as u64) as i64);
        let span = Span::new(at, at + length);
        let category = Category::ALL[random.next(Category::ALL.len() as u64) as usize];
        if i % 20 == 0 {
            entries.push(Entry::new(span, category, ActualSource::Manual, None).expect("an entry"));
        } else {
            activity.push(Activity { span, category, rule: Some(1) });
        }
        at += Duration::seconds(step);
    }
    let mut plan = Vec::new();
    for day in 0..364 {
        let date = first + Duration::days(day);
        let meeting =
            tz.from_local_datetime(&date.and_hms_opt(10, 0, 0).expect("10:00")).unwrap().with_timezone(&Utc);
        plan.push(Block {
            id: BlockId(day + 1),
            uid: format!("{day}@bench"),
            sequence: 0,
            kind: if day % 2 == 0 { Kind::Meeting } else { Kind::Deep },
            title: "Block".into(),
            category: Category::ModelDev,
            start: meeting,
            end: meeting + Duration::hours(2),
            tz,
            recurrence: None,
            protected: false,
            source: Source::Planned,
        });
    }
    let rules = Rules::default();
    let now = start + year;

    let claims: Vec<Claim> = activity
        .iter()
        .map(|a| Claim {
            span: a.span,
            category: a.category,
            kind: None,
            origin: Origin::Activity,
            block: None,
            note: None,
        })
        .chain(entries.iter().map(|e| Claim {
            span: e.span(),
            category: e.category,
            kind: None,
            origin: Origin::Manual,
            block: None,
            note: None,
        }))
        .collect();
    let timer = Instant::now();
    let pieces = lay_out(&claims);
    let lay_out_ms = timer.elapsed().as_secs_f64() * 1000.0;

    let timer = Instant::now();
    let mut week = Week::containing(first, Weekday::Mon);
    let mut findings = 0;
    let (mut from_activity, mut from_entries) = (0, 0);
    for _ in 0..52 {
        let span = week.span(tz);
        let inside = |s: &Span| s.start < span.end && span.start < s.end;
        let a_from = activity.partition_point(|a| a.span.end <= span.start);
        let a_to = activity.partition_point(|a| a.span.start < span.end);
        let e_from = entries.partition_point(|e| e.end <= span.start);
        let e_to = entries.partition_point(|e| e.start < span.end);
        from_activity += a_to - a_from;
        from_entries += e_to - e_from;
        let blocks: Vec<Block> = plan.iter().filter(|b| inside(&b.span())).cloned().collect();
        let review = review_week(&ReviewInput {
            week,
            tz,
            now,
            rules: &rules,
            plan: &blocks,
            sessions: &[],
            entries: &entries[e_from..e_to],
            skipped: &[],
            activity: &activity[a_from..a_to],
            timeboxes: &[],
        })
        .expect("a review");
        findings += review.findings.len();
        week = week.next();
    }
    let year_ms = timer.elapsed().as_secs_f64() * 1000.0;
    println!(
        "{{\"intervals\": {}, \"pieces\": {}, \"lay_out_ms\": {lay_out_ms:.1}, \"year_of_weekly_reviews_ms\": {year_ms:.1}, \"findings\": {findings}}}",
        from_activity + from_entries,
        pieces.len()
    );
}
