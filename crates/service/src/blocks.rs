//! Planning operations: add, move, resize, edit and delete blocks, and list
//! a week.

use chrono::{DateTime, NaiveDate, NaiveDateTime, SubsecRound, Utc};
use deepblock_core::policy::check_horizon;
use deepblock_core::recurrence::is_occurrence;
use deepblock_core::time::{dates_span, resolve_local};
use deepblock_core::{
    Block, BlockId, Category, Context, Finding, Kind, Recurrence, RepeatRule, Severity, Source, Span,
    Violation, Week, check_block, occurrences,
};
use deepblock_store::{RuleOverride, Store, StoreResult, Tx};
use serde::Deserialize;

use crate::error::Field;
use crate::{Changed, Entry, Plan, ServiceError, ServiceResult};

/// The domain that makes our UIDs globally unique (RFC 5545 asks for a
/// domain part). `.invalid` is reserved, so it can never clash with a real
/// producer's UIDs.
const UID_DOMAIN: &str = "deepblock.invalid";

/// A new block's calendar identity.
pub(crate) fn new_uid() -> String {
    format!("{}@{UID_DOMAIN}", uuid::Uuid::new_v4())
}

/// The longest title we accept: enough for any sentence, short enough for
/// every calendar we export to.
const MAX_TITLE_CHARS: usize = 500;

/// How a new block repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(tag = "every", rename_all = "lowercase")]
pub enum Repeat {
    /// Every week at the same local time, up to and including `until`.
    Weekly {
        /// The last local date with an occurrence; none means for ever.
        until: Option<NaiveDate>,
    },
}

/// A block to add, as a front end collects it.
#[derive(Debug, Clone, Deserialize)]
pub struct BlockDraft {
    /// What the block is for.
    pub kind: Kind,
    /// Its title; the kind's label when empty.
    pub title: Option<String>,
    /// What the time goes to; the kind's default when empty.
    pub category: Option<Category>,
    /// Start of the (first) occurrence.
    pub start: DateTime<Utc>,
    /// End of the (first) occurrence.
    pub end: DateTime<Utc>,
    /// How it repeats, if it does.
    pub repeat: Option<Repeat>,
    /// Whether meetings are refused on top of it.
    pub protected: bool,
    /// Set to place it even though it breaks a rule; the reason is recorded.
    #[serde(default)]
    pub override_reason: Option<String>,
}

impl BlockDraft {
    /// A one-off, unprotected block with the kind's title and category.
    pub fn new(kind: Kind, start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        Self {
            kind,
            title: None,
            category: None,
            start,
            end,
            repeat: None,
            protected: false,
            override_reason: None,
        }
    }
}

/// What the policy let through: the warnings to show, and the rules the
/// user chose to set aside (to be recorded once the block is saved).
struct Vetted {
    warnings: Vec<Finding>,
    overridden: Option<(String, String)>,
}

/// Where a block (or one occurrence of a series) goes.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct BlockMove {
    /// New start; none keeps the current one (so an end alone resizes).
    pub start: Option<DateTime<Utc>>,
    /// New end; none keeps the length.
    pub end: Option<DateTime<Utc>>,
    /// Only this occurrence of a series, by its rule's wall time.
    pub occurrence: Option<NaiveDateTime>,
    /// Set to move it even though it breaks a rule; the reason is recorded.
    #[serde(default)]
    pub override_reason: Option<String>,
}

/// Changes to a block's details; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct BlockEdit {
    /// New title.
    pub title: Option<String>,
    /// New kind.
    pub kind: Option<Kind>,
    /// New category.
    pub category: Option<Category>,
    /// Protect or unprotect.
    pub protected: Option<bool>,
    /// `Some(Some(_))` makes it repeat, `Some(None)` makes it happen once.
    #[serde(default, with = "double_option")]
    pub repeat: Option<Option<Repeat>>,
}

/// Tells "absent" from "null" for [`BlockEdit::repeat`].
mod double_option {
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        Option::<T>::deserialize(d).map(Some)
    }
}

