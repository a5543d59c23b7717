//! The rule for a published block edited on both sides since the last
//! sync: a three-way merge of what the user can change in a calendar app
//! (the title, the time, how it repeats) against the copy both sides
//! started from. A part changed on one side only takes that side's value;
//! a part changed on both sides to different values is a conflict, which
//! is never settled silently: the block keeps the user's version, the
//! server keeps its own, and the user chooses.

use chrono::{DateTime, Utc};

use crate::{Block, Recurrence};

/// What a calendar app can change of a published block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editable {
    /// SUMMARY.
    pub title: String,
    /// DTSTART and DTEND, moved together as one change.
    pub time: (DateTime<Utc>, DateTime<Utc>),
    /// RRULE, EXDATE, RDATE and overrides.
    pub repeat: Option<Recurrence>,
}

impl Editable {
    /// The parts of `block` a calendar app can change.
    pub fn of(block: &Block) -> Self {
        Self { title: block.title.clone(), time: (block.start, block.end), repeat: block.recurrence.clone() }
    }

    /// `block` with these parts.
    pub fn apply_to(&self, block: &Block) -> Block {
        Block {
            title: self.title.clone(),
            start: self.time.0,
            end: self.time.1,
            recurrence: self.repeat.clone(),
            ..block.clone()
        }
    }
}

/// How a merge came out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Merged {
    /// Every part settled; the block as both sides should have it.
    Clean(Editable),
    /// These parts were changed on both sides to different values.
    Conflict(Vec<&'static str>),
}

/// Merges `ours` and `theirs`, both changed from `base`.
pub fn three_way(base: &Editable, ours: &Editable, theirs: &Editable) -> Merged {
    let mut conflicts = Vec::new();
    fn pick<T: PartialEq + Clone>(
        name: &'static str,
        base: &T,
        ours: &T,
        theirs: &T,
        conflicts: &mut Vec<&'static str>,
    ) -> T {
        if ours == base || ours == theirs {
            theirs.clone()
        } else if theirs == base {
            ours.clone()
        } else {
            conflicts.push(name);
            ours.clone()
        }
    }
    let merged = Editable {
        title: pick("title", &base.title, &ours.title, &theirs.title, &mut conflicts),
        time: pick("time", &base.time, &ours.time, &theirs.time, &mut conflicts),
        repeat: pick("repeat", &base.repeat, &ours.repeat, &theirs.repeat, &mut conflicts),
    };
    if conflicts.is_empty() { Merged::Clean(merged) } else { Merged::Conflict(conflicts) }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 3, h, 0, 0).unwrap()
    }

    fn editable(title: &str, start: u32) -> Editable {
        Editable { title: title.into(), time: (at(start), at(start + 3)), repeat: None }
    }

    #[test]
    fn a_part_changed_on_one_side_takes_that_side() {
        let base = editable("Paper", 9);
        // Renamed on the phone, moved here: both changes survive.
        let merged = three_way(&base, &editable("Paper", 10), &editable("Paper draft", 9));
        assert_eq!(merged, Merged::Clean(editable("Paper draft", 10)));
        // Nothing changed here: the server's version wins whole.
        assert_eq!(three_way(&base, &base, &editable("X", 14)), Merged::Clean(editable("X", 14)));
        // The same change on both sides is no conflict.
        assert_eq!(
            three_way(&base, &editable("Paper", 11), &editable("Paper", 11)),
            Merged::Clean(editable("Paper", 11))
        );
    }

    #[test]
    fn the_same_part_changed_differently_is_a_conflict_naming_it() {
        let base = editable("Paper", 9);
        let merged = three_way(&base, &editable("Paper", 10), &editable("Paper", 14));
        assert_eq!(merged, Merged::Conflict(vec!["time"]));
        let both = three_way(&base, &editable("A", 10), &editable("B", 14));
        assert_eq!(both, Merged::Conflict(vec!["title", "time"]));
    }
}
