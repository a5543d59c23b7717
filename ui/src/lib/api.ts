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
  if (result.status === "error") throw new IpcFailure(result.error);
  return result.data;
}