fn clean_title(title: Option<String>, kind: Kind) -> ServiceResult<String> {
    let title = title.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
    let title = title.unwrap_or_else(|| kind.label().to_owned());
    if title.chars().count() > MAX_TITLE_CHARS {
        return Err(ServiceError::bad_input(format!(
            "the title is {} characters long; keep it under {MAX_TITLE_CHARS}",
            title.chars().count()
        )));
    }
    if title.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(ServiceError::bad_input("the title holds control characters; remove them"));
    }
    Ok(title)
}

fn recurrence_for(
    repeat: Option<Repeat>,
    tz: chrono_tz::Tz,
    start: NaiveDateTime,
) -> ServiceResult<Option<Recurrence>> {
    Ok(match repeat {
        None => None,
        Some(Repeat::Weekly { until: None }) => Some(Recurrence::new(RepeatRule::weekly())),
        Some(Repeat::Weekly { until: Some(last) }) => {
            if last < start.date() {
                return Err(ServiceError::bad_input(format!(
                    "the repeat ends ({last}) before the first occurrence ({}); give a later last date",
                    start.date()
                ))
                .about(Field::RepeatEnd));
            }
            Some(Recurrence::new(RepeatRule::weekly_until(tz, last)))
        }
    })
}

/// What the policy says of `block` against the plan in `store`.
fn check_with(store: &Store, tz: chrono_tz::Tz, block: &Block) -> ServiceResult<Vec<Finding>> {
    let plan = store.blocks_touching(&check_horizon(block)?)?;
    let rules = store.rules()?;
    Ok(check_block(block, &Context { plan: &plan, rules: &rules, tz })?)
}

/// Refuses the block if it breaks a rule, unless the user overrides the
/// rule on purpose with a reason; a malformed block is refused always.
fn vet(
    store: &Store,
    tz: chrono_tz::Tz,
    block: &Block,
    override_reason: Option<&str>,
) -> ServiceResult<Vetted> {
    let findings = check_with(store, tz, block)?;
    let errors: Vec<&Finding> = findings.iter().filter(|f| f.severity == Severity::Error).collect();
    if errors.is_empty() {
        return Ok(Vetted { warnings: findings, overridden: None });
    }
    let malformed = errors
        .iter()
        .any(|f| matches!(f.violation, Violation::EndBeforeStart { .. } | Violation::ZeroLength { .. }));
    match override_reason.map(str::trim).filter(|r| !r.is_empty()) {
        Some(reason) if !malformed => {
            let rules = errors.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join("\n");
            Ok(Vetted { warnings: findings, overridden: Some((rules, reason.to_owned())) })
        }
        _ => Err(ServiceError::violation(findings)),
    }
}

impl Plan {
    /// Adds a block if it keeps the rules; returns it with its id.
    pub fn add_block(&mut self, draft: BlockDraft) -> ServiceResult<Changed<Block>> {
        let start = draft.start.trunc_subsecs(0);
        let end = draft.end.trunc_subsecs(0);
        let local_start = start.with_timezone(&self.tz).naive_local();
        let block = Block {
            id: BlockId::UNSAVED,
            uid: new_uid(),
            sequence: 0,
            kind: draft.kind,
            title: clean_title(draft.title, draft.kind)?,
            category: draft.category.unwrap_or_else(|| draft.kind.default_category()),
            start,
            end,
            tz: self.tz,
            recurrence: recurrence_for(draft.repeat, self.tz, local_start)?,
            protected: draft.protected,
            source: Source::Planned,
        };
        let changed =
            self.save_checked(&block, draft.override_reason.as_deref(), |tx| tx.insert_block(&block))?;
        self.remember("adding", None, Some(changed.value.clone()));
        Ok(changed)
    }

    /// What the policy says of a block, without saving it: for a front end
    /// to preview a drag before the drop.
    pub fn check(&self, block: &Block) -> ServiceResult<Vec<Finding>> {
        check_with(&self.store, self.tz, block)
    }

