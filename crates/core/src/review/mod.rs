//! The weekly review: what the week's plan said against what happened,
//! per category and kind, with the day's focus measures and a few plain
//! findings. Pure: the caller loads the week's plan, sessions and entries
//! and passes `now`; only time before `now` counts as actual.

mod day;
mod drawn;
mod findings;
mod timeline;

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;

pub use day::{
    FLICKER_SECONDS, Lived, SWITCH_AFTER_MINUTES, context_switches, free_stretches, longest_focus_stretch,
};
pub use drawn::{DRAWING_STEP_MINUTES, DrawnPiece, drawn};
pub use findings::length;
pub use timeline::{Claim, Origin, Piece, lay_out};

use crate::activity::Activity;
use crate::actual::{ActualSource, Entry};
use crate::block::{Block, BlockId, Category, Kind};
use crate::error::CoreResult;
use crate::focus::{EndReason, FocusSession, Timebox};
use crate::recurrence::occurrences;
use crate::rules::{Half, Rules};
use crate::time::{Span, Week, day_span};

/// A planned block whose deep work or learning fell this far short of its
/// length is "cut short".
pub const CUT_SHORT_MINUTES: i64 = 15;

/// What a week's review is computed from.
#[derive(Debug, Clone, Copy)]
pub struct ReviewInput<'a> {
    /// The week reviewed.
    pub week: Week,
    /// The user's zone: days and the workday are local to it.
    pub tz: Tz,
    /// Time after this has not happened yet.
    pub now: DateTime<Utc>,
    /// Workday, goals, no-meeting days, the deep-block minimum.
    pub rules: &'a Rules,
    /// Blocks touching the week, planned and imported.
    pub plan: &'a [Block],
    /// Focus sessions touching the week.
    pub sessions: &'a [FocusSession],
    /// Timer and logged entries touching the week.
    pub entries: &'a [Entry],
    /// Meeting occurrences the user did not attend: block and start.
    pub skipped: &'a [(BlockId, DateTime<Utc>)],
    /// What a tracker saw, after the user's rules.
    pub activity: &'a [Activity],
    /// The sessions among them that were debugging time-boxes.
    pub timeboxes: &'a [Timebox],
}

/// Planned against actual for one category or kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Compared {
    /// The category's or kind's name, as users type it.
    pub name: &'static str,
    /// Its label.
    pub label: &'static str,
    /// Minutes the plan gave it.
    pub planned_minutes: i64,
    /// Minutes it really took.
    pub actual_minutes: i64,
}

/// The weekly goals against the plan and against what happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct GoalReview {
    /// Deep work wanted.
    pub deep_goal_minutes: i64,
    /// Deep work planned.
    pub deep_planned_minutes: i64,
    /// Deep work done.
    pub deep_actual_minutes: i64,
    /// Learning wanted.
    pub learning_goal_minutes: i64,
    /// Learning planned.
    pub learning_planned_minutes: i64,
    /// Learning done.
    pub learning_actual_minutes: i64,
}

/// One day's measures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DayReview {
    /// The local date.
    pub date: NaiveDate,
    /// Minutes planned (breaks left out).
    pub planned_minutes: i64,
    /// Minutes with actual time recorded.
    pub actual_minutes: i64,
    /// Actual deep work and learning.
    pub focus_minutes: i64,
    /// Actual meetings.
    pub meeting_minutes: i64,
    /// The longest run of deep work or learning (see
    /// [`longest_focus_stretch`]).
    pub longest_stretch_minutes: i64,
    /// When that run began.
    pub longest_stretch_from: Option<DateTime<FixedOffset>>,
    /// Changes of context (see [`context_switches`]).
    pub switches: u32,
    /// Free workday time, between meetings that happened, in stretches at
    /// least the deep-block minimum long.
    pub focus_time_minutes: i64,
    /// Free workday time in shorter stretches: too short for deep work.
    pub fragmented_minutes: i64,
}

/// A no-meeting day (or half-day) that has begun, kept or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NoMeetingDay {
    /// The local date.
    pub date: NaiveDate,
    /// The half it covers, or the whole day.
    pub half: Option<Half>,
    /// The meetings held in it, by title; none when it was kept.
    pub broken_by: Vec<String>,
}

/// Why a block fell short.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum ShortBy {
    /// A meeting took part of it.
    Meeting,
    /// Its session was stopped by hand.
    Stopped,
    /// Other work took part of it.
    OtherWork,
    /// Nothing explains it: the time was not recorded.
    Untracked,
}

