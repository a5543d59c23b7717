//! The actual timeline: every source of actual time laid on one line, an
//! instant counted once. Where sources disagree the one the user had most
//! say in wins: their own entries (timer and log) over focus sessions,
//! sessions over meetings, meetings over what a tracker saw.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::block::{BlockId, Category, Kind};
use crate::time::Span;

/// Where a piece of actual time came from, in order of precedence: the
/// first wins where two claim the same instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// The tracking timer.
    Timer,
    /// The user's own log of the past.
    Manual,
    /// A focus session.
    Focus,
    /// A meeting on the calendar that was not marked skipped.
    Meeting,
    /// What ActivityWatch saw, mapped by the user's rules.
    Activity,
}

impl Origin {
    /// The name printed and written to CSV.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Timer => "timer",
            Self::Manual => "manual",
            Self::Focus => "focus",
            Self::Meeting => "meeting",
            Self::Activity => "activitywatch",
        }
    }
}

/// A claim on some time, before precedence is applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// The time claimed.
    pub span: Span,
    /// What it went to.
    pub category: Category,
    /// The kind of work it counts as, when it counts as one.
    pub kind: Option<Kind>,
    /// Where it came from.
    pub origin: Origin,
    /// The block it belongs to (a session's block, a meeting).
    pub block: Option<BlockId>,
    /// The user's words, or a meeting's title.
    pub note: Option<String>,
}

/// A stretch of the timeline: one claim's time where it won.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The time.
    pub span: Span,
    /// Index of the winning claim in the caller's list.
    pub claim: usize,
}

/// Lays `claims` on one line: the pieces, in time order, that no claim of
/// higher precedence covers. Touching pieces of one claim are joined.
/// Claims of equal precedence that overlap (two meetings at once) go to
/// the one listed first. `n log n` in the number of claims.
pub fn lay_out(claims: &[Claim]) -> Vec<Piece> {
    let mut edges: Vec<(chrono::DateTime<chrono::Utc>, bool, usize)> = Vec::with_capacity(claims.len() * 2);
    for (index, claim) in claims.iter().enumerate().filter(|(_, c)| c.span.start < c.span.end) {
        edges.push((claim.span.start, true, index));
        edges.push((claim.span.end, false, index));
    }
    edges.sort_unstable_by_key(|&(at, opens, index)| (at, opens, index));
    let mut open: BTreeSet<(Origin, usize)> = BTreeSet::new();
    let mut pieces: Vec<Piece> = Vec::new();
    let mut at = None;
    for (when, opens, index) in edges {
        if let (Some(from), Some(&(_, winner))) = (at, open.first())
            && from < when
        {
            match pieces.last_mut() {
                Some(last) if last.claim == winner && last.span.end == from => last.span.end = when,
                _ => pieces.push(Piece { span: Span::new(from, when), claim: winner }),
            }
        }
        at = Some(when);
        let key = (claims[index].origin, index);
        if opens {
            open.insert(key);
        } else {
            open.remove(&key);
        }
    }
    pieces
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeZone, Utc};

    use super::*;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, h, m, 0).unwrap()
    }

    fn claim(from: (u32, u32), to: (u32, u32), origin: Origin, category: Category) -> Claim {
        Claim {
            span: Span::new(at(from.0, from.1), at(to.0, to.1)),
            category,
            kind: None,
            origin,
            block: None,
            note: None,
        }
    }

    fn laid(claims: &[Claim]) -> Vec<(u32, u32, usize)> {
        use chrono::Timelike;
        lay_out(claims)
            .iter()
            .map(|p| {
                (
                    p.span.start.hour() * 100 + p.span.start.minute(),
                    p.span.end.hour() * 100 + p.span.end.minute(),
                    p.claim,
                )
            })
            .collect()
    }

    #[test]
    fn an_instant_is_counted_once_the_users_word_first() {
        let claims = [
            claim((9, 0), (12, 0), Origin::Meeting, Category::Meetings),
            claim((10, 0), (11, 0), Origin::Focus, Category::ModelDev),
            claim((10, 30), (10, 45), Origin::Manual, Category::Admin),
            claim((8, 0), (13, 0), Origin::Activity, Category::Other),
        ];
        assert_eq!(
            laid(&claims),
            vec![
                (800, 900, 3),
                (900, 1000, 0),
                (1000, 1030, 1),
                (1030, 1045, 2),
                (1045, 1100, 1),
                (1100, 1200, 0),
                (1200, 1300, 3),
            ]
        );
    }

    #[test]
    fn gaps_stay_empty_and_equal_claims_go_to_the_first_listed() {
        let claims = [
            claim((9, 0), (10, 0), Origin::Meeting, Category::Meetings),
            claim((9, 30), (10, 30), Origin::Meeting, Category::Meetings),
            claim((11, 0), (11, 0), Origin::Manual, Category::Admin),
            claim((12, 0), (13, 0), Origin::Timer, Category::Admin),
        ];
        assert_eq!(laid(&claims), vec![(900, 1000, 0), (1000, 1030, 1), (1200, 1300, 3)]);
    }
}
