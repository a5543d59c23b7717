import { describe, expect, it } from "vitest";
import { presetNamed, presetOf, rhythmLabel } from "./rhythm";

describe("rhythms", () => {
  it("names a rhythm as users write it", () => {
    expect(rhythmLabel({ focus: 45, short_break: 15 })).toBe("45/15");
  });
  it("knows the service's presets and calls anything else custom", () => {
    expect(presetOf({ focus: 25, short_break: 5 })).toBe("25/5");
    expect(presetOf({ focus: 45, short_break: 15 })).toBe("custom");
    expect(presetNamed("90/20")).toEqual({ focus: 90, short_break: 20 });
    expect(presetNamed("custom")).toBeUndefined();
  });
});