    /// In one transaction: checks `checked` against the rules, runs `save`
    /// if they let it through, and records any rule set aside on purpose.
    /// A failure at any step leaves the database as it was.
    fn save_checked(
        &mut self,
        checked: &Block,
        override_reason: Option<&str>,
        save: impl FnOnce(&Tx<'_>) -> StoreResult<Block>,
    ) -> ServiceResult<Changed<Block>> {
        let (tz, made) = (self.tz, self.now());
        self.store.write(|tx| {
            let vetted = vet(tx, tz, checked, override_reason)?;
            let saved = save(tx)?;
            let mut changed = Changed::warned(saved, vetted.warnings);
            if let Some((rules, reason)) = vetted.overridden {
                let block_id = changed.value.id;
                tx.record_override(&RuleOverride { block_id, made, rules, reason: reason.clone() })?;
                changed.notes.push(format!("rule overridden on purpose and recorded: {reason}"));
            }
            Ok(changed)
        })
    }

    /// The block with this id, which must exist.
    pub fn block(&self, id: BlockId) -> ServiceResult<Block> {
        self.store.block(id)?.ok_or_else(|| {
            ServiceError::not_found(format!("no block has id {id}; list the week to see the ids"))
        })
    }

    /// The block with this id, which must exist and be planned here.
    fn editable_block(&self, id: BlockId) -> ServiceResult<Block> {
        let block = self.block(id)?;
        if let Source::Imported { calendar } = &block.source {
            return Err(ServiceError::new(
                crate::ErrorCode::ReadOnly,
                format!(
                    "block {id} was imported from the calendar '{calendar}'; change it there and import it again"
                ),
            ));
        }
        Ok(block)
    }

    /// Moves a block (or one occurrence of a series) to start at `start`
    /// and end at `end`. A missing start keeps the current one, so giving
    /// only `end` resizes; a missing end keeps the length.
    ///
    /// Moving a whole series moves every occurrence by the same wall-clock
    /// shift; occurrences the user skipped stay skipped.
    pub fn move_block(&mut self, id: BlockId, to: BlockMove) -> ServiceResult<Changed<Block>> {
        self.remembering("moving", id, |app| app.apply_move(id, to))
    }

    fn apply_move(&mut self, id: BlockId, to: BlockMove) -> ServiceResult<Changed<Block>> {
        let BlockMove { start, end, occurrence, override_reason } = to;
        if start.is_none() && end.is_none() {
            return Err(ServiceError::bad_input("give a new start, a new end, or both"));
        }
        let old = self.editable_block(id)?;
        let start = start.map(|s| s.trunc_subsecs(0));
        let end = end.map(|e| e.trunc_subsecs(0));
        if let Some(original) = occurrence {
            return self.move_occurrence(old, original, start, end, override_reason.as_deref());
        }
        let mut block = old.clone();
        let start = start.unwrap_or(old.start);
        block.start = start;
        block.end = end.unwrap_or(start + old.duration());
        let shift = block.local_start() - old.local_start();
        if let Some(recurrence) = &mut block.recurrence {
            recurrence.shift_keys(shift);
        }
        if block.start != old.start || block.end != old.end {
            block.sequence += 1;
        }
        self.save_checked(&block, override_reason.as_deref(), |tx| {
            tx.update_block(&block)?;
            // A task's chunk the user moves stays where they put it.
            tx.pin_chunk(&block.uid, true)?;
            Ok(block.clone())
        })
    }

    /// Saves `block` over its stored self once `checked` (the block, or the
    /// one occurrence that changed) passes the rules.
    fn save_updated(
        &mut self,
        block: &Block,
        checked: &Block,
        override_reason: Option<&str>,
    ) -> ServiceResult<Changed<Block>> {
        self.save_checked(checked, override_reason, |tx| {
            tx.update_block(block)?;
            Ok(block.clone())
        })
    }

    fn move_occurrence(
        &mut self,
        mut block: Block,
        original: NaiveDateTime,
        start: Option<DateTime<Utc>>,
        end: Option<DateTime<Utc>>,
        override_reason: Option<&str>,
    ) -> ServiceResult<Changed<Block>> {
        self.require_occurrence(&block, original)?;
        let current =
            block.recurrence.as_ref().and_then(|r| r.moved.get(&original).copied()).unwrap_or_else(|| {
                let start = resolve_local(block.tz, original);
                Span::new(start, start + block.duration())
            });
        let start = start.unwrap_or(current.start);
        let span = Span::new(start, end.unwrap_or(start + current.duration()));
        // Only this occurrence changes, so only it is checked: other weeks
        // of the series keep whatever the user accepted for them.
        let mut single = block.clone();
        single.recurrence = None;
        single.start = span.start;
        single.end = span.end;
        if let Some(recurrence) = &mut block.recurrence {
            recurrence.moved.insert(original, span);
        }
        block.sequence += 1;
        self.save_updated(&block, &single, override_reason)
    }

    fn require_occurrence(&self, block: &Block, original: NaiveDateTime) -> ServiceResult<()> {
        let Some(recurrence) = &block.recurrence else {
            return Err(ServiceError::bad_input(format!(
                "block {} does not repeat, so it has no occurrence to name",
                block.id
            ))
            .about(Field::Occurrence));
        };
        let known = recurrence.moved.contains_key(&original) || is_occurrence(block, original)?;
        if !known || recurrence.skipped.contains(&original) {
            return Err(ServiceError::not_found(format!(
                "block {} has no occurrence at {}; list the week to see each occurrence's name",
                block.id,
                original.format("%Y-%m-%dT%H:%M")
            )));
        }
        Ok(())
    }

    /// Changes a block's title, kind, category, protection or repetition.
    pub fn edit_block(&mut self, id: BlockId, edit: BlockEdit) -> ServiceResult<Changed<Block>> {
        self.remembering("changing", id, |app| app.apply_edit(id, edit))
    }

    fn apply_edit(&mut self, id: BlockId, edit: BlockEdit) -> ServiceResult<Changed<Block>> {
        let old = self.editable_block(id)?;
        let mut block = old.clone();
        if let Some(kind) = edit.kind {
            block.kind = kind;
        }
        if edit.title.is_some() {
            block.title = clean_title(edit.title, block.kind)?;
        }
        if let Some(category) = edit.category {
            block.category = category;
        }
        if let Some(protected) = edit.protected {
            block.protected = protected;
        }
        if let Some(repeat) = edit.repeat {
            block.recurrence = recurrence_for(repeat, block.tz, block.local_start())?;
        }
        if block.recurrence != old.recurrence {
            block.sequence += 1;
        }
        self.save_updated(&block, &block, None)
    }

    /// Deletes a block, or with `occurrence` only that occurrence of a
    /// series. Returns the block as it was before.
    pub fn delete_block(&mut self, id: BlockId, occurrence: Option<NaiveDateTime>) -> ServiceResult<Block> {
        self.remembering("deleting", id, |app| app.apply_delete(id, occurrence))
    }

    fn apply_delete(&mut self, id: BlockId, occurrence: Option<NaiveDateTime>) -> ServiceResult<Block> {
        let old = self.editable_block(id)?;
        let Some(original) = occurrence else {
            self.store.write(|tx| tx.delete_block(id))?;
            return Ok(old);
        };
        self.require_occurrence(&old, original)?;
        let mut block = old.clone();
        if let Some(recurrence) = &mut block.recurrence {
            recurrence.moved.remove(&original);
            recurrence.skipped.insert(original);
        }
        block.sequence += 1;
        self.store.write(|tx| tx.update_block(&block))?;
        Ok(old)
    }

    /// Every occurrence touching `window`, in start order.
    pub fn entries(&self, window: &Span) -> ServiceResult<Vec<Entry>> {
        let mut entries = Vec::new();
        for block in self.store.blocks_touching(window)? {
            for occurrence in occurrences(&block, window)? {
                entries.push(Entry::new(&block, &occurrence, self.tz));
            }
        }
        entries.sort_by_key(|e| (e.start, e.id));
        Ok(entries)
    }

    /// The instants between two local dates, both included; refused when
    /// the range runs backwards.
    pub fn dates_window(&self, from: NaiveDate, to: NaiveDate) -> ServiceResult<Span> {
        if to < from {
            return Err(ServiceError::bad_input(format!(
                "the last date ({to}) is before the first ({from}); give the earlier date first"
            ))
            .about(Field::DateRange));
        }
        Ok(dates_span(self.tz, from, to))
    }

    /// Every occurrence in a week (the current one when `None`).
    pub fn week_entries(&self, week: Option<Week>) -> ServiceResult<Vec<Entry>> {
        let week = match week {
            Some(week) => week,
            None => self.current_week()?,
        };
        self.entries(&week.span(self.tz))
    }
}
