//! Builders shared by the core tests.
#![allow(dead_code, missing_docs)]

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use deepblock_core::time::resolve_local;
use deepblock_core::{Block, BlockId, Category, Kind, Recurrence, RepeatRule, Source};

pub fn zone(name: &str) -> Tz {
    name.parse().unwrap()
}

pub fn wall(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").unwrap()
}

pub fn at(tz: Tz, text: &str) -> DateTime<Utc> {
    resolve_local(tz, wall(text))
}

pub fn block(id: i64, kind: Kind, tz: Tz, start: &str, end: &str) -> Block {
    Block {
        id: BlockId(id),
        uid: format!("{id}@test"),
        sequence: 0,
        kind,
        title: format!("{} {id}", kind.label()),
        category: kind.default_category(),
        start: at(tz, start),
        end: at(tz, end),
        tz,
        recurrence: None,
        protected: false,
        source: Source::Planned,
    }
}

pub fn weekly(mut b: Block) -> Block {
    b.recurrence = Some(Recurrence::new(RepeatRule::weekly()));
    b
}

pub fn protected(mut b: Block) -> Block {
    b.protected = true;
    b
}

pub fn imported(mut b: Block) -> Block {
    b.source = Source::Imported { calendar: "Work".into() };
    b.category = Category::Meetings;
    b
}
