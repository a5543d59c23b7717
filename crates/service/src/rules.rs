//! Rule operations: no-meeting days, workday, goals, identity, and the
//! check of the plan against all of them.

use chrono::{Duration, NaiveTime, Weekday};
use deepblock_core::autofocus::KindSet;
use deepblock_core::focus::Rhythm;
use deepblock_core::rules::{NoMeetingRule, NoMeetingWhen, validate_email};
use deepblock_core::time::parse_time_of_day;
use deepblock_core::{
    Breach, Context, GoalProgress, Goals, Rules, Span, Violation, Week, WeekdaySet, Workday, breaches,
    goal_progress,
};
use serde::{Deserialize, Serialize};

use crate::{Changed, Plan, ServiceError, ServiceResult};

/// How far ahead adding a no-meeting rule looks for meetings it now
/// forbids, to warn about them.
const NO_MEETING_LOOKAHEAD_WEEKS: i64 = 8;

/// The most minutes a minimum deep block may be: a whole working day.
const MAX_MIN_DEEP_MINUTES: u32 = 8 * 60;

/// Changes to the workday; `None` keeps the current value.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
pub struct WorkdayChange {
    /// New start of the working day.
    pub start: Option<NaiveTime>,
    /// New end.
    pub end: Option<NaiveTime>,
    /// New working days.
    pub days: Option<WeekdaySet>,
}

impl WorkdayChange {
    /// Reads the change as typed: times as `HH:MM`, days as `mon-fri` or
    /// `mon,tue,thu`; `None` keeps a part as it is.
    pub fn parse(start: Option<&str>, end: Option<&str>, days: Option<&str>) -> ServiceResult<Self> {
        Ok(Self {
            start: start.map(parse_time_of_day).transpose()?,
            end: end.map(parse_time_of_day).transpose()?,
            days: days.map(WeekdaySet::parse).transpose()?,
        })
    }
}

/// What `rules check` reports for a window.
#[derive(Debug, Clone, Serialize)]
pub struct RuleReport {
    /// The week's ISO name.
    pub week: String,
    /// Meetings that break a rule.
    pub breaches: Vec<Breach>,
    /// Planned deep work and learning against the goals.
    pub goals: GoalProgress,
    /// Goal shortfalls, as warnings.
    pub goal_warnings: Vec<String>,
}

impl Plan {
    /// Every rule and setting.
    pub fn rules(&self) -> ServiceResult<Rules> {
        Ok(self.store.rules()?)
    }

    /// Adds a no-meeting day, half-day, date or range. Adding one that
    /// exists changes nothing and says so. Meetings already planned on the
    /// days it covers are not removed; they are listed as warnings.
    pub fn add_no_meeting(&mut self, when: NoMeetingWhen) -> ServiceResult<Changed<NoMeetingRule>> {
        when.validate()?;
        let today = self.now().with_timezone(&self.tz).date_naive();
        let (rule, new) = self.store.write(|tx| tx.add_no_meeting(&when, today))?;
        let mut notes = Vec::new();
        if !new {
            notes.push(format!("that rule exists already (rule {})", rule.id));
        }
        let now = self.now();
        let ahead = Span::new(now, now + Duration::weeks(NO_MEETING_LOOKAHEAD_WEEKS));
        let clashing = self
            .plan_breaches(&ahead)?
            .into_iter()
            .filter(|b| matches!(b.finding.violation, Violation::NoMeetingDay { date, .. } if when.covers(date).is_some()))
            .count();
        if clashing > 0 {
            let plural = if clashing == 1 { "meeting falls" } else { "meetings fall" };
            notes.push(format!(
                "{clashing} {plural} on these days in the next {NO_MEETING_LOOKAHEAD_WEEKS} weeks; check the rules to list them"
            ));
        }
        Ok(Changed { value: rule, warnings: Vec::new(), notes })
    }

    /// Removes a no-meeting rule by id.
    pub fn remove_no_meeting(&mut self, id: i64) -> ServiceResult<NoMeetingRule> {
        self.store.write(|tx| tx.remove_no_meeting(id))?.ok_or_else(|| {
            ServiceError::not_found(format!(
                "no no-meeting rule has id {id}; list the rules to see their ids"
            ))
        })
    }

    /// Changes working hours or days.
    pub fn set_workday(&mut self, change: WorkdayChange) -> ServiceResult<Workday> {
        let current = self.store.rules()?.workday;
        let workday = Workday {
            start: change.start.unwrap_or(current.start),
            end: change.end.unwrap_or(current.end),
            days: change.days.unwrap_or(current.days),
        };
        workday.validate()?;
        self.store.write(|tx| tx.set_workday(&workday))?;
        Ok(workday)
    }

    /// Changes the weekly goals; `None` keeps a goal as it is.
    pub fn set_goals(
        &mut self,
        deep_minutes: Option<u32>,
        learning_minutes: Option<u32>,
    ) -> ServiceResult<Goals> {
        let current = self.store.rules()?.goals;
        let goals = Goals {
            deep_minutes: deep_minutes.unwrap_or(current.deep_minutes),
            learning_minutes: learning_minutes.unwrap_or(current.learning_minutes),
        };
        goals.validate()?;
        self.store.write(|tx| tx.set_goals(&goals))?;
        Ok(goals)
    }

