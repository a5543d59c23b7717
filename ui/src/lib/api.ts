// Typed calls into the shell. Every command answers Result<T, IpcError>;
// `call` turns the error side into a thrown IpcFailure so that callers
// branch on `code`, never on message text.
import type { IpcError, Result } from "./bindings";

export class IpcFailure extends Error {
  readonly code: string;
  constructor(error: IpcError) {
    super(error.message);
    this.code = error.code;
  }
}

export async function call<T>(pending: Promise<Result<T, IpcError>>): Promise<T> {
  const result = await pending;
  if (result.status === "ok") return result.data;
  // Arguments Tauri cannot deserialize are refused before any command
  // runs, with a bare string rather than an IpcError.
  const error: IpcError | string = result.error;
  throw new IpcFailure(typeof error === "string" ? { code: "bad-input", message: error } : error);
}
