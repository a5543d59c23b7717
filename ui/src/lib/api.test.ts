import { describe as suite, expect, it } from "vitest";
import { call, describe, IpcFailure } from "./api";

suite("call", () => {
  it("returns the data of a command that succeeded", async () => {
    await expect(call(Promise.resolve({ status: "ok" as const, data: 42 }))).resolves.toBe(42);
  });
  it("throws the command's error with its code and findings", async () => {
    const finding = {
      severity: "error" as const,
      message: "Wednesday 2 Dec is a no-meeting day",
      more_occurrences: 0,
      violation: { rule: "no-meeting-day" as const, date: "2026-12-02", half: null },
    };
    const refused = {
      status: "error" as const,
      error: { code: "rule-violation" as const, message: finding.message, field: null, findings: [finding] },
    };
    const error = await call(Promise.resolve(refused)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpcFailure);
    expect((error as IpcFailure).code).toBe("rule-violation");
    expect((error as IpcFailure).findings[0].violation.rule).toBe("no-meeting-day");
    expect((error as IpcFailure).message).toBe("Wednesday 2 Dec is a no-meeting day");
  });
  it("turns Tauri's bare string for undeserializable arguments into bad input", async () => {
    const bare = { status: "error" as const, error: "invalid args `date` for command `planner_week`" as never };
    const error = (await call(Promise.resolve(bare)).catch((e: unknown) => e)) as IpcFailure;
    expect(error.code).toBe("bad-input");
    expect(error.message).toContain("invalid args");
  });
  it("words the hint for the field an error is about, not the CLI's flag", () => {
    const missing = new IpcFailure({
      code: "bad-input",
      message: "Deepblock does not know who you are yet; add the email address invitations reach you at",
      field: "my-addresses",
      findings: [],
    });
    expect(describe(missing)).toBe(
      "Deepblock does not know who you are yet; add the email address invitations reach you at; add it in Settings → Invitations",
    );
    expect(describe(new Error("plain"))).toBe("plain");
  });
});
