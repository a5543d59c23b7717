//! Undo and redo of the plan changes made through this process (the
//! desktop app's Ctrl+Z). A step remembers a block as it was before and
//! after one change; undoing puts the "before" back, redoing the "after".
//!
//! A step is only replayed while the block is still exactly as the step
//! left it: if the CLI or an import changed it meanwhile, undo refuses
//! rather than overwrite that change.

use deepblock_core::{Block, BlockId};
use serde::Serialize;

use crate::{Plan, ServiceError, ServiceResult};

/// How many changes can be undone.
const DEPTH: usize = 100;

/// One change: the block before and after (`None` where it did not exist).
#[derive(Debug, Clone)]
struct Step {
    what: String,
    before: Option<Block>,
    after: Option<Block>,
}

impl Step {
    fn id(&self) -> BlockId {
        self.before.as_ref().or(self.after.as_ref()).map_or(BlockId::UNSAVED, |b| b.id)
    }
}

/// The changes that can be undone and redone.
#[derive(Debug, Default)]
pub(crate) struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

/// What undo or redo did, for the front end to say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Replayed {
    /// "Undid moving “Deep work”".
    pub message: String,
    /// The block concerned.
    pub block_id: BlockId,
}

impl Plan {
    /// Remembers a change just saved, so that it can be undone; a new
    /// change makes what was undone no longer redoable.
    pub(crate) fn remember(&mut self, what: &str, before: Option<Block>, after: Option<Block>) {
        let title = before.as_ref().or(after.as_ref()).map(|b| b.title.as_str()).unwrap_or_default();
        self.history.redo.clear();
        self.history.undo.push(Step { what: format!("{what} “{title}”"), before, after });
        if self.history.undo.len() > DEPTH {
            self.history.undo.remove(0);
        }
    }

    /// Runs `change` on block `id` and remembers the block as it was before
    /// and after, when the change succeeds.
    pub(crate) fn remembering<T>(
        &mut self,
        what: &str,
        id: BlockId,
        change: impl FnOnce(&mut Self) -> ServiceResult<T>,
    ) -> ServiceResult<T> {
        let before = self.store.block(id)?;
        let result = change(self)?;
        let after = self.store.block(id)?;
        self.remember(what, before, after);
        Ok(result)
    }

    /// Whether there is something to undo and to redo.
    pub fn can_undo_redo(&self) -> (bool, bool) {
        (!self.history.undo.is_empty(), !self.history.redo.is_empty())
    }

    /// Reverts the latest change made through this process.
    pub fn undo(&mut self) -> ServiceResult<Replayed> {
        let step = self.history.undo.pop().ok_or_else(|| ServiceError::bad_input("nothing to undo"))?;
        let replayed = self.replay(&step, step.after.as_ref(), step.before.as_ref(), "Undid")?;
        self.history.redo.push(step);
        Ok(replayed)
    }

    /// Makes the latest undone change again.
    pub fn redo(&mut self) -> ServiceResult<Replayed> {
        let step = self.history.redo.pop().ok_or_else(|| ServiceError::bad_input("nothing to redo"))?;
        let replayed = self.replay(&step, step.before.as_ref(), step.after.as_ref(), "Redid")?;
        self.history.undo.push(step);
        Ok(replayed)
    }

    /// Moves the block from `from` to `to`, if it is still as `from`.
    fn replay(
        &mut self,
        step: &Step,
        from: Option<&Block>,
        to: Option<&Block>,
        verb: &str,
    ) -> ServiceResult<Replayed> {
        let id = step.id();
        if self.store.block(id)?.as_ref() != from {
            self.history = History::default();
            return Err(ServiceError::bad_input(format!(
                "cannot undo or redo: {} changed elsewhere since (the CLI or an import?); reload the week",
                step.what
            )));
        }
        self.store.write(|tx| match to {
            Some(block) => tx.restore_block(block),
            None => tx.delete_block(id).map(drop),
        })?;
        Ok(Replayed { message: format!("{verb} {}", lowercase_first(&step.what)), block_id: id })
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
}
