// Run under several zones by scripts/test (TZ=… npx vitest run): nothing
// here may depend on the zone the window runs in.
import { describe, expect, it } from "vitest";
import { addMinutes, minutesBetween, offsetOf, snapTo15, wallFromOffset, wallNowIn, wallOf } from "./wall";

describe(`wall times in ${Intl.DateTimeFormat().resolvedOptions().timeZone}`, () => {
  it("formats a calendar Date's local fields", () => {
    expect(wallOf(new Date(2026, 11, 1, 9, 5))).toBe("2026-12-01T09:05:00");
  });
  it("drops and reads the offset", () => {
    expect(wallFromOffset("2026-12-01T09:00:00+01:00")).toBe("2026-12-01T09:00:00");
    expect(offsetOf("2026-12-01T09:00:00-05:00")).toBe("-05:00");
    expect(offsetOf("2026-12-01T09:00:00Z")).toBe("+00:00");
  });
  it("adds minutes across midnight and measures spans", () => {
    expect(addMinutes("2026-12-31T23:45:00", 30)).toBe("2027-01-01T00:15:00");
    expect(minutesBetween("2026-12-01T09:00:00", "2026-12-01T10:30:00")).toBe(90);
  });
  it("keeps the wall time across a clock change, in every zone", () => {
    // New York springs forward at 02:00 on 8 March 2026; Lisbon on 29 March.
    expect(addMinutes("2026-03-07T02:30:00", 24 * 60)).toBe("2026-03-08T02:30:00");
    expect(addMinutes("2026-03-28T01:30:00", 24 * 60)).toBe("2026-03-29T01:30:00");
    expect(addMinutes("2026-10-24T01:30:00", 7 * 24 * 60)).toBe("2026-10-31T01:30:00");
    expect(minutesBetween("2026-03-08T01:00:00", "2026-03-08T04:00:00")).toBe(180);
  });
  it("snaps to the nearest quarter hour", () => {
    expect(snapTo15("2026-01-01T09:07:00")).toBe("2026-01-01T09:00:00");
    expect(snapTo15("2026-01-01T09:08:00")).toBe("2026-01-01T09:15:00");
    expect(snapTo15("2026-12-31T23:53:00")).toBe("2027-01-01T00:00:00");
  });
  it("reads the present in the user's zone, not the window's", () => {
    const instant = new Date(Date.UTC(2026, 2, 29, 0, 30));
    expect(wallNowIn("Europe/Lisbon", instant)).toBe("2026-03-29T00:30:00");
    expect(wallNowIn("Europe/Lisbon", new Date(instant.getTime() + 60 * 60000))).toBe("2026-03-29T02:30:00");
    expect(wallNowIn("America/New_York", instant)).toBe("2026-03-28T20:30:00");
    expect(wallNowIn("Asia/Kolkata", instant)).toBe("2026-03-29T06:00:00");
  });
});
