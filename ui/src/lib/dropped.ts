// Words for what a dropped calendar file did. The decisions themselves come
// from the service; this only lays them out for the report dialog.
import type { DecisionView, ImportReport } from "./bindings";

const dayFormat = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric" });

/** "Mon 29 Jul 2019" from "2019-07-29T16:00:00+01:00" (a time in the user's zone). */
function dayOf(time: string): string {
  const [y, m, d] = time.slice(0, 10).split("-").map(Number);
  return dayFormat.format(new Date(y, m - 1, d)).replace(",", "");
}

/** "Mon 29 Jul 2019 16:00–16:30" or "Tue 10 Aug 2021, all day", in the user's zone. */
export function whenOf(decision: DecisionView): string {
  const day = dayOf(decision.start);
  if (decision.all_day) return `${day}, all day`;
  return `${day} ${decision.start.slice(11, 16)}–${decision.end.slice(11, 16)}`;
}

/** "Thu 22 Oct 2026 08:00": where a counter-proposal would move the meeting. */
export function proposalOf(start: string): string {
  return `${dayOf(start)} ${start.slice(11, 16)}`;
}

/** What an import did, in the service's words, with what the window adds: where breaches show. */
export function importSummary(report: ImportReport): string {
  const summary = report.summary.charAt(0).toUpperCase() + report.summary.slice(1);
  const sentences = [`${summary}, read-only.`];
  if (report.left_out) sentences.push(`${report.left_out}.`);
  if (report.repaired) sentences.push(`${report.repaired}.`);
  if (report.breaking) sentences.push(`${report.breaking}; they are outlined on the week.`);
  return sentences.join(" ");
}

/** Only iCalendar files are opened; the rest of a drop is named back to the user. */
export function isCalendarFile(path: string): boolean {
  return /\.(ics|ical|ifb|icalendar)$/i.test(path);
}
