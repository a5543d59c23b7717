//! iTIP answers to an invitation (RFC 5546): REPLY with ACCEPTED or
//! DECLINED, per series or per occurrence, and COUNTER with another time.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use chrono_tz::Tz;
use deepblock_core::Span;
use deepblock_core::time::{resolve_local, to_local};

use crate::import::invitation::Invitation;
use crate::import::{Component, Property};
use crate::vtimezone::write_vtimezone;
use crate::writer::Writer;

/// What to say about one occurrence (or, with no `original`, the series).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The occurrence's RECURRENCE-ID wall time, or none for the series.
    pub original: Option<NaiveDateTime>,
    /// When it was planned.
    pub span: Span,
    /// Accept, or decline.
    pub accept: bool,
    /// The COMMENT sent with it.
    pub comment: Option<String>,
    /// For a counter-proposal, the time proposed.
    pub proposed: Option<Span>,
}

/// How the invitation wrote DTSTART, which every time we send back keeps.
#[derive(Debug, Clone)]
pub(crate) enum Form {
    Date(Tz),
    Utc,
    Zoned { tzid: String, tz: Tz },
    Floating(Tz),
}

pub(crate) fn form_of(invitation: &Invitation, tz: Tz) -> Form {
    let start = &invitation.dtstart;
    if start.param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE")) || start.value.trim().len() == 8 {
        return Form::Date(tz);
    }
    if start.value.trim().ends_with(['Z', 'z']) {
        return Form::Utc;
    }
    match start.param("TZID") {
        // A zone we could only read as a fixed offset is safer sent in UTC.
        Some(_) if tz == chrono_tz::UTC => Form::Utc,
        Some(tzid) => Form::Zoned { tzid: tzid.to_owned(), tz },
        None => Form::Floating(tz),
    }
}

const WALL: &str = "%Y%m%dT%H%M%S";

pub(crate) fn put_instant(w: &mut Writer, name: &str, form: &Form, instant: DateTime<Utc>) {
    match form {
        Form::Date(tz) => {
            w.prop(name, &[("VALUE", "DATE")], &to_local(*tz, instant).format("%Y%m%d").to_string())
        }
        Form::Utc => w.prop(name, &[], &instant.format("%Y%m%dT%H%M%SZ").to_string()),
        Form::Zoned { tzid, tz } => {
            w.prop(name, &[("TZID", tzid)], &to_local(*tz, instant).format(WALL).to_string())
        }
        Form::Floating(tz) => w.prop(name, &[], &to_local(*tz, instant).format(WALL).to_string()),
    }
}

pub(crate) fn put_wall(w: &mut Writer, name: &str, form: &Form, wall: NaiveDateTime) {
    match form {
        Form::Date(_) => w.prop(name, &[("VALUE", "DATE")], &wall.format("%Y%m%d").to_string()),
        Form::Utc => {
            let tz = chrono_tz::UTC;
            w.prop(name, &[], &resolve_local(tz, wall).format("%Y%m%dT%H%M%SZ").to_string());
        }
        Form::Zoned { tzid, .. } => w.prop(name, &[("TZID", tzid)], &wall.format(WALL).to_string()),
        Form::Floating(_) => w.prop(name, &[], &wall.format(WALL).to_string()),
    }
}

