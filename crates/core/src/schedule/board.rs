//! The free time chunks can go into: workday stretches around everything
//! already in the calendar, on the grid, shrinking as chunks are placed.

use chrono::{DateTime, Duration, Utc};

use crate::review::free_stretches;
use crate::task::GRID_MINUTES;
use crate::time::Span;

/// Free stretches, sorted, not touching.
#[derive(Debug, Clone, Default)]
pub(super) struct Board {
    free: Vec<Span>,
}

impl Board {
    /// The workday `stretches` (sorted) without `busy` (any order), cut
    /// to the grid.
    pub(super) fn new(stretches: &[Span], busy: &[Span]) -> Self {
        let mut busy: Vec<Span> = busy.to_vec();
        busy.sort_by_key(|s| (s.start, s.end));
        let free = stretches
            .iter()
            .flat_map(|work| free_stretches(work, &busy))
            .map(|s| Span::new(grid_up(s.start), grid_down(s.end)))
            .filter(|s| s.start < s.end)
            .collect();
        Self { free }
    }

    /// The stretches, in order.
    pub(super) fn stretches(&self) -> &[Span] {
        &self.free
    }

    /// Whether `span` lies wholly in one free stretch.
    pub(super) fn fits(&self, span: &Span) -> bool {
        self.free.iter().any(|s| s.start <= span.start && span.end <= s.end)
    }

    /// Takes `span` out of the free time; it must fit.
    pub(super) fn take(&mut self, span: &Span) {
        let Some(at) = self.free.iter().position(|s| s.start <= span.start && span.end <= s.end) else {
            return;
        };
        let stretch = self.free.remove(at);
        let mut rest = Vec::new();
        if stretch.start < span.start {
            rest.push(Span::new(stretch.start, span.start));
        }
        if span.end < stretch.end {
            rest.push(Span::new(span.end, stretch.end));
        }
        self.free.splice(at..at, rest);
    }
}

fn grid_seconds() -> i64 {
    GRID_MINUTES * 60
}

/// The first grid mark at or after `t`.
pub(super) fn grid_up(t: DateTime<Utc>) -> DateTime<Utc> {
    let down = grid_down(t);
    if down == t { t } else { down + Duration::seconds(grid_seconds()) }
}

/// The last grid mark at or before `t`.
pub(super) fn grid_down(t: DateTime<Utc>) -> DateTime<Utc> {
    let rest = t.timestamp().rem_euclid(grid_seconds());
    t - Duration::nanoseconds(i64::from(t.timestamp_subsec_nanos())) - Duration::seconds(rest)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, h, m, s).unwrap()
    }

    #[test]
    fn free_time_is_the_workday_around_what_is_busy_on_the_grid() {
        let work = [Span::new(at(9, 0, 0), at(17, 0, 0))];
        let busy = [Span::new(at(12, 10, 0), at(13, 0, 0)), Span::new(at(10, 0, 0), at(10, 50, 1))];
        let mut board = Board::new(&work, &busy);
        assert_eq!(
            board.stretches(),
            [
                Span::new(at(9, 0, 0), at(10, 0, 0)),
                Span::new(at(11, 0, 0), at(12, 0, 0)),
                Span::new(at(13, 0, 0), at(17, 0, 0))
            ]
        );
        board.take(&Span::new(at(14, 0, 0), at(15, 0, 0)));
        assert!(board.fits(&Span::new(at(13, 0, 0), at(14, 0, 0))));
        assert!(!board.fits(&Span::new(at(13, 30, 0), at(14, 30, 0))));
        assert_eq!(grid_up(at(9, 0, 1)), at(9, 15, 0));
        assert_eq!(grid_up(at(9, 15, 0)), at(9, 15, 0));
        assert_eq!(grid_down(at(9, 14, 59)), at(9, 0, 0));
    }
}
