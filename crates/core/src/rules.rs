//! The rules a user declares about their time.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::autofocus::KindSet;
use crate::error::{CoreError, CoreResult};
use crate::focus::Rhythm;
use crate::time::{Span, day_span, parse_weekday, resolve_local};

/// Half of a day: before noon or from noon on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Half {
    /// 00:00 to 12:00.
    Am,
    /// 12:00 to 24:00.
    Pm,
}

impl Half {
    /// The word used in messages.
    pub fn word(&self) -> &'static str {
        match self {
            Half::Am => "morning",
            Half::Pm => "afternoon",
        }
    }
}

impl FromStr for Half {
    type Err = CoreError;

    fn from_str(text: &str) -> CoreResult<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "am" => Ok(Half::Am),
            "pm" => Ok(Half::Pm),
            _ => Err(CoreError::BadInput(format!("'{text}' is not a half-day; use am or pm"))),
        }
    }
}

impl fmt::Display for Half {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Half::Am => "am",
            Half::Pm => "pm",
        })
    }
}

/// When meetings are not allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum NoMeetingWhen {
    /// Every week on a weekday, or on half of it.
    Weekday {
        /// The weekday.
        weekday: Weekday,
        /// Only the morning or the afternoon, if set.
        half: Option<Half>,
    },
    /// One date, or half of it.
    Date {
        /// The date.
        date: NaiveDate,
        /// Only the morning or the afternoon, if set.
        half: Option<Half>,
    },
    /// Every day from one date to another, both included.
    Range {
        /// First date.
        from: NaiveDate,
        /// Last date.
        to: NaiveDate,
    },
}

impl NoMeetingWhen {
    /// Checks the rule makes sense.
    pub fn validate(&self) -> CoreResult<()> {
        match self {
            NoMeetingWhen::Range { from, to } if to < from => Err(CoreError::BadInput(format!(
                "the range ends ({to}) before it starts ({from}); give the earlier date first"
            ))),
            _ => Ok(()),
        }
    }

    /// The part of `date` this rule keeps free of meetings, if any.
    pub fn covers(&self, date: NaiveDate) -> Option<Option<Half>> {
        match *self {
            NoMeetingWhen::Weekday { weekday, half } if date.weekday() == weekday => Some(half),
            NoMeetingWhen::Date { date: d, half } if d == date => Some(half),
            NoMeetingWhen::Range { from, to } if (from..=to).contains(&date) => Some(None),
            _ => None,
        }
    }

    /// The instants of `date` this rule keeps free, in `tz`.
    pub fn span_on(&self, tz: Tz, date: NaiveDate) -> Option<Span> {
        let half = self.covers(date)?;
        let day = day_span(tz, date);
        let noon =
            resolve_local(tz, date.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN)));
        Some(match half {
            None => day,
            Some(Half::Am) => Span::new(day.start, noon),
            Some(Half::Pm) => Span::new(noon, day.end),
        })
    }
}

impl fmt::Display for NoMeetingWhen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoMeetingWhen::Weekday { weekday, half: None } => {
                write!(f, "every {}", weekday_name(*weekday))
            }
            NoMeetingWhen::Weekday { weekday, half: Some(h) } => {
                write!(f, "{} {}s", weekday_name(*weekday), h.word())
            }
            NoMeetingWhen::Date { date, half: h } => {
                let h = h.map(|h| format!(" {}", h.word())).unwrap_or_default();
                write!(f, "{}{h}", date.format("%A %-d %b %Y"))
            }
            NoMeetingWhen::Range { from, to } => {
                write!(f, "{} to {}", from.format("%-d %b %Y"), to.format("%-d %b %Y"))
            }
        }
    }
}

/// A stored no-meeting rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoMeetingRule {
    /// Database identity, for removal.
    pub id: i64,
    /// When it applies.
    #[serde(flatten)]
    pub when: NoMeetingWhen,
    /// The local date it was made; a weekly rule's calendar marker starts
    /// from here.
    pub created_on: NaiveDate,
}

/// A day of the week by the short name users type and scripts read
/// (`mon` … `sun`): what crosses to a front end where chrono's `Weekday`
/// would cross as an untyped string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum WeekdayName {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

impl WeekdayName {
    /// Every day, Monday first.
    pub const ALL: [WeekdayName; 7] = [
        WeekdayName::Mon,
        WeekdayName::Tue,
        WeekdayName::Wed,
        WeekdayName::Thu,
        WeekdayName::Fri,
        WeekdayName::Sat,
        WeekdayName::Sun,
    ];
}

impl From<Weekday> for WeekdayName {
    fn from(day: Weekday) -> Self {
        Self::ALL[day.num_days_from_monday() as usize]
    }
}

impl From<WeekdayName> for Weekday {
    fn from(day: WeekdayName) -> Self {
        match day {
            WeekdayName::Mon => Weekday::Mon,
            WeekdayName::Tue => Weekday::Tue,
            WeekdayName::Wed => Weekday::Wed,
            WeekdayName::Thu => Weekday::Thu,
            WeekdayName::Fri => Weekday::Fri,
            WeekdayName::Sat => Weekday::Sat,
            WeekdayName::Sun => Weekday::Sun,
        }
    }
}

