//! Sessions the plan starts by itself: when a block of a chosen kind
//! begins, focus begins with it and ends with it. Pure; the caller passes
//! the blocks around `now` and the last session's start.

use std::fmt;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::block::{BlockId, Category, Kind};
use crate::error::{CoreError, CoreResult};
use crate::focus::{FocusSession, MAX_SESSION_HOURS, Rhythm};
use crate::time::Span;

/// Less than this left of a block is not worth a session.
const SHORTEST_FOLLOWED_MINUTES: i64 = 1;

/// A set of kinds of block: those whose start starts a focus session,
/// and those published as busy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KindSet(u8);

impl KindSet {
    /// Deep work only: the default for focus, since deep work is what
    /// sessions protect.
    pub const DEEP: KindSet = KindSet(1);

    /// Deep work, learning and meetings: what colleagues see as busy by
    /// default, so they keep off focus time; breaks and admin stay free to
    /// book.
    pub const BUSY: KindSet = KindSet(0b111);

    /// No kind: sessions start only by hand.
    pub const NONE: KindSet = KindSet(0);

    fn bit(kind: Kind) -> u8 {
        let index = Kind::ALL.iter().position(|k| *k == kind).unwrap_or_default();
        1 << index
    }

    /// The set as a bit mask in the order of [`Kind::ALL`]: how the store
    /// keeps it (so a new kind goes at the end of that list, or stored
    /// settings would name other kinds).
    pub fn bits(&self) -> u8 {
        self.0
    }

    /// The set from a bit mask; bits of no kind are dropped.
    pub fn from_bits(bits: u8) -> Self {
        Self(bits & ((1 << Kind::ALL.len()) - 1))
    }

    /// Whether blocks of `kind` start sessions.
    pub fn contains(&self, kind: Kind) -> bool {
        self.0 & Self::bit(kind) != 0
    }

    /// The kinds, in the order users see them.
    pub fn kinds(&self) -> Vec<Kind> {
        Kind::ALL.iter().copied().filter(|k| self.contains(*k)).collect()
    }

    /// The set of these kinds, whatever they are.
    pub fn any_of(kinds: &[Kind]) -> Self {
        Self(kinds.iter().fold(0, |bits, k| bits | Self::bit(*k)))
    }

    /// The set of these kinds for starting focus; a kind that cannot start
    /// a session (a break) is refused.
    pub fn of(kinds: &[Kind]) -> CoreResult<Self> {
        if let Some(kind) = kinds.iter().find(|k| !k.can_start_focus()) {
            return Err(CoreError::BadInput(format!(
                "a {} cannot start a focus session; leave it out",
                kind.label().to_lowercase()
            )));
        }
        Ok(Self::any_of(kinds))
    }

    /// The set of the kinds named (as a settings form's ticked boxes give
    /// them) for starting focus; no names is the empty set.
    pub fn from_names<S: AsRef<str>>(names: &[S]) -> CoreResult<Self> {
        Self::of(&kinds_named(names)?)
    }

    /// Reads `deep,learning`, or `none` for the empty set, for starting
    /// focus.
    pub fn parse(text: &str) -> CoreResult<Self> {
        Self::of(&kinds_listed(text)?)
    }

    /// Reads `deep,learning,break`, or `none`: any kind.
    pub fn parse_any(text: &str) -> CoreResult<Self> {
        Ok(Self::any_of(&kinds_listed(text)?))
    }
}

fn kinds_named<S: AsRef<str>>(names: &[S]) -> CoreResult<Vec<Kind>> {
    names.iter().map(|n| n.as_ref().parse()).collect()
}

/// The kinds a comma-separated list names; `none` is none.
fn kinds_listed(text: &str) -> CoreResult<Vec<Kind>> {
    if text.trim().eq_ignore_ascii_case("none") {
        return Ok(Vec::new());
    }
    let names: Vec<&str> = text.split(',').map(str::trim).filter(|p| !p.is_empty()).collect();
    if names.is_empty() {
        return Err(CoreError::BadInput(format!(
            "'{text}' names no kind; write deep, deep,learning or none"
        )));
    }
    kinds_named(&names)
}

impl Default for KindSet {
    fn default() -> Self {
        Self::DEEP
    }
}

