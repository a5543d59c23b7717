import { describe, expect, it } from "vitest";
import { changesBetween, type GridEvent } from "./gridEvents";

const block = (id: string, start: string, classNames = ["db-kind-deep"]): GridEvent => ({
  id, start: `2026-12-01T${start}:00`, end: `2026-12-01T${start.slice(0, 2)}:45:00`, title: id, classNames, startEditable: true, durationEditable: true,
});

describe("the week grid's changes", () => {
  it("hands over only the moved block when a reload of 200 blocks changed one", () => {
    const before = Array.from({ length: 200 }, (_, i) => block(`b${i}`, `${String(5 + (i % 17)).padStart(2, "0")}:00`));
    const after = before.map((e) => ({ ...e, classNames: [...e.classNames] }));
    after[42] = { ...after[42], start: "2026-12-01T09:15:00" };
    expect(changesBetween(before, after)).toEqual({ added: [], changed: [after[42]], removed: [] });
  });

  it("sees a selection, a new block and a deleted one", () => {
    const before = [block("a", "09:00"), block("b", "10:00")];
    const after = [block("a", "09:00", ["db-kind-deep", "db-selected"]), block("c", "11:00")];
    expect(changesBetween(before, after)).toEqual({ added: [after[1]], changed: [after[0]], removed: ["b"] });
  });

  it("finds nothing to do when a reload changed nothing", () => {
    const week = [block("a", "09:00"), block("b", "10:00")];
    expect(changesBetween(week, week.map((e) => ({ ...e })))).toEqual({ added: [], changed: [], removed: [] });
  });
});
