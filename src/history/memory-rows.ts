import type { HistoryRows } from "./book";
import type { Bucket } from "./bucket";
import type { Resolution } from "./time";

/** History rows in memory, ring slots as the SQL table keeps them: for the simulators and tests. */
export class MemoryHistoryRows implements HistoryRows {
  private readonly slots = new Map<string, { res: Resolution; bucket: Bucket }>();
  /** Upserts counted, as the SQL table would bill them. */
  writes = 0;

  put(res: Resolution, slot: number, bucket: Bucket): void {
    this.writes++;
    this.slots.set(`${res}:${slot}`, { res, bucket });
  }

  range(res: Resolution, from: number, to: number): Bucket[] {
    return [...this.slots.values()]
      .filter((r) => r.res === res && r.bucket.start >= from && r.bucket.start < to)
      .map((r) => r.bucket)
      .sort((a, b) => a.start - b.start);
  }

  latest(res: Resolution): Bucket | undefined {
    return this.range(res, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY).at(-1);
  }

  /** Rows held now (bounded by the ring sizes). */
  get size(): number {
    return this.slots.size;
  }
}
