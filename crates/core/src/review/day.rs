//! The measures of one day taken from what happened: context switches,
//! the longest focus stretch, and how the free time between meetings was
//! cut up.

use chrono::Duration;

use crate::block::{Category, Kind};
use crate::time::Span;

/// A switch counts only after this long in the previous category: a
/// question answered in passing is not a change of context.
pub const SWITCH_AFTER_MINUTES: i64 = 5;

/// Anything shorter is a flicker (a glance at chat, a tracker's blip): it
/// neither counts as a switch nor breaks a stretch.
pub const FLICKER_SECONDS: i64 = 60;

/// A piece of the day's actual time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lived {
    /// When.
    pub span: Span,
    /// What it went to.
    pub category: Category,
    /// The kind of work it counts as.
    pub kind: Option<Kind>,
}

impl Lived {
    fn is_focus(&self) -> bool {
        matches!(self.kind, Some(Kind::Deep | Kind::Learning))
    }
}

fn without_flickers(day: &[Lived]) -> impl Iterator<Item = &Lived> {
    day.iter().filter(|l| l.span.duration() >= Duration::seconds(FLICKER_SECONDS))
}

/// How many times the day changed context: flickers left out, the rest
/// run together by category (time away from the machine between two
/// stretches of one category is not a switch), and a change counted when
/// the run before it lasted at least [`SWITCH_AFTER_MINUTES`].
pub fn context_switches(day: &[Lived]) -> u32 {
    let mut switches = 0;
    let mut run: Option<(Category, Duration)> = None;
    for lived in without_flickers(day) {
        let length = lived.span.duration();
        run = Some(match run {
            Some((category, so_far)) if category == lived.category => (category, so_far + length),
            Some((_, so_far)) => {
                if so_far >= Duration::minutes(SWITCH_AFTER_MINUTES) {
                    switches += 1;
                }
                (lived.category, length)
            }
            None => (lived.category, length),
        });
    }
    switches
}

/// The longest stretch of deep work or learning: pieces of those kinds
/// in a row, any category, with nothing between them but flickers.
pub fn longest_focus_stretch(day: &[Lived]) -> Option<Span> {
    let mut best: Option<Span> = None;
    let mut current: Option<Span> = None;
    let flicker = Duration::seconds(FLICKER_SECONDS);
    for lived in without_flickers(day) {
        if !lived.is_focus() {
            current = None;
            continue;
        }
        current = Some(match current {
            Some(span) if lived.span.start - span.end <= flicker => Span::new(span.start, lived.span.end),
            _ => lived.span,
        });
        if let Some(span) = current
            && best.is_none_or(|b| span.duration() > b.duration())
        {
            best = current;
        }
    }
    best
}

/// The free stretches of `work` around `busy` (sorted, not overlapping).
pub fn free_stretches(work: &Span, busy: &[Span]) -> Vec<Span> {
    let mut free = Vec::new();
    let mut from = work.start;
    for taken in busy.iter().filter(|b| b.overlaps(work)) {
        if taken.start > from {
            free.push(Span::new(from, taken.start));
        }
        from = from.max(taken.end);
    }
    if from < work.end {
        free.push(Span::new(from, work.end));
    }
    free
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeZone, Utc};

    use super::*;

    fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, h, m, s).unwrap()
    }

    fn lived(from: (u32, u32, u32), to: (u32, u32, u32), category: Category) -> Lived {
        let kind = match category {
            Category::Meetings => Some(Kind::Meeting),
            Category::Admin => Some(Kind::Admin),
            _ => Some(Kind::Deep),
        };
        Lived { span: Span::new(at(from.0, from.1, from.2), at(to.0, to.1, to.2)), category, kind }
    }

    #[test]
    fn a_switch_needs_five_minutes_before_it_and_flickers_do_not_count() {
        let day = [
            lived((9, 0, 0), (10, 0, 0), Category::ModelDev),
            // A 50-second glance at mail: a flicker.
            lived((10, 0, 0), (10, 0, 50), Category::Admin),
            lived((10, 0, 50), (10, 30, 0), Category::ModelDev),
            // Away, then the same work again: no switch.
            lived((10, 45, 0), (11, 0, 0), Category::ModelDev),
            // Switch 1: to admin after 1 h 44 min of model work.
            lived((11, 0, 0), (11, 4, 0), Category::Admin),
            // Not a switch: the admin run lasted only 4 minutes.
            lived((11, 4, 0), (11, 30, 0), Category::Evaluation),
            // Switch 2: evaluation ran 26 minutes.
            lived((11, 30, 0), (12, 0, 0), Category::Meetings),
        ];
        assert_eq!(context_switches(&day), 2);
        assert_eq!(context_switches(&day[..3]), 0);
        assert_eq!(context_switches(&[]), 0);
    }

    #[test]
    fn the_longest_stretch_runs_through_flickers_and_across_categories_of_deep_work() {
        let day = [
            lived((9, 0, 0), (10, 0, 0), Category::ModelDev),
            lived((10, 0, 0), (10, 0, 30), Category::Admin),
            lived((10, 0, 30), (10, 40, 0), Category::Evaluation),
            lived((10, 40, 0), (11, 0, 0), Category::Meetings),
            lived((11, 0, 0), (13, 0, 0), Category::Training),
            lived((13, 2, 0), (13, 30, 0), Category::Training),
        ];
        let best = longest_focus_stretch(&day).unwrap();
        assert_eq!((best.start, best.end), (at(11, 0, 0), at(13, 0, 0)));
        let best = longest_focus_stretch(&day[..3]).unwrap();
        assert_eq!((best.start, best.end), (at(9, 0, 0), at(10, 40, 0)));
        assert_eq!(longest_focus_stretch(&day[3..4]), None);
    }

    #[test]
    fn free_time_is_what_meetings_leave_of_the_workday() {
        let work = Span::new(at(9, 0, 0), at(17, 0, 0));
        let busy = [
            Span::new(at(8, 0, 0), at(9, 30, 0)),
            Span::new(at(11, 0, 0), at(11, 30, 0)),
            Span::new(at(11, 15, 0), at(12, 0, 0)),
            Span::new(at(17, 0, 0), at(18, 0, 0)),
        ];
        let free = free_stretches(&work, &busy);
        let spans: Vec<_> = free.iter().map(|s| (s.start, s.end)).collect();
        assert_eq!(spans, vec![(at(9, 30, 0), at(11, 0, 0)), (at(12, 0, 0), at(17, 0, 0))]);
    }
}
