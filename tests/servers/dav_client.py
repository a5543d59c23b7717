#!/usr/bin/env python3
"""The other side of the CalDAV tests: python's `caldav` client, acting as
a colleague's calendar app or the user's phone would.

Usage: dav_client.py URL USER PASSWORD COMMAND ARGS...
  make-calendar NAME                      create a calendar (MKCALENDAR)
  add CALENDAR UID SUMMARY START END      add an event (times as 20301204T140000Z)
  rename CALENDAR UID SUMMARY             change an event's SUMMARY
  remove CALENDAR UID                     delete an event
  list CALENDAR                           print "UID|SUMMARY|DTSTART" per event, sorted
Calendars are found by display name (or the last part of their path).
"""

import sys

import caldav


def find(principal, name):
    for calendar in principal.calendars():
        names = {calendar.get_display_name() or "", str(calendar.url).rstrip("/").rsplit("/", 1)[-1]}
        if name in names:
            return calendar
    sys.exit(f"no calendar {name}")


def event_text(uid, summary, start, end):
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//python caldav test//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261130T090000Z\r\nDTSTART:{start}\r\nDTEND:{end}\r\n"
        f"SUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def main():
    url, user, password, command, *args = sys.argv[1:]
    client = caldav.DAVClient(url=url, username=user, password=password)
    principal = client.principal()
    if command == "make-calendar":
        principal.make_calendar(name=args[0], cal_id=args[0].lower())
    elif command == "add":
        calendar, uid, summary, start, end = args
        find(principal, calendar).save_event(event_text(uid, summary, start, end))
    elif command == "rename":
        calendar, uid, summary = args
        event = find(principal, calendar).event_by_uid(uid)
        event.icalendar_component["summary"] = summary
        event.save()
    elif command == "remove":
        calendar, uid = args
        find(principal, calendar).event_by_uid(uid).delete()
    elif command == "list":
        rows = []
        for event in find(principal, args[0]).events():
            c = event.icalendar_component
            rows.append(f"{c['uid']}|{c.get('summary', '')}|{c['dtstart'].to_ical().decode()}")
        print("\n".join(sorted(rows)))
    else:
        sys.exit(f"unknown command {command}")


main()