/// A set of weekdays, Monday first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct WeekdaySet(u8);

impl WeekdaySet {
    /// Monday to Friday.
    pub const MON_TO_FRI: WeekdaySet = WeekdaySet(0b001_1111);

    /// The set as a bit mask, Monday in bit 0: how the store keeps it.
    pub fn bits(&self) -> u8 {
        self.0
    }

    /// The set from a bit mask, Monday in bit 0.
    pub fn from_bits(bits: u8) -> Self {
        Self(bits & 0b111_1111)
    }

    /// Whether the set holds `day`.
    pub fn contains(&self, day: Weekday) -> bool {
        self.0 & (1 << day.num_days_from_monday()) != 0
    }

    /// Adds a day.
    pub fn insert(&mut self, day: Weekday) {
        self.0 |= 1 << day.num_days_from_monday();
    }

    /// The days, Monday first.
    pub fn days(&self) -> Vec<Weekday> {
        (0..7u8).filter(|i| self.0 & (1 << i) != 0).filter_map(|i| Weekday::try_from(i).ok()).collect()
    }

    /// The set of `days`; refused when it is empty.
    pub fn of(days: &[WeekdayName]) -> CoreResult<Self> {
        let mut set = WeekdaySet::default();
        for day in days {
            set.insert((*day).into());
        }
        if set.0 == 0 {
            return Err(CoreError::BadInput("no days are chosen; choose at least one".to_owned()));
        }
        Ok(set)
    }

    /// Parses `mon-fri`, `mon,wed,fri` or `mon-thu,sat`.
    pub fn parse(text: &str) -> CoreResult<Self> {
        let mut set = WeekdaySet::default();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            if let Some((a, b)) = part.split_once('-') {
                let (a, b) = (parse_weekday(a)?, parse_weekday(b)?);
                let mut day = a;
                loop {
                    set.insert(day);
                    if day == b {
                        break;
                    }
                    day = day.succ();
                }
            } else {
                set.insert(parse_weekday(part)?);
            }
        }
        if set.0 == 0 {
            return Err(CoreError::BadInput(format!("'{text}' names no days; write mon-fri or mon,tue,thu")));
        }
        Ok(set)
    }
}

impl fmt::Display for WeekdaySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.days().iter().map(|d| short_weekday(*d)).collect();
        f.write_str(&names.join(","))
    }
}

impl Serialize for WeekdaySet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.days().iter().map(|d| short_weekday(*d)))
    }
}

impl<'de> Deserialize<'de> for WeekdaySet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let names = Vec::<String>::deserialize(d)?;
        WeekdaySet::parse(&names.join(",")).map_err(serde::de::Error::custom)
    }
}

/// Lower-case three-letter weekday names, as users type them.
pub fn short_weekday(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

/// Weekday names as people write them.
pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// Working hours and days, in the user's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Workday {
    /// When the workday starts.
    pub start: NaiveTime,
    /// When it ends.
    pub end: NaiveTime,
    /// Which days are workdays (serialized as their names).
    #[cfg_attr(feature = "specta", specta(type = Vec<WeekdayName>))]
    pub days: WeekdaySet,
}

impl Default for Workday {
    fn default() -> Self {
        Self {
            start: NaiveTime::from_hms_opt(8, 0, 0).unwrap_or(NaiveTime::MIN),
            end: NaiveTime::from_hms_opt(17, 0, 0).unwrap_or(NaiveTime::MIN),
            days: WeekdaySet::MON_TO_FRI,
        }
    }
}

impl Workday {
    /// Checks the workday makes sense.
    pub fn validate(&self) -> CoreResult<()> {
        if self.end <= self.start {
            return Err(CoreError::BadInput(format!(
                "the workday ends ({}) before it starts ({}); give a start earlier than the end",
                self.end.format("%H:%M"),
                self.start.format("%H:%M")
            )));
        }
        Ok(())
    }

    /// The working hours of `date` in `tz`, or `None` on a day off.
    pub fn span_on(&self, tz: Tz, date: NaiveDate) -> Option<Span> {
        self.days.contains(date.weekday()).then(|| {
            Span::new(
                resolve_local(tz, date.and_time(self.start)),
                resolve_local(tz, date.and_time(self.end)),
            )
        })
    }
}

impl fmt::Display for Workday {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}–{}, {}", self.start.format("%H:%M"), self.end.format("%H:%M"), self.days)
    }
}

/// Weekly targets, in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goals {
    /// Deep work a week.
    pub deep_minutes: u32,
    /// Learning a week.
    pub learning_minutes: u32,
}

impl Default for Goals {
    fn default() -> Self {
        Self { deep_minutes: 10 * 60, learning_minutes: 3 * 60 }
    }
}

impl Goals {
    /// Checks the goals fit in a week.
    pub fn validate(&self) -> CoreResult<()> {
        let week = 7 * 24 * 60;
        if self.deep_minutes + self.learning_minutes > week {
            return Err(CoreError::BadInput(
                "the goals add up to more than a week; give fewer hours".to_owned(),
            ));
        }
        Ok(())
    }
}

