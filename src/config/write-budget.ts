/**
 * What a healthy service's own state costs in rows written once a probe that changes nothing
 * is kept in memory (issue 17 item 7): the state and the last probe are written on change, and
 * otherwise at most once per `STATE_FLUSH_EVERY_MS`. Pure.
 */

const DAY_MS = 86_400_000;

/**
 * How long an unchanged healthy probe may live only in the object's memory. Five minutes: an
 * eviction then loses at most five minutes of "last probe" time and latency (never a failure,
 * an incident step or a delivery, which are written at once), the same span the history already
 * treats as a tolerable silence (`HISTORY_MAX_GAP_MS`); a longer wait would save under $1 a
 * month for 1,000 services, all of it within Workers Paid's included rows.
 */
export const STATE_FLUSH_EVERY_MS = 5 * 60_000;

/**
 * A flush may come this much early: a tick that arrives a little before the minute must not
 * push the flush a whole probe later, as the estimate counts on every ⌈flush / every⌉-th probe.
 */
const FLUSH_SLACK_MS = 5_000;

/** True when a state last written at `writtenAt` (undefined: not since this object started) is due again at `now`. */
export function stateFlushDue(writtenAt: number | undefined, now: number): boolean {
  return writtenAt === undefined || now - writtenAt >= STATE_FLUSH_EVERY_MS - FLUSH_SLACK_MS;
}

/** Rows one write of the object's state writes: the state and the last probe, one upsert each. */
export const ROWS_PER_STATE_FLUSH = 2;

/**
 * Rows a healthy service's state writes a day when it is probed every `every` ms: a probe is
 * written when the last write is `STATE_FLUSH_EVERY_MS` old, so every ⌈flush / every⌉-th probe.
 * Measured by test/config/budget-rows.test.ts.
 */
export function stateRowsPerDay(every: number): number {
  const probesPerFlush = Math.max(1, Math.ceil((STATE_FLUSH_EVERY_MS - FLUSH_SLACK_MS) / every));
  return Math.ceil(DAY_MS / (probesPerFlush * every)) * ROWS_PER_STATE_FLUSH;
}
