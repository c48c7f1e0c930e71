import type { ProbeResult } from "../checks/types";
import type { ServiceState } from "../escalation/core";
import type { TargetOutcome } from "../escalation/notify";
import type { Action, IncidentView, MaintenanceWindow } from "../escalation/types";
import type { VersionChange } from "../monitor/api";
import {
  KEEP_HISTORY,
  KEEP_SENT_MS,
  KEEP_VERSIONS,
  MAX_ATTEMPTS,
  retryDelay,
  STALE_CLAIM_MS,
} from "../monitor/ledger";
import type { MonitorStorage, SendOutcome, SentRef } from "../monitor/ports";
import { addMissingColumns, type CountedSql, countedSql } from "./counted-sql";

/** The service Durable Object's SQLite tables, behind the engine's storage port. */
export class MonitorStore implements MonitorStorage {
  private readonly sql: CountedSql;

  constructor(sql: SqlStorage) {
    this.sql = countedSql(sql);
    sql.exec(`
      CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS sent (key TEXT PRIMARY KEY, at INTEGER NOT NULL, status TEXT NOT NULL,
        attempts INTEGER NOT NULL, action TEXT, next_at INTEGER, targets TEXT);
      CREATE TABLE IF NOT EXISTS refs (incident_id TEXT, channel TEXT, chat_id TEXT, message_id TEXT,
        PRIMARY KEY (incident_id, channel, chat_id, message_id));
      CREATE TABLE IF NOT EXISTS history (id TEXT PRIMARY KEY, opened_at INTEGER NOT NULL, view TEXT NOT NULL);
    `);
    // Objects created by an earlier version keep their tables; add what they lack.
    addMissingColumns(sql, "sent", { action: "TEXT", next_at: "INTEGER", targets: "TEXT" });
  }

  /** SQLite rows this store has written since it was constructed (`setAlarm` not included). */
  get rowsWritten(): number {
    return this.sql.rowsWritten;
  }

  private get<T>(key: string): T | undefined {
    const row = this.sql.exec("SELECT value FROM kv WHERE key = ?", key).toArray()[0];
    return row ? (JSON.parse(String(row.value)) as T) : undefined;
  }

  private put(key: string, value: unknown): void {
    // An upsert, not INSERT OR REPLACE: a replace is a delete plus an insert, billed as two rows.
    this.sql.exec(
      "INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      key,
      JSON.stringify(value),
    );
  }

  serviceId(): string | undefined {
    return this.get<string>("serviceId");
  }

  setServiceId(id: string): void {
    if (this.serviceId() !== id) this.put("serviceId", id);
  }

  state(): ServiceState | undefined {
    return this.get<ServiceState>("state");
  }

  saveState(state: ServiceState): void {
    this.put("state", state);
  }

  lastProbe(): ProbeResult | undefined {
    return this.get<ProbeResult>("lastProbe");
  }

  setLastProbe(result: ProbeResult): void {
    this.put("lastProbe", result);
  }

  /** Records a version change; keeps the last few. */
  addVersionChange(change: VersionChange): void {
    this.put("versions", [...this.versionChanges(), change].slice(-KEEP_VERSIONS));
  }

  versionChanges(): VersionChange[] {
    return this.get<VersionChange[]>("versions") ?? [];
  }

  maintenance(): MaintenanceWindow[] {
    return this.get<MaintenanceWindow[]>("maintenance") ?? [];
  }

  /** Stores the tick's windows for this service; unchanged ones are not written again. */
  setMaintenance(windows: MaintenanceWindow[]): void {
    if (JSON.stringify(windows) !== JSON.stringify(this.maintenance())) this.put("maintenance", windows);
  }

  /**
   * Claims an idempotency key, with its action, before anything is sent. False when the key
   * was claimed before. Claims are written in the same step as the state that produced them,
   * so a crash can delay an action (it is picked up as a stale claim) but never lose it.
   */
  claimKey(action: Action, now: number): boolean {
    const row = this.sql.exec("SELECT 1 FROM sent WHERE key = ?", action.key).toArray()[0];
    if (row) return false;
    this.sql.exec("DELETE FROM sent WHERE at < ?", now - KEEP_SENT_MS);
    this.sql.exec(
      "INSERT INTO sent (key, at, status, attempts, action) VALUES (?, ?, 'sending', 1, ?)",
      action.key,
      now,
      JSON.stringify(action),
    );
    return true;
  }

