import type { Severity } from "../checks/types";
import { HISTORY_MAX_GAP_MS } from "../config/history-budget";
import { type Bucket, emptyBucket, mergeBuckets, withProbe, worse } from "./bucket";
import { floorTo, KEEP, MINUTE_MS, type Resolution, slotOf } from "./time";

/** Where the buckets live: the Durable Object's SQLite table, or memory for the simulators. */
export interface HistoryRows {
  /** Upserts `bucket` into its ring slot (overwriting whatever was there). */
  put(res: Resolution, slot: number, bucket: Bucket): void;
  /** Stored buckets of `res` starting in [from, to), oldest first. */
  range(res: Resolution, from: number, to: number): Bucket[];
  /** The newest stored bucket of `res`. */
  latest(res: Resolution): Bucket | undefined;
}

/** What the engine saw at one moment: the incident open then (if any) and the probe (if any). */
export interface Observation {
  at: number;
  /** Severity of the open or acknowledged incident; absent when none is. */
  incident?: Severity;
  probe?: { failed: boolean; latencyMs: number };
}

/**
 * Longer silences between observations are not counted as watched time: a watchdog that was
 * down cannot say the service was up (those minutes read as "no data"). The budget counts on it.
 */
export const MAX_GAP_MS = HISTORY_MAX_GAP_MS;

const FINER: Record<Resolution, Resolution | undefined> = { minute: undefined, hour: "minute", day: "hour" };

const isDown = (s: Severity | undefined) => s === "P1" || s === "P2";

/**
 * One service's history: observations go into the current minute in memory, which is written
 * (one upsert) when a later minute begins; an hour is rolled up from its minutes when it ends,
 * a day from its hours. A restart loses at most the minute in progress, and what the rows
 * themselves held back (the SQL rows keep quiet minutes in ten-minute blocks: issue 17 item 7).
 */
export class HistoryBook {
  private current: Bucket | undefined;
  private last: { at: number; incident?: Severity } | undefined;

  constructor(private readonly rows: HistoryRows) {}

  /** Records one observation; writes only when it closes a minute (or an hour, or a day). */
  observe(obs: Observation): void {
    const prev = this.last;
    // Time never runs backwards here either: a late observation lands at the last one's time.
    const at = prev ? Math.max(obs.at, prev.at) : obs.at;
    if (prev && at - prev.at <= MAX_GAP_MS) this.attribute(prev.at, at, prev.incident);
    const bucket = this.moveTo(floorTo("minute", at));
    const worst = worse(bucket.worst, obs.incident);
    const seen = { ...bucket, ...(worst ? { worst } : {}) };
    this.current = obs.probe ? withProbe(seen, obs.probe.failed, obs.probe.latencyMs) : seen;
    this.last = { at, ...(obs.incident ? { incident: obs.incident } : {}) };
  }

  /** Buckets of `res` starting in [from, to), oldest first, the ones still open included. */
  buckets(res: Resolution, from: number, to: number): Bucket[] {
    const finer = FINER[res];
    if (!finer) {
      const stored = this.rows.range(res, from, to);
      const open = this.current;
      if (!open || open.start < from || open.start >= to) return stored;
      return [...stored.filter((b) => b.start !== open.start), open];
    }
    // What is not rolled up yet comes from the finer buckets.
    const latest = this.rows.latest(res);
    const cut = Math.max(from, latest ? latest.start + KEEP[res].ms : from);
    const stored = cut > from ? this.rows.range(res, from, Math.min(cut, to)) : [];
    return cut < to ? [...stored, ...group(res, this.buckets(finer, cut, to))] : stored;
  }

  /** Splits watched time [from, to) over the minutes it spans. */
  private attribute(from: number, to: number, incident: Severity | undefined): void {
    let t = from;
    while (t < to) {
      const bucket = this.moveTo(floorTo("minute", t));
      const end = Math.min(to, bucket.start + MINUTE_MS);
      const worst = worse(bucket.worst, incident);
      this.current = {
        ...bucket,
        observedMs: bucket.observedMs + (end - t),
        downMs: bucket.downMs + (isDown(incident) ? end - t : 0),
        ...(worst ? { worst } : {}),
      };
      t = end;
    }
  }

  /** The bucket of minute `start`, closing (writing) the one before and rolling up what ended. */
  private moveTo(start: number): Bucket {
    const open = this.current;
    if (open?.start === start) return open;
    let previous = open?.start;
    if (open) this.rows.put("minute", slotOf("minute", open.start), open);
    else {
      // After a restart: carry on the stored minute, and roll up what ended meanwhile.
      const stored = this.rows.latest("minute");
      if (stored?.start === start) {
        this.current = stored;
        return stored;
      }
      previous = stored?.start;
    }
    if (previous !== undefined) this.rollUp(previous, start);
    this.current = emptyBucket(start);
    return this.current;
  }

  private rollUp(previous: number, next: number): void {
    const hour = floorTo("hour", previous);
    if (hour !== floorTo("hour", next)) this.roll("hour", hour);
    const day = floorTo("day", previous);
    if (day !== floorTo("day", next)) this.roll("day", day);
  }

  private roll(res: "hour" | "day", start: number): void {
    const finer = res === "hour" ? "minute" : "hour";
    const parts = this.rows.range(finer, start, start + KEEP[res].ms);
    if (parts.length > 0) this.rows.put(res, slotOf(res, start), mergeBuckets(start, parts));
  }
}

/** Buckets merged by the `res` bucket they fall in. */
export function group(res: Resolution, parts: readonly Bucket[]): Bucket[] {
  const byStart = new Map<number, Bucket[]>();
  for (const b of parts) {
    const start = floorTo(res, b.start);
    byStart.set(start, [...(byStart.get(start) ?? []), b]);
  }
  return [...byStart.entries()].sort((a, b) => a[0] - b[0]).map(([start, bs]) => mergeBuckets(start, bs));
}
