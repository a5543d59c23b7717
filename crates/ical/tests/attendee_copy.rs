//! Declining in the user's own copy of a meeting: only the answer changes,
//! every other line the organizer wrote stays, and the copy then reads as
//! a meeting the user does not attend.

use chrono::{NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use deepblock_core::Span;
use deepblock_ical::{Answer, decline_in_copy, import_calendar_as, read_scheduled};

const TZ: Tz = chrono_tz::Europe::Berlin;

fn me() -> Vec<String> {
    vec!["bob@example.org".to_owned()]
}

/// A copy as Cyrus delivers it: no METHOD, the organizer's lines, an
/// X- property and an alarm whose ATTENDEE is the user too.
const SINGLE: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//CyrusIMAP.org/Cyrus 3.6.1//EN\r\n\
BEGIN:VEVENT\r\nUID:sched-1@example.org\r\nDTSTAMP:20261130T145758Z\r\n\
DTSTART;TZID=Europe/Berlin:20261204T140000\r\nDTEND;TZID=Europe/Berlin:20261204T150000\r\n\
SUMMARY:Roadmap sync\r\nX-ORGANIZER-NOTE:keep me\r\n\
ORGANIZER;CN=Alice:mailto:alice@example.org\r\n\
ATTENDEE;CN=Alice;PARTSTAT=ACCEPTED:mailto:alice@example.org\r\n\
ATTENDEE;CN=\"Bob, the builder\";RSVP=TRUE;PARTSTAT=NEEDS-ACTION:mailto:bob@example.org\r\n\
SEQUENCE:1\r\n\
BEGIN:VALARM\r\nACTION:EMAIL\r\nTRIGGER:-PT15M\r\nSUMMARY:Soon\r\nDESCRIPTION:Soon\r\nATTENDEE:mailto:bob@example.org\r\nEND:VALARM\r\n\
END:VEVENT\r\nEND:VCALENDAR\r\n";

fn at(d: u32, h: u32) -> chrono::DateTime<Utc> {
    TZ.with_ymd_and_hms(2026, 12, d, h, 0, 0).unwrap().with_timezone(&Utc)
}

fn wall(d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap().and_hms_opt(h, 0, 0).unwrap()
}

fn decline(original: Option<NaiveDateTime>, span: Span, comment: &str) -> Answer {
    Answer { original, span, accept: false, comment: Some(comment.to_owned()), proposed: None }
}

fn attendee_lines(text: &str) -> Vec<String> {
    deepblock_ical::text::unfold(text)
        .into_iter()
        .map(|(_, l)| l)
        .filter(|l| l.starts_with("ATTENDEE"))
        .collect()
}

#[test]
fn a_declined_meeting_changes_only_the_users_answer_and_gains_the_comment() {
    let invitation = read_scheduled(SINGLE, TZ, &me()).unwrap();
    assert!(invitation.awaiting(&me()).is_some(), "NEEDS-ACTION waits for an answer");
    let answer = decline(None, Span::new(at(4, 14), at(4, 15)), "Sorry, Friday is a no-meeting day.");
    let copy = decline_in_copy(SINGLE, &invitation, &me(), &[answer], TZ).unwrap();

    let attendees = attendee_lines(&copy);
    assert_eq!(
        attendees,
        [
            "ATTENDEE;CN=Alice;PARTSTAT=ACCEPTED:mailto:alice@example.org",
            "ATTENDEE;CN=\"Bob, the builder\";PARTSTAT=DECLINED:mailto:bob@example.org",
            // The alarm's recipient is not an answer.
            "ATTENDEE:mailto:bob@example.org",
        ]
    );
    assert!(copy.contains("COMMENT:Sorry\\, Friday is a no-meeting day.\r\nEND:VEVENT"), "{copy}");
    for kept in ["X-ORGANIZER-NOTE:keep me", "SEQUENCE:1", "DTSTAMP:20261130T145758Z", "TRIGGER:-PT15M"] {
        assert!(copy.contains(kept), "{kept} lost:\n{copy}");
    }
    assert_eq!(copy.matches("BEGIN:VEVENT").count(), 1);

    // Declined, it no longer waits, and takes none of the user's time.
    let again = read_scheduled(&copy, TZ, &me()).unwrap();
    assert!(again.awaiting(&me()).is_none());
    let seen = import_calendar_as(&copy, "Work", TZ, &me()).unwrap();
    assert!(seen.blocks.is_empty(), "{:?}", seen.blocks);
    assert_eq!(seen.cancelled, 1);
    // Someone else reading the same file still sees the meeting.
    assert_eq!(import_calendar_as(&copy, "Work", TZ, &[]).unwrap().blocks.len(), 1);
}

/// A weekly series with one occurrence already changed by the organizer.
const SERIES: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n\
BEGIN:VEVENT\r\nUID:weekly@example.org\r\nDTSTAMP:20261130T120000Z\r\n\
DTSTART;TZID=Europe/Berlin:20261201T100000\r\nDTEND;TZID=Europe/Berlin:20261201T110000\r\n\
RRULE:FREQ=DAILY;COUNT=5\r\nSUMMARY:Standup\r\n\
ORGANIZER:mailto:alice@example.org\r\nATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:bob@example.org\r\n\
END:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:weekly@example.org\r\nDTSTAMP:20261130T120000Z\r\n\
RECURRENCE-ID;TZID=Europe/Berlin:20261203T100000\r\n\
DTSTART;TZID=Europe/Berlin:20261203T120000\r\nDTEND;TZID=Europe/Berlin:20261203T130000\r\n\
SUMMARY:Standup (moved)\r\n\
ORGANIZER:mailto:alice@example.org\r\nATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:bob@example.org\r\n\
END:VEVENT\r\nEND:VCALENDAR\r\n";

#[test]
fn refused_occurrences_of_a_series_are_declined_one_by_one_and_the_rest_stays_open() {
    let invitation = read_scheduled(SERIES, TZ, &me()).unwrap();
    let answers = [
        Answer {
            original: None,
            span: Span::new(at(1, 10), at(1, 11)),
            accept: true,
            comment: None,
            proposed: None,
        },
        // The moved one, which has its own VEVENT already.
        decline(Some(wall(3, 10)), Span::new(at(3, 12), at(3, 13)), "Thursday is for deep work."),
        // One the organizer never touched: a new override.
        decline(Some(wall(4, 10)), Span::new(at(4, 10), at(4, 11)), "Friday is for deep work."),
    ];
    let copy = decline_in_copy(SERIES, &invitation, &me(), &answers, TZ).unwrap();
    assert_eq!(copy.matches("BEGIN:VEVENT").count(), 3, "{copy}");
    assert_eq!(
        attendee_lines(&copy),
        [
            "ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:bob@example.org",
            "ATTENDEE;PARTSTAT=DECLINED:mailto:bob@example.org",
            "ATTENDEE;PARTSTAT=DECLINED:mailto:bob@example.org",
        ]
    );
    let added = &copy[copy.rfind("BEGIN:VEVENT").unwrap()..];
    for line in [
        "RECURRENCE-ID;TZID=Europe/Berlin:20261204T100000",
        "DTSTART;TZID=Europe/Berlin:20261204T100000",
        "DTEND;TZID=Europe/Berlin:20261204T110000",
        "SUMMARY:Standup",
        "COMMENT:Friday is for deep work.",
    ] {
        assert!(added.contains(line), "{line} missing from\n{added}");
    }
    assert!(!added.contains("RRULE"), "{added}");
    assert!(copy.contains("SUMMARY:Standup (moved)"));

    // The series still waits for the user; the two occurrences are gone
    // from their time.
    let again = read_scheduled(&copy, TZ, &me()).unwrap();
    assert!(again.awaiting(&me()).is_some());
    // Judged again, the declined occurrences are answered: not in the meeting.
    let skipped = &again.meeting.unwrap().recurrence.unwrap().skipped;
    assert!(skipped.contains(&wall(3, 10)) && skipped.contains(&wall(4, 10)), "{skipped:?}");
    let seen = import_calendar_as(&copy, "Work", TZ, &me()).unwrap();
    let recurrence = seen.blocks[0].recurrence.as_ref().unwrap();
    assert!(recurrence.skipped.contains(&wall(3, 10)) && recurrence.skipped.contains(&wall(4, 10)));
    assert!(recurrence.moved.is_empty(), "{recurrence:?}");
}

#[test]
fn a_copy_that_does_not_invite_the_user_is_refused() {
    let invitation = read_scheduled(SINGLE, TZ, &me()).unwrap();
    let someone = vec!["carol@example.org".to_owned()];
    assert!(invitation.awaiting(&someone).is_none());
    let answer = decline(None, Span::new(at(4, 14), at(4, 15)), "no");
    let error = decline_in_copy(SINGLE, &invitation, &someone, &[answer], TZ).unwrap_err();
    assert!(error.to_string().contains("none of your addresses"), "{error}");
}

#[test]
fn the_organizers_own_copy_does_not_wait_for_an_answer() {
    let invitation = read_scheduled(SINGLE, TZ, &me()).unwrap();
    assert!(invitation.awaiting(&["alice@example.org".to_owned()]).is_none());
}
