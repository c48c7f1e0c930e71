/**
 * How long a service object keeps what it sent and archived, and how it retries a step that
 * failed for a passing reason. The SQL store and the in-memory store both follow these.
 */

/** A claim still "sending" after this long is a crashed delivery and is sent again. */
export const STALE_CLAIM_MS = 120_000;
/** Keys older than any incident epoch can live are forgotten. */
export const KEEP_SENT_MS = 30 * 86_400_000;
/** Deliveries that failed for a passing reason are tried this many times in all. */
export const MAX_ATTEMPTS = 6;
const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 600_000;
/** Incidents kept in the history. */
export const KEEP_HISTORY = 100;
/** App version changes kept for the daily report. */
export const KEEP_VERSIONS = 10;

/**
 * The wait before attempt `attempts + 1` of a step: exactly what the provider asked for (a
 * Telegram `retry_after`, a `Retry-After`), else 30 s doubling; never more than 10 min.
 */
export function retryDelay(attempts: number, retryAfterMs?: number): number {
  return Math.min(retryAfterMs ?? RETRY_BASE_MS * 2 ** (attempts - 1), RETRY_MAX_MS);
}
