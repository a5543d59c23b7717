//! Weekly templates: a week planned once becomes every week's plan.

use chrono::NaiveDate;
use deepblock_core::{Kind, Source};

use crate::{BlockEdit, Changed, Plan, Repeat, ServiceResult};

impl Plan {
    /// Makes every one-off deep-work block that starts in the week holding
    /// `date` (today when absent) repeat weekly from then on. Each block is
    /// its own change, with its own undo step, checked like any edit; one
    /// the rules refuse stays as it was and is named in the notes. Returns
    /// how many now repeat.
    pub fn repeat_week_deep_blocks(&mut self, date: Option<NaiveDate>) -> ServiceResult<Changed<usize>> {
        let today = self.now().with_timezone(&self.tz).date_naive();
        let span = self.week_holding(date.unwrap_or(today))?.span(self.tz);
        let one_offs: Vec<_> = self
            .store
            .blocks_touching(&span)?
            .into_iter()
            .filter(|b| b.kind == Kind::Deep && b.source == Source::Planned && b.recurrence.is_none())
            .filter(|b| span.start <= b.start && b.start < span.end)
            .collect();
        let mut result = Changed::warned(0, Vec::new());
        for block in one_offs {
            let edit =
                BlockEdit { repeat: Some(Some(Repeat::Weekly { until: None })), ..BlockEdit::default() };
            match self.edit_block(block.id, edit) {
                Ok(changed) => {
                    result.value += 1;
                    result.warnings.extend(changed.warnings);
                }
                Err(refused) => {
                    result.notes.push(format!("'{}' stays one-off: {}", block.title, refused.message))
                }
            }
        }
        if result.value == 0 && result.notes.is_empty() {
            result.notes.push("this week has no one-off deep-work blocks to repeat".to_owned());
        }
        Ok(result)
    }
}
