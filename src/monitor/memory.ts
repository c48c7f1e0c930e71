import type { ProbeResult } from "../checks/types";
import type { ServiceState } from "../escalation/core";
import type { TargetOutcome } from "../escalation/notify";
import type { Action, IncidentView, MaintenanceWindow } from "../escalation/types";
import { MemoryHistoryRows } from "../history";
import type { VersionChange } from "./api";
import { keepDiagnostics } from "./diagnostics";
import type { StoredDiagnostics } from "./diagnostics-entry";
import {
  KEEP_HISTORY,
  KEEP_SENT_MS,
  KEEP_VERSIONS,
  MAX_ATTEMPTS,
  retryDelay,
  STALE_CLAIM_MS,
} from "./ledger";
import type { AlarmPort, EarlierAttempts, MonitorStorage, SendOutcome, SendRecord, SentRef } from "./ports";
import type { RemediationRecord } from "./remediation-entry";

/** One claimed idempotency key, as the SQL store's `sent` table holds it. */
interface Claim {
  action: Action;
  at: number;
  /** When the step was first claimed; `at` moves with each retry. */
  firstAt: number;
  status: "sending" | "retry" | "delivered" | "failed";
  attempts: number;
  nextAt?: number;
  targets: [string, TargetOutcome][];
  /** The incident as the last attempt rendered it, while a retry may come. */
  view?: IncidentView;
}

/**
 * The engine's storage in memory, with the SQL store's rules (`./ledger.ts`): for the
 * simulators that drive the engine in tests and the bench.
 */
export class MemoryStore implements MonitorStorage {
  private id: string | undefined;
  private saved: ServiceState | undefined;
  private probe: ProbeResult | undefined;
  private versions: VersionChange[] = [];
  private windows: MaintenanceWindow[] = [];
  private readonly claims = new Map<string, Claim>();
  private readonly refs = new Map<string, SentRef[]>();
  private readonly archive_ = new Map<string, IncidentView>();
  private readonly buckets = new MemoryHistoryRows();
  private snapshots: StoredDiagnostics[] = [];

  private remediationRecord: RemediationRecord | undefined;

  saveRemediation(record: RemediationRecord): void {
    this.remediationRecord = structuredClone(record);
  }

  remediation(): RemediationRecord | undefined {
    return this.remediationRecord && structuredClone(this.remediationRecord);
  }

  saveDiagnostics(entry: StoredDiagnostics): void {
    this.snapshots = keepDiagnostics(this.snapshots, entry);
  }

  diagnostics(incidentId: string): StoredDiagnostics | undefined {
    return this.snapshots.find((d) => d.incidentId === incidentId);
  }

  serviceId(): string | undefined {
    return this.id;
  }
  historyRows(): MemoryHistoryRows {
    return this.buckets;
  }
  setServiceId(id: string): void {
    this.id = id;
  }
  state(): ServiceState | undefined {
    return this.saved;
  }
  saveState(state: ServiceState): void {
    this.saved = state;
  }
  lastProbe(): ProbeResult | undefined {
    return this.probe;
  }
  setLastProbe(result: ProbeResult): void {
    this.probe = result;
  }
  versionChanges(): VersionChange[] {
    return this.versions;
  }
  addVersionChange(change: VersionChange): void {
    this.versions = [...this.versions, change].slice(-KEEP_VERSIONS);
  }
  maintenance(): MaintenanceWindow[] {
    return this.windows;
  }
  setMaintenance(windows: MaintenanceWindow[]): void {
    this.windows = windows;
  }

  claimKey(action: Action, now: number): boolean {
    if (this.claims.has(action.key)) return false;
    for (const [key, claim] of this.claims) if (claim.at < now - KEEP_SENT_MS) this.claims.delete(key);
    this.claims.set(action.key, {
      action,
      at: now,
      firstAt: now,
      status: "sending",
      attempts: 1,
      targets: [],
    });
    return true;
  }

  finishKey(key: string, outcome: SendOutcome, now: number, record: SendRecord = {}): void {
    const claim = this.claims.get(key);
    if (!claim) return;
    if (record.targets) claim.targets = [...record.targets].filter(([, o]) => o !== "retry");
    if (outcome === "retryable" && claim.attempts < MAX_ATTEMPTS) {
      claim.status = "retry";
      claim.nextAt = now + retryDelay(claim.attempts, record.retryAfterMs);
      if (record.view) claim.view = structuredClone(record.view);
      return;
    }
    claim.status = outcome === "delivered" ? "delivered" : "failed";
    delete claim.nextAt;
    delete claim.view;
  }

  earlierAttempts(key: string): EarlierAttempts | undefined {
    const claim = this.claims.get(key);
    if (!claim) return undefined;
    const view = claim.view && structuredClone(claim.view);
    return { firstAt: claim.firstAt, targets: new Map(claim.targets), ...(view ? { view } : {}) };
  }

  claimDueRetries(now: number, busy: ReadonlySet<string>): Action[] {
    const due = [...this.claims.entries()]
      .filter(([key, c]) => !busy.has(key) && dueAt(c) !== undefined && (dueAt(c) ?? now) <= now)
      .sort(([, a], [, b]) => a.at - b.at);
    for (const [, claim] of due) {
      claim.status = "sending";
      claim.at = now;
      claim.attempts += 1;
    }
    return due.map(([, c]) => c.action);
  }

  nextRetryAt(busy: ReadonlySet<string>): number | undefined {
    const times = [...this.claims.entries()]
      .filter(([key]) => !busy.has(key))
      .map(([, c]) => dueAt(c))
      .filter((t): t is number => t !== undefined);
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  sentRefs(incidentId: string): SentRef[] {
    return this.refs.get(incidentId) ?? [];
  }
  addSentRef(incidentId: string, ref: SentRef): void {
    const refs = this.sentRefs(incidentId);
    if (!refs.some((r) => JSON.stringify(r) === JSON.stringify(ref)))
      this.refs.set(incidentId, [...refs, ref]);
  }

  archive(view: IncidentView): void {
    this.archive_.set(view.id, view);
    const newest = this.history(KEEP_HISTORY).map((v) => v.id);
    for (const id of this.archive_.keys()) if (!newest.includes(id)) this.archive_.delete(id);
  }
  archived(id: string): IncidentView | undefined {
    return this.archive_.get(id);
  }
  history(limit: number): IncidentView[] {
    return [...this.archive_.values()]
      .sort((a, b) => b.openedAt - a.openedAt)
      .slice(0, Math.max(1, Math.min(limit, KEEP_HISTORY)));
  }
}

/** When a claim comes due again: a retry at its time, a claim left "sending" once it is stale. */
function dueAt(claim: Claim): number | undefined {
  if (claim.status === "retry") return claim.nextAt;
  if (claim.status === "sending" && claim.attempts < MAX_ATTEMPTS) return claim.at + STALE_CLAIM_MS;
  return undefined;
}

/** An alarm in memory: what `getAlarm` would say; the simulator decides when it fires. */
export class MemoryAlarm implements AlarmPort {
  at: number | null = null;

  /** `onChange` hears every set and delete, so a simulator can schedule the firing. */
  constructor(private readonly onChange: (at: number | null) => void = () => {}) {}

  async get(): Promise<number | null> {
    return this.at;
  }
  async set(at: number): Promise<void> {
    this.at = at;
    this.onChange(at);
  }
  async delete(): Promise<void> {
    this.at = null;
    this.onChange(null);
  }
}