pub(crate) fn params(property: &Property) -> Vec<(&str, &str)> {
    property.params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// Writes a component of the invitation back as it came.
fn write_raw(w: &mut Writer, component: &Component) {
    w.begin(&component.name);
    for property in &component.props {
        w.prop(&property.name, &params(property), &property.value);
    }
    for child in &component.children {
        write_raw(w, child);
    }
    w.end(&component.name);
}

/// The user's ATTENDEE line as the invitation wrote it, with a new
/// participation status (or none, for a counter-proposal).
pub(crate) fn write_attendee(w: &mut Writer, me: &Property, partstat: Option<&str>) {
    let mut kept: Vec<(&str, &str)> =
        params(me).into_iter().filter(|(k, _)| *k != "PARTSTAT" && *k != "RSVP").collect();
    if let Some(partstat) = partstat {
        kept.push(("PARTSTAT", partstat));
    }
    w.prop("ATTENDEE", &kept, &me.value);
}

/// Header, zones, and one VEVENT per answer, for `method`.
fn write_message(
    invitation: &Invitation,
    me: &Property,
    answers: &[Answer],
    now: DateTime<Utc>,
    method: &str,
) -> String {
    let Some(meeting) = &invitation.meeting else { return String::new() };
    let form = form_of(invitation, meeting.tz);
    let mut w = Writer::new();
    w.begin("VCALENDAR");
    w.prop("VERSION", &[], "2.0");
    w.prop("PRODID", &[], "-//Deepblock//Deepblock planner//EN");
    w.prop("METHOD", &[], method);
    if let Form::Zoned { tzid, tz } = &form {
        match invitation.zones.iter().find(|z| z.prop("TZID").is_some_and(|p| p.value.trim() == tzid)) {
            Some(zone) => write_raw(&mut w, zone),
            None => {
                let from = answers.iter().map(|a| a.span.start).min().unwrap_or(now);
                write_vtimezone(&mut w, *tz, from, from + Duration::days(366));
            }
        }
    }
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    for answer in answers {
        w.begin("VEVENT");
        w.text("UID", &[], &invitation.uid);
        w.prop("DTSTAMP", &[], &stamp);
        w.prop("SEQUENCE", &[], &invitation.sequence);
        w.prop("ORGANIZER", &params(&invitation.organizer), &invitation.organizer.value);
        let counter = method == "COUNTER";
        let partstat = if counter {
            None
        } else if answer.accept {
            Some("ACCEPTED")
        } else {
            Some("DECLINED")
        };
        write_attendee(&mut w, me, partstat);
        if let Some(original) = answer.original {
            put_wall(&mut w, "RECURRENCE-ID", &form, original);
        }
        let span = answer.proposed.filter(|_| counter).unwrap_or(answer.span);
        // A counter-proposal is a time; a whole-day form cannot carry one.
        let time_form = if counter && matches!(form, Form::Date(_)) { Form::Utc } else { form.clone() };
        put_instant(&mut w, "DTSTART", &time_form, span.start);
        if counter {
            put_instant(&mut w, "DTEND", &time_form, span.end);
            if let (None, Some(recurrence)) = (answer.original, &meeting.recurrence) {
                w.prop("RRULE", &[], recurrence.rule.as_str());
            }
        }
        w.text("SUMMARY", &[], &meeting.title);
        if let Some(comment) = &answer.comment {
            w.text("COMMENT", &[], comment);
        }
        w.end("VEVENT");
    }
    w.end("VCALENDAR");
    w.finish()
}

/// The REPLY to send the organizer: ACCEPTED or DECLINED per answer.
pub fn write_reply(invitation: &Invitation, me: &Property, answers: &[Answer], now: DateTime<Utc>) -> String {
    write_message(invitation, me, answers, now, "REPLY")
}

/// The COUNTER to send the organizer: the answers that carry a proposal.
/// Proposals for single occurrences come with the series itself, unchanged:
/// a counter is the attendee's version of the whole event, and calendar
/// servers refuse occurrences without their series.
pub fn write_counter(
    invitation: &Invitation,
    me: &Property,
    answers: &[Answer],
    now: DateTime<Utc>,
) -> String {
    let mut proposals: Vec<Answer> = answers.iter().filter(|a| a.proposed.is_some()).cloned().collect();
    if let Some(meeting) = &invitation.meeting
        && meeting.recurrence.is_some()
        && !proposals.is_empty()
        && proposals.iter().all(|a| a.original.is_some())
    {
        let series = meeting.span();
        proposals.insert(
            0,
            Answer { original: None, span: series, accept: true, comment: None, proposed: Some(series) },
        );
    }
    write_message(invitation, me, &proposals, now, "COUNTER")
}