impl fmt::Display for KindSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == 0 {
            return f.write_str("none");
        }
        let names: Vec<&str> = self.kinds().iter().map(Kind::as_str).collect();
        f.write_str(&names.join(","))
    }
}

impl Serialize for KindSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.kinds())
    }
}

/// Any kinds: what a set may hold is checked where it is set.
impl<'de> Deserialize<'de> for KindSet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(KindSet::any_of(&Vec::<Kind>::deserialize(d)?))
    }
}

/// One occurrence on the plan, as much as following it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedSlot {
    /// The block.
    pub block_id: BlockId,
    /// Its kind, which decides whether it starts a session.
    pub kind: Kind,
    /// What its time goes to; the session is reported under it.
    pub category: Category,
    /// When this occurrence runs.
    pub span: Span,
}

/// The slot a session started `now` should follow: one of a kind in
/// `kinds` that is under way, with at least a minute left, and in which no
/// session has started yet (`last_started`), so a session stopped by hand
/// is not started again until the next block. The earliest-starting wins.
pub fn slot_to_follow(
    slots: &[PlannedSlot],
    kinds: KindSet,
    now: DateTime<Utc>,
    last_started: Option<DateTime<Utc>>,
) -> Option<&PlannedSlot> {
    slots
        .iter()
        .filter(|s| kinds.contains(s.kind))
        .filter(|s| s.span.start <= now && s.span.end - now >= Duration::minutes(SHORTEST_FOLLOWED_MINUTES))
        .filter(|s| last_started.is_none_or(|last| last < s.span.start))
        .min_by_key(|s| (s.span.start, std::cmp::Reverse(s.span.end)))
}

/// A session from `now` to the end of `slot` (at most the longest session),
/// reported under the slot's block and category.
pub fn session_for(slot: &PlannedSlot, now: DateTime<Utc>, rhythm: Rhythm) -> CoreResult<FocusSession> {
    let end = slot.span.end.min(now + Duration::hours(MAX_SESSION_HOURS));
    let mut session = FocusSession::start(now, end, rhythm, false)?;
    session.block_id = Some(slot.block_id);
    session.category = slot.category;
    Ok(session)
}

/// The later end a running session should take because its block was made
/// longer; `None` when it needs none. A block made shorter or removed
/// leaves the session as it is: a drag on the calendar must not be a way
/// around a session that blocks sites.
pub fn extended_end(session: &FocusSession, slots: &[PlannedSlot]) -> Option<DateTime<Utc>> {
    let block = session.block_id?;
    let limit = session.started + Duration::hours(MAX_SESSION_HOURS);
    slots
        .iter()
        .filter(|s| s.block_id == block && s.span.start <= session.started && session.started < s.span.end)
        .map(|s| s.span.end.min(limit))
        .filter(|end| *end > session.planned_end)
        .max()
}

