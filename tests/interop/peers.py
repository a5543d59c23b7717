"""Reads an iCalendar file with a third-party library and prints what it
understood, as JSON, so Deepblock's tests can compare it with their own
model. Usage:

    peers.py icalendar FILE            every VEVENT's UID, RECURRENCE-ID, DTSTART, DTEND in UTC
    peers.py vobject FILE FROM TO      occurrences starting in [FROM, TO), expanded by vobject
    peers.py radicale FILE             PUT into a fresh Radicale server; prints the HTTP status
    peers.py message FILE              an iTIP message: METHOD, and per VEVENT UID, RECURRENCE-ID,
                                       DTSTART and the ATTENDEE's PARTSTAT
"""

import base64
import datetime as dt
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

UTC = dt.timezone.utc


def utc(value):
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise SystemExit(f"floating time {value} where a zoned one was written")
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def read_with_icalendar(path):
    import icalendar

    with open(path, "rb") as f:
        return icalendar.Calendar.from_ical(f.read())


def with_icalendar(path):
    calendar = read_with_icalendar(path)
    events = []
    for event in calendar.walk("VEVENT"):
        rid = event.get("RECURRENCE-ID")
        events.append({
            "uid": str(event["UID"]),
            "recurrence_id": utc(rid.dt) if rid is not None else None,
            "start": utc(event["DTSTART"].dt),
            "end": utc(event["DTEND"].dt),
            "summary": str(event.get("SUMMARY", "")),
        })
    return events


def local(value):
    """vobject gives times in zones pytz knows a pytz tzinfo, and dateutil's
    rrule then stamps every occurrence with the first one's UTC offset (the
    pytz `replace` pitfall), so a series crossing a clock change comes out an
    hour off. Re-reading the wall time through pytz's `localize` is the
    documented fix; the wall times themselves are vobject's expansion."""
    zone = getattr(value, "tzinfo", None)
    if zone is not None and hasattr(zone, "localize"):
        return zone.localize(value.replace(tzinfo=None))
    return value


def with_icalendar_message(path):
    calendar = read_with_icalendar(path)
    events = []
    for event in calendar.walk("VEVENT"):
        rid = event.get("RECURRENCE-ID")
        attendee = event.get("ATTENDEE")
        events.append({
            "uid": str(event["UID"]),
            "recurrence_id": utc(rid.dt) if rid is not None else None,
            "start": utc(event["DTSTART"].dt),
            "partstat": attendee.params.get("PARTSTAT") if attendee is not None else None,
            "attendees": len(event.get("ATTENDEE")) if isinstance(event.get("ATTENDEE"), list) else 1,
        })
    return {"method": str(calendar["METHOD"]), "events": events}


def with_vobject(path, start, end):
    import vobject

    with open(path, encoding="utf-8") as f:
        calendar = vobject.readOne(f.read())
    lo = dt.datetime.fromisoformat(start).replace(tzinfo=UTC)
    hi = dt.datetime.fromisoformat(end).replace(tzinfo=UTC)
    masters, overrides = {}, []
    for event in calendar.vevent_list:
        if hasattr(event, "recurrence_id"):
            overrides.append(event)
        else:
            masters[event.uid.value] = event
    moved = {(o.uid.value, local(o.recurrence_id.value).astimezone(UTC)) for o in overrides}
    found = []
    for uid, event in masters.items():
        first = event.dtstart.value
        if not isinstance(first, dt.datetime):
            continue  # all-day markers are not blocks
        length = event.dtend.value - first
        rules = event.getrruleset(addRDate=True)
        skipped = {local(x).astimezone(UTC) for x in rules._exdate} if rules else set()
        for begin in rules or [first]:
            begin = local(begin).astimezone(UTC)
            if begin >= hi:
                break
            if (uid, begin) in moved or begin in skipped or begin < lo:
                continue
            found.append({"uid": uid, "start": utc(begin), "end": utc(begin + length)})
    for event in overrides:
        begin = event.dtstart.value.astimezone(UTC)
        if lo <= begin < hi:
            found.append({"uid": event.uid.value, "start": utc(begin), "end": utc(event.dtend.value)})
    return sorted(found, key=lambda o: (o["start"], o["uid"]))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_log(server):
    """What the server said, to show why it refused."""
    server.terminate()
    try:
        return server.communicate(timeout=10)[1].decode(errors="replace")[-2000:]
    except subprocess.TimeoutExpired:
        return ""


def with_radicale(path):
    port = free_port()
    with tempfile.TemporaryDirectory() as storage:
        server = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--server-hosts", f"127.0.0.1:{port}",
             "--auth-type", "none", "--storage-filesystem-folder", storage,
             "--logging-level", "info", "--logging-bad-put-request-content", "True"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        try:
            deadline = time.monotonic() + 20
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit("radicale did not start: " + server.stderr.read().decode())
                    time.sleep(0.1)
            with open(path, "rb") as f:
                body = f.read()
            # Radicale makes a user's home collection when they log in; with
            # auth type none any password will do.
            auth = {"Authorization": "Basic " + base64.b64encode(b"deepblock:x").decode()}
            url = f"http://127.0.0.1:{port}/deepblock/plan/"
            request = urllib.request.Request(
                url, data=body, method="PUT",
                headers={"Content-Type": "text/calendar; charset=utf-8", **auth},
            )
            try:
                with urllib.request.urlopen(request, timeout=20) as response:
                    status = response.status
            except urllib.error.HTTPError as e:
                status = e.code
            if status != 201:
                return {"status": status, "events": 0, "log": server_log(server)}
            listing = urllib.request.urlopen(
                urllib.request.Request(url, method="GET", headers=auth), timeout=20
            ).read().decode()
            return {"status": status, "events": listing.count("BEGIN:VEVENT")}
        finally:
            server.terminate()
            server.wait(timeout=10)


def main():
    tool, path, *rest = sys.argv[1:]
    result = {
        "icalendar": lambda: with_icalendar(path),
        "vobject": lambda: with_vobject(path, *rest),
        "radicale": lambda: with_radicale(path),
        "message": lambda: with_icalendar_message(path),
    }[tool]()
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
