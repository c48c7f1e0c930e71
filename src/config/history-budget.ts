/**
 * What the uptime history (src/history) costs in rows written: one upsert per block of minutes
 * the watchdog watched, one per hour and one per day, whatever the probe cadence. Pure.
 */

const MINUTE_MS = 60_000;

/**
 * Silences longer than this between two observations are not watched time: the history
 * attributes a span to the minutes it covers only up to this long.
 */
export const HISTORY_MAX_GAP_MS = 5 * MINUTE_MS;

/**
 * Minute buckets stored together in one row (issue 17 item 7): a block is written when it
 * closes, so a quiet minute costs a tenth of a row; an eviction loses at most the open block.
 */
export const HISTORY_BLOCK_MINUTES = 10;

/**
 * Rows one healthy service's history writes a day: every `probeEvery` (at most 60 s) is within
 * the gap, so every minute is watched, and its block of `HISTORY_BLOCK_MINUTES` is written once
 * when it closes, plus 24 hour roll-ups and one day roll-up. A minute with a failure or an
 * incident is written at once (a row each, as before), so failures cost more. Measured by
 * test/history/storage.test.ts.
 */
export const HISTORY_ROWS_PER_DAY = (24 * 60) / HISTORY_BLOCK_MINUTES + 24 + 1;

/** Rows the histories of all services write a day. */
export function historyRows(services: readonly unknown[]): number {
  return services.length * HISTORY_ROWS_PER_DAY;
}