/// The shortest deep block worth planning, by default: anything shorter is
/// rarely deep.
pub const DEFAULT_MIN_DEEP_MINUTES: u32 = 90;

/// The comment a declined invitation carries until the user writes their own.
pub const DEFAULT_DECLINE_COMMENT: &str =
    "Sorry, I can't make this one: {reason}. (Deepblock keeps my focus time.)";

/// Everything a user has declared about their time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    /// Days and half-days without meetings.
    pub no_meeting: Vec<NoMeetingRule>,
    /// Working hours and days.
    pub workday: Workday,
    /// Weekly targets.
    pub goals: Goals,
    /// Deep blocks shorter than this get a warning.
    pub min_deep_minutes: u32,
    /// The first day of the week in the planner and reports.
    pub week_start: Weekday,
    /// The user's email addresses, to find them in invitations.
    pub me: Vec<String>,
    /// The COMMENT sent with a declined invitation; `{reason}` becomes the
    /// rule's message.
    pub decline_comment: String,
    /// Blocks of these kinds start a focus session when they begin.
    pub auto_focus: KindSet,
    /// The rhythm of sessions that are not given one.
    pub focus_rhythm: Rhythm,
    /// The kinds of block published as busy (TRANSP:OPAQUE); the others
    /// are published free, so colleagues may book over them.
    #[serde(default = "busy_by_default")]
    pub busy: KindSet,
    /// Decline, on the server, invitations in connected calendars that
    /// break a rule, without asking. Off until the user turns it on: a
    /// reply goes to someone else.
    #[serde(default)]
    pub auto_decline: bool,
}

fn busy_by_default() -> KindSet {
    KindSet::BUSY
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            no_meeting: Vec::new(),
            workday: Workday::default(),
            goals: Goals::default(),
            min_deep_minutes: DEFAULT_MIN_DEEP_MINUTES,
            week_start: Weekday::Mon,
            me: Vec::new(),
            decline_comment: DEFAULT_DECLINE_COMMENT.to_owned(),
            auto_focus: KindSet::default(),
            focus_rhythm: Rhythm::DEFAULT,
            busy: KindSet::BUSY,
            auto_decline: false,
        }
    }
}

impl Rules {
    /// The no-meeting rules that apply on `date`, with the part of the day
    /// each covers; a whole-day rule comes first.
    pub fn no_meeting_on(&self, date: NaiveDate) -> Vec<(NoMeetingRule, Option<Half>)> {
        let mut found: Vec<_> =
            self.no_meeting.iter().filter_map(|r| r.when.covers(date).map(|h| (*r, h))).collect();
        found.sort_by_key(|(_, h)| h.is_some());
        found
    }
}

/// Checks an address looks like an email address a calendar would write.
pub fn validate_email(text: &str) -> CoreResult<String> {
    let email = text.trim().trim_start_matches("mailto:").to_ascii_lowercase();
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(|c| c.is_whitespace() || c == ',' || c == ';')
                && !domain.contains('@')
        }
        None => false,
    };
    if valid {
        Ok(email)
    } else {
        Err(CoreError::BadInput(format!("'{text}' is not an email address; write it as name@example.org")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekday_sets_parse_ranges_and_lists() {
        assert_eq!(WeekdaySet::parse("mon-fri").unwrap(), WeekdaySet::MON_TO_FRI);
        let set = WeekdaySet::parse("mon-wed,sat").unwrap();
        assert_eq!(set.to_string(), "mon,tue,wed,sat");
        let wrap = WeekdaySet::parse("fri-mon").unwrap();
        assert_eq!(wrap.to_string(), "mon,fri,sat,sun");
        assert!(WeekdaySet::parse("").is_err());
        assert!(WeekdaySet::parse("mon-funday").is_err());
    }

    #[test]
    fn half_day_rules_cover_half_the_day() {
        let tz: Tz = "Europe/Lisbon".parse().unwrap();
        let wed = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let rule = NoMeetingWhen::Weekday { weekday: Weekday::Wed, half: Some(Half::Pm) };
        let span = rule.span_on(tz, wed).unwrap();
        assert_eq!(span.duration(), chrono::Duration::hours(12));
        assert!(rule.span_on(tz, wed.succ_opt().unwrap()).is_none());
        assert_eq!(rule.to_string(), "Wednesday afternoons");
    }

    #[test]
    fn ranges_must_run_forward() {
        let a = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let b = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert!(NoMeetingWhen::Range { from: a, to: b }.validate().is_err());
        assert!(NoMeetingWhen::Range { from: b, to: a }.validate().is_ok());
    }

    #[test]
    fn emails_are_checked_and_normalised() {
        assert_eq!(validate_email("mailto:Ana@Example.org").unwrap(), "ana@example.org");
        assert!(validate_email("ana").is_err());
        assert!(validate_email("ana@localhost").is_err());
        assert!(validate_email("a b@example.org").is_err());
    }

    #[test]
    fn workday_must_end_after_it_starts() {
        let mut w = Workday::default();
        assert!(w.validate().is_ok());
        w.end = w.start;
        assert!(w.validate().is_err());
    }
}
