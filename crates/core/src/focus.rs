//! Focus sessions: a rhythm of focus periods and breaks between a start and
//! an end, pure and driven by the time passed in.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::block::{BlockId, Category};
use crate::error::{CoreError, CoreResult};

/// The longest session one start may ask for.
pub const MAX_SESSION_HOURS: i64 = 12;

/// Focus minutes and break minutes, with a long break after every fourth
/// focus period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Rhythm {
    /// Minutes of each focus period.
    pub focus: u32,
    /// Minutes of a short break.
    pub short_break: u32,
    /// Minutes of the long break.
    pub long_break: u32,
    /// A long break comes after every this many focus periods.
    pub long_every: u32,
}

impl Rhythm {
    /// 50 minutes of focus, 10 of break: the default.
    pub const DEFAULT: Rhythm = Rhythm { focus: 50, short_break: 10, long_break: 30, long_every: 4 };

    /// The rhythms offered before a custom one: a pomodoro, the default,
    /// and one long enough for a hard proof or a paper.
    pub const PRESETS: [Rhythm; 3] = [
        Rhythm { focus: 25, short_break: 5, long_break: 15, long_every: 4 },
        Rhythm::DEFAULT,
        Rhythm { focus: 90, short_break: 20, long_break: 30, long_every: 4 },
    ];

    /// A rhythm from its two numbers; the long break is three short ones,
    /// at most half an hour (but never shorter than a short one).
    pub fn new(focus: u32, short_break: u32) -> CoreResult<Self> {
        if !(5..=240).contains(&focus) || !(1..=60).contains(&short_break) {
            return Err(CoreError::BadInput(format!(
                "{focus}/{short_break} is not a rhythm; give focus minutes (5-240) and break minutes (1-60), as in 50/10"
            )));
        }
        let long_break = (short_break * 3).min(30).max(short_break);
        Ok(Self { focus, short_break, long_break, long_every: 4 })
    }
}

impl FromStr for Rhythm {
    type Err = CoreError;

    /// Reads `25/5`, `50/10`, `90/20` or any custom `FOCUS/BREAK`.
    fn from_str(text: &str) -> CoreResult<Self> {
        let bad = || {
            CoreError::BadInput(format!("'{text}' is not a rhythm; write FOCUS/BREAK minutes, as in 50/10"))
        };
        let (focus, rest) = text.trim().split_once('/').ok_or_else(bad)?;
        Self::new(focus.trim().parse().map_err(|_| bad())?, rest.trim().parse().map_err(|_| bad())?)
    }
}

impl fmt::Display for Rhythm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.focus, self.short_break)
    }
}

impl TryFrom<String> for Rhythm {
    type Error = CoreError;

    fn try_from(text: String) -> CoreResult<Self> {
        text.parse()
    }
}

impl From<Rhythm> for String {
    fn from(rhythm: Rhythm) -> String {
        rhythm.to_string()
    }
}

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EndReason {
    /// It ran to its end.
    Completed,
    /// The user stopped it early.
    Stopped,
}

impl EndReason {
    /// The name the store keeps.
    pub fn as_str(&self) -> &'static str {
        match self {
            EndReason::Completed => "completed",
            EndReason::Stopped => "stopped",
        }
    }
}

/// Where a session stands at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "phase", rename_all = "lowercase")]
pub enum Phase {
    /// Focusing: the `period`th focus period, until `until`.
    Focus {
        /// 1 for the first focus period.
        period: u32,
        /// When it ends.
        until: DateTime<Utc>,
    },
    /// On a break until `until`.
    Break {
        /// Whether it is the long break.
        long: bool,
        /// When it ends.
        until: DateTime<Utc>,
    },
    /// Over.
    Done,
}

/// A focus session started as a debugging time-box (`focus start
/// --timebox`): what it was about, and the user's answer afterwards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timebox {
    /// The session.
    pub session: i64,
    /// The question it was about.
    pub question: String,
    /// Whether the cause was found; `None` until the user says.
    pub cause_found: Option<bool>,
}

