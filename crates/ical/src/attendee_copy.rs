//! Declining inside the user's own copy of a meeting on a CalDAV server.
//!
//! A server that schedules (RFC 6638) delivers an invitation into the
//! attendee's calendar and, when the attendee changes their PARTSTAT
//! there, sends the organizer the REPLY itself; so declining is one PUT of
//! this copy. Only the lines that answer change: every other line the
//! organizer wrote is kept as it came (refolded), including properties
//! Deepblock does not read.

use chrono_tz::Tz;

use crate::import::events::{is_address_of, read_walls};
use crate::import::invitation::Invitation;
use crate::import::parse::{ImportError, parse, parse_line};
use crate::import::zones::Zones;
use crate::reply::{Answer, form_of, put_instant, put_wall, write_attendee};
use crate::text::logical_lines;
use crate::writer::Writer;

/// What a new override of one occurrence does not copy from its series:
/// the repetition, the times it sets itself, and the series' comments.
const SERIES_ONLY: [&str; 8] =
    ["RRULE", "RDATE", "EXDATE", "DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "COMMENT"];

/// The user's copy (`text`, as the server holds it) with their ATTENDEE
/// line DECLINED and the answer's COMMENT wherever `answers` decline: the
/// whole event when one answer covers the series, else each refused
/// occurrence, as its own override when the organizer wrote none for it.
/// Accepting answers change nothing: the user says yes in their calendar.
pub fn decline_in_copy(
    text: &str,
    invitation: &Invitation,
    me: &[String],
    answers: &[Answer],
    tz: Tz,
) -> Result<String, ImportError> {
    let meeting = invitation
        .meeting
        .as_ref()
        .ok_or_else(|| ImportError::at(0, "the meeting is cancelled; there is nothing to decline"))?;
    let declines: Vec<&Answer> = answers.iter().filter(|a| !a.accept).collect();
    let whole = declines.iter().copied().find(|a| a.original.is_none());
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let calendars = parse(text)?;
    let calendar = calendars
        .iter()
        .find(|c| c.name == "VCALENDAR")
        .ok_or_else(|| ImportError::at(0, "no BEGIN:VCALENDAR found; this is not an iCalendar file"))?;
    // What each VEVENT, in file order, answers; which declines found one.
    let mut zones = Zones::new(calendar, tz);
    let mut per_event: Vec<Option<&Answer>> = Vec::new();
    let mut placed = vec![whole.is_some(); declines.len()];
    for event in calendar.children_named("VEVENT") {
        let answer = match (whole, event.prop("RECURRENCE-ID")) {
            (Some(all), _) => Some(all),
            (None, Some(rid)) => {
                let wall = read_walls(rid, &mut zones, meeting)?.first().copied();
                let found = declines.iter().position(|a| a.original.is_some() && a.original == wall);
                found.map(|i| {
                    placed[i] = true;
                    declines[i]
                })
            }
            (None, None) => None,
        };
        per_event.push(answer);
    }
    let master = calendar.children_named("VEVENT").position(|e| e.prop("RECURRENCE-ID").is_none());

    let mut w = Writer::new();
    let mut open: Vec<String> = Vec::new();
    let mut events_seen = 0;
    let mut current: Option<usize> = None;
    let mut mine_here = false;
    let mut declined_any = false;
    let mut master_lines: Vec<String> = Vec::new();
    for (line, logical) in logical_lines(text) {
        let logical = logical.trim_end();
        if logical.is_empty() {
            continue;
        }
        let Ok(property) = parse_line(line, logical) else {
            w.line(logical);
            continue;
        };
        let in_event = open.len() == 2 && current.is_some();
        match property.name.as_str() {
            "BEGIN" => {
                open.push(property.value.trim().to_ascii_uppercase());
                if open.len() == 2 && open[1] == "VEVENT" {
                    current = Some(events_seen);
                    events_seen += 1;
                    mine_here = false;
                }
                w.line(logical);
            }
            "END" => {
                let answer = current.and_then(|i| per_event.get(i).copied().flatten());
                if open.len() == 2 && current.is_some() {
                    if let (Some(answer), true) = (answer, mine_here)
                        && let Some(comment) = &answer.comment
                    {
                        w.text("COMMENT", &[], comment);
                    }
                    current = None;
                }
                if open.len() == 1 {
                    let form = form_of(invitation, meeting.tz);
                    for (answer, _) in declines.iter().zip(&placed).filter(|(_, placed)| !**placed) {
                        let Some(original) = answer.original else { continue };
                        w.begin("VEVENT");
                        for kept in &master_lines {
                            let Ok(p) = parse_line(0, kept) else { continue };
                            if SERIES_ONLY.contains(&p.name.as_str()) {
                                continue;
                            }
                            if p.name == "ATTENDEE" && is_address_of(&p.value, me) {
                                write_attendee(&mut w, &p, Some("DECLINED"));
                                declined_any = true;
                            } else {
                                w.line(kept);
                            }
                        }
                        put_wall(&mut w, "RECURRENCE-ID", &form, original);
                        put_instant(&mut w, "DTSTART", &form, answer.span.start);
                        put_instant(&mut w, "DTEND", &form, answer.span.end);
                        if let Some(comment) = &answer.comment {
                            w.text("COMMENT", &[], comment);
                        }
                        w.end("VEVENT");
                    }
                }
                open.pop();
                w.line(logical);
            }
            _ => {
                if in_event && current == master {
                    master_lines.push(logical.to_owned());
                }
                let answered = current.and_then(|i| per_event.get(i).copied().flatten()).is_some();
                if in_event && answered && property.name == "ATTENDEE" && is_address_of(&property.value, me) {
                    write_attendee(&mut w, &property, Some("DECLINED"));
                    mine_here = true;
                    declined_any = true;
                } else {
                    w.line(logical);
                }
            }
        }
    }
    if !declined_any {
        return Err(ImportError::at(0, "none of your addresses is among the meeting's attendees"));
    }
    Ok(w.finish())
}
