//! What a front end shows for one occurrence on the calendar.

use chrono::{DateTime, FixedOffset, NaiveDateTime};
use deepblock_core::{Block, BlockId, Category, Kind, Occurrence, Source};
use serde::Serialize;

/// Where an entry's block came from: planned here (editable) or imported
/// from another calendar (read-only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum EntrySource {
    /// Planned in Deepblock.
    Planned,
    /// Imported, read-only.
    Imported,
}

/// One occurrence of a block, flattened for display and for scripts. The
/// field names are part of the command-line contract (`--json`): add
/// fields, never rename them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Entry {
    /// The block's id (the same for every occurrence of a series).
    pub id: BlockId,
    /// The block's calendar identity.
    pub uid: String,
    /// What the block is for.
    pub kind: Kind,
    /// Its title.
    pub title: String,
    /// What the time goes to.
    pub category: Category,
    /// Start, with the offset of the user's zone.
    pub start: DateTime<FixedOffset>,
    /// End, with the offset of the user's zone.
    pub end: DateTime<FixedOffset>,
    /// The zone the block was planned in.
    pub tz: String,
    /// Whether meetings are refused on top of it.
    pub protected: bool,
    /// The repeat rule (`FREQ=WEEKLY`…), if it repeats.
    pub repeat: Option<String>,
    /// For a series, the local start the rule gave this occurrence, which
    /// names it for `--occurrence`.
    pub occurrence: Option<NaiveDateTime>,
    /// Whether the occurrence was moved away from its rule's time.
    pub moved: bool,
    /// Where the block came from.
    pub source: EntrySource,
    /// For imported blocks, the calendar's name.
    pub calendar: Option<String>,
}

impl Entry {
    /// The entry for the first occurrence of `block`, shown in `tz`: how a
    /// front end reports a block it just changed.
    pub fn first(block: &Block, tz: chrono_tz::Tz) -> Self {
        let occurrence = Occurrence {
            block_id: block.id,
            original: block.recurrence.as_ref().map(|_| block.local_start()),
            span: block.span(),
        };
        Self::new(block, &occurrence, tz)
    }

    /// The entry for one occurrence of `block`, shown in `tz`.
    pub fn new(block: &Block, occurrence: &Occurrence, tz: chrono_tz::Tz) -> Self {
        let local = |t: DateTime<chrono::Utc>| t.with_timezone(&tz).fixed_offset();
        let moved = match (&block.recurrence, occurrence.original) {
            (Some(r), Some(original)) => r.moved.contains_key(&original),
            _ => false,
        };
        let (source, calendar) = match &block.source {
            Source::Planned => (EntrySource::Planned, None),
            Source::Imported { calendar } => (EntrySource::Imported, Some(calendar.clone())),
        };
        Self {
            id: block.id,
            uid: block.uid.clone(),
            kind: block.kind,
            title: block.title.clone(),
            category: block.category,
            start: local(occurrence.span.start),
            end: local(occurrence.span.end),
            tz: block.tz.name().to_owned(),
            protected: block.protected,
            repeat: block.recurrence.as_ref().map(|r| r.rule.to_string()),
            occurrence: occurrence.original,
            moved,
            source,
            calendar,
        }
    }
}
