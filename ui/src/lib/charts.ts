// ECharts options for the Review page, built from the service's numbers
// alone: pure functions, so they are tested without a window. Colours
// come from the page's theme (`Palette`), read once per draw.
import type { Category, DrawnPiece, Review, TrendPoint } from "./bindings";

export type Palette = { bg: string; text: string; muted: string; line: string; deep: string; learning: string; meeting: string; admin: string };

/** A colour per category, readable on light and dark backgrounds. */
export const CATEGORY_COLORS: Record<Category, string> = {
  "data-prep": "#d08c2b",
  "model-dev": "#3b73c4",
  training: "#2a9d8f",
  evaluation: "#7b61c4",
  "research-learning": "#3f9e74",
  meetings: "#b0579a",
  documentation: "#c9a227",
  admin: "#7b8394",
  other: "#a3a9b5",
};

const hours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;

/** "2026-10-19" → "Mon 19". */
export function dayLabel(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  return `${d.toLocaleDateString("en-GB", { weekday: "short", timeZone: "UTC" })} ${d.getUTCDate()}`;
}

/** Hours since local midnight of a wall time with an offset, as the grid shows it: "…T13:30:00+01:00" → 13.5. */
export function wallHour(time: string): number {
  return Number(time.slice(11, 13)) + Number(time.slice(14, 16)) / 60 + Number(time.slice(17, 19)) / 3600;
}

const base = (p: Palette) => ({
  animation: false,
  backgroundColor: p.bg,
  textStyle: { color: p.text, fontFamily: "system-ui, Cantarell, 'Noto Sans', sans-serif" },
  tooltip: { trigger: "item" as const },
});

/** Planned and actual hours as two bars, each stacked by category. */
export function categoriesOption(review: Review, p: Palette) {
  return {
    ...base(p),
    legend: { bottom: 0, textStyle: { color: p.text } },
    grid: { left: 70, right: 20, top: 10, bottom: 60 },
    xAxis: { type: "value", name: "h", axisLabel: { color: p.muted }, splitLine: { lineStyle: { color: p.line } } },
    yAxis: { type: "category", data: ["Planned", "Actual"], axisLabel: { color: p.text } },
    series: review.categories.map((c) => ({
      name: c.label,
      type: "bar",
      stack: "hours",
      itemStyle: { color: CATEGORY_COLORS[c.name as Category] },
      data: [hours(c.planned_minutes), hours(c.actual_minutes)],
    })),
  };
}

/** One bar of the day chart: its row, from and to (hours of the day), colour and words. */
export type Lane = { row: number; from: number; to: number; color: string; label: string };

/** Each day's plan above what happened (the service's drawn pieces), in wall hours; pieces crossing midnight are cut at it. */
export function dayLanes(review: Review, actual: DrawnPiece[], p: Palette): { rows: string[]; lanes: Lane[] } {
  const days = review.days.map((d) => d.date);
  const rows = days.flatMap((d) => [`${dayLabel(d)} plan`, `${dayLabel(d)} actual`]);
  const lanes: Lane[] = [];
  const kindColor: Record<string, string> = { deep: p.deep, learning: p.learning, meeting: p.meeting, admin: p.admin, break: p.line };
  const place = (start: string, end: string, offset: 0 | 1, color: string, label: string) => {
    const first = days.indexOf(start.slice(0, 10));
    const last = days.indexOf(end.slice(0, 10));
    for (let day = Math.max(first, 0); day <= (last < 0 ? days.length - 1 : last); day++) {
      const from = day === first ? wallHour(start) : 0;
      const to = day === last ? wallHour(end) : 24;
      if (to > from) lanes.push({ row: day * 2 + offset, from, to, color, label });
    }
  };
  for (const planned of review.planned) place(planned.start, planned.end, 0, kindColor[planned.kind], planned.title);
  for (const lived of actual) place(lived.start, lived.end, 1, CATEGORY_COLORS[lived.category], lived.mixed ? `mostly ${lived.category}` : lived.category);
  return { rows, lanes };
}

