#!/usr/bin/env python3
"""The organizer's side of the scheduling tests: python's `caldav` client
talking to one calendar collection of a server that schedules (RFC 6638),
as a colleague's calendar app would.

Usage: scheduling_client.py COLLECTION_URL USER PASSWORD COMMAND ARGS...
  ready
        list the collection, which makes a server that provisions calendar
        homes on first use (Cyrus) create USER's
  invite UID SUMMARY START END RRULE ATTENDEE...
        add an event organised by USER@example.org inviting each ATTENDEE
        (times as 20270604T140000Z; RRULE "" for a single meeting)
  status UID ATTENDEE
        print "RECURRENCE-ID|PARTSTAT" for each VEVENT of the event
        ("master" for the series) as the organizer's copy holds it
  replies
        print one JSON object per iTIP REPLY in the collection (the
        organizer's schedule inbox): uid, recurrence_id, partstat, comment
"""

import json
import sys

import caldav


def invite(calendar, user, uid, summary, start, end, rrule, attendees):
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//python caldav organizer//EN",
        "BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20261130T090000Z",
        f"DTSTART:{start}", f"DTEND:{end}", f"SUMMARY:{summary}",
        f"ORGANIZER;CN={user}:mailto:{user}@example.org",
        f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{user}@example.org",
    ]
    if rrule:
        lines.append(f"RRULE:{rrule}")
    lines += [f"ATTENDEE;RSVP=TRUE;PARTSTAT=NEEDS-ACTION:mailto:{a}" for a in attendees]
    lines += ["END:VEVENT", "END:VCALENDAR", ""]
    calendar.save_event("\r\n".join(lines))


def attendee_of(component, address):
    found = component.get("attendee", [])
    for attendee in found if isinstance(found, list) else [found]:
        if str(attendee).lower() == f"mailto:{address}".lower():
            return attendee
    return None


def main():
    url, user, password, command, *args = sys.argv[1:]
    client = caldav.DAVClient(url=url, username=user, password=password)
    collection = caldav.Calendar(client=client, url=url)
    if command == "ready":
        print(len(collection.objects()))
    elif command == "invite":
        uid, summary, start, end, rrule, *attendees = args
        invite(collection, user, uid, summary, start, end, rrule, attendees)
    elif command == "status":
        uid, address = args
        event = collection.event_by_uid(uid)
        for component in event.icalendar_instance.walk("VEVENT"):
            rid = component.get("recurrence-id")
            attendee = attendee_of(component, address)
            partstat = attendee.params.get("PARTSTAT", "NEEDS-ACTION") if attendee is not None else "-"
            print(f"{rid.to_ical().decode() if rid else 'master'}|{partstat}")
    elif command == "replies":
        for item in collection.objects(load_objects=True):
            calendar = item.icalendar_instance
            if str(calendar.get("method", "")).upper() != "REPLY":
                continue
            for component in calendar.walk("VEVENT"):
                attendees = component.get("attendee", [])
                attendee = attendees[0] if isinstance(attendees, list) else attendees
                rid = component.get("recurrence-id")
                print(json.dumps({
                    "uid": str(component.get("uid")),
                    "recurrence_id": rid.to_ical().decode() if rid else None,
                    "partstat": attendee.params.get("PARTSTAT"),
                    "comment": str(component.get("comment", "")),
                }))
    else:
        sys.exit(f"unknown command {command}")


main()