/// A focus session, planned or recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FocusSession {
    /// Database identity (0 until stored).
    pub id: i64,
    /// When it started.
    pub started: DateTime<Utc>,
    /// When it is planned to end.
    pub planned_end: DateTime<Utc>,
    /// Its rhythm.
    pub rhythm: Rhythm,
    /// A locked session can be extended but not stopped or shortened.
    pub locked: bool,
    /// The block it belongs to, if a block started it.
    pub block_id: Option<BlockId>,
    /// What the time went to, for the report.
    pub category: Category,
    /// When it actually ended, once it has.
    pub ended: Option<DateTime<Utc>>,
    /// How it ended.
    pub end_reason: Option<EndReason>,
}

impl FocusSession {
    /// A session from `now` to `end`.
    pub fn start(now: DateTime<Utc>, end: DateTime<Utc>, rhythm: Rhythm, locked: bool) -> CoreResult<Self> {
        if end <= now {
            return Err(CoreError::BadInput(
                "the session would end before it starts; give a later end".to_owned(),
            ));
        }
        if end - now > Duration::hours(MAX_SESSION_HOURS) {
            return Err(CoreError::BadInput(format!(
                "a session lasts at most {MAX_SESSION_HOURS} hours; start another one after it"
            )));
        }
        Ok(Self {
            id: 0,
            started: now,
            planned_end: end,
            rhythm,
            locked,
            block_id: None,
            category: Category::Other,
            ended: None,
            end_reason: None,
        })
    }

    /// Whether it is still running at `now`.
    pub fn is_running(&self, now: DateTime<Utc>) -> bool {
        self.ended.is_none() && now < self.planned_end
    }

    /// The phase at `now`: focus periods and breaks follow the rhythm from
    /// the start, the last one cut short by the end.
    pub fn phase_at(&self, now: DateTime<Utc>) -> Phase {
        if !self.is_running(now) || now < self.started {
            return Phase::Done;
        }
        let minutes = |m: u32| Duration::minutes(i64::from(m));
        let mut at = self.started;
        let mut period = 1;
        loop {
            let focus_end = (at + minutes(self.rhythm.focus)).min(self.planned_end);
            if now < focus_end {
                return Phase::Focus { period, until: focus_end };
            }
            let long = period % self.rhythm.long_every == 0;
            let pause = if long { self.rhythm.long_break } else { self.rhythm.short_break };
            let break_end = (focus_end + minutes(pause)).min(self.planned_end);
            if now < break_end {
                return Phase::Break { long, until: break_end };
            }
            at = break_end;
            period += 1;
        }
    }

    /// Whether notifications wait at `now`: during a focus period, not
    /// during a break or after the end.
    pub fn holds_notifications(&self, now: DateTime<Utc>) -> bool {
        matches!(self.phase_at(now), Phase::Focus { .. })
    }

    /// Stops it at `now`; a locked session refuses (saying until when, in
    /// the user's zone `tz`).
    pub fn stop(&mut self, now: DateTime<Utc>, tz: chrono_tz::Tz) -> CoreResult<()> {
        if self.locked && self.is_running(now) {
            return Err(CoreError::Refused(format!(
                "this session is locked until {}; it can be extended, not stopped",
                self.planned_end.with_timezone(&tz).format("%H:%M")
            )));
        }
        if self.ended.is_none() {
            let end = now.min(self.planned_end);
            self.ended = Some(end);
            self.end_reason =
                Some(if end < self.planned_end { EndReason::Stopped } else { EndReason::Completed });
        }
        Ok(())
    }

    /// Moves the end later; a session is never shortened this way.
    pub fn extend(&mut self, new_end: DateTime<Utc>, now: DateTime<Utc>) -> CoreResult<()> {
        if !self.is_running(now) {
            return Err(CoreError::BadInput("the session is over; start a new one".to_owned()));
        }
        if new_end <= self.planned_end {
            return Err(CoreError::BadInput("extending needs a later end than the current one".to_owned()));
        }
        if new_end - self.started > Duration::hours(MAX_SESSION_HOURS) {
            return Err(CoreError::BadInput(format!("a session lasts at most {MAX_SESSION_HOURS} hours")));
        }
        self.planned_end = new_end;
        Ok(())
    }