/** The day chart: rows of plan and actual per day over the 24 hours. */
export function timelineOption(review: Review, actual: DrawnPiece[], p: Palette) {
  const { rows, lanes } = dayLanes(review, actual, p);
  return {
    ...base(p),
    grid: { left: 90, right: 20, top: 10, bottom: 30 },
    xAxis: { type: "value", min: 0, max: 24, interval: 3, axisLabel: { color: p.muted, formatter: "{value}:00" }, splitLine: { lineStyle: { color: p.line } } },
    yAxis: { type: "category", data: rows, inverse: true, axisLabel: { color: p.text, fontSize: 10 } },
    series: [
      {
        type: "custom",
        encode: { x: [1, 2], y: 0 },
        data: lanes.map((l) => ({ value: [l.row, l.from, l.to], name: l.label, itemStyle: { color: l.color } })),
        renderItem: (params: unknown, api: { value: (i: number) => number; coord: (v: number[]) => number[]; size: (v: number[]) => number[]; style: () => object }) => {
          const start = api.coord([api.value(1), api.value(0)]);
          const end = api.coord([api.value(2), api.value(0)]);
          const height = api.size([0, 1])[1] * 0.7;
          return { type: "rect", shape: { x: start[0], y: start[1] - height / 2, width: Math.max(end[0] - start[0], 1), height }, style: api.style() };
        },
      },
    ],
  };
}

/** Deep work and learning done against their goals, as two gauges. */
export function goalsOption(review: Review, p: Palette) {
  const g = review.goals;
  const gauge = (name: string, done: number, goal: number, color: string, center: string) => ({
    type: "gauge",
    center: [center, "60%"],
    radius: "85%",
    startAngle: 200,
    endAngle: -20,
    min: 0,
    max: Math.max(hours(goal), hours(done), 1),
    progress: { show: true, width: 14, itemStyle: { color } },
    axisLine: { lineStyle: { width: 14, color: [[1, p.line]] } },
    axisTick: { show: false },
    splitLine: { show: false },
    axisLabel: { show: false },
    pointer: { show: false },
    title: { offsetCenter: [0, "35%"], color: p.muted, fontSize: 12 },
    detail: { offsetCenter: [0, "0%"], color: p.text, fontSize: 16, formatter: () => `${hours(done)} / ${hours(goal)} h` },
    data: [{ value: hours(done), name }],
  });
  return {
    ...base(p),
    series: [
      gauge("Deep work", g.deep_actual_minutes, g.deep_goal_minutes, p.deep, "25%"),
      gauge("Learning", g.learning_actual_minutes, g.learning_goal_minutes, p.learning, "75%"),
    ],
  };
}

/** The last weeks: deep work, learning and meetings done, and the deep-work goal. */
export function trendOption(trend: TrendPoint[], p: Palette) {
  const weeks = trend.map((t) => dayLabel(t.first_day).slice(4) + " " + new Date(`${t.first_day}T12:00:00Z`).toLocaleDateString("en-GB", { month: "short", timeZone: "UTC" }));
  return {
    ...base(p),
    tooltip: { trigger: "axis" as const },
    legend: { bottom: 0, textStyle: { color: p.text } },
    grid: { left: 40, right: 20, top: 10, bottom: 60 },
    xAxis: { type: "category", data: weeks, axisLabel: { color: p.muted } },
    yAxis: { type: "value", name: "h", axisLabel: { color: p.muted }, splitLine: { lineStyle: { color: p.line } } },
    series: [
      { name: "Deep work", type: "bar", itemStyle: { color: p.deep }, data: trend.map((t) => hours(t.deep_minutes)) },
      { name: "Learning", type: "bar", itemStyle: { color: p.learning }, data: trend.map((t) => hours(t.learning_minutes)) },
      { name: "Meetings", type: "bar", itemStyle: { color: p.meeting }, data: trend.map((t) => hours(t.meeting_minutes)) },
      { name: "Deep-work goal", type: "line", symbol: "none", lineStyle: { color: p.text, type: "dashed" }, itemStyle: { color: p.text }, data: trend.map((t) => hours(t.deep_goal_minutes)) },
    ],
  };
}
