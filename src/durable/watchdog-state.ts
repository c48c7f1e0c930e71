import { DurableObject } from "cloudflare:workers";
import { configFromEnv } from "../config/load";
import type { ServiceSummary } from "../monitor/api";
import { sendGapNotice } from "../monitor/notices";
import type { SummaryAggregate } from "../monitor/summary";
import { type CountedSql, countedSql } from "./counted-sql";
import type {
  CounterName,
  MaintenanceWindow,
  MetricsReading,
  OutboxEntry,
  TickRecord,
  WatchdogStateApi,
} from "./state-api";
import { SummaryStore } from "./summary-store";
import { noticeDeps } from "./wiring";

const KEEP_TICKS = 100;
const KEEP_OUTBOX = 300;
/** How long past the expected tick the alarm waits before calling it a gap. */
const ALARM_SLACK_MS = 15_000;
/** How soon an undelivered gap report is tried again. */
const GAP_RETRY_MS = 60_000;

type Row = Record<string, SqlStorageValue>;

/** Singleton (named "global"): tick bookkeeping, maintenance windows, counters and the outbox. */
export class WatchdogState extends DurableObject<Env> implements WatchdogStateApi {
  private readonly sql: CountedSql;
  private readonly summaryStore: SummaryStore;

  /** The clock of the self-watch alarm; tests replace it through `runInDurableObject`. */
  clock: () => number = () => Date.now();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = countedSql(ctx.storage.sql);
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS ticks (at INTEGER PRIMARY KEY, duration_ms INTEGER, services INTEGER, failures INTEGER);
      CREATE TABLE IF NOT EXISTS maintenance (id TEXT PRIMARY KEY, service_id TEXT, start INTEGER, end_at INTEGER, reason TEXT, created_by TEXT);
      CREATE TABLE IF NOT EXISTS counters (name TEXT, labels TEXT, value REAL, PRIMARY KEY (name, labels));
      CREATE TABLE IF NOT EXISTS once (key TEXT PRIMARY KEY);
      CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, entry TEXT NOT NULL);
    `);
    this.summaryStore = new SummaryStore(this.sql);
  }

  /** SQLite rows this instance has written since it was constructed (`setAlarm` not included). */
  get rowsWritten(): number {
    return this.sql.rowsWritten;
  }

  async recordTick(
    tick: TickRecord,
    gapAlertMs: number,
    summaries?: ServiceSummary[],
  ): Promise<{ gapMs?: number }> {
    const previous = this.sql.exec("SELECT MAX(at) AS at FROM ticks").one().at;
    if (summaries) this.summaryStore.record(summaries, tick.at);
    this.sql.exec(
      "INSERT OR REPLACE INTO ticks (at, duration_ms, services, failures) VALUES (?, ?, ?, ?)",
      tick.at,
      tick.durationMs,
      tick.services,
      tick.failures,
    );
    this.sql.exec(
      "DELETE FROM ticks WHERE at NOT IN (SELECT at FROM ticks ORDER BY at DESC LIMIT ?)",
      KEEP_TICKS,
    );
    // If no tick follows in time, the alarm notices: the cron may have stopped altogether.
    // A slow tick can be recorded after a newer one; the watch counts from the newest.
    const newest = typeof previous === "number" ? Math.max(previous, tick.at) : tick.at;
    await this.ctx.storage.setAlarm(newest + gapAlertMs + ALARM_SLACK_MS);
    if (typeof previous !== "number") return {};
    const gapMs = tick.at - previous;
    if (gapMs <= gapAlertMs) return {};
    // The alarm may already have reported this gap while it was happening.
    return (await this.claimOnce(`gap:${previous}`)) ? { gapMs } : {};
  }

  /** Fires when no tick came in time after the last one: reports the gap to L1 once. */
  override async alarm(): Promise<void> {
    const last = await this.lastTick();
    const parsed = configFromEnv(this.env);
    if (!last || !parsed.ok) return;
    const now = this.clock();
    const gapMs = now - last.at;
    if (gapMs <= parsed.config.tickGapAlert) {
      // Woken early (say by an older tick recorded late): keep watching the newest one.
      await this.ctx.storage.setAlarm(last.at + parsed.config.tickGapAlert + ALARM_SLACK_MS);
      return;
    }
    if (!(await this.claimOnce(`gap:${last.at}`))) return;
    const delivered = await sendGapNotice(noticeDeps(this.env, parsed.config), gapMs, now);
    if (!delivered) {
      // Nobody heard it (Telegram down too?): try again in a minute while the gap lasts.
      await this.releaseOnce(`gap:${last.at}`);
      await this.ctx.storage.setAlarm(now + GAP_RETRY_MS);
    }
  }

  async lastTick(): Promise<TickRecord | undefined> {
    const row = this.sql.exec("SELECT * FROM ticks ORDER BY at DESC LIMIT 1").toArray()[0];
    return row
      ? {
          at: Number(row.at),
          durationMs: Number(row.duration_ms),
          services: Number(row.services),
          failures: Number(row.failures),
        }
      : undefined;
  }

  async summaries(): Promise<SummaryAggregate | undefined> {
    return this.summaryStore.read();
  }

  async metricsReading(): Promise<MetricsReading> {
    const [summaries, counters, lastTick] = [
      this.summaryStore.read(),
      await this.counters(),
      await this.lastTick(),
    ];
    return { counters, ...(summaries ? { summaries } : {}), ...(lastTick ? { lastTick } : {}) };
  }

  async listMaintenance(serviceId?: string): Promise<MaintenanceWindow[]> {
    const rows = serviceId
      ? this.sql.exec("SELECT * FROM maintenance WHERE service_id = ? ORDER BY start", serviceId)
      : this.sql.exec("SELECT * FROM maintenance ORDER BY start");
    return rows.toArray().map(toWindow);
  }

  async addMaintenance(window: Omit<MaintenanceWindow, "id">): Promise<MaintenanceWindow> {
    const id = `mw-${window.start.toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
    this.sql.exec(
      "INSERT INTO maintenance (id, service_id, start, end_at, reason, created_by) VALUES (?, ?, ?, ?, ?, ?)",
      id,
      window.serviceId,
      window.start,
      window.end,
      window.reason,
      window.createdBy,
    );
    return { id, ...window };
  }

  async cancelMaintenance(id: string): Promise<boolean> {
    return this.sql.exec("DELETE FROM maintenance WHERE id = ?", id).rowsWritten > 0;
  }

  async count(name: CounterName, labels: Record<string, string>, by = 1): Promise<void> {
    const key = JSON.stringify(
      Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))),
    );
    this.sql.exec(
      "INSERT INTO counters (name, labels, value) VALUES (?, ?, ?) ON CONFLICT (name, labels) DO UPDATE SET value = value + excluded.value",
      name,
      key,
      by,
    );
  }

  async counters(): Promise<{ name: CounterName; labels: Record<string, string>; value: number }[]> {
    return this.sql
      .exec("SELECT * FROM counters ORDER BY name, labels")
      .toArray()
      .map((row) => ({
        name: String(row.name) as CounterName,
        labels: JSON.parse(String(row.labels)) as Record<string, string>,
        value: Number(row.value),
      }));
  }

  async addOutbox(entry: OutboxEntry): Promise<void> {
    this.sql.exec("INSERT INTO outbox (entry) VALUES (?)", JSON.stringify(entry));
    this.sql.exec(
      "DELETE FROM outbox WHERE seq NOT IN (SELECT seq FROM outbox ORDER BY seq DESC LIMIT ?)",
      KEEP_OUTBOX,
    );
  }

  async releaseOnce(key: string): Promise<void> {
    this.sql.exec("DELETE FROM once WHERE key = ?", key);
  }

  async claimOnce(key: string): Promise<boolean> {
    return this.sql.exec("INSERT OR IGNORE INTO once (key) VALUES (?)", key).rowsWritten > 0;
  }

  async outbox(limit = 50): Promise<OutboxEntry[]> {
    return this.sql
      .exec("SELECT entry FROM outbox ORDER BY seq DESC LIMIT ?", Math.min(Math.max(limit, 1), KEEP_OUTBOX))
      .toArray()
      .map((row) => JSON.parse(String(row.entry)) as OutboxEntry);
  }
}

function toWindow(row: Row): MaintenanceWindow {
  return {
    id: String(row.id),
    serviceId: String(row.service_id),
    start: Number(row.start),
    end: Number(row.end_at),
    reason: String(row.reason),
    createdBy: String(row.created_by),
  };
}