/// A planned deep-work or learning block that did not get its time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CutShort {
    /// The block.
    pub block: BlockId,
    /// Its title.
    pub title: String,
    /// Its kind.
    pub kind: Kind,
    /// When the occurrence was planned to start.
    pub start: DateTime<FixedOffset>,
    /// Its planned length.
    pub planned_minutes: i64,
    /// Deep work or learning done inside it.
    pub done_minutes: i64,
    /// The main cause.
    pub by: ShortBy,
    /// The cause in a sentence fragment ("the meeting 'Sync' took 14:00–15:00").
    pub why: String,
}

/// A focus session stopped before its planned end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StoppedSession {
    /// When it started.
    pub started: DateTime<FixedOffset>,
    /// When it was stopped.
    pub ended: DateTime<FixedOffset>,
    /// When it would have ended.
    pub planned_end: DateTime<FixedOffset>,
    /// What it was for.
    pub category: Category,
    /// The meeting it gave way to, when one began before its planned end.
    pub for_meeting: Option<String>,
}

/// A debugging time-box of the week, and how it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TimeboxOutcome {
    /// What was wrong.
    pub question: String,
    /// When the box began.
    pub started: DateTime<FixedOffset>,
    /// How long it ran (so far, for one still running).
    pub minutes: i64,
    /// Whether the cause was found; `None` until the user says.
    pub cause_found: Option<bool>,
}

/// One stretch of the actual timeline, as CSV rows and the day chart show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Interval {
    /// When it began.
    pub start: DateTime<FixedOffset>,
    /// When it ended.
    pub end: DateTime<FixedOffset>,
    /// What it went to.
    pub category: Category,
    /// Where the time was recorded.
    pub source: Origin,
    /// The block it belongs to.
    pub block: Option<BlockId>,
    /// The user's words or the meeting's title.
    pub note: Option<String>,
}

/// A planned occurrence, as the day chart shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlannedInterval {
    /// When it starts.
    pub start: DateTime<FixedOffset>,
    /// When it ends.
    pub end: DateTime<FixedOffset>,
    /// Its kind.
    pub kind: Kind,
    /// Its category.
    pub category: Category,
    /// Its title.
    pub title: String,
}

/// A week's review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Review {
    /// The week's first day.
    pub first_day: NaiveDate,
    /// The week's last day.
    pub last_day: NaiveDate,
    /// Per category, those planned or done.
    pub categories: Vec<Compared>,
    /// Per kind of work (breaks left out), those planned or done.
    pub kinds: Vec<Compared>,
    /// Goals against plan and actual.
    pub goals: GoalReview,
    /// No-meeting days that have begun.
    pub no_meeting_days: Vec<NoMeetingDay>,
    /// The seven days.
    pub days: Vec<DayReview>,
    /// Deep-work and learning blocks that did not get their time.
    pub cut_short: Vec<CutShort>,
    /// Sessions stopped early.
    pub stopped_sessions: Vec<StoppedSession>,
    /// Debugging time-boxes begun in the week, earliest first.
    pub timeboxes: Vec<TimeboxOutcome>,
    /// Plain sentences from the numbers, each with its figure.
    pub findings: Vec<String>,
    /// The actual timeline.
    pub intervals: Vec<Interval>,
    /// The plan.
    pub planned: Vec<PlannedInterval>,
}

/// The kind of work time spent on `category` counts as, when it is
/// recorded without a block to say (timer, log, tracker): the ML work
/// categories are deep work, research is learning, meetings and admin are
/// themselves, "other" counts as no kind.
pub fn kind_of(category: Category) -> Option<Kind> {
    match category {
        Category::DataPrep
        | Category::ModelDev
        | Category::Training
        | Category::Evaluation
        | Category::Documentation => Some(Kind::Deep),
        Category::ResearchLearning => Some(Kind::Learning),
        Category::Meetings => Some(Kind::Meeting),
        Category::Admin => Some(Kind::Admin),
        Category::Other => None,
    }
}

/// Rounds to whole minutes, half up.
fn minutes(length: Duration) -> i64 {
    (length.num_seconds() + 30).div_euclid(60)
}

fn clip(span: &Span, to: &Span) -> Option<Span> {
    let clipped = Span::new(span.start.max(to.start), span.end.min(to.end));
    (clipped.start < clipped.end).then_some(clipped)
}

fn overlap(a: &Span, b: &Span) -> Duration {
    clip(a, b).map_or(Duration::zero(), |s| s.duration())
}

