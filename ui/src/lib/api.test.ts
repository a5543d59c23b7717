import { describe, expect, it } from "vitest";
import { call, IpcFailure } from "./api";

describe("call", () => {
  it("returns the data of a command that succeeded", async () => {
    await expect(call(Promise.resolve({ status: "ok" as const, data: 42 }))).resolves.toBe(42);
  });
  it("throws the command's error with its code", async () => {
    const refused = { status: "error" as const, error: { code: "rule-violation", message: "Wednesday is a no-meeting day" } };
    const error = await call(Promise.resolve(refused)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpcFailure);
    expect((error as IpcFailure).code).toBe("rule-violation");
    expect((error as IpcFailure).message).toBe("Wednesday is a no-meeting day");
  });
  it("turns Tauri's bare string for undeserializable arguments into bad input", async () => {
    const bare = { status: "error" as const, error: "invalid args `date` for command `planner_week`" as never };
    const error = (await call(Promise.resolve(bare)).catch((e: unknown) => e)) as IpcFailure;
    expect(error.code).toBe("bad-input");
    expect(error.message).toContain("invalid args");
  });
});
