// Reads an iCalendar file with ical.js and prints the occurrences that
// start in [FROM, TO) as JSON, expanded with ical.js's own recurrence and
// time zone code (VTIMEZONEs from the file, nothing built in).
// Usage: node icaljs.mjs FILE FROM TO
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [file, from, to] = process.argv.slice(2);
const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(zone));
}
const lo = new Date(from + "Z");
const hi = new Date(to + "Z");
const iso = (d) => d.toISOString().replace(".000Z", "Z");

const events = calendar.getAllSubcomponents("vevent").map((c) => new ICAL.Event(c));
const masters = events.filter((e) => !e.isRecurrenceException());
for (const exception of events.filter((e) => e.isRecurrenceException())) {
  masters.find((m) => m.uid === exception.uid)?.relateException(exception);
}
const found = [];
for (const event of masters) {
  if (event.startDate.isDate) continue; // all-day markers are not blocks
  const iterator = event.iterator();
  for (let next = iterator.next(); next; next = iterator.next()) {
    const details = event.getOccurrenceDetails(next);
    const start = details.startDate.toJSDate();
    if (start >= hi && next.toJSDate() >= hi) break;
    if (start >= lo && start < hi) {
      found.push({ uid: event.uid, start: iso(start), end: iso(details.endDate.toJSDate()) });
    }
  }
}
found.sort((a, b) => (a.start + a.uid).localeCompare(b.start + b.uid));
process.stdout.write(JSON.stringify(found));
