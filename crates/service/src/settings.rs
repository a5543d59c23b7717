//! The rules as a settings form shows and edits them: typed values in, the
//! same parsing and messages the CLI's `rules` commands use where text is
//! still typed (dates, times, a rhythm).

use deepblock_core::focus::Rhythm;
use deepblock_core::rules::{Half, NoMeetingWhen, WeekdayName, weekday_name};
use deepblock_core::task::{Effort, Impact, Quadrant, is_task_category};
use deepblock_core::time::parse_date;
use deepblock_core::{Category, Kind, WeekdaySet};
use serde::{Deserialize, Serialize};

use crate::error::Field;
use crate::{Plan, ServiceError, ServiceResult, TaskDraft, WorkdayChange};

/// The most hours a weekly goal can name.
const HOURS_IN_A_WEEK: f64 = 168.0;

/// A no-meeting rule as a form gives it: one weekday, one date, or a range
/// of dates; a weekday or a date may be limited to half of the day. Dates
/// stay text (`YYYY-MM-DD`, as a date field gives it, possibly empty), read
/// with the CLI's words.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "on", rename_all = "lowercase")]
pub enum NoMeetingSpec {
    /// Every week on `weekday`.
    Weekday {
        /// The day.
        weekday: WeekdayName,
        /// Only its morning or afternoon.
        half: Option<Half>,
    },
    /// On one date.
    Date {
        /// `YYYY-MM-DD`.
        date: String,
        /// Only its morning or afternoon.
        half: Option<Half>,
    },
    /// Every day from `from` to `to`, both included.
    Range {
        /// First day, `YYYY-MM-DD`.
        from: String,
        /// Last day.
        to: String,
    },
}

impl NoMeetingSpec {
    /// The rule it names, or the one line that says what is wrong.
    pub fn when(&self) -> ServiceResult<NoMeetingWhen> {
        let date = |text: &str| {
            if text.trim().is_empty() {
                return Err(ServiceError::bad_input("give a date").about(Field::NoMeetingRule));
            }
            Ok(parse_date(text)?)
        };
        Ok(match self {
            Self::Weekday { weekday, half } => {
                NoMeetingWhen::Weekday { weekday: (*weekday).into(), half: *half }
            }
            Self::Date { date: day, half } => NoMeetingWhen::Date { date: date(day)?, half: *half },
            Self::Range { from, to } => NoMeetingWhen::Range { from: date(from)?, to: date(to)? },
        })
    }
}

/// A kind of block as a front end offers it: its name, its label, and
/// whether it may start a focus session (a break may not).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct KindChoice {
    /// The kind.
    pub kind: Kind,
    /// What a user reads.
    pub label: &'static str,
    /// Whether blocks of it may start focus sessions.
    pub can_start_focus: bool,
}

impl KindChoice {
    /// Every kind, in the order users see them.
    pub fn all() -> Vec<KindChoice> {
        Kind::ALL
            .iter()
            .map(|kind| KindChoice {
                kind: *kind,
                label: kind.label(),
                can_start_focus: kind.can_start_focus(),
            })
            .collect()
    }
}

/// A category as a form offers it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CategoryChoice {
    /// The category.
    pub category: Category,
    /// What a user reads.
    pub label: &'static str,
}

impl CategoryChoice {
    /// Every category, in the order users see them.
    pub fn all() -> Vec<CategoryChoice> {
        Category::ALL
            .iter()
            .map(|category| CategoryChoice { category: *category, label: category.label() })
            .collect()
    }
}

/// A day of the week as a form offers it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WeekdayChoice {
    /// The day.
    pub day: WeekdayName,
    /// Its name, "Monday".
    pub name: &'static str,
}

impl WeekdayChoice {
    /// Every day, Monday first.
    pub fn all() -> Vec<WeekdayChoice> {
        WeekdayName::ALL
            .iter()
            .map(|day| WeekdayChoice { day: *day, name: weekday_name((*day).into()) })
            .collect()
    }
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
    /// Working days, Monday first.
    pub workdays: Vec<WeekdayName>,
    /// Weekly deep-work goal in hours.
    pub deep_goal_hours: f64,
    /// Weekly learning goal in hours.
    pub learning_goal_hours: f64,
    /// Deep blocks shorter than this get a warning.
    pub min_deep_minutes: u32,
    /// The first day of the week.
    pub week_start: WeekdayName,
    /// The user's email addresses, as invitations name them.
    pub addresses: Vec<String>,
    /// The comment sent with a declined invitation.
    pub decline_comment: String,
    /// Whether invitations in connected calendars that break a rule are
    /// declined on the server without asking.
    pub auto_decline: bool,
    /// Kinds of block that start a focus session.
    pub auto_focus: Vec<Kind>,
    /// Kinds of block published as busy.
    pub busy_kinds: Vec<Kind>,
    /// The rhythm of sessions not given one.
    pub focus_rhythm: RhythmMinutes,
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

impl WorkdayChange {
    /// The whole workday as a form gives it: times as `HH:MM`, the days
    /// ticked (at least one).
    pub fn from_form(start: &str, end: &str, days: &[WeekdayName]) -> ServiceResult<Self> {
        let mut change = Self::parse(Some(start), Some(end), None)?;
        change.days = Some(WeekdaySet::of(days)?);
        Ok(change)
    }
}

/// A focus/break rhythm as numbers, which is how a form gives and shows
/// it; the service checks it with the CLI's words (`Rhythm::new`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RhythmMinutes {
    /// Minutes of each focus period.
    pub focus: u32,
    /// Minutes of a short break.
    pub short_break: u32,
}

