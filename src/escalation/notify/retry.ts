import type { FailureReason } from "./types";

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

/** Defaults: 3 attempts, at most 10 s of waiting, backoff from 500 ms. */
export const DEFAULT_RETRY = { maxAttempts: 3, maxWaitMs: 10_000, backoffMs: 500 } as const;

/** Real sleeping; tests inject a recorder instead. */
export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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

/** The shared HTTP status classification: 429 and 5xx retry, other 4xx are permanent. */
export function classifyStatus(
  status: number,
  permanent: Partial<Record<number, FailureReason>> = {},
): { retryable: boolean; reason: FailureReason } {
  if (status === 429) return { retryable: true, reason: "rate_limited" };
  if (status >= 500 || status === 408) return { retryable: true, reason: "server" };
  if (status === 401) return { retryable: false, reason: "auth" };
  return { retryable: false, reason: permanent[status] ?? "bad_request" };
}

/** Seconds from a Retry-After header or a `retry_after` field, as milliseconds. */
export function retryAfterMs(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? n * 1000 : undefined;
}