/// Everything that claims actual time in the week, before precedence.
fn claims(input: &ReviewInput<'_>, past: &Span) -> CoreResult<Vec<Claim>> {
    let mut claims = Vec::new();
    for entry in input.entries {
        let Some(span) = clip(&entry.span(), past) else { continue };
        let origin = match entry.source {
            ActualSource::Timer => Origin::Timer,
            ActualSource::Manual => Origin::Manual,
        };
        let (category, note) = (entry.category, entry.note.clone());
        claims.push(Claim { span, category, kind: kind_of(category), origin, block: None, note });
    }
    let block = |id: Option<BlockId>| id.and_then(|id| input.plan.iter().find(|b| b.id == id));
    for session in input.sessions {
        let end = session.ended.unwrap_or(session.planned_end);
        let Some(span) = clip(&Span::new(session.started, end), past) else { continue };
        let kind = match block(session.block_id).map(|b| b.kind) {
            Some(Kind::Meeting | Kind::Break) | None => Kind::Deep,
            Some(kind) => kind,
        };
        let title = block(session.block_id).map(|b| b.title.clone());
        claims.push(Claim {
            span,
            category: session.category,
            kind: Some(kind),
            origin: Origin::Focus,
            block: session.block_id,
            note: title,
        });
    }
    for meeting in input.plan.iter().filter(|b| b.kind == Kind::Meeting) {
        for occurrence in occurrences(meeting, past)? {
            if input.skipped.contains(&(meeting.id, occurrence.span.start)) {
                continue;
            }
            let Some(span) = clip(&occurrence.span, past) else { continue };
            claims.push(Claim {
                span,
                category: meeting.category,
                kind: Some(Kind::Meeting),
                origin: Origin::Meeting,
                block: Some(meeting.id),
                note: Some(meeting.title.clone()),
            });
        }
    }
    for seen in input.activity {
        let Some(span) = clip(&seen.span, past) else { continue };
        let category = seen.category;
        claims.push(Claim {
            span,
            category,
            kind: kind_of(category),
            origin: Origin::Activity,
            block: None,
            note: None,
        });
    }
    Ok(claims)
}

/// The week's time up to `now`, each instant with its one claim.
struct LivedTime {
    past: Span,
    claims: Vec<Claim>,
    pieces: Vec<Piece>,
    lived: Vec<Lived>,
}

fn lived_time(input: &ReviewInput<'_>) -> CoreResult<LivedTime> {
    let week = input.week.span(input.tz);
    let past = Span::new(week.start, week.end.min(input.now).max(week.start));
    let claims = claims(input, &past)?;
    let pieces = lay_out(&claims);
    let lived = pieces
        .iter()
        .map(|p| Lived { span: p.span, category: claims[p.claim].category, kind: claims[p.claim].kind })
        .collect();
    Ok(LivedTime { past, claims, pieces, lived })
}

/// Minutes done of each kind of work in `input.week`, kinds in their
/// order, those with none left out: the part of a review a trend over
/// many weeks needs, without the days, findings and timeline.
pub fn done_by_kind(input: &ReviewInput<'_>) -> CoreResult<Vec<(Kind, i64)>> {
    let lived = lived_time(input)?.lived;
    Ok(Kind::ALL
        .iter()
        .filter_map(|&kind| {
            let done: Duration =
                lived.iter().filter(|l| l.kind == Some(kind)).map(|l| l.span.duration()).sum();
            (done > Duration::zero()).then(|| (kind, minutes(done)))
        })
        .collect())
}