    /// Sets the shortest deep block that gets no warning.
    pub fn set_min_deep_minutes(&mut self, minutes: u32) -> ServiceResult<u32> {
        if minutes > MAX_MIN_DEEP_MINUTES {
            return Err(ServiceError::bad_input(format!(
                "{minutes} minutes is longer than a working day; give at most {MAX_MIN_DEEP_MINUTES}"
            )));
        }
        self.store.write(|tx| tx.set_min_deep_minutes(minutes))?;
        Ok(minutes)
    }

    /// Sets the comment sent with declined invitations; `{reason}` in it
    /// becomes the rule's message.
    pub fn set_decline_comment(&mut self, comment: &str) -> ServiceResult<String> {
        let comment = comment.trim();
        if comment.is_empty()
            || comment.chars().count() > 500
            || comment.chars().any(|c| c.is_control() && c != '\n')
        {
            return Err(ServiceError::bad_input(
                "give a comment of 1 to 500 characters; {reason} in it becomes the rule's message",
            ));
        }
        self.store.write(|tx| tx.set_decline_comment(comment))?;
        Ok(comment.to_owned())
    }

    /// Sets the kinds of block published as busy; the next sync of a
    /// connected calendar republishes the blocks whose kind changed sides.
    pub fn set_busy_kinds(&mut self, kinds: KindSet) -> ServiceResult<KindSet> {
        self.store.write(|tx| tx.set_busy_kinds(kinds))?;
        Ok(kinds)
    }

    /// Turns declining rule-breaking invitations on the server without
    /// asking on or off; turned on, the next sync declines those waiting.
    pub fn set_auto_decline(&mut self, on: bool) -> ServiceResult<bool> {
        self.store.write(|tx| tx.set_auto_decline(on))?;
        Ok(on)
    }

    /// Sets the first day of the week.
    pub fn set_week_start(&mut self, day: Weekday) -> ServiceResult<Weekday> {
        self.store.write(|tx| tx.set_week_start(day))?;
        Ok(day)
    }

    /// Sets the kinds of block that start a focus session when they begin.
    pub fn set_auto_focus(&mut self, kinds: KindSet) -> ServiceResult<KindSet> {
        self.store.write(|tx| tx.set_auto_focus(kinds))?;
        Ok(kinds)
    }

    /// Sets the rhythm of sessions that are not given one.
    pub fn set_focus_rhythm(&mut self, rhythm: Rhythm) -> ServiceResult<Rhythm> {
        self.store.write(|tx| tx.set_focus_rhythm(rhythm))?;
        Ok(rhythm)
    }

    /// Records one of the user's email addresses.
    pub fn add_my_address(&mut self, email: &str) -> ServiceResult<Changed<String>> {
        let email = validate_email(email)?;
        let new = self.store.write(|tx| tx.add_my_address(&email))?;
        let notes = if new { Vec::new() } else { vec![format!("{email} is known already")] };
        Ok(Changed { value: email, warnings: Vec::new(), notes })
    }

    /// Forgets one of the user's email addresses.
    pub fn remove_my_address(&mut self, email: &str) -> ServiceResult<String> {
        let email = validate_email(email)?;
        if !self.store.write(|tx| tx.remove_my_address(&email))? {
            return Err(ServiceError::not_found(format!("{email} is not one of your addresses")));
        }
        Ok(email)
    }

    /// Meetings in `window` that break a rule.
    pub fn plan_breaches(&self, window: &Span) -> ServiceResult<Vec<Breach>> {
        let plan = self.store.blocks_touching(window)?;
        let rules = self.store.rules()?;
        Ok(breaches(window, &Context { plan: &plan, rules: &rules, tz: self.tz })?)
    }

    /// The week's rule breaches and goal progress (the current week when
    /// `None`).
    pub fn check_week(&self, week: Option<Week>) -> ServiceResult<RuleReport> {
        let week = match week {
            Some(week) => week,
            None => self.current_week()?,
        };
        let window = week.span(self.tz);
        let plan = self.store.blocks_touching(&window)?;
        let rules = self.store.rules()?;
        let ctx = Context { plan: &plan, rules: &rules, tz: self.tz };
        let goals = goal_progress(&window, &ctx)?;
        let hours = |minutes: i64| format!("{:.1} h", minutes as f64 / 60.0);
        let mut goal_warnings = Vec::new();
        for (what, planned, goal) in [
            ("deep work", goals.deep_minutes, goals.deep_goal_minutes),
            ("learning", goals.learning_minutes, goals.learning_goal_minutes),
        ] {
            if planned < i64::from(goal) {
                goal_warnings.push(format!(
                    "{} plans {} of {what}; your goal is {}",
                    week.iso_name(),
                    hours(planned),
                    hours(i64::from(goal))
                ));
            }
        }
        Ok(RuleReport { week: week.iso_name(), breaches: breaches(&window, &ctx)?, goals, goal_warnings })
    }
}
