/** Bounded waiting: every wait in the e2e run has a deadline and says what it waited for. */

/** Options of {@link waitFor}. */
export interface WaitOptions {
  /** Give up after this long (default 15 s). */
  timeoutMs?: number;
  /** Poll this often (default 100 ms). */
  intervalMs?: number;
}

/** Thrown when a wait runs out of time; the message names the awaited condition and the last value seen. */
export class WaitTimeout extends Error {
  constructor(what: string, timeoutMs: number, last: unknown) {
    super(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${preview(last)}`);
    this.name = "WaitTimeout";
  }
}

function preview(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return (text ?? String(value)).slice(0, 400);
}

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns something other than `undefined`/`false` and returns that value.
 * A probe that throws counts as "not yet" (the error is reported if the deadline passes).
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  options: WaitOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) throw new WaitTimeout(what, timeoutMs, last);
    await sleep(intervalMs);
  }
}

/** Checks for `durationMs` that `probe` stays false; throws with the offending value as soon as it is not. */
export async function holdsFor<T>(
  what: string,
  durationMs: number,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  intervalMs = 200,
): Promise<void> {
  const deadline = Date.now() + durationMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) throw new Error(`${what}: ${preview(value)}`);
    if (Date.now() >= deadline) return;
    await sleep(intervalMs);
  }
}

/** Runs `fn` with a hard deadline; rejects with a clear message when it takes longer. */
export async function withDeadline<T>(what: string, ms: number, fn: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([fn(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
