import { describe, expect, it } from "vitest";
import { addMinutes, minutesBetween, offsetOf, snapTo15, wallFromOffset, wallOf } from "./wall";

describe("wall times", () => {
  it("formats a Date's local fields", () => {
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
  it("snaps to the nearest quarter hour", () => {
    expect(wallOf(snapTo15(new Date(2026, 0, 1, 9, 7)))).toBe("2026-01-01T09:00:00");
    expect(wallOf(snapTo15(new Date(2026, 0, 1, 9, 8)))).toBe("2026-01-01T09:15:00");
  });
});
