//! The plan: the database, the zone it is seen from, "now", and the undo
//! history of this process. Every method is quick and touches nothing but
//! the database, so it is safe to call with the plan's lock held.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use deepblock_core::{Clock, Week};
use deepblock_store::Store;

use crate::error::{Field, ServiceError};
use crate::{ServiceResult, history};

/// One user's plan and rules, seen from one zone.
pub struct Plan {
    pub(crate) store: Store,
    clock: Arc<dyn Clock>,
    pub(crate) tz: Tz,
    pub(crate) history: history::History,
    /// Up to when the alerts of the plan have been shown (see
    /// [`crate::Deepblock::tick`]).
    pub(crate) alerts_shown_up_to: Option<DateTime<Utc>>,
}

impl Plan {
    pub(crate) fn open(path: &Path, tz: Tz, clock: Arc<dyn Clock>) -> ServiceResult<Self> {
        let store = Store::open(path).map_err(|e| ServiceError::from(e).about(Field::Database))?;
        Ok(Self::with_store(store, tz, clock))
    }

    pub(crate) fn in_memory(tz: Tz, clock: Arc<dyn Clock>) -> ServiceResult<Self> {
        Ok(Self::with_store(Store::open_in_memory()?, tz, clock))
    }

    fn with_store(store: Store, tz: Tz, clock: Arc<dyn Clock>) -> Self {
        Self { store, clock, tz, history: history::History::default(), alerts_shown_up_to: None }
    }

    /// The zone the user plans in.
    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// The current instant, from the injected clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The week that holds today, starting on the user's first weekday.
    pub fn current_week(&self) -> ServiceResult<Week> {
        self.week_holding(self.now().with_timezone(&self.tz).date_naive())
    }

    /// The week holding `date`, starting on the user's first weekday; a
    /// date outside [`deepblock_core::time::YEARS`] (from the window,
    /// where no parser has checked it) is refused.
    pub fn week_holding(&self, date: NaiveDate) -> ServiceResult<Week> {
        if !deepblock_core::time::YEARS.contains(&date.year()) {
            return Err(ServiceError::bad_input(format!(
                "{date} is out of range; dates are of the years 1 to 9999"
            )));
        }
        Ok(Week::containing(date, self.store.rules()?.week_start))
    }

    /// Whether another program (the CLI, another window) changed the plan
    /// since this was last asked; this process's own changes do not count,
    /// so a window reloads once for its own edit, not twice.
    pub fn changed_elsewhere(&mut self) -> ServiceResult<bool> {
        Ok(self.store.changed_elsewhere()?)
    }
}
