// Polls a check until it yields a value or the deadline passes; the error says what was awaited and the last state.

export interface PollOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** What is being waited for, for the error message. */
  readonly what: string;
  /** Extra context for the error (e.g. a process's output so far). */
  readonly context?: () => string;
}

/** Resolves with the first non-undefined result of `check`; a throwing check counts as "not yet". */
export async function pollUntil<T>(check: () => Promise<T | undefined> | T | undefined, opts: PollOptions): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let last = 'no attempt finished';
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
      last = 'not yet';
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${opts.what} (last: ${last})${opts.context ? `\n${opts.context()}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 200));
  }
}
