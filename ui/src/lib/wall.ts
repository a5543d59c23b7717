// Wall-clock times in the user's zone, the only times the grid deals in,
// as the strings the commands take ("2026-12-01T09:00:00"). Arithmetic on
// them never goes through the browser's zone: a wall time is read as if
// it were UTC, where every day has 24 hours, so adding a day to 02:30 on
// the eve of a clock change gives 02:30 whatever zone the window runs in.
// Which instant a wall time is stays for Rust to say.

const pad = (n: number) => String(n).padStart(2, "0");

/** The wall time a calendar Date shows: EventCalendar hands back Dates whose local fields are what it draws. */
export function wallOf(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:00`
  );
}

/** "2026-12-01T09:00:00+00:00" → "2026-12-01T09:00:00" */
export function wallFromOffset(text: string): string {
  return text.slice(0, 19);
}

/** "+01:00" from "2026-12-01T09:00:00+01:00"; "+00:00" for "Z". */
export function offsetOf(text: string): string {
  const match = /([+-]\d\d:\d\d)$/.exec(text);
  return match ? match[1] : "+00:00";
}

/** Minutes since 1970-01-01T00:00 of a wall time, as if it were UTC. */
function minutesOf(wall: string): number {
  const [date, time] = wall.split("T");
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  return Date.UTC(y, m - 1, d, hh, mm) / 60000;
}

/** The wall time `minutes` (as if UTC) after 1970-01-01T00:00. */
function wallAt(minutes: number): string {
  const date = new Date(minutes * 60000);
  return (
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:00`
  );
}

export function addMinutes(wall: string, minutes: number): string {
  return wallAt(minutesOf(wall) + minutes);
}

export function minutesBetween(start: string, end: string): number {
  return minutesOf(end) - minutesOf(start);
}

/**
 * The wall time now in the zone named `zone` (the user's, from the
 * service), to the minute: formatting the present instant, which the
 * platform's time-zone data does as well as any.
 */
export function wallNowIn(zone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${part("year")}-${part("month")}-${part("day")}T${part("hour")}:${part("minute")}:00`;
}

/** The nearest quarter hour. */
export function snapTo15(wall: string): string {
  return wallAt(Math.round(minutesOf(wall) / 15) * 15);
}
