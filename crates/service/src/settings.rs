//! The rules as a settings form shows and edits them: plain strings and
//! numbers in, the same parsing and messages the CLI's `rules` commands use.

use std::str::FromStr;

use deepblock_core::rules::{Half, NoMeetingWhen, short_weekday};
use deepblock_core::time::{parse_date, parse_weekday};
use serde::{Deserialize, Serialize};

use crate::{Deepblock, ServiceError, ServiceResult};

/// The most hours a weekly goal can name.
const HOURS_IN_A_WEEK: f64 = 168.0;

/// A no-meeting rule as typed: one weekday, one date, or a range of dates;
/// a weekday or a date may be limited to half of the day (`am` or `pm`).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NoMeetingSpec {
    /// `mon` … `sun`.
    pub weekday: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// First day of a range, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last day of a range.
    pub to: Option<String>,
    /// `am` or `pm`.
    pub half: Option<String>,
}

impl NoMeetingSpec {
    /// The rule it names, or the one line that says what is wrong.
    pub fn when(&self) -> ServiceResult<NoMeetingWhen> {
        let half = self.half.as_deref().filter(|h| !h.trim().is_empty()).map(Half::from_str).transpose()?;
        Ok(match (given(&self.weekday), given(&self.date), given(&self.from), given(&self.to)) {
            (Some(day), None, None, None) => NoMeetingWhen::Weekday { weekday: parse_weekday(day)?, half },
            (None, Some(date), None, None) => NoMeetingWhen::Date { date: parse_date(date)?, half },
            (None, None, Some(from), Some(to)) if half.is_none() => {
                NoMeetingWhen::Range { from: parse_date(from)?, to: parse_date(to)? }
            }
            (None, None, Some(_), Some(_)) => {
                return Err(ServiceError::bad_input(
                    "a range of dates covers whole days; leave out the half",
                ));
            }
            _ => {
                return Err(ServiceError::bad_input(
                    "give one of a weekday (--weekday DAY), a date (--date DATE), or a range (--from DATE --to DATE)",
                ));
            }
        })
    }
}

/// A typed field, or none when it was left empty.
fn given(field: &Option<String>) -> Option<&str> {
    field.as_deref().filter(|t| !t.trim().is_empty())
}

/// Every rule and setting, flattened for a form.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SettingsView {
    /// No-meeting rules, each with its id (to remove it) and its words.
    pub no_meeting: Vec<NoMeetingItem>,
    /// Start of the working day, `HH:MM`.
    pub workday_start: String,
    /// End of the working day, `HH:MM`.
    pub workday_end: String,
    /// Working days, `mon` … `sun`.
    pub workdays: Vec<String>,
    /// Weekly deep-work goal in hours.
    pub deep_goal_hours: f64,
    /// Weekly learning goal in hours.
    pub learning_goal_hours: f64,
    /// Deep blocks shorter than this get a warning.
    pub min_deep_minutes: u32,
    /// The first day of the week, `mon` … `sun`.
    pub week_start: String,
    /// The user's email addresses, as invitations name them.
    pub addresses: Vec<String>,
    /// The comment sent with a declined invitation.
    pub decline_comment: String,
    /// Kinds of block that start a focus session, `deep` … `admin`.
    pub auto_focus: Vec<String>,
    /// The rhythm of sessions not given one, `FOCUS/BREAK`.
    pub focus_rhythm: String,
}

/// One no-meeting rule in the settings list.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NoMeetingItem {
    /// The rule's id, for removal.
    pub id: i64,
    /// "every Wednesday", "Friday afternoons", "24 Dec 2026 to 2 Jan 2027".
    pub label: String,
}

/// Hours a week as whole minutes, checked; `name` says which goal.
pub fn goal_minutes(hours: Option<f64>, name: &str) -> ServiceResult<Option<u32>> {
    let Some(hours) = hours else { return Ok(None) };
    if !hours.is_finite() || !(0.0..=HOURS_IN_A_WEEK).contains(&hours) {
        return Err(ServiceError::bad_input(format!(
            "a {name} goal of {hours} hours is not a number of hours in a week; give 0 to 168"
        )));
    }
    Ok(Some((hours * 60.0).round() as u32))
}

impl Deepblock {
    /// The settings form's content.
    pub fn settings(&self) -> ServiceResult<SettingsView> {
        let rules = self.rules()?;
        let hours = |minutes: u32| f64::from(minutes) / 60.0;
        Ok(SettingsView {
            no_meeting: rules
                .no_meeting
                .iter()
                .map(|r| NoMeetingItem { id: r.id, label: r.when.to_string() })
                .collect(),
            workday_start: rules.workday.start.format("%H:%M").to_string(),
            workday_end: rules.workday.end.format("%H:%M").to_string(),
            workdays: rules.workday.days.days().into_iter().map(|d| short_weekday(d).to_owned()).collect(),
            deep_goal_hours: hours(rules.goals.deep_minutes),
            learning_goal_hours: hours(rules.goals.learning_minutes),
            min_deep_minutes: rules.min_deep_minutes,
            week_start: short_weekday(rules.week_start).to_owned(),
            addresses: rules.me,
            decline_comment: rules.decline_comment,
            auto_focus: rules.auto_focus.kinds().iter().map(|k| k.as_str().to_owned()).collect(),
            focus_rhythm: rules.focus_rhythm.to_string(),
        })
    }
}
