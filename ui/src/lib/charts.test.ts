// The Review page's charts are built from the service's numbers alone;
// these check what they draw, in any zone the window runs in.
import { describe, expect, it } from "vitest";
import type { Review, TrendPoint } from "./bindings";
import { categoriesOption, dayLabel, dayLanes, goalsOption, trendOption, wallHour, type Palette } from "./charts";

const palette: Palette = { bg: "#fff", text: "#111", muted: "#666", line: "#ddd", deep: "#00f", learning: "#0a0", meeting: "#a0a", admin: "#777" };

const days = ["2026-10-19", "2026-10-20", "2026-10-21", "2026-10-22", "2026-10-23", "2026-10-24", "2026-10-25"];

function review(part: Partial<Review>): Review {
  return {
    first_day: days[0],
    last_day: days[6],
    categories: [],
    kinds: [],
    goals: { deep_goal_minutes: 600, deep_planned_minutes: 600, deep_actual_minutes: 729, learning_goal_minutes: 180, learning_planned_minutes: 300, learning_actual_minutes: 90 },
    no_meeting_days: [],
    days: days.map((date) => ({ date })),
    cut_short: [],
    stopped_sessions: [],
    findings: [],
    intervals: [],
    planned: [],
    ...part,
  } as unknown as Review;
}

describe(`review charts in ${Intl.DateTimeFormat().resolvedOptions().timeZone}`, () => {
  it("names days and reads wall hours from the offset times the service sends", () => {
    expect(dayLabel("2026-10-25")).toBe("Sun 25");
    expect(wallHour("2026-10-25T03:30:00+01:00")).toBe(3.5);
  });

  it("draws each day's plan above what happened, in wall hours, cut at midnight", () => {
    const { rows, lanes } = dayLanes(
      review({
        // Across the change of the clocks: 01:30 summer time to 03:30 winter time.
        planned: [{ start: "2026-10-25T01:30:00+02:00", end: "2026-10-25T03:30:00+01:00", kind: "learning", category: "research-learning", title: "Course" }],
      } as Partial<Review>),
      [
        { start: "2026-10-24T23:00:00+02:00", end: "2026-10-25T00:30:00+02:00", category: "admin", mixed: false },
        { start: "2026-10-25T09:00:00+01:00", end: "2026-10-25T09:05:00+01:00", category: "training", mixed: true },
      ],
      palette,
    );
    expect(rows.slice(10)).toEqual(["Sat 24 plan", "Sat 24 actual", "Sun 25 plan", "Sun 25 actual"]);
    expect(lanes).toEqual([
      { row: 12, from: 1.5, to: 3.5, color: "#0a0", label: "Course" },
      { row: 11, from: 23, to: 24, color: "#7b8394", label: "admin" },
      { row: 13, from: 0, to: 0.5, color: "#7b8394", label: "admin" },
      { row: 13, from: 9, to: 9 + 5 / 60, color: "#2a9d8f", label: "mostly training" },
    ]);
  });

  it("stacks planned and actual hours by category, and shows goals and the trend in hours", () => {
    const option = categoriesOption(
      review({ categories: [{ name: "model-dev", label: "Model development", planned_minutes: 180, actual_minutes: 449 }] } as Partial<Review>),
      palette,
    );
    expect(option.series).toEqual([expect.objectContaining({ name: "Model development", stack: "hours", data: [3, 7.5] })]);
    const gauges = goalsOption(review({}), palette).series;
    expect(gauges.map((g) => [g.data[0].value, g.max])).toEqual([[12.2, 12.2], [1.5, 3]]);
    expect(gauges[0].detail.formatter()).toBe("12.2 / 10 h");
    const trend: TrendPoint[] = [{ first_day: "2026-10-19", deep_minutes: 600, learning_minutes: 90, meeting_minutes: 210, deep_goal_minutes: 600 }];
    const t = trendOption(trend, palette);
    expect(t.xAxis.data).toEqual(["19 Oct"]);
    expect(t.series.map((s) => s.data[0])).toEqual([10, 1.5, 3.5, 10]);
  });
});
