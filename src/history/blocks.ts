import { HISTORY_BLOCK_MINUTES } from "../config/history-budget";
import type { Bucket } from "./bucket";
import { KEEP, MINUTE_MS } from "./time";

/**
 * Minute buckets kept in blocks (issue 17 item 7): one stored row holds `HISTORY_BLOCK_MINUTES`
 * consecutive minutes, in a ring of its own as long as the minutes' (48 h). Pure.
 */
export const BLOCK_MS = HISTORY_BLOCK_MINUTES * MINUTE_MS;

/** Blocks in the ring: 48 h of minutes. */
export const BLOCK_SLOTS = KEEP.minute.slots / HISTORY_BLOCK_MINUTES;

/** The block holding the minute starting at `start`: its own start and ring slot. */
export function blockOf(start: number): { start: number; slot: number } {
  const index = Math.floor(start / BLOCK_MS);
  return { start: index * BLOCK_MS, slot: index % BLOCK_SLOTS };
}

/** A minute that must not wait for its block to close: it saw a failed probe or an incident. */
export function urgentMinute(bucket: Bucket): boolean {
  return bucket.failures > 0 || bucket.downMs > 0 || bucket.worst !== undefined;
}

/** The minutes of `sources` starting in [from, to), one per start (a later source wins), oldest first. */
export function mergeMinutes(from: number, to: number, ...sources: readonly (readonly Bucket[])[]): Bucket[] {
  const byStart = new Map<number, Bucket>();
  for (const source of sources)
    for (const b of source) if (b.start >= from && b.start < to) byStart.set(b.start, b);
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}
