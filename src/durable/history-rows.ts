import { type Bucket, type HistoryRows, KEEP, type Resolution, slotOf } from "../history";
import { type CountedSql, countedSql } from "./counted-sql";

/**
 * The `hist` table: one row per ring slot of each resolution (minutes for 48 h, hours for 90
 * days, days for 400), so it never grows past 5,440 rows and nothing is ever deleted. Its rows
 * written are counted apart from the store's: they are billed per closed minute, not per probe
 * (src/config/history-budget.ts), and test/history/storage.test.ts holds them to that.
 */
export class SqlHistoryRows implements HistoryRows {
  private readonly sql: CountedSql;

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
    this.sql.exec(
      `INSERT INTO hist (res, slot, start, data) VALUES (?, ?, ?, ?)
       ON CONFLICT (res, slot) DO UPDATE SET start = excluded.start, data = excluded.data`,
      res,
      slot,
      bucket.start,
      JSON.stringify(bucket),
    );
  }

  range(res: Resolution, from: number, to: number): Bucket[] {
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

  latest(res: Resolution): Bucket | undefined {
    const row = this.sql
      .exec("SELECT data FROM hist WHERE res = ? ORDER BY start DESC LIMIT 1", res)
      .toArray()[0];
    return row ? (JSON.parse(String(row.data)) as Bucket) : undefined;
  }

  /** Rows held (tests assert the bound). */
  count(): number {
    return Number(this.sql.exec("SELECT COUNT(*) AS n FROM hist").one().n);
  }
}
