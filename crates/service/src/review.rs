//! The weekly review: loads a week's plan, sessions, entries, skipped
//! meetings and what ActivityWatch saw, and asks the core for planned
//! against actual; the desktop's Review page adds the weeks before and
//! the retro.

use chrono::{DateTime, NaiveDate, Utc};
use deepblock_core::activity::Activity;
use deepblock_core::actual::Entry;
use deepblock_core::focus::Timebox;
use deepblock_core::review::{DrawnPiece, Review, ReviewInput, done_by_kind, drawn, review_week};
use deepblock_core::rules::Rules;
use deepblock_core::time::day_span;
use deepblock_core::{Block, BlockId, Kind, Week};
use serde::Serialize;

use crate::{Deepblock, Plan, Retro, ServiceError, ServiceResult};

/// How many weeks the trend shows, the reviewed one last.
pub const TREND_WEEKS: u32 = 8;

/// One week of the trend.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TrendPoint {
    /// The week's first day.
    pub first_day: NaiveDate,
    /// Deep work done.
    pub deep_minutes: i64,
    /// Learning done.
    pub learning_minutes: i64,
    /// Meetings held.
    pub meeting_minutes: i64,
    /// The deep-work goal.
    pub deep_goal_minutes: i64,
}

/// Everything the Review page shows for a week.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReviewPage {
    /// The week's ISO name, as in 2026-W49.
    pub name: String,
    /// The numbers; its `intervals` are left empty, drawn as `actual`.
    pub review: Review,
    /// The day chart's actual rows: a week of a tracker's seconds-long
    /// intervals is thousands, too many to send and draw one by one.
    pub actual: Vec<DrawnPiece>,
    /// The last [`TREND_WEEKS`] weeks, oldest first.
    pub trend: Vec<TrendPoint>,
    /// The retro's answers, empty when none were given.
    pub retro: Retro,
    /// What reading ActivityWatch came to, when there is something to say.
    pub tracker: Option<String>,
}

/// What a week's review is computed from, as stored.
struct Recorded {
    week: Week,
    plan: Vec<Block>,
    sessions: Vec<deepblock_core::focus::FocusSession>,
    entries: Vec<Entry>,
    skipped: Vec<(BlockId, DateTime<Utc>)>,
    activity: Vec<Activity>,
    timeboxes: Vec<Timebox>,
}

impl Recorded {
    fn input<'a>(&'a self, plan: &Plan, rules: &'a Rules) -> ReviewInput<'a> {
        ReviewInput {
            week: self.week,
            tz: plan.tz,
            now: plan.now(),
            rules,
            plan: &self.plan,
            sessions: &self.sessions,
            entries: &self.entries,
            skipped: &self.skipped,
            activity: &self.activity,
            timeboxes: &self.timeboxes,
        }
    }
}

impl Plan {
    /// The review of `week` (this week when absent), counting as actual
    /// only the time up to now.
    pub fn review_week(&self, week: Option<Week>) -> ServiceResult<Review> {
        let week = match week {
            Some(week) => week,
            None => self.current_week()?,
        };
        let rules = self.store.rules()?;
        Ok(review_week(&self.recorded(week)?.input(self, &rules))?)
    }

    fn recorded(&self, week: Week) -> ServiceResult<Recorded> {
        let span = week.span(self.tz);
        let plan = self.store.blocks_touching(&span)?;
        let skipped = self
            .store
            .skipped_meetings(&span)?
            .into_iter()
            .filter_map(|(uid, start)| plan.iter().find(|b| b.uid == uid).map(|b| (b.id, start)))
            .collect();
        let sessions = self.store.sessions_touching(&span)?;
        let ids: Vec<i64> = sessions.iter().map(|s| s.id).collect();
        Ok(Recorded {
            week,
            timeboxes: self.store.timeboxes_of(&ids)?,
            sessions,
            entries: self.store.entries_touching(&span)?,
            activity: self.store.activity_in(&span)?,
            plan,
            skipped,
        })
    }

