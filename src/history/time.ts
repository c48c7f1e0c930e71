/** Bucket sizes of the history, and the UTC boundaries they start on. */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** The three resolutions the history keeps: minutes for 48 h, hours for 90 days, days for 400 days. */
export const RESOLUTIONS = ["minute", "hour", "day"] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** Bucket length and how many buckets of it are kept (the ring's size). */
export const KEEP: Record<Resolution, { ms: number; slots: number }> = {
  minute: { ms: MINUTE_MS, slots: 48 * 60 },
  hour: { ms: HOUR_MS, slots: 90 * 24 },
  day: { ms: DAY_MS, slots: 400 },
};

/** The start of the `res` bucket holding `at`; epoch time has no leap seconds, so UTC midnight is a multiple of a day. */
export function floorTo(res: Resolution, at: number): number {
  const ms = KEEP[res].ms;
  return Math.floor(at / ms) * ms;
}

/**
 * The ring slot a bucket is stored in: a new bucket overwrites the one a full ring ago, so the
 * rows per service stop growing once the ring is full and nothing is ever deleted.
 */
export function slotOf(res: Resolution, start: number): number {
  const { ms, slots } = KEEP[res];
  return Math.floor(start / ms) % slots;
}