impl RhythmMinutes {
    /// The rhythm these minutes make, or why they make none.
    pub fn rhythm(self) -> ServiceResult<Rhythm> {
        Ok(Rhythm::new(self.focus, self.short_break)?)
    }
}

impl From<Rhythm> for RhythmMinutes {
    fn from(rhythm: Rhythm) -> Self {
        Self { focus: rhythm.focus, short_break: rhythm.short_break }
    }
}

/// What the forms of a front end offer, taken from the definitions the
/// service checks against so the two cannot drift apart.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Choices {
    /// The kinds of block, with their labels.
    pub kinds: Vec<KindChoice>,
    /// What time goes to, with the labels.
    pub categories: Vec<CategoryChoice>,
    /// The days of the week, with their names.
    pub weekdays: Vec<WeekdayChoice>,
    /// The rhythms offered before a custom one.
    pub rhythm_presets: Vec<RhythmMinutes>,
    /// What a new task is taken to be until the user says otherwise (its
    /// title and estimate are left empty for the user).
    pub new_task: TaskDraft,
    /// The categories a task may have (meetings are planned as blocks).
    pub task_categories: Vec<CategoryChoice>,
    /// How much a task may matter, with the labels.
    pub impacts: Vec<Labelled<Impact>>,
    /// How much a task may take, with the labels.
    pub efforts: Vec<Labelled<Effort>>,
    /// The quarters of the impact/effort matrix, in the order shown.
    pub quadrants: Vec<QuadrantChoice>,
}

/// A quarter of the impact/effort matrix as a pane shows it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuadrantChoice {
    /// The quarter.
    pub quadrant: Quadrant,
    /// What a user reads.
    pub label: &'static str,
    /// Whether the scheduler gives its tasks time (the others are listed
    /// with the matrix's advice).
    pub placed: bool,
}

/// A value a form offers, with what a user reads.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Labelled<T> {
    /// The value.
    pub value: T,
    /// What a user reads.
    pub label: &'static str,
}

/// Every value of a named set, labelled.
fn labelled<T: Copy>(all: &[T], label: fn(&T) -> &'static str) -> Vec<Labelled<T>> {
    all.iter().map(|value| Labelled { value: *value, label: label(value) }).collect()
}

impl Choices {
    /// Every choice.
    pub fn all() -> Self {
        Self {
            kinds: KindChoice::all(),
            categories: CategoryChoice::all(),
            weekdays: WeekdayChoice::all(),
            rhythm_presets: Rhythm::PRESETS.into_iter().map(RhythmMinutes::from).collect(),
            new_task: TaskDraft::new(String::new(), 0),
            task_categories: CategoryChoice::all()
                .into_iter()
                .filter(|c| is_task_category(c.category))
                .collect(),
            impacts: labelled(Impact::ALL, Impact::label),
            efforts: labelled(Effort::ALL, Effort::label),
            quadrants: Quadrant::ALL
                .iter()
                .map(|q| QuadrantChoice { quadrant: *q, label: q.label(), placed: q.is_placed() })
                .collect(),
        }
    }
}

impl Plan {
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
            workdays: rules.workday.days.days().into_iter().map(WeekdayName::from).collect(),
            deep_goal_hours: hours(rules.goals.deep_minutes),
            learning_goal_hours: hours(rules.goals.learning_minutes),
            min_deep_minutes: rules.min_deep_minutes,
            week_start: rules.week_start.into(),
            addresses: rules.me,
            decline_comment: rules.decline_comment,
            auto_decline: rules.auto_decline,
            auto_focus: rules.auto_focus.kinds(),
            busy_kinds: rules.busy.kinds(),
            focus_rhythm: rules.focus_rhythm.into(),
        })
    }
}
