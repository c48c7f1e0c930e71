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
    let newest: Bucket | undefined;
    for (const r of this.slots.values())
      if (r.res === res && (!newest || r.bucket.start > newest.start)) newest = r.bucket;
    return newest;
  }

  /** Rows held now (bounded by the ring sizes). */
  get size(): number {
    return this.slots.size;
  }
}
