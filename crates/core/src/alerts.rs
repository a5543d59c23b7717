//! The desktop alerts a running app owes the user, computed from the plan
//! and the focus session: a block starts in 5 minutes, starts, ends; a focus
//! period ends and the break begins, or the break ends. The app's timer
//! sleeps until the next one; nothing polls.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use crate::focus::{FocusSession, Phase};
use crate::{Block, Kind, Occurrence, Source};

/// How long before a block the first alert comes.
pub const LEAD_MINUTES: i64 = 5;

/// One alert, due at `at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    /// When to show it.
    pub at: DateTime<Utc>,
    /// The notification's title.
    pub title: String,
    /// Its body.
    pub body: String,
}

/// What a session's alerts say besides its phases.
#[derive(Debug, Clone, Copy, Default)]
pub struct SessionWords<'a> {
    /// The question a debugging time-box is about: its end says to step
    /// away.
    pub timebox: Option<&'a str>,
    /// A low-energy task the breaks offer.
    pub for_breaks: Option<&'a str>,
}

/// The earliest alert strictly after `after`, from the planned blocks'
/// occurrences (imported meetings are the other calendar's to announce) and
/// the session.
pub fn next_alert(
    after: DateTime<Utc>,
    occurrences: &[(&Block, Occurrence)],
    session: Option<&FocusSession>,
    words: SessionWords<'_>,
    tz: Tz,
) -> Option<Alert> {
    let clock = |t: DateTime<Utc>| t.with_timezone(&tz).format("%H:%M").to_string();
    let mut found: Vec<Alert> = Vec::new();
    for (block, occurrence) in occurrences.iter().filter(|(b, _)| b.source == Source::Planned) {
        let span = occurrence.span;
        let what = if block.title.is_empty() { block.kind.label() } else { block.title.as_str() };
        let length = span.duration().num_minutes();
        found.push(Alert {
            at: span.start - Duration::minutes(LEAD_MINUTES),
            title: format!("{what} starts in {LEAD_MINUTES} minutes"),
            body: format!("{}–{} ({length} min)", clock(span.start), clock(span.end)),
        });
        let focus_note = if block.kind == Kind::Deep { "; focus starts with it" } else { "" };
        found.push(Alert {
            at: span.start,
            title: format!("{what} starts now"),
            body: format!("until {}{focus_note}", clock(span.end)),
        });
        found.push(Alert { at: span.end, title: format!("{what} ends now"), body: String::new() });
    }
    if let Some(alert) = session.and_then(|s| phase_alert(s, after, words, &clock)) {
        found.push(alert);
    }
    found.into_iter().filter(|a| a.at > after).min_by_key(|a| a.at)
}

