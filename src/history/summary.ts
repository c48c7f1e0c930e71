import type { HistoryBook } from "./book";
import type { Bucket } from "./bucket";
import { type Latency, latencyOf, type Uptime, uptimeOf } from "./figures";
import { DAY_MS, floorTo, HOUR_MS, type Resolution } from "./time";

/** The uptime windows every page and report shows, with the resolution each is read at. */
export const WINDOWS = {
  "24h": { ms: DAY_MS, res: "minute" },
  "7d": { ms: 7 * DAY_MS, res: "hour" },
  "30d": { ms: 30 * DAY_MS, res: "hour" },
  "90d": { ms: 90 * DAY_MS, res: "hour" },
} as const satisfies Record<string, { ms: number; res: Resolution }>;
export type WindowName = keyof typeof WINDOWS;

/** One day of the 90-day bar; `bucket` is absent on a day nothing was watched ("no data"). */
export interface DayCell {
  start: number;
  bucket?: Bucket;
}

/** What the status pages show of one service's history at `now`. */
export interface HistorySummary {
  uptime: Record<WindowName, Uptime>;
  /** The last 90 UTC days, oldest first, today last. */
  days: DayCell[];
  /** The last 48 hours, one point per hour with probes. */
  latency: (Latency & { start: number })[];
}

/** The uptime of the window ending at `now`, from the bucket of `now - window` on. */
export function windowUptime(book: HistoryBook, name: WindowName, now: number): Uptime {
  const { ms, res } = WINDOWS[name];
  return uptimeOf(book.buckets(res, floorTo(res, now - ms), now + 1));
}

/** The windows' uptime, the 90-day bar and the 48-hour latency line. */
export function summaryOf(book: HistoryBook, now: number): HistorySummary {
  const today = floorTo("day", now);
  const first = today - 89 * DAY_MS;
  const byDay = new Map(book.buckets("day", first, today + DAY_MS).map((b) => [b.start, b]));
  const days = Array.from({ length: 90 }, (_, i) => {
    const start = first + i * DAY_MS;
    const bucket = byDay.get(start);
    return bucket ? { start, bucket } : { start };
  });
  const hours = book.buckets("hour", floorTo("hour", now) - 47 * HOUR_MS, now + 1);
  const latency = hours.flatMap((b) => {
    const l = latencyOf(b);
    return l ? [{ start: b.start, ...l }] : [];
  });
  const uptime = {} as Record<WindowName, Uptime>;
  for (const name of Object.keys(WINDOWS) as WindowName[]) uptime[name] = windowUptime(book, name, now);
  return { uptime, days, latency };
}
