// The ical.js side of bench/ical.sh: exporting the same events and
// importing the same file. Prints one JSON line of figures.
// Usage: node bench_icaljs.mjs DIR
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const folder = process.argv[2];
const events = JSON.parse(readFileSync(`${folder}/events.json`, "utf8"));
const text = readFileSync(`${folder}/plan.ics`, "utf8");

let clock = performance.now();
const calendar = new ICAL.Component(["vcalendar", [], []]);
calendar.addPropertyWithValue("prodid", "-//bench//EN");
calendar.addPropertyWithValue("version", "2.0");
// The same zones, from the file, as ical.js needs VTIMEZONEs to write TZIDs.
const source = new ICAL.Component(ICAL.parse(text.slice(0, text.indexOf("BEGIN:VEVENT")) + "END:VCALENDAR\r\n"));
for (const zone of source.getAllSubcomponents("vtimezone")) {
  calendar.addSubcomponent(zone);
  ICAL.TimezoneService.register(new ICAL.Timezone(zone));
}
const stamp = ICAL.Time.fromDateTimeString("2026-01-01T00:00:00Z");
const wall = (text, zone) => {
  const [date, time] = text.split("T");
  const [year, month, day] = date.split("-").map(Number);
  const [hour, minute, second] = time.split(":").map(Number);
  return ICAL.Time.fromData({ year, month, day, hour, minute, second }, zone);
};
for (const e of events) {
  const event = new ICAL.Event(new ICAL.Component("vevent"));
  event.uid = e.uid;
  event.component.addPropertyWithValue("dtstamp", stamp);
  const zone = ICAL.TimezoneService.get(e.tz);
  event.startDate = wall(e.start, zone);
  event.endDate = wall(e.end, zone);
  event.summary = e.summary;
  if (e.weekly) event.component.addPropertyWithValue("rrule", new ICAL.Recur({ freq: "WEEKLY" }));
  calendar.addSubcomponent(event.component);
}
calendar.toString();
const exportS = (performance.now() - clock) / 1000;

clock = performance.now();
const parsed = new ICAL.Component(ICAL.parse(text));
for (const zone of parsed.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(zone));
}
// new ICAL.Event(component) scans every sibling for exceptions, which is
// quadratic over a whole file; grouping them by UID first, as an efficient
// caller would, measures ical.js at its best.
const vevents = parsed.getAllSubcomponents("vevent");
const exceptions = new Map();
for (const component of vevents) {
  if (!component.hasProperty("recurrence-id")) continue;
  const uid = component.getFirstPropertyValue("uid");
  exceptions.set(uid, [...(exceptions.get(uid) ?? []), component]);
}
let count = 0;
for (const component of vevents) {
  if (component.hasProperty("recurrence-id")) continue;
  const uid = component.getFirstPropertyValue("uid");
  new ICAL.Event(component, { exceptions: exceptions.get(uid) ?? [] }).startDate.toJSDate();
  count++;
}
const importS = (performance.now() - clock) / 1000;
if (count !== events.length) throw new Error(`parsed ${count} of ${events.length}`);
const peak = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify({ export_s: exportS, import_s: importS, peak_rss_mib: Math.round(peak * 10) / 10 }) + "\n");
