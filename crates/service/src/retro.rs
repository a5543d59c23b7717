//! The weekly retro: three answers kept with the week, and the next week
//! planned from the blocks that held.

use std::collections::HashSet;

use chrono::Duration;
use deepblock_core::time::{resolve_local, to_local};
use deepblock_core::{Kind, Source, Week};
use deepblock_store::RetroRow;
use serde::{Deserialize, Serialize};

use crate::{BlockDraft, Changed, Plan, ServiceError, ServiceResult};

/// The longest answer kept.
pub const LONGEST_ANSWER: usize = 4000;

/// The three questions of a weekly retro, answered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Retro {
    /// What worked.
    pub worked: String,
    /// What did not.
    pub did_not: String,
    /// What changes next week.
    pub change: String,
}

/// What planning next week from this one did.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NextWeek {
    /// Blocks copied to the same day and time a week later.
    pub copied: usize,
    /// Blocks left behind because they did not get even half their time.
    pub dropped: Vec<String>,
    /// Blocks not copied because next week already has them (the same
    /// kind and title at the same time): planning twice adds nothing.
    pub already_there: usize,
}

impl Plan {
    /// The retro kept for `week`, empty when none was.
    pub fn retro(&self, week: Week) -> ServiceResult<Retro> {
        Ok(self
            .store
            .retro(week.first_day())?
            .map(|r| Retro { worked: r.worked, did_not: r.did_not, change: r.change })
            .unwrap_or_default())
    }

    /// Keeps `retro` with `week`, in place of the last answers.
    pub fn save_retro(&mut self, week: Week, retro: &Retro) -> ServiceResult<()> {
        for (what, answer) in [
            ("what worked", &retro.worked),
            ("what did not", &retro.did_not),
            ("what changes", &retro.change),
        ] {
            if answer.chars().count() > LONGEST_ANSWER {
                return Err(ServiceError::bad_input(format!(
                    "the answer to {what} is longer than {LONGEST_ANSWER} characters; shorten it"
                )));
            }
        }
        let row = RetroRow {
            worked: retro.worked.trim().to_owned(),
            did_not: retro.did_not.trim().to_owned(),
            change: retro.change.trim().to_owned(),
        };
        let now = self.now();
        self.store.write(|tx| tx.save_retro(week.first_day(), &row, now))?;
        Ok(())
    }

    /// Plans the week after `week` from it: each one-off planned block of
    /// `week` that held is added again at the same local day and time a
    /// week later, through the rules like any new block. A deep-work or
    /// learning block that got less than half its time is left behind and
    /// named; repeating blocks repeat already. A block next week already
    /// has is not added again, so planning twice is planning once.
    pub fn plan_next_week_from(&mut self, week: Week) -> ServiceResult<Changed<NextWeek>> {
        let span = week.span(self.tz);
        let there: HashSet<_> = self
            .store
            .blocks_touching(&week.next().span(self.tz))?
            .into_iter()
            .filter(|b| b.source == Source::Planned)
            .map(|b| (b.kind, b.title, b.start, b.end))
            .collect();
        let review = self.review_week(Some(week))?;
        let blocks: Vec<_> = self
            .store
            .blocks_touching(&span)?
            .into_iter()
            .filter(|b| b.source == Source::Planned && b.recurrence.is_none() && b.kind != Kind::Meeting)
            .filter(|b| span.start <= b.start && b.start < span.end)
            .collect();
        let mut result = Changed::warned(NextWeek::default(), Vec::new());
        for block in blocks {
            let failed = review
                .cut_short
                .iter()
                .any(|c| c.block == block.id && c.done_minutes * 2 < c.planned_minutes);
            if failed {
                result.value.dropped.push(block.title.clone());
                continue;
            }
            let later = |t| resolve_local(self.tz, to_local(self.tz, t) + Duration::days(7));
            let (start, end) = (later(block.start), later(block.end));
            if there.contains(&(block.kind, block.title.clone(), start, end)) {
                result.value.already_there += 1;
                continue;
            }
            let draft = BlockDraft {
                title: Some(block.title.clone()),
                category: Some(block.category),
                protected: block.protected,
                ..BlockDraft::new(block.kind, start, end)
            };
            match self.add_block(draft) {
                Ok(added) => {
                    result.value.copied += 1;
                    result.warnings.extend(added.warnings);
                }
                Err(refused) => {
                    result.notes.push(format!("'{}' was not copied: {}", block.title, refused.message))
                }
            }
        }
        Ok(result)
    }
}