  /**
   * Records the outcome of a send. A send that failed only for reasons that may pass
   * (rate limit, provider outage, network) is kept for a later retry with backoff.
   */
  finishKey(key: string, outcome: SendOutcome, now: number, targets?: Map<string, TargetOutcome>): void {
    // Only settled targets are kept: a retry sends to the rest.
    if (targets) {
      const done = [...targets].filter(([, o]) => o !== "retry");
      this.sql.exec("UPDATE sent SET targets = ? WHERE key = ?", JSON.stringify(done), key);
    }
    const row = this.sql.exec("SELECT attempts FROM sent WHERE key = ?", key).toArray()[0];
    const attempts = Number(row?.attempts ?? 1);
    if (outcome === "retryable" && attempts < MAX_ATTEMPTS) {
      this.sql.exec(
        "UPDATE sent SET status = 'retry', next_at = ? WHERE key = ?",
        now + retryDelay(attempts),
        key,
      );
      return;
    }
    this.sql.exec(
      "UPDATE sent SET status = ?, next_at = NULL WHERE key = ?",
      outcome === "delivered" ? "delivered" : "failed",
      key,
    );
  }

  /** How earlier attempts of a step went for each of its targets. */
  keyTargets(key: string): Map<string, TargetOutcome> {
    const row = this.sql.exec("SELECT targets FROM sent WHERE key = ?", key).toArray()[0];
    const stored = typeof row?.targets === "string" ? row.targets : "[]";
    return new Map(JSON.parse(stored) as [string, TargetOutcome][]);
  }

  /**
   * Actions to send again now: retries that are due, and claims left "sending" by a crash.
   * Each is claimed again (status "sending", one more attempt). `busy` keys are being sent
   * by this instance right now, however long that takes, and are left alone.
   */
  claimDueRetries(now: number, busy: ReadonlySet<string> = new Set()): Action[] {
    const rows = this.sql
      .exec(
        `SELECT key, action FROM sent
         WHERE (status = 'retry' AND next_at <= ?) OR (status = 'sending' AND at <= ? AND attempts < ?)
         ORDER BY at`,
        now,
        now - STALE_CLAIM_MS,
        MAX_ATTEMPTS,
      )
      .toArray()
      .filter((row) => !busy.has(String(row.key)));
    for (const row of rows) {
      this.sql.exec(
        "UPDATE sent SET status = 'sending', at = ?, attempts = attempts + 1 WHERE key = ?",
        now,
        row.key,
      );
    }
    return rows.map((row) => JSON.parse(String(row.action)) as Action);
  }

  /** When the earliest retry or stale claim comes due; `busy` keys are in flight, not stale. */
  nextRetryAt(busy: ReadonlySet<string> = new Set()): number | undefined {
    const times = this.sql
      .exec(
        `SELECT key, CASE WHEN status = 'retry' THEN next_at ELSE at + ? END AS at FROM sent
         WHERE status = 'retry' OR (status = 'sending' AND attempts < ?)`,
        STALE_CLAIM_MS,
        MAX_ATTEMPTS,
      )
      .toArray()
      .filter((row) => !busy.has(String(row.key)))
      .map((row) => Number(row.at));
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  /** How many times each key was claimed (tests assert nothing is sent twice). */
  sentKeys(): { key: string; status: string; attempts: number }[] {
    return this.sql
      .exec("SELECT key, status, attempts FROM sent ORDER BY at, key")
      .toArray()
      .map((r) => ({ key: String(r.key), status: String(r.status), attempts: Number(r.attempts) }));
  }

  sentRefs(incidentId: string): SentRef[] {
    return this.sql
      .exec("SELECT channel, chat_id, message_id FROM refs WHERE incident_id = ?", incidentId)
      .toArray()
      .map((r) => ({
        channel: String(r.channel),
        chatId: String(r.chat_id),
        messageId: String(r.message_id),
      }));
  }

  addSentRef(incidentId: string, ref: SentRef): void {
    this.sql.exec(
      "INSERT OR IGNORE INTO refs (incident_id, channel, chat_id, message_id) VALUES (?, ?, ?, ?)",
      incidentId,
      ref.channel,
      ref.chatId,
      ref.messageId,
    );
  }

  /** Stores a finished (or superseded) incident; history is bounded. */
  archive(view: IncidentView): void {
    this.sql.exec(
      "INSERT OR REPLACE INTO history (id, opened_at, view) VALUES (?, ?, ?)",
      view.id,
      view.openedAt,
      JSON.stringify(view),
    );
    this.sql.exec(
      "DELETE FROM history WHERE id NOT IN (SELECT id FROM history ORDER BY opened_at DESC LIMIT ?)",
      KEEP_HISTORY,
    );
  }

  archived(id: string): IncidentView | undefined {
    const row = this.sql.exec("SELECT view FROM history WHERE id = ?", id).toArray()[0];
    return row ? (JSON.parse(String(row.view)) as IncidentView) : undefined;
  }

  history(limit: number): IncidentView[] {
    return this.sql
      .exec(
        "SELECT view FROM history ORDER BY opened_at DESC LIMIT ?",
        Math.max(1, Math.min(limit, KEEP_HISTORY)),
      )
      .toArray()
      .map((r) => JSON.parse(String(r.view)) as IncidentView);
  }
}
