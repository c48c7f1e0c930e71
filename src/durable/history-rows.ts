import {
  type Bucket,
  blockOf,
  type HistoryRows,
  KEEP,
  mergeMinutes,
  type Resolution,
  slotOf,
  urgentMinute,
} from "../history";
import { type CountedSql, countedSql } from "./counted-sql";

/** The open block of minutes, in memory until it closes. */
interface OpenBlock {
  start: number;
  slot: number;
  minutes: Map<number, Bucket>;
}

/**
 * The `hist` table: ring slots of hours (90 days) and days (400), and minutes in blocks of ten
 * (`block` rows, 48 h): one row per ring slot, so the table never grows past 2,848 rows (plus
 * the single-minute rows an earlier version left, still read) and nothing is ever deleted. A
 * closed minute joins the open block in memory, written when a minute of the next block comes,
 * or at once when it saw a failure or an incident; an eviction loses at most the open block's
 * quiet minutes, which then read as "no data". Rows written are counted apart from the store's
 * (src/config/history-budget.ts); test/history/storage.test.ts holds them to that.
 */
export class SqlHistoryRows implements HistoryRows {
  private readonly sql: CountedSql;
  private open: OpenBlock | undefined;

  constructor(raw: SqlStorage) {
    this.sql = countedSql(raw);
    // WITHOUT ROWID and no secondary index: the key is the table, so a new row is billed as one
    // row written, not two (a rowid table writes its primary-key index too).
    raw.exec(`CREATE TABLE IF NOT EXISTS hist (res TEXT NOT NULL, slot INTEGER NOT NULL, start INTEGER NOT NULL,
      data TEXT NOT NULL, PRIMARY KEY (res, slot)) WITHOUT ROWID`);
  }

  /** Rows the history has written since this object started. */
  get rowsWritten(): number {
    return this.sql.rowsWritten;
  }

  put(res: Resolution, slot: number, bucket: Bucket): void {
    if (res !== "minute") {
      this.upsert(res, slot, bucket.start, bucket);
      return;
    }
    const block = blockOf(bucket.start);
    if (this.open && this.open.start !== block.start) this.writeOpen();
    if (this.open?.start !== block.start) this.open = { ...block, minutes: this.storedBlock(block) };
    this.open.minutes.set(bucket.start, bucket);
    if (urgentMinute(bucket)) this.writeOpen();
  }

  range(res: Resolution, from: number, to: number): Bucket[] {
    if (res !== "minute") return this.rows(res, from, to);
    const blocks = this.sql
      .exec(
        "SELECT data FROM hist WHERE res = 'block' AND start >= ? AND start < ? ORDER BY start",
        blockOf(Math.max(from, 0)).start,
        to,
      )
      .toArray()
      .flatMap((row) => JSON.parse(String(row.data)) as Bucket[]);
    const open = this.open ? [...this.open.minutes.values()] : [];
    return mergeMinutes(from, to, this.rows("minute", from, to), blocks, open);
  }

  latest(res: Resolution): Bucket | undefined {
    const newest = (r: string) =>
      this.sql.exec("SELECT data FROM hist WHERE res = ? ORDER BY start DESC LIMIT 1", r).toArray()[0];
    if (res !== "minute") {
      const row = newest(res);
      return row ? (JSON.parse(String(row.data)) as Bucket) : undefined;
    }
    const block = newest("block");
    const minute = newest("minute");
    const candidates = [
      ...(this.open ? [...this.open.minutes.values()] : []),
      ...(block ? (JSON.parse(String(block.data)) as Bucket[]) : []),
      ...(minute ? [JSON.parse(String(minute.data)) as Bucket] : []),
    ];
    return candidates.reduce<Bucket | undefined>((a, b) => (a && a.start >= b.start ? a : b), undefined);
  }

  /** Rows held (tests assert the bound). */
  count(): number {
    return Number(this.sql.exec("SELECT COUNT(*) AS n FROM hist").one().n);
  }

  /** Writes the open block's minutes (one row), which stay open in memory. */
  private writeOpen(): void {
    const open = this.open;
    if (!open) return;
    const minutes = [...open.minutes.values()].sort((a, b) => a.start - b.start);
    this.upsert("block", open.slot, open.start, minutes);
  }

  /** The minutes already stored for `block` (written early, before a restart), keyed by start. */
  private storedBlock(block: { start: number; slot: number }): Map<number, Bucket> {
    const row = this.sql
      .exec("SELECT data FROM hist WHERE res = 'block' AND slot = ? AND start = ?", block.slot, block.start)
      .toArray()[0];
    const minutes = row ? (JSON.parse(String(row.data)) as Bucket[]) : [];
    return new Map(minutes.map((b) => [b.start, b]));
  }

  private upsert(res: Resolution | "block", slot: number, start: number, data: unknown): void {
    this.sql.exec(
      `INSERT INTO hist (res, slot, start, data) VALUES (?, ?, ?, ?)
       ON CONFLICT (res, slot) DO UPDATE SET start = excluded.start, data = excluded.data`,
      res,
      slot,
      start,
      JSON.stringify(data),
    );
  }

  /** Single-bucket rows of `res` starting in [from, to): hours, days, and minutes an earlier version wrote. */
  private rows(res: Resolution, from: number, to: number): Bucket[] {
    const { ms, slots } = KEEP[res];
    const lo = Math.max(from, 0);
    if (to <= lo) return [];
    // A range shorter than the ring reads only its slots through the primary key.
    const span = Math.ceil(to / ms) - Math.floor(lo / ms);
    let where = "";
    const args: number[] = [];
    if (span < slots) {
      const a = slotOf(res, lo);
      const b = slotOf(res, to - 1);
      where = a <= b ? "AND slot BETWEEN ? AND ?" : "AND (slot >= ? OR slot <= ?)";
      args.push(a, b);
    }
    return this.sql
      .exec(
        `SELECT data FROM hist WHERE res = ? ${where} AND start >= ? AND start < ? ORDER BY start`,
        res,
        ...args,
        lo,
        to,
      )
      .toArray()
      .map((row) => JSON.parse(String(row.data)) as Bucket);
  }
}
