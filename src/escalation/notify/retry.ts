/** How a notifier retries one request. */
export interface RetryPolicy {
  /** Attempts in total, including the first. */
  maxAttempts: number;
  /** Longest total wait across retries; a longer `retry_after` fails now as retryable. */
  maxWaitMs: number;
  /** First backoff for 5xx and network errors; doubles each retry. */
  backoffMs: number;
  sleep: (ms: number) => Promise<void>;
}

// Defaults: 3 attempts, at most 10 s of waiting in total, backoff from 500 ms (the README states them).
const DEFAULT_RETRY = { maxAttempts: 3, maxWaitMs: 10_000, backoffMs: 500 } as const;

// Tests inject a recording sleep instead.
const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A notifier's policy from its options, the defaults filling what is not set. */
export function retryPolicy(opts: {
  maxAttempts?: number;
  maxRetryWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}): RetryPolicy {
  return {
    maxAttempts: opts.maxAttempts ?? DEFAULT_RETRY.maxAttempts,
    maxWaitMs: opts.maxRetryWaitMs ?? DEFAULT_RETRY.maxWaitMs,
    backoffMs: DEFAULT_RETRY.backoffMs,
    sleep: opts.sleep ?? realSleep,
  };
}

/** One attempt's verdict: finished (delivered or permanent), or worth another try. */
export type Attempt<T> = { done: T } | { retry: T; afterMs?: number };

/** Runs attempts until one is done, the attempts run out, or the next wait would break the budget. */
export async function withRetries<T>(
  attempt: (n: number) => Promise<Attempt<T>>,
  policy: RetryPolicy,
): Promise<T> {
  let waited = 0;
  for (let n = 1; ; n++) {
    const r = await attempt(n);
    if ("done" in r) return r.done;
    const wait = r.afterMs ?? policy.backoffMs * 2 ** (n - 1);
    if (n >= policy.maxAttempts || waited + wait > policy.maxWaitMs) return r.retry;
    await policy.sleep(wait);
    waited += wait;
  }
}