    /// Marks a session that ran out as completed at its planned end.
    pub fn settle(&mut self, now: DateTime<Utc>) {
        if self.ended.is_none() && now >= self.planned_end {
            self.ended = Some(self.planned_end);
            self.end_reason = Some(EndReason::Completed);
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn t(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, h, m, 0).unwrap()
    }

    #[test]
    fn rhythms_parse_with_a_long_break() {
        assert_eq!(
            "25/5".parse::<Rhythm>().unwrap(),
            Rhythm { focus: 25, short_break: 5, long_break: 15, long_every: 4 }
        );
        assert_eq!("90/20".parse::<Rhythm>().unwrap().long_break, 30);
        assert_eq!("50/10".parse::<Rhythm>().unwrap(), Rhythm::DEFAULT);
        for bad in ["50", "50-10", "0/10", "50/0", "500/10", "a/b"] {
            assert!(bad.parse::<Rhythm>().is_err(), "{bad}");
        }
    }

    #[test]
    fn phases_follow_the_rhythm_with_a_long_break_after_the_fourth() {
        let s = FocusSession::start(t(9, 0), t(13, 0), "25/5".parse().unwrap(), false).unwrap();
        assert_eq!(s.phase_at(t(9, 10)), Phase::Focus { period: 1, until: t(9, 25) });
        assert_eq!(s.phase_at(t(9, 27)), Phase::Break { long: false, until: t(9, 30) });
        assert_eq!(s.phase_at(t(9, 30)), Phase::Focus { period: 2, until: t(9, 55) });
        // Four periods of 25+5 end at 10:55, the fourth break is long: 15.
        assert_eq!(s.phase_at(t(10, 56)), Phase::Break { long: true, until: t(11, 10) });
        assert_eq!(s.phase_at(t(11, 10)), Phase::Focus { period: 5, until: t(11, 35) });
        assert_eq!(s.phase_at(t(13, 0)), Phase::Done);
    }

    #[test]
    fn the_end_cuts_the_last_period_short() {
        let s = FocusSession::start(t(9, 0), t(9, 40), Rhythm::DEFAULT, false).unwrap();
        assert_eq!(s.phase_at(t(9, 39)), Phase::Focus { period: 1, until: t(9, 40) });
    }

    #[test]
    fn a_locked_session_can_be_extended_but_not_stopped() {
        let mut s = FocusSession::start(t(9, 0), t(10, 0), Rhythm::DEFAULT, true).unwrap();
        let err = s.stop(t(9, 30), chrono_tz::Europe::Berlin).unwrap_err().to_string();
        assert_eq!(err, "this session is locked until 11:00; it can be extended, not stopped");
        assert!(s.extend(t(9, 50), t(9, 30)).is_err(), "no shortening");
        s.extend(t(10, 30), t(9, 30)).unwrap();
        assert!(s.is_running(t(10, 15)));
        s.stop(t(10, 31), chrono_tz::UTC).unwrap();
        assert_eq!(s.end_reason, Some(EndReason::Completed));
    }

    #[test]
    fn an_unlocked_session_stops_early_and_a_finished_one_settles() {
        let mut s = FocusSession::start(t(9, 0), t(10, 0), Rhythm::DEFAULT, false).unwrap();
        s.stop(t(9, 20), chrono_tz::UTC).unwrap();
        assert_eq!((s.ended, s.end_reason), (Some(t(9, 20)), Some(EndReason::Stopped)));
        let mut done = FocusSession::start(t(9, 0), t(10, 0), Rhythm::DEFAULT, false).unwrap();
        done.settle(t(11, 0));
        assert_eq!((done.ended, done.end_reason), (Some(t(10, 0)), Some(EndReason::Completed)));
        assert!(FocusSession::start(t(9, 0), t(9, 0), Rhythm::DEFAULT, false).is_err());
        assert!(FocusSession::start(t(9, 0), t(9, 0) + Duration::hours(13), Rhythm::DEFAULT, false).is_err());
    }
}
