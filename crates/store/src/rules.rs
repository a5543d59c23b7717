//! The user's rules and settings.

use chrono::{NaiveDate, NaiveTime, Weekday};
use deepblock_core::autofocus::KindSet;
use deepblock_core::focus::Rhythm;
use deepblock_core::rules::{Goals, Half, NoMeetingRule, NoMeetingWhen, Rules, WeekdaySet, Workday};
use rusqlite::params;

use crate::{Store, StoreError, StoreResult, Tx};

const TIME_FORMAT: &str = "%H:%M";

impl Store {
    /// Every rule and setting.
    pub fn rules(&self) -> StoreResult<Rules> {
        let (
            start,
            end,
            days,
            deep,
            learning,
            min_deep,
            week_start,
            decline_comment,
            auto_focus,
            rhythm,
            auto_decline,
            busy,
        ) = self.conn.query_row(
            "SELECT workday_start, workday_end, workday_days, deep_goal_minutes, learning_goal_minutes, \
                 min_deep_minutes, week_start, decline_comment, auto_focus_kinds, focus_rhythm, auto_decline, \
                 busy_kinds FROM settings WHERE id = 1",
            [],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, u8>(2)?,
                    row.get::<_, u32>(3)?,
                    row.get::<_, u32>(4)?,
                    row.get::<_, u32>(5)?,
                    row.get::<_, u8>(6)?,
                    row.get::<_, String>(7)?,
                    row.get::<_, u8>(8)?,
                    row.get::<_, String>(9)?,
                    row.get::<_, bool>(10)?,
                    row.get::<_, u8>(11)?,
                ))
            },
        )?;
        let time = |text: &str| {
            NaiveTime::parse_from_str(text, TIME_FORMAT)
                .map_err(|_| StoreError::Corrupt(format!("workday time '{text}'")))
        };
        Ok(Rules {
            no_meeting: self.no_meeting_rules()?,
            workday: Workday { start: time(&start)?, end: time(&end)?, days: WeekdaySet::from_bits(days) },
            goals: Goals { deep_minutes: deep, learning_minutes: learning },
            min_deep_minutes: min_deep,
            week_start: weekday(week_start)?,
            me: self.my_addresses()?,
            decline_comment,
            auto_focus: KindSet::from_bits(auto_focus),
            focus_rhythm: rhythm
                .parse()
                .map_err(|_| StoreError::Corrupt(format!("focus rhythm '{rhythm}'")))?,
            busy: KindSet::from_bits(busy),
            auto_decline,
        })
    }

    fn no_meeting_rules(&self) -> StoreResult<Vec<NoMeetingRule>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, weekday, date_from, date_to, half, created_on FROM no_meeting_rules ORDER BY id",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, Option<u8>>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, Option<String>>(4)?,
                row.get::<_, String>(5)?,
            ))
        })?;
        let mut rules = Vec::new();
        for row in rows {
            let (id, day, from, to, half, created_on) = row?;
            let corrupt = || StoreError::Corrupt(format!("no-meeting rule {id}"));
            let half = half.map(|h| h.parse::<Half>().map_err(|_| corrupt())).transpose()?;
            let date = |text: Option<String>| {
                text.and_then(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok()).ok_or_else(corrupt)
            };
            let when = match day {
                Some(day) => NoMeetingWhen::Weekday { weekday: weekday(day)?, half },
                None => {
                    let (from, to) = (date(from)?, date(to)?);
                    if from == to {
                        NoMeetingWhen::Date { date: from, half }
                    } else {
                        NoMeetingWhen::Range { from, to }
                    }
                }
            };
            let created_on = date(Some(created_on))?;
            rules.push(NoMeetingRule { id, when, created_on });
        }
        Ok(rules)
    }

    fn my_addresses(&self) -> StoreResult<Vec<String>> {
        let mut stmt = self.conn.prepare_cached("SELECT email FROM my_addresses ORDER BY email")?;
        let rows = stmt.query_map([], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl Tx<'_> {
    /// Adds a no-meeting rule made on the local date `today`; returns the
    /// stored rule, or the existing one with `false` when the same rule is
    /// already there.
    pub fn add_no_meeting(
        &self,
        when: &NoMeetingWhen,
        today: NaiveDate,
    ) -> StoreResult<(NoMeetingRule, bool)> {
        if let Some(existing) = self.no_meeting_rules()?.into_iter().find(|r| r.when == *when) {
            return Ok((existing, false));
        }
        let day = |d: &NaiveDate| d.format("%Y-%m-%d").to_string();
        let (weekday, from, to, half) = match when {
            NoMeetingWhen::Weekday { weekday, half } => {
                (Some(weekday.num_days_from_monday()), None, None, *half)
            }
            NoMeetingWhen::Date { date, half } => (None, Some(day(date)), Some(day(date)), *half),
            NoMeetingWhen::Range { from, to } => (None, Some(day(from)), Some(day(to)), None),
        };
        self.conn().execute(
            "INSERT INTO no_meeting_rules (weekday, date_from, date_to, half, created_on) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![weekday, from, to, half.map(|h| h.to_string()), day(&today)],
        )?;
        let rule = NoMeetingRule { id: self.conn().last_insert_rowid(), when: *when, created_on: today };
        Ok((rule, true))
    }

    /// Removes a no-meeting rule; returns it, or `None` if no rule has that id.
    pub fn remove_no_meeting(&self, id: i64) -> StoreResult<Option<NoMeetingRule>> {
        let Some(rule) = self.no_meeting_rules()?.into_iter().find(|r| r.id == id) else {
            return Ok(None);
        };
        self.conn().execute("DELETE FROM no_meeting_rules WHERE id = ?1", [id])?;
        Ok(Some(rule))
    }

    /// Sets the working hours and days.
    pub fn set_workday(&self, workday: &Workday) -> StoreResult<()> {
        self.conn().execute(
            "UPDATE settings SET workday_start = ?1, workday_end = ?2, workday_days = ?3 WHERE id = 1",
            params![
                workday.start.format(TIME_FORMAT).to_string(),
                workday.end.format(TIME_FORMAT).to_string(),
                workday.days.bits()
            ],
        )?;
        Ok(())
    }

    /// Sets the weekly goals.
    pub fn set_goals(&self, goals: &Goals) -> StoreResult<()> {
        self.conn().execute(
            "UPDATE settings SET deep_goal_minutes = ?1, learning_goal_minutes = ?2 WHERE id = 1",
            params![goals.deep_minutes, goals.learning_minutes],
        )?;
        Ok(())
    }

    /// Sets the shortest deep block that gets no warning.
    pub fn set_min_deep_minutes(&self, minutes: u32) -> StoreResult<()> {
        self.conn().execute("UPDATE settings SET min_deep_minutes = ?1 WHERE id = 1", [minutes])?;
        Ok(())
    }

    /// Sets the kinds of block published as busy.
    pub fn set_busy_kinds(&self, kinds: KindSet) -> StoreResult<()> {
        self.conn().execute("UPDATE settings SET busy_kinds = ?1 WHERE id = 1", [kinds.bits()])?;
        Ok(())
    }

    /// Turns declining rule-breaking invitations on the server without
    /// asking on or off.
    pub fn set_auto_decline(&self, on: bool) -> StoreResult<()> {
        self.conn().execute("UPDATE settings SET auto_decline = ?1 WHERE id = 1", [on])?;
        Ok(())
    }

    /// Sets the comment sent with declined invitations.
    pub fn set_decline_comment(&self, comment: &str) -> StoreResult<()> {
        self.conn().execute("UPDATE settings SET decline_comment = ?1 WHERE id = 1", [comment])?;
        Ok(())
    }

    /// Sets the first day of the week.
    pub fn set_week_start(&self, day: Weekday) -> StoreResult<()> {
        self.conn()
            .execute("UPDATE settings SET week_start = ?1 WHERE id = 1", [day.num_days_from_monday()])?;
        Ok(())
    }

    /// Sets the kinds of block that start a focus session.
    pub fn set_auto_focus(&self, kinds: KindSet) -> StoreResult<()> {
        self.conn().execute("UPDATE settings SET auto_focus_kinds = ?1 WHERE id = 1", [kinds.bits()])?;
        Ok(())
    }

    /// Sets the rhythm of sessions not given one.
    pub fn set_focus_rhythm(&self, rhythm: Rhythm) -> StoreResult<()> {
        self.conn().execute("UPDATE settings SET focus_rhythm = ?1 WHERE id = 1", [rhythm.to_string()])?;
        Ok(())
    }

    /// Records one of the user's addresses; `false` if it was there already.
    pub fn add_my_address(&self, email: &str) -> StoreResult<bool> {
        Ok(self.conn().execute("INSERT OR IGNORE INTO my_addresses (email) VALUES (?1)", [email])? == 1)
    }

    /// Forgets one of the user's addresses; `false` if it was not there.
    pub fn remove_my_address(&self, email: &str) -> StoreResult<bool> {
        Ok(self.conn().execute("DELETE FROM my_addresses WHERE email = ?1", [email])? == 1)
    }
}

fn weekday(number: u8) -> StoreResult<Weekday> {
    Weekday::try_from(number).map_err(|_| StoreError::Corrupt(format!("weekday {number}")))
}
