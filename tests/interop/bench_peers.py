"""The peers' side of bench/ical.sh: python icalendar exporting the same
events and importing the same file. Prints one JSON line of figures.
Usage: bench_peers.py DIR"""

import datetime as dt
import json
import resource
import sys
import time
import zoneinfo

import icalendar


def export(events):
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//bench//EN")
    calendar.add("version", "2.0")
    stamp = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    for e in events:
        zone = zoneinfo.ZoneInfo(e["tz"])
        event = icalendar.Event()
        event.add("uid", e["uid"])
        event.add("dtstamp", stamp)
        event.add("dtstart", dt.datetime.fromisoformat(e["start"]).replace(tzinfo=zone))
        event.add("dtend", dt.datetime.fromisoformat(e["end"]).replace(tzinfo=zone))
        event.add("summary", e["summary"])
        if e["weekly"]:
            event.add("rrule", {"freq": "weekly"})
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def parse(text):
    calendar = icalendar.Calendar.from_ical(text)
    starts = [event["DTSTART"].dt for event in calendar.walk("VEVENT")]
    return len(starts)


def main():
    folder = sys.argv[1]
    with open(f"{folder}/events.json", encoding="utf-8") as f:
        events = json.load(f)
    with open(f"{folder}/plan.ics", "rb") as f:
        text = f.read()
    clock = time.perf_counter()
    export(events)
    export_s = time.perf_counter() - clock
    clock = time.perf_counter()
    count = parse(text)
    import_s = time.perf_counter() - clock
    assert count == len(events), (count, len(events))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"export_s": export_s, "import_s": import_s, "peak_rss_mib": round(peak, 1)}))


main()