/// The alert for the next phase change of `session` after `after`.
fn phase_alert(
    session: &FocusSession,
    after: DateTime<Utc>,
    words: SessionWords<'_>,
    clock: &dyn Fn(DateTime<Utc>) -> String,
) -> Option<Alert> {
    let change = match session.phase_at(after) {
        Phase::Focus { until, .. } | Phase::Break { until, .. } => until,
        Phase::Done => return None,
    };
    let alert = |title: String, body: String| Some(Alert { at: change, title, body });
    match session.phase_at(change) {
        Phase::Break { long, until } => {
            let kind = if long { "Long break" } else { "Break" };
            let minutes = (until - change).num_minutes();
            let offer = words.for_breaks.map(|t| format!(". For the break: {t}")).unwrap_or_default();
            alert(format!("{kind}: {minutes} minutes"), format!("Focus resumes at {}{offer}", clock(until)))
        }
        Phase::Focus { period, until } => {
            alert(format!("Focus period {period}"), format!("until {}", clock(until)))
        }
        Phase::Done => match words.timebox {
            Some(question) => alert(
                format!(
                    "{} on '{question}' without a cause: step away",
                    crate::review::length((change - session.started).num_minutes())
                ),
                "Found it? `deepblock focus found` (or `--no`) records it. Held notifications follow."
                    .to_owned(),
            ),
            None => alert("Focus session over".to_owned(), "Held notifications follow.".to_owned()),
        },
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::focus::Rhythm;
    use crate::{BlockId, Category, Span};

    fn lisbon() -> Tz {
        "Europe/Lisbon".parse().unwrap()
    }

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, h, m, 0).unwrap()
    }

    fn block(kind: Kind, source: Source) -> Block {
        Block {
            id: BlockId(1),
            uid: "a@b".into(),
            sequence: 0,
            kind,
            title: "Paper".into(),
            category: Category::ResearchLearning,
            start: at(9, 0),
            end: at(10, 30),
            tz: lisbon(),
            recurrence: None,
            protected: false,
            source,
        }
    }

    fn occurrence(b: &Block) -> Occurrence {
        Occurrence { block_id: b.id, original: None, span: Span::new(b.start, b.end) }
    }

    #[test]
    fn a_block_is_announced_before_at_its_start_and_at_its_end() {
        let deep = block(Kind::Deep, Source::Planned);
        let plan = [(&deep, occurrence(&deep))];
        let first = next_alert(at(8, 0), &plan, None, SessionWords::default(), lisbon()).unwrap();
        assert_eq!((first.at, first.title.as_str()), (at(8, 55), "Paper starts in 5 minutes"));
        assert_eq!(first.body, "09:00–10:30 (90 min)");
        let second = next_alert(first.at, &plan, None, SessionWords::default(), lisbon()).unwrap();
        assert_eq!((second.at, second.title.as_str()), (at(9, 0), "Paper starts now"));
        assert!(second.body.contains("focus starts with it"));
        let third = next_alert(second.at, &plan, None, SessionWords::default(), lisbon()).unwrap();
        assert_eq!((third.at, third.title.as_str()), (at(10, 30), "Paper ends now"));
        assert_eq!(next_alert(third.at, &plan, None, SessionWords::default(), lisbon()), None);
    }

    #[test]
    fn imported_meetings_are_not_announced() {
        let meeting = block(Kind::Meeting, Source::Imported { calendar: "work".into() });
        assert_eq!(
            next_alert(
                at(8, 0),
                &[(&meeting, occurrence(&meeting))],
                None,
                SessionWords::default(),
                lisbon()
            ),
            None
        );
    }

    #[test]
    fn focus_phases_are_announced_in_order() {
        let rhythm: Rhythm = "50/10".parse().unwrap();
        let session = FocusSession::start(at(9, 0), at(11, 0), rhythm, false).unwrap();
        let brk = next_alert(at(9, 1), &[], Some(&session), SessionWords::default(), lisbon()).unwrap();
        assert_eq!((brk.at, brk.title.as_str()), (at(9, 50), "Break: 10 minutes"));
        assert_eq!(brk.body, "Focus resumes at 10:00");
        let focus = next_alert(brk.at, &[], Some(&session), SessionWords::default(), lisbon()).unwrap();
        assert_eq!((focus.at, focus.title.as_str()), (at(10, 0), "Focus period 2"));
        let brk2 = next_alert(focus.at, &[], Some(&session), SessionWords::default(), lisbon()).unwrap();
        assert_eq!(brk2.at, at(10, 50));
        let over = next_alert(brk2.at, &[], Some(&session), SessionWords::default(), lisbon()).unwrap();
        assert_eq!((over.at, over.title.as_str()), (at(11, 0), "Focus session over"));
        assert_eq!(next_alert(over.at, &[], Some(&session), SessionWords::default(), lisbon()), None);
    }

    #[test]
    fn a_timebox_ends_by_saying_step_away_and_breaks_offer_a_low_energy_task() {
        let rhythm: Rhythm = "50/10".parse().unwrap();
        let session = FocusSession::start(at(9, 0), at(11, 0), rhythm, false).unwrap();
        let words =
            SessionWords { timebox: Some("loss NaN after warmup"), for_breaks: Some("Expense report") };
        let brk = next_alert(at(9, 1), &[], Some(&session), words, lisbon()).unwrap();
        assert_eq!(brk.body, "Focus resumes at 10:00. For the break: Expense report");
        let over = next_alert(at(10, 51), &[], Some(&session), words, lisbon()).unwrap();
        assert_eq!(
            (over.at, over.title.as_str()),
            (at(11, 0), "2 h on 'loss NaN after warmup' without a cause: step away")
        );
        assert!(over.body.starts_with("Found it? `deepblock focus found`"));
    }
}
