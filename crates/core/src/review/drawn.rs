//! What the day chart draws of actual time. A week of a tracker's
//! seconds-long window events is thousands of intervals, most narrower
//! than a pixel of a 24-hour row; drawing each one costs the page its
//! speed and shows nothing more. So touching intervals of one category
//! are drawn as one piece, and where the work changed category faster
//! than [`DRAWING_STEP_MINUTES`], each such step is drawn in the category
//! that took most of it. Runs at least a step long keep their exact edges,
//! so a timer entry or a session is drawn where it was.

use chrono::{DateTime, FixedOffset, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::{FLICKER_SECONDS, Interval};
use crate::block::Category;

/// The finest step the day chart draws where the category changed
/// faster: the same five minutes a context switch needs.
pub const DRAWING_STEP_MINUTES: i64 = super::SWITCH_AFTER_MINUTES;

/// A stretch of the day chart's actual row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DrawnPiece {
    /// When it starts.
    pub start: DateTime<FixedOffset>,
    /// When it ends.
    pub end: DateTime<FixedOffset>,
    /// What the time went to (most of it, when `mixed`).
    pub category: Category,
    /// It stands for steps in which the category changed: `category` is
    /// what took most of each.
    pub mixed: bool,
}

/// A run of one category, in seconds since the epoch.
#[derive(Debug, Clone, Copy)]
struct Run {
    start: i64,
    end: i64,
    category: Category,
}

impl Run {
    fn seconds(&self) -> i64 {
        self.end - self.start
    }
}

/// The pieces the day chart draws for `intervals` (the review's actual
/// timeline: sorted, not overlapping), in `tz`, earliest first. There are
/// at most about two per step of the week, however many intervals.
pub fn drawn(intervals: &[Interval], tz: Tz) -> Vec<DrawnPiece> {
    let step = DRAWING_STEP_MINUTES * 60;
    let local = |seconds: i64| {
        DateTime::<Utc>::from_timestamp(seconds, 0).unwrap_or_default().with_timezone(&tz).fixed_offset()
    };
    let mut pieces: Vec<(Run, bool)> = Vec::new();
    let mut short: Vec<Run> = Vec::new();
    for run in runs(intervals) {
        let joins = short.last().is_none_or(|last| run.start - last.end < step);
        if run.seconds() >= step || !joins {
            pieces.extend(by_step(&short, step));
            short.clear();
        }
        if run.seconds() >= step {
            pieces.push((run, false));
        } else {
            short.push(run);
        }
    }
    pieces.extend(by_step(&short, step));
    pieces
        .into_iter()
        .map(|(run, mixed)| DrawnPiece {
            start: local(run.start),
            end: local(run.end),
            category: run.category,
            mixed,
        })
        .collect()
}

/// The intervals with touching ones of one category joined; a gap under a
/// flicker between them is joined too.
fn runs(intervals: &[Interval]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for interval in intervals {
        let (start, end) = (interval.start.timestamp(), interval.end.timestamp());
        match runs.last_mut() {
            Some(last) if last.category == interval.category && start - last.end < FLICKER_SECONDS => {
                last.end = last.end.max(end);
            }
            _ => runs.push(Run { start, end, category: interval.category }),
        }
    }
    runs
}