/// Reviews `input.week`.
pub fn review_week(input: &ReviewInput<'_>) -> CoreResult<Review> {
    let tz = input.tz;
    let local = |t: DateTime<Utc>| t.with_timezone(&tz).fixed_offset();
    let week = input.week.span(tz);
    let LivedTime { past, claims, pieces, lived } = lived_time(input)?;

    let mut planned = Vec::new();
    for block in input.plan.iter().filter(|b| b.kind != Kind::Break) {
        for occurrence in occurrences(block, &week)? {
            if let Some(span) = clip(&occurrence.span, &week) {
                planned.push((block, span));
            }
        }
    }
    planned.sort_by_key(|(b, s)| (s.start, b.id));

    let mut by_category: BTreeMap<usize, (Duration, Duration)> = BTreeMap::new();
    let mut by_kind: BTreeMap<usize, (Duration, Duration)> = BTreeMap::new();
    let position = |all: &[Category], c: Category| all.iter().position(|x| *x == c).unwrap_or(all.len());
    let kind_position = |k: Kind| Kind::ALL.iter().position(|x| *x == k).unwrap_or(Kind::ALL.len());
    for (block, span) in &planned {
        by_category.entry(position(Category::ALL, block.category)).or_default().0 += span.duration();
        by_kind.entry(kind_position(block.kind)).or_default().0 += span.duration();
    }
    for piece in &lived {
        by_category.entry(position(Category::ALL, piece.category)).or_default().1 += piece.span.duration();
        if let Some(kind) = piece.kind {
            by_kind.entry(kind_position(kind)).or_default().1 += piece.span.duration();
        }
    }
    let compared = |name, label, (plan, actual): (Duration, Duration)| Compared {
        name,
        label,
        planned_minutes: minutes(plan),
        actual_minutes: minutes(actual),
    };
    let categories: Vec<Compared> = by_category
        .iter()
        .map(|(&i, &t)| compared(Category::ALL[i].as_str(), Category::ALL[i].label(), t))
        .collect();
    let kinds: Vec<Compared> =
        by_kind.iter().map(|(&i, &t)| compared(Kind::ALL[i].as_str(), Kind::ALL[i].label(), t)).collect();
    let kind_row = |kind: Kind| kinds.iter().find(|c| c.name == kind.as_str());
    let goals = GoalReview {
        deep_goal_minutes: i64::from(input.rules.goals.deep_minutes),
        deep_planned_minutes: kind_row(Kind::Deep).map_or(0, |c| c.planned_minutes),
        deep_actual_minutes: kind_row(Kind::Deep).map_or(0, |c| c.actual_minutes),
        learning_goal_minutes: i64::from(input.rules.goals.learning_minutes),
        learning_planned_minutes: kind_row(Kind::Learning).map_or(0, |c| c.planned_minutes),
        learning_actual_minutes: kind_row(Kind::Learning).map_or(0, |c| c.actual_minutes),
    };

    let meetings: Vec<(Span, &Claim)> = pieces
        .iter()
        .filter(|p| claims[p.claim].origin == Origin::Meeting)
        .map(|p| (p.span, &claims[p.claim]))
        .collect();
    let days = input
        .week
        .days()
        .iter()
        .map(|&date| {
            let whole = day_span(tz, date);
            let today: Vec<Lived> =
                lived.iter().filter_map(|l| clip(&l.span, &whole).map(|span| Lived { span, ..*l })).collect();
            let sum = |keep: &dyn Fn(&Lived) -> bool| {
                minutes(today.iter().filter(|l| keep(l)).map(|l| l.span.duration()).sum())
            };
            let stretch = longest_focus_stretch(&today);
            let busy: Vec<Span> = meetings.iter().map(|(s, _)| *s).collect();
            let free = input
                .rules
                .workday
                .span_on(tz, date)
                .and_then(|work| clip(&work, &past))
                .map(|work| free_stretches(&work, &busy))
                .unwrap_or_default();
            let least = Duration::minutes(i64::from(input.rules.min_deep_minutes));
            let (long, short): (Vec<Span>, Vec<Span>) = free.iter().partition(|s| s.duration() >= least);
            DayReview {
                date,
                planned_minutes: minutes(planned.iter().map(|(_, s)| overlap(s, &whole)).sum()),
                actual_minutes: sum(&|_| true),
                focus_minutes: sum(&|l| matches!(l.kind, Some(Kind::Deep | Kind::Learning))),
                meeting_minutes: sum(&|l| l.kind == Some(Kind::Meeting)),
                longest_stretch_minutes: stretch.map_or(0, |s| minutes(s.duration())),
                longest_stretch_from: stretch.map(|s| local(s.start)),
                switches: context_switches(&today),
                focus_time_minutes: minutes(long.iter().map(Span::duration).sum()),
                fragmented_minutes: minutes(short.iter().map(Span::duration).sum()),
            }
        })
        .collect();

    let mut no_meeting_days = Vec::new();
    for date in input.week.days() {
        let Some((rule, half)) = input.rules.no_meeting_on(date).into_iter().next() else { continue };
        let Some(span) = rule.when.span_on(tz, date).filter(|s| s.start < input.now) else { continue };
        let mut broken_by: Vec<String> =
            meetings.iter().filter(|(s, _)| s.overlaps(&span)).filter_map(|(_, c)| c.note.clone()).collect();
        broken_by.dedup();
        no_meeting_days.push(NoMeetingDay { date, half, broken_by });
    }

    let cut_short = cut_short(input, &planned, &pieces, &claims, &past);
    let stopped_sessions = input
        .sessions
        .iter()
        .filter(|s| {
            s.end_reason == Some(EndReason::Stopped) && week.start <= s.started && s.started < week.end
        })
        .filter_map(|s| {
            let ended = s.ended?;
            let rest = Span::new(ended, s.planned_end);
            let for_meeting = claims
                .iter()
                .filter(|c| {
                    c.origin == Origin::Meeting && rest.start <= c.span.start && c.span.start < rest.end
                })
                .min_by_key(|c| c.span.start)
                .and_then(|c| c.note.clone());
            Some(StoppedSession {
                started: local(s.started),
                ended: local(ended),
                planned_end: local(s.planned_end),
                category: s.category,
                for_meeting,
            })
        })
        .collect();

    let timeboxes = input
        .sessions
        .iter()
        .filter(|s| week.start <= s.started && s.started < week.end)
        .filter_map(|s| {
            let timebox = input.timeboxes.iter().find(|t| t.session == s.id)?;
            let end = s.ended.unwrap_or(input.now).min(s.planned_end).max(s.started);
            Some(TimeboxOutcome {
                question: timebox.question.clone(),
                started: local(s.started),
                minutes: (end - s.started).num_minutes(),
                cause_found: timebox.cause_found,
            })
        })
        .collect();

    let intervals = pieces
        .iter()
        .map(|p| {
            let claim = &claims[p.claim];
            Interval {
                start: local(p.span.start),
                end: local(p.span.end),
                category: claim.category,
                source: claim.origin,
                block: claim.block,
                note: claim.note.clone(),
            }
        })
        .collect();
    let planned = planned
        .iter()
        .map(|(b, s)| PlannedInterval {
            start: local(s.start),
            end: local(s.end),
            kind: b.kind,
            category: b.category,
            title: b.title.clone(),
        })
        .collect();
    let mut review = Review {
        first_day: input.week.first_day(),
        last_day: input.week.last_day(),
        categories,
        kinds,
        goals,
        no_meeting_days,
        days,
        cut_short,
        stopped_sessions,
        timeboxes,
        findings: Vec::new(),
        intervals,
        planned,
    };
    review.findings = findings::findings(&review);
    Ok(review)
}

