// Wall-clock times in the user's zone, the only times the grid deals in.
// The calendar component hands back Dates whose local fields are the wall
// time it shows; these helpers turn them into the strings the commands
// take ("2026-12-01T09:00:00") and back. Zone rules stay in Rust.

const pad = (n: number) => String(n).padStart(2, "0");

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

export function addMinutes(wall: string, minutes: number): string {
  const [date, time] = wall.split("T");
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  return wallOf(new Date(y, m - 1, d, hh, mm + minutes));
}

export function minutesBetween(start: string, end: string): number {
  const toDate = (w: string) => {
    const [date, time] = w.split("T");
    const [y, m, d] = date.split("-").map(Number);
    const [hh, mm] = time.split(":").map(Number);
    return Date.UTC(y, m - 1, d, hh, mm);
  };
  return Math.round((toDate(end) - toDate(start)) / 60000);
}

export function snapTo15(date: Date): Date {
  const snapped = new Date(date);
  snapped.setMinutes(Math.round(snapped.getMinutes() / 15) * 15, 0, 0);
  return snapped;
}
