import { describe, expect, it } from "vitest";
import { importSummary, isCalendarFile, proposalOf, whenOf } from "./dropped";

const decision = (start: string, end: string, all_day = false) => ({
  start, end, all_day, occurrence: null, verdict: "accept" as const, reason: null, proposed_start: null,
});

describe("dropped files", () => {
  it("shows a timed decision with its wall times and a whole day without hours", () => {
    expect(whenOf(decision("2019-07-29T16:00:00+01:00", "2019-07-29T16:30:00+01:00"))).toBe("Mon 29 Jul 2019 16:00–16:30");
    expect(whenOf(decision("2021-08-10T00:00:00+01:00", "2021-08-11T00:00:00+01:00", true))).toBe("Tue 10 Aug 2021, all day");
    expect(proposalOf("2026-10-22T08:00:00+00:00")).toBe("Thu 22 Oct 2026 08:00");
  });

  it("says what an import left out and what breaks a rule", () => {
    const report = {
      calendar: "team", added: 3, updated: 0, unchanged: 0, removed: 1, skipped: 1, cancelled: 0, breaches: 2,
      summary: "imported 3 meetings into 'team' (3 new, 0 updated, 1 removed)",
      left_out: "1 all-day, free or cancelled event was left out",
      breaking: "2 of these meetings in the next 8 weeks break your rules",
      unreadable: 1, warnings: ["line 40: the event 'Retro' cannot be read: 'tomorrow' is not a date"],
      repaired: "1 thing was skipped or repaired: line 40: the event 'Retro' cannot be read: 'tomorrow' is not a date",
    };
    expect(importSummary(report)).toBe(
      "Imported 3 meetings into 'team' (3 new, 0 updated, 1 removed), read-only. 1 all-day, free or cancelled event was left out. 1 thing was skipped or repaired: line 40: the event 'Retro' cannot be read: 'tomorrow' is not a date. 2 of these meetings in the next 8 weeks break your rules; they are outlined on the week.",
    );
  });

  it("opens iCalendar files only", () => {
    expect(isCalendarFile("/home/ana/Downloads/invite.ICS")).toBe(true);
    expect(isCalendarFile("/home/ana/notes.txt")).toBe(false);
  });
});
