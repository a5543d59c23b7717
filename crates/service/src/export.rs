//! Publishing the plan as iCalendar.

use chrono::{Days, NaiveDate};
use deepblock_ical::{ExportOptions, export_calendar};

use crate::{Plan, ServiceResult};

/// What a subscriber sees by default: the last four weeks, for context,
/// and a year ahead.
const DEFAULT_DAYS_BACK: u64 = 28;
const DEFAULT_DAYS_AHEAD: u64 = 365;

/// The calendar's name in Google's, Outlook's or Thunderbird's list.
const CALENDAR_NAME: &str = "Deepblock";

impl Plan {
    /// The plan between two local dates (both included) as iCalendar text:
    /// every planned block touching them (a repeating one whole, with its
    /// rule) and the no-meeting days. Imported meetings are left out: they
    /// already live in the calendar they came from.
    pub fn export_ics(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> ServiceResult<String> {
        self.export(from, to, self.now())
    }

    /// The feed's calendar: the default range; with `stable`, every
    /// DTSTAMP is the Unix epoch, so the text only changes with the plan.
    pub(crate) fn export_for_feed(&self, stable: bool) -> ServiceResult<String> {
        let stamp = if stable { chrono::DateTime::UNIX_EPOCH } else { self.now() };
        self.export(None, None, stamp)
    }

    fn export(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        stamp: chrono::DateTime<chrono::Utc>,
    ) -> ServiceResult<String> {
        let now = self.now();
        let today = now.with_timezone(&self.tz).date_naive();
        let from =
            from.unwrap_or_else(|| today.checked_sub_days(Days::new(DEFAULT_DAYS_BACK)).unwrap_or(today));
        let to = to.unwrap_or_else(|| today.checked_add_days(Days::new(DEFAULT_DAYS_AHEAD)).unwrap_or(today));
        let range = self.dates_window(from, to)?;
        let blocks: Vec<_> =
            self.store.blocks_touching(&range)?.into_iter().filter(|b| b.is_editable()).collect();
        let rules = self.store.rules()?;
        let options = ExportOptions { name: CALENDAR_NAME, tz: self.tz, now: stamp, range, busy: rules.busy };
        Ok(export_calendar(&blocks, &rules, &options))
    }
}
