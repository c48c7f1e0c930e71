import type { ProbeResult } from "../checks/types";
import type { ServiceState } from "../escalation/core";
import type { Action, IncidentView, MaintenanceWindow } from "../escalation/types";
import type { VersionChange } from "../monitor/api";
import { keepDiagnostics } from "../monitor/diagnostics";
import type { StoredDiagnostics } from "../monitor/diagnostics-entry";
import { KEEP_HISTORY, KEEP_VERSIONS } from "../monitor/ledger";
import type { EarlierAttempts, MonitorStorage, SendOutcome, SendRecord, SentRef } from "../monitor/ports";
import type { RemediationRecord } from "../monitor/remediation-entry";
import { type CountedSql, countedSql } from "./counted-sql";
import { SqlHistoryRows } from "./history-rows";
import { SentLedger } from "./sent-ledger";

/** The service Durable Object's SQLite tables, behind the engine's storage port. */
export class MonitorStore implements MonitorStorage {
  private readonly sql: CountedSql;
  private readonly ledger: SentLedger;
  /** The history's ring table (issue 15), its writes counted apart. */
  readonly historyTable: SqlHistoryRows;

  constructor(sql: SqlStorage) {
    this.sql = countedSql(sql);
    sql.exec(`
      CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS refs (incident_id TEXT, channel TEXT, chat_id TEXT, message_id TEXT,
        PRIMARY KEY (incident_id, channel, chat_id, message_id));
      CREATE TABLE IF NOT EXISTS history (id TEXT PRIMARY KEY, opened_at INTEGER NOT NULL, view TEXT NOT NULL);
    `);
    this.ledger = new SentLedger(sql, () => this.sql);
    this.historyTable = new SqlHistoryRows(sql);
  }

  historyRows(): SqlHistoryRows {
    return this.historyTable;
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

  /** Keeps an incident's latest snapshot; the newest few incidents only (`keepDiagnostics`). */
  saveDiagnostics(entry: StoredDiagnostics): void {
    this.put("diagnostics", keepDiagnostics(this.get<StoredDiagnostics[]>("diagnostics") ?? [], entry));
  }

  diagnostics(incidentId: string): StoredDiagnostics | undefined {
    return this.get<StoredDiagnostics[]>("diagnostics")?.find((d) => d.incidentId === incidentId);
  }

  /** The latest remediation (issue 14 item 3): one record, replaced by the next action. */
  saveRemediation(record: RemediationRecord): void {
    this.put("remediation", record);
  }

  remediation(): RemediationRecord | undefined {
    return this.get<RemediationRecord>("remediation");
  }

  maintenance(): MaintenanceWindow[] {
    return this.get<MaintenanceWindow[]>("maintenance") ?? [];
  }

  /** Stores the tick's windows for this service; unchanged ones are not written again. */
  setMaintenance(windows: MaintenanceWindow[]): void {
    if (JSON.stringify(windows) !== JSON.stringify(this.maintenance())) this.put("maintenance", windows);
  }

  /** Claims an idempotency key before anything is sent; false when it was claimed before (`SentLedger`). */
  claimKey(action: Action, now: number): boolean {
    return this.ledger.claimKey(action, now);
  }

  /** Records how a send ended (`SentLedger`). */
  finishKey(key: string, outcome: SendOutcome, now: number, record?: SendRecord): void {
    this.ledger.finishKey(key, outcome, now, record);
  }

  /** What earlier attempts of a step left (`SentLedger`). */
  earlierAttempts(key: string): EarlierAttempts | undefined {
    return this.ledger.earlierAttempts(key);
  }

  /** Claims again the retries due now and the claims a crash left behind (`SentLedger`). */
  claimDueRetries(now: number, busy: ReadonlySet<string> = new Set()): Action[] {
    return this.ledger.claimDueRetries(now, busy);
  }

  /** When the earliest retry or stale claim comes due (`SentLedger`). */
  nextRetryAt(busy: ReadonlySet<string> = new Set()): number | undefined {
    return this.ledger.nextRetryAt(busy);
  }

  /** How many times each key was claimed (tests assert nothing is sent twice). */
  sentKeys(): { key: string; status: string; attempts: number }[] {
    return this.ledger.sentKeys();
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
