#!/usr/bin/env python3
"""python `caldav` as bench/caldav.sh's peer.

  URL USER PASSWORD fill CALENDAR N FOLDER  make CALENDAR with N events (written into Radicale's folder)
  URL USER PASSWORD first CALENDAR          fetch every event once (warms the server)
  URL USER PASSWORD timed CALENDAR          prints the seconds of a first sync (every body, with a
                                            sync token) and of a sync from that token with nothing new
"""

import os
import sys
import time

import caldav

url, user, password, command, name, *rest = sys.argv[1:]
principal = caldav.DAVClient(url=url, username=user, password=password).principal()

if command == "fill":
    n, folder = int(rest[0]), rest[1]
    principal.make_calendar(name=name, cal_id=name.lower())
    for i in range(n):
        month, day, hour = 1 + (i // 224) % 12, 1 + (i // 8) % 28, 8 + i % 8
        with open(os.path.join(folder, f"bulk-{i}.ics"), "w", newline="") as f:
            f.write(
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\nBEGIN:VEVENT\r\n"
                f"UID:bulk-{i}@bench\r\nDTSTAMP:20261130T090000Z\r\n"
                f"DTSTART:2027{month:02}{day:02}T{hour:02}0000Z\r\nDTEND:2027{month:02}{day:02}T{hour:02}3000Z\r\n"
                f"SUMMARY:Meeting {i}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
            )
    sys.exit(0)

calendar = next(c for c in principal.calendars() if c.get_display_name() == name)
if command == "first":
    print(len(calendar.events()))
elif command == "timed":
    start = time.perf_counter()
    objects = calendar.objects_by_sync_token(load_objects=True)
    bodies = [o.data for o in objects]
    first = time.perf_counter() - start
    start = time.perf_counter()
    again = calendar.objects_by_sync_token(sync_token=objects.sync_token, load_objects=True)
    assert len(list(again)) == 0
    nochange = time.perf_counter() - start
    print(f"{first:.3f} {nochange:.3f}")
