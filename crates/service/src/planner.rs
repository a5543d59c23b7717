//! The week as the planner window draws it: the occurrences plus what the
//! grid shades and marks (workday hours, no-meeting days, today, rule
//! breaches of imported meetings, goal progress), computed here so that a
//! front end only draws.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime};
use deepblock_core::{BlockId, Half};
use serde::Serialize;

use crate::entry::Entry;
use crate::{ConflictView, InvitationView, Plan, ServiceResult};

/// One week of the planner.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlannerWeek {
    /// The week's name, `2026-W48` for a Monday-first week.
    pub name: String,
    /// Its seven days, first day first.
    pub days: Vec<PlannerDay>,
    /// Where the emphasised workday hours start, `08:00`.
    pub workday_start: String,
    /// Where they end, `17:00`.
    pub workday_end: String,
    /// The first day of the week as the user set it (0 = Sunday … 6 = Saturday,
    /// as calendar components count).
    pub first_day: u8,
    /// Every occurrence touching the week.
    pub entries: Vec<Entry>,
    /// Occurrences that break a rule (imported meetings on a no-meeting day,
    /// say), for marking on the grid.
    pub marks: Vec<BreachMark>,
    /// Planned minutes against the weekly goals.
    pub goals: GoalSummary,
    /// Goal shortfalls, as sentences.
    pub goal_warnings: Vec<String>,
    /// The current instant in the user's zone, for the time line.
    pub now: DateTime<FixedOffset>,
    /// The user's zone.
    pub tz: String,
    /// Subscribed calendars whose copy is old because fetching failed, one
    /// sentence each, so the week is not trusted blindly.
    pub stale_calendars: Vec<String>,
    /// Published blocks changed here and on a CalDAV server in the same
    /// part, waiting for the user to keep one side.
    pub conflicts: Vec<ConflictView>,
    /// Invitations in connected calendars that break a rule: those waiting
    /// for the user's answer, and those declined in the last week.
    pub invitations: Vec<InvitationView>,
    /// Whether this process has a change to undo (the Undo button).
    pub can_undo: bool,
    /// Whether it has an undone change to redo.
    pub can_redo: bool,
}

/// A day column's shading and label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlannerDay {
    /// The local date.
    pub date: NaiveDate,
    /// `Mon`, `Tue`…
    pub short_name: String,
    /// Whether it is one of the workdays.
    pub workday: bool,
    /// Whether it is today in the user's zone.
    pub today: bool,
    /// When meetings are refused on this day, the label to show
    /// ("No meetings: every Wednesday").
    pub no_meeting: Option<NoMeetingMark>,
}

/// A no-meeting rule's mark on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NoMeetingMark {
    /// The half of the day it covers, or absent for the whole day.
    pub half: Option<Half>,
    /// Where the shading starts, `00:00` or `12:00`.
    pub from: String,
    /// Where it ends, `12:00` or `24:00`.
    pub to: String,
    /// A word for the day's header: `no meetings`, `morning`, `afternoon`.
    pub short: String,
    /// What the user reads.
    pub label: String,
}

/// A rule broken by one occurrence on the week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BreachMark {
    /// The block at fault.
    pub block_id: BlockId,
    /// The occurrence's local start.
    pub start: NaiveDateTime,
    /// The rule's message.
    pub message: String,
}

/// Planned deep work and learning against the weekly goals, in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct GoalSummary {
    /// Deep work planned.
    pub deep_minutes: u32,
    /// Deep work wanted.
    pub deep_goal_minutes: u32,
    /// Learning planned.
    pub learning_minutes: u32,
    /// Learning wanted.
    pub learning_goal_minutes: u32,
}

impl Plan {
    /// The planner's view of the week holding `date` (today when `None`),
    /// starting on the user's first weekday.
    pub fn planner_week(&self, date: Option<NaiveDate>) -> ServiceResult<PlannerWeek> {
        let rules = self.store.rules()?;
        let now = self.now().with_timezone(&self.tz);
        let today = now.date_naive();
        let week = self.week_holding(date.unwrap_or(today))?;
        let window = week.span(self.tz);
        let report = self.check_week(Some(week))?;
        let progress = report.goals;
        let minutes = |m: i64| u32::try_from(m.max(0)).unwrap_or(u32::MAX);
        let days = week
            .days()
            .into_iter()
            .map(|date| PlannerDay {
                date,
                short_name: date.format("%a").to_string(),
                workday: rules.workday.days.contains(date.weekday()),
                today: date == today,
                no_meeting: rules.no_meeting_on(date).first().map(|(rule, half)| NoMeetingMark {
                    half: *half,
                    from: if *half == Some(Half::Pm) { "12:00" } else { "00:00" }.to_owned(),
                    to: if *half == Some(Half::Am) { "12:00" } else { "24:00" }.to_owned(),
                    short: half.map_or("no meetings", |h| h.word()).to_owned(),
                    label: match half {
                        Some(h) => format!("No meetings in the {}: {}", h.word(), rule.when),
                        None => format!("No meetings: {}", rule.when),
                    },
                }),
            })
            .collect();
        let (can_undo, can_redo) = self.can_undo_redo();
        Ok(PlannerWeek {
            name: week.iso_name(),
            days,
            workday_start: rules.workday.start.format("%H:%M").to_string(),
            workday_end: rules.workday.end.format("%H:%M").to_string(),
            first_day: u8::try_from(rules.week_start.num_days_from_sunday()).unwrap_or(1),
            entries: self.entries(&window)?,
            marks: report
                .breaches
                .into_iter()
                .map(|b| BreachMark { block_id: b.block_id, start: b.start, message: b.finding.message })
                .collect(),
            goals: GoalSummary {
                deep_minutes: minutes(progress.deep_minutes),
                deep_goal_minutes: progress.deep_goal_minutes,
                learning_minutes: minutes(progress.learning_minutes),
                learning_goal_minutes: progress.learning_goal_minutes,
            },
            goal_warnings: report.goal_warnings,
            stale_calendars: self
                .subscriptions()?
                .into_iter()
                .filter(|view| view.stale)
                .map(|view| {
                    format!("Calendar '{}' may be out of date ({})", view.subscription.name, view.status)
                })
                .collect(),
            conflicts: self.conflicts()?,
            invitations: self.invitation_notices()?,
            now: now.fixed_offset(),
            tz: self.tz.name().to_owned(),
            can_undo,
            can_redo,
        })
    }
}
