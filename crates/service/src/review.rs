//! The weekly review: loads a week's plan, sessions, entries and skipped
//! meetings and asks the core for planned against actual.

use chrono::NaiveDate;
use deepblock_core::review::{Review, ReviewInput, review_week};
use deepblock_core::time::day_span;
use deepblock_core::{BlockId, Kind, Week};

use crate::{Plan, ServiceError, ServiceResult};

impl Plan {
    /// The review of `week` (this week when absent), counting as actual
    /// only the time up to now.
    pub fn review_week(&self, week: Option<Week>) -> ServiceResult<Review> {
        let week = match week {
            Some(week) => week,
            None => self.current_week()?,
        };
        let span = week.span(self.tz);
        let plan = self.store.blocks_touching(&span)?;
        let skipped: Vec<(BlockId, _)> = self
            .store
            .skipped_meetings(&span)?
            .into_iter()
            .filter_map(|(uid, start)| plan.iter().find(|b| b.uid == uid).map(|b| (b.id, start)))
            .collect();
        let rules = self.store.rules()?;
        Ok(review_week(&ReviewInput {
            week,
            tz: self.tz,
            now: self.now(),
            rules: &rules,
            plan: &plan,
            sessions: &self.store.sessions_touching(&span)?,
            entries: &self.store.entries_touching(&span)?,
            skipped: &skipped,
            activity: &self.store.activity_in(&span)?,
        })?)
    }

    /// Marks meeting `id`'s occurrence on `date` as not attended (or, with
    /// `attended`, as attended again), so the review counts its time or
    /// not. Returns the meeting's title.
    pub fn mark_meeting(&mut self, id: BlockId, date: NaiveDate, attended: bool) -> ServiceResult<String> {
        let block = self.block(id)?;
        if block.kind != Kind::Meeting {
            return Err(ServiceError::bad_input(format!(
                "block {id} ('{}') is not a meeting; only meetings can be skipped",
                block.title
            )));
        }
        let day = day_span(self.tz, date);
        let occurrence = deepblock_core::occurrences(&block, &day)?
            .into_iter()
            .find(|o| day.start <= o.span.start && o.span.start < day.end)
            .ok_or_else(|| {
                ServiceError::bad_input(format!(
                    "'{}' has no occurrence starting on {}",
                    block.title,
                    date.format("%a %-d %b")
                ))
            })?;
        self.store.write(|tx| tx.set_meeting_skipped(&block.uid, occurrence.span.start, !attended))?;
        Ok(block.title)
    }
}