/// The deep-work and learning occurrences, over by `now`, that got at
/// least [`CUT_SHORT_MINUTES`] less focus than planned, with the cause
/// that took most of the missing time.
fn cut_short(
    input: &ReviewInput<'_>,
    planned: &[(&Block, Span)],
    pieces: &[Piece],
    claims: &[Claim],
    past: &Span,
) -> Vec<CutShort> {
    let local = |t: DateTime<Utc>| t.with_timezone(&input.tz).fixed_offset();
    let mut found = Vec::new();
    for (block, span) in
        planned.iter().filter(|(b, s)| matches!(b.kind, Kind::Deep | Kind::Learning) && s.end <= past.end)
    {
        let inside: Vec<(Duration, &Claim, Span)> = pieces
            .iter()
            .filter_map(|p| clip(&p.span, span).map(|s| (s.duration(), &claims[p.claim], s)))
            .collect();
        let done: Duration = inside
            .iter()
            .filter(|(_, c, _)| matches!(c.kind, Some(Kind::Deep | Kind::Learning)))
            .map(|(d, _, _)| *d)
            .sum();
        if span.duration() - done < Duration::minutes(CUT_SHORT_MINUTES) {
            continue;
        }
        let time = |t: DateTime<Utc>| local(t).format("%H:%M").to_string();
        let meeting =
            inside.iter().filter(|(_, c, _)| c.origin == Origin::Meeting).max_by_key(|(d, _, _)| *d);
        let stopped = input.sessions.iter().find(|s| {
            s.block_id == Some(block.id) && s.end_reason == Some(EndReason::Stopped) && s.started < span.end
        });
        let other = inside
            .iter()
            .filter(|(_, c, _)| !matches!(c.kind, Some(Kind::Deep | Kind::Learning)))
            .max_by_key(|(d, _, _)| *d);
        let (by, why) = if let Some((_, claim, at)) = meeting {
            let title = claim.note.as_deref().unwrap_or("a meeting");
            (ShortBy::Meeting, format!("the meeting '{title}' took {}–{}", time(at.start), time(at.end)))
        } else if let Some(ended) = stopped.and_then(|s| s.ended) {
            (ShortBy::Stopped, format!("its session was stopped at {}", time(ended)))
        } else if let Some((length, claim, _)) = other {
            (
                ShortBy::OtherWork,
                format!("{} took {} of it", claim.category.label(), findings::length(minutes(*length))),
            )
        } else {
            (ShortBy::Untracked, "the rest was not recorded".to_owned())
        };
        found.push(CutShort {
            block: block.id,
            title: block.title.clone(),
            kind: block.kind,
            start: local(span.start),
            planned_minutes: minutes(span.duration()),
            done_minutes: minutes(done),
            by,
            why,
        });
    }
    found
}