    /// Deep work, learning and meetings done in each of the `weeks` weeks
    /// ending with `week`, oldest first.
    pub fn review_trend(&self, week: Week, weeks: u32) -> ServiceResult<Vec<TrendPoint>> {
        let mut first = week;
        for _ in 1..weeks {
            first = first.previous();
        }
        let rules = self.store.rules()?;
        let mut trend = Vec::new();
        let mut at = first;
        for _ in 0..weeks {
            let done = done_by_kind(&self.recorded(at)?.input(self, &rules))?;
            let minutes = |kind: Kind| done.iter().find(|(k, _)| *k == kind).map_or(0, |(_, m)| *m);
            trend.push(TrendPoint {
                first_day: at.first_day(),
                deep_minutes: minutes(Kind::Deep),
                learning_minutes: minutes(Kind::Learning),
                meeting_minutes: minutes(Kind::Meeting),
                deep_goal_minutes: i64::from(rules.goals.deep_minutes),
            });
            at = at.next();
        }
        Ok(trend)
    }

    /// The week the Review page opens on: the week just ending, which is
    /// last week during the first two days of a week and this week after.
    pub fn week_to_review(&self) -> ServiceResult<Week> {
        let week = self.current_week()?;
        let today = self.now().with_timezone(&self.tz).date_naive();
        let into = (today - week.first_day()).num_days();
        Ok(if into < 2 { week.previous() } else { week })
    }

    /// Marks meeting `id`'s occurrence on `date` as not attended (or, with
    /// `attended`, as attended again), so the review counts its time or
    /// not. Returns the meeting's title.
    pub fn mark_meeting(&mut self, id: BlockId, date: NaiveDate, attended: bool) -> ServiceResult<String> {
        let block = self.block(id)?;
        if block.kind != Kind::Meeting {
            return Err(ServiceError::bad_input(format!(
                "block {id} ('{}') is not a meeting; only meetings can be skipped",
                block.title
            )));
        }
        let day = day_span(self.tz, date);
        let occurrence = deepblock_core::occurrences(&block, &day)?
            .into_iter()
            .find(|o| day.start <= o.span.start && o.span.start < day.end)
            .ok_or_else(|| {
                ServiceError::bad_input(format!(
                    "'{}' has no occurrence starting on {}",
                    block.title,
                    date.format("%a %-d %b")
                ))
            })?;
        self.store.write(|tx| tx.set_meeting_skipped(&block.uid, occurrence.span.start, !attended))?;
        Ok(block.title)
    }
}

impl Deepblock {
    /// Reads what ActivityWatch saw in `week`, when reading it is on, and
    /// says in a line what came of it; `None` when there is nothing to say
    /// (reading is off, or it saw nothing and has no AFK watcher). A server
    /// that does not answer is said, not an error: the review goes on.
    pub fn refresh_tracker(&self, week: Week) -> Option<String> {
        match self.pull_activity(week.span(self.tz())) {
            Ok(Some(pulled)) if !pulled.has_presence && pulled.minutes == 0 => None,
            Ok(Some(pulled)) => Some(pulled.line()),
            Ok(None) => None,
            Err(e) => Some(format!("{e}; the review is without it")),
        }
    }

    /// The Review page for the week holding `date` (the week just ending
    /// when absent): ActivityWatch read first, then the numbers, the trend
    /// and the retro.
    pub fn review_page(&self, date: Option<NaiveDate>) -> ServiceResult<ReviewPage> {
        let week = {
            let plan = self.plan();
            match date {
                Some(date) => plan.week_holding(date)?,
                None => plan.week_to_review()?,
            }
        };
        let tracker = self.refresh_tracker(week);
        let plan = self.plan();
        let mut review = plan.review_week(Some(week))?;
        let actual = drawn(&std::mem::take(&mut review.intervals), plan.tz);
        Ok(ReviewPage {
            name: week.iso_name(),
            review,
            actual,
            trend: plan.review_trend(week, TREND_WEEKS)?,
            retro: plan.retro(week)?,
            tracker,
        })
    }
}

/// Hours and minutes as tables show them: `7:29`, `-0:50`.
pub fn clock(minutes: i64) -> String {
    let sign = if minutes < 0 { "-" } else { "" };
    format!("{sign}{}:{:02}", minutes.abs() / 60, minutes.abs() % 60)
}
