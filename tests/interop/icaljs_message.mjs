// Reads an iTIP message with ical.js and prints its METHOD and, per VEVENT,
// UID, RECURRENCE-ID, DTSTART (UTC) and the ATTENDEE's PARTSTAT as JSON.
// Usage: node icaljs_message.mjs FILE
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const calendar = new ICAL.Component(ICAL.parse(readFileSync(process.argv[2], "utf8")));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(zone));
}
const iso = (t) => (t.isDate ? t.toString() : t.toJSDate().toISOString().replace(".000Z", "Z"));
const events = calendar.getAllSubcomponents("vevent").map((c) => {
  const rid = c.getFirstPropertyValue("recurrence-id");
  const attendee = c.getFirstProperty("attendee");
  return {
    uid: c.getFirstPropertyValue("uid"),
    recurrence_id: rid ? iso(rid) : null,
    start: iso(c.getFirstPropertyValue("dtstart")),
    partstat: attendee ? attendee.getParameter("partstat") ?? null : null,
    attendees: c.getAllProperties("attendee").length,
  };
});
process.stdout.write(JSON.stringify({ method: calendar.getFirstPropertyValue("method"), events }));