/// Short runs, each beginning within a step of the last, drawn step by step: each step (cut to the
/// runs' first start and last end) in the category that took most of it,
/// steps of one category joined. Ties go to the category listed first.
fn by_step(short: &[Run], step: i64) -> Vec<(Run, bool)> {
    let (Some(first), Some(last)) = (short.first(), short.last()) else { return Vec::new() };
    if short.len() == 1 {
        return vec![(*first, false)];
    }
    let mut drawn: Vec<(Run, bool)> = Vec::new();
    let mut at = first.start.div_euclid(step) * step;
    let mut next = 0;
    while at < last.end {
        let slot = (at.max(first.start), (at + step).min(last.end));
        let mut time = vec![0_i64; Category::ALL.len()];
        while next < short.len() && short[next].end <= slot.0 {
            next += 1;
        }
        for run in short[next..].iter().take_while(|r| r.start < slot.1) {
            let shared = run.end.min(slot.1) - run.start.max(slot.0);
            if let Some(i) = Category::ALL.iter().position(|c| *c == run.category) {
                time[i] += shared.max(0);
            }
        }
        let most = time.iter().enumerate().fold(0, |best, (i, t)| if *t > time[best] { i } else { best });
        if time[most] > 0 {
            let category = Category::ALL[most];
            match drawn.last_mut() {
                Some((run, _)) if run.category == category && run.end == slot.0 => run.end = slot.1,
                _ => drawn.push((Run { start: slot.0, end: slot.1, category }, true)),
            }
        }
        at += step;
    }
    drawn
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::review::Origin;

    fn at(h: u32, m: u32, s: u32) -> DateTime<FixedOffset> {
        chrono_tz::Europe::Berlin.with_ymd_and_hms(2026, 12, 1, h, m, s).unwrap().fixed_offset()
    }

    fn interval(from: (u32, u32, u32), to: (u32, u32, u32), category: Category) -> Interval {
        Interval {
            start: at(from.0, from.1, from.2),
            end: at(to.0, to.1, to.2),
            category,
            source: Origin::Activity,
            block: None,
            note: None,
        }
    }

    fn piece(from: (u32, u32, u32), to: (u32, u32, u32), category: Category, mixed: bool) -> DrawnPiece {
        DrawnPiece { start: at(from.0, from.1, from.2), end: at(to.0, to.1, to.2), category, mixed }
    }

    #[test]
    fn runs_a_step_long_keep_their_edges_and_touching_ones_are_one_piece() {
        let day = [
            interval((9, 3, 0), (9, 40, 0), Category::ModelDev),
            // A 30-second gap, then the same work: one piece.
            interval((9, 40, 30), (10, 47, 0), Category::ModelDev),
            interval((11, 0, 0), (11, 6, 0), Category::Admin),
            // Alone, shorter than a step: drawn as it was.
            interval((14, 1, 0), (14, 3, 0), Category::Meetings),
        ];
        assert_eq!(
            drawn(&day, chrono_tz::Europe::Berlin),
            vec![
                piece((9, 3, 0), (10, 47, 0), Category::ModelDev, false),
                piece((11, 0, 0), (11, 6, 0), Category::Admin, false),
                piece((14, 1, 0), (14, 3, 0), Category::Meetings, false),
            ]
        );
    }

    #[test]
    fn work_that_changes_faster_than_a_step_is_drawn_by_what_took_most_of_each_step() {
        let day = [
            interval((10, 0, 0), (10, 30, 0), Category::ModelDev),
            // 10:30–10:35: 3 min of mail, 2 min of evaluation → admin.
            interval((10, 30, 0), (10, 31, 0), Category::Admin),
            interval((10, 31, 0), (10, 33, 0), Category::Evaluation),
            interval((10, 33, 0), (10, 35, 0), Category::Admin),
            // 10:35–10:40 and 10:40–10:42: evaluation most of each.
            interval((10, 35, 0), (10, 39, 0), Category::Evaluation),
            interval((10, 39, 0), (10, 40, 0), Category::Training),
            interval((10, 40, 0), (10, 42, 0), Category::Evaluation),
            interval((10, 42, 0), (11, 0, 0), Category::ModelDev),
        ];
        assert_eq!(
            drawn(&day, chrono_tz::Europe::Berlin),
            vec![
                piece((10, 0, 0), (10, 30, 0), Category::ModelDev, false),
                piece((10, 30, 0), (10, 35, 0), Category::Admin, true),
                piece((10, 35, 0), (10, 42, 0), Category::Evaluation, true),
                piece((10, 42, 0), (11, 0, 0), Category::ModelDev, false),
            ]
        );
    }

    #[test]
    fn a_day_of_second_long_events_is_a_few_hundred_pieces() {
        let categories = [Category::ModelDev, Category::Admin, Category::Training, Category::Meetings];
        let start = at(0, 0, 0);
        let day: Vec<Interval> = (0..86_400 / 40)
            .map(|i| Interval {
                start: start + chrono::Duration::seconds(i * 40),
                end: start + chrono::Duration::seconds(i * 40 + 40),
                category: categories[i as usize % categories.len()],
                source: Origin::Activity,
                block: None,
                note: None,
            })
            .collect();
        let pieces = drawn(&day, chrono_tz::Europe::Berlin);
        assert!((2..=24 * 60 / 5).contains(&pieces.len()), "{} pieces", pieces.len());
        assert!(pieces.iter().all(|p| p.mixed));
        assert_eq!(pieces.first().map(|p| p.start), Some(start));
        assert_eq!(pieces.last().map(|p| p.end), Some(start + chrono::Duration::days(1)));
        assert!(pieces.windows(2).all(|w| w[0].end <= w[1].start));
    }
}