/// When the next slot of a kind in `kinds` starts after `now`, if any.
pub fn next_start(slots: &[PlannedSlot], kinds: KindSet, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    slots.iter().filter(|s| kinds.contains(s.kind) && s.span.start > now).map(|s| s.span.start).min()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn t(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, h, m, 0).unwrap()
    }

    fn slot(id: i64, kind: Kind, from: DateTime<Utc>, to: DateTime<Utc>) -> PlannedSlot {
        PlannedSlot { block_id: BlockId(id), kind, category: Category::ModelDev, span: Span::new(from, to) }
    }

    #[test]
    fn kind_sets_parse_print_and_refuse_breaks() {
        assert_eq!(KindSet::default().kinds(), vec![Kind::Deep]);
        let set = KindSet::parse("Learning, deep").unwrap();
        assert_eq!(set.to_string(), "deep,learning");
        assert_eq!(KindSet::from_bits(set.bits()), set);
        assert_eq!(KindSet::parse("none").unwrap().to_string(), "none");
        assert!(KindSet::parse("deep,break").unwrap_err().to_string().contains("a break cannot"));
        assert!(KindSet::parse("focus").is_err());
        assert!(KindSet::parse(" , ").is_err());
        assert_eq!(serde_json::to_string(&set).unwrap(), r#"["deep","learning"]"#);
    }

    #[test]
    fn any_kind_may_be_busy_and_the_default_is_focus_learning_and_meetings() {
        assert_eq!(KindSet::BUSY, KindSet::any_of(&[Kind::Deep, Kind::Learning, Kind::Meeting]));
        assert_eq!(KindSet::parse_any("deep,break").unwrap().kinds(), vec![Kind::Deep, Kind::Break]);
        assert_eq!(KindSet::parse_any("none").unwrap(), KindSet::NONE);
        assert!(KindSet::parse_any("focus").is_err());
    }

    #[test]
    fn a_deep_block_under_way_is_followed_to_its_end_under_its_category() {
        let slots = [slot(1, Kind::Meeting, t(8, 0), t(10, 0)), slot(2, Kind::Deep, t(9, 0), t(11, 0))];
        let now = t(9, 0);
        let found = slot_to_follow(&slots, KindSet::DEEP, now, None).unwrap();
        let session = session_for(found, now, Rhythm::DEFAULT).unwrap();
        assert_eq!((session.started, session.planned_end), (t(9, 0), t(11, 0)));
        assert_eq!((session.block_id, session.category), (Some(BlockId(2)), Category::ModelDev));
        assert!(!session.locked);
        assert!(slot_to_follow(&slots, KindSet::NONE, now, None).is_none());
        assert!(slot_to_follow(&slots, KindSet::DEEP, t(8, 59), None).is_none(), "not before it starts");
        assert!(slot_to_follow(&slots, KindSet::DEEP, t(10, 59) + Duration::seconds(30), None).is_none());
    }

    #[test]
    fn a_session_already_started_in_the_block_is_not_started_again() {
        let slots = [slot(2, Kind::Deep, t(9, 0), t(11, 0)), slot(3, Kind::Deep, t(11, 0), t(12, 0))];
        assert!(slot_to_follow(&slots, KindSet::DEEP, t(10, 0), Some(t(9, 30))).is_none());
        let next = slot_to_follow(&slots, KindSet::DEEP, t(11, 0), Some(t(9, 30))).unwrap();
        assert_eq!(next.block_id, BlockId(3), "the next block starts its own");
        assert_eq!(
            slot_to_follow(&slots, KindSet::DEEP, t(10, 0), Some(t(8, 0))).unwrap().block_id,
            BlockId(2)
        );
    }

    #[test]
    fn a_longer_block_extends_its_session_and_a_shorter_one_does_not_cut_it() {
        let follow = slot(2, Kind::Deep, t(9, 0), t(11, 0));
        let session = session_for(&follow, t(9, 10), Rhythm::DEFAULT).unwrap();
        assert_eq!(extended_end(&session, &[slot(2, Kind::Deep, t(9, 0), t(12, 0))]), Some(t(12, 0)));
        assert_eq!(extended_end(&session, &[slot(2, Kind::Deep, t(9, 0), t(10, 0))]), None);
        assert_eq!(extended_end(&session, &[]), None);
        assert_eq!(extended_end(&session, &[slot(5, Kind::Deep, t(9, 0), t(12, 0))]), None, "another block");
        let manual = FocusSession::start(t(9, 10), t(10, 0), Rhythm::DEFAULT, false).unwrap();
        assert_eq!(extended_end(&manual, &[follow]), None);
    }

    #[test]
    fn sessions_stay_within_the_longest_allowed() {
        let day = slot(2, Kind::Deep, t(0, 0), t(0, 0) + Duration::hours(20));
        let session = session_for(&day, t(1, 0), Rhythm::DEFAULT).unwrap();
        assert_eq!(session.planned_end, t(13, 0));
        let longer = slot(2, Kind::Deep, t(0, 0), t(0, 0) + Duration::hours(30));
        assert_eq!(extended_end(&session, &[longer]), None);
    }

    #[test]
    fn the_next_start_is_the_earliest_of_a_followed_kind() {
        let slots = [
            slot(1, Kind::Meeting, t(10, 0), t(11, 0)),
            slot(2, Kind::Deep, t(13, 0), t(15, 0)),
            slot(3, Kind::Deep, t(8, 0), t(9, 0)),
        ];
        assert_eq!(next_start(&slots, KindSet::DEEP, t(9, 30)), Some(t(13, 0)));
        assert_eq!(next_start(&slots, KindSet::NONE, t(9, 30)), None);
    }
}
