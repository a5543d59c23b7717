// Typed calls into the shell. Every command answers Result<T, IpcError>;
// `call` turns the error side into a thrown IpcFailure so that callers
// branch on its generated `code` union, never on message text.
import type { ErrorCode, Field, Finding, IpcError, Result } from "./bindings";

export class IpcFailure extends Error {
  readonly code: ErrorCode;
  readonly field: Field | null;
  readonly findings: Finding[];
  constructor(error: IpcError) {
    super(error.message);
    this.code = error.code;
    this.field = error.field;
    this.findings = error.findings;
  }
}

export async function call<T>(pending: Promise<Result<T, IpcError>>): Promise<T> {
  const result = await pending;
  if (result.status === "ok") return result.data;
  // Arguments Tauri cannot deserialize are refused before any command
  // runs, with a bare string rather than an IpcError.
  const error: IpcError | string = result.error;
  throw new IpcFailure(typeof error === "string" ? { code: "bad-input", message: error, field: null, findings: [] } : error);
}

/** Where to change what an error is about, in the window's words (the CLI names its flags instead). */
const HINTS: Partial<Record<Field, string>> = {
  database: "start Deepblock with DEEPBLOCK_DB set to another file",
  "my-addresses": "add it in Settings → Invitations",
  "no-meeting-rule": "choose a weekday, a date or a range",
  "date-range": "give the earlier date first",
  "session-length": "give a length in minutes",
};

/** An error's message, with the window's hint when it is about a field. */
export function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const hint = error instanceof IpcFailure && error.field ? HINTS[error.field] : undefined;
  return hint ? `${error.message}; ${hint}` : error.message;
}
