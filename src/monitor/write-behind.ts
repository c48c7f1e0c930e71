import { primaryOutcome } from "../checks/primary";
import type { ProbeResult } from "../checks/types";
import { stateFlushDue } from "../config/write-budget";
import { type ServiceState, viewOf } from "../escalation/core";
import type { Action, IncidentView, MaintenanceWindow } from "../escalation/types";
import type { HistoryRows } from "../history";
import type { VersionChange } from "./api";
import type { StoredDiagnostics } from "./diagnostics-entry";
import type { EarlierAttempts, MonitorStorage, SendOutcome, SendRecord, SentRef } from "./ports";
import type { RemediationRecord } from "./remediation-entry";
import { recordProbe } from "./snapshot";

/** The state's own fields a probe moves every time; the rest is what the operator needs durably. */
const PROBE_CLOCK = new Set<string>(["lastProbeAt", "nextProbeAt", "now"]);

/** The state without its probe clock (top-level keys only: a nested `now` is durable). */
const durable = (state: ServiceState) =>
  JSON.stringify(state, function (this: unknown, key: string, value: unknown) {
    return this === state && PROBE_CLOCK.has(key) ? undefined : value;
  });

const codes = (probe: ProbeResult | undefined) =>
  probe?.findings.map((f) => `${f.code}:${f.severity}`).join(",");

/**
 * True when committing `after` (from `before`, on `probe`) changes nothing the operator needs
 * durably: a healthy probe whose findings read as the last probe's, that moved only the
 * state's probe clock. Anything else (a failure, a confirmation step, an incident change, a
 * new version or warning) is not quiet and is written at once. Pure.
 */
export function quietProbe(
  before: ServiceState | undefined,
  after: ServiceState,
  probe: ProbeResult | undefined,
  lastProbe: ProbeResult | undefined,
): boolean {
  if (!before || !probe || !primaryOutcome(probe)?.ok || !lastProbe) return false;
  return codes(probe) === codes(lastProbe) && durable(before) === durable(after);
}

/**
 * The engine's storage with write-behind for quiet probes (issue 17 item 7): a quiet probe's
 * state and result stay in memory until `STATE_FLUSH_EVERY_MS` after the last write, and every
 * read here sees them first. Any other commit writes at once, pending probe included. A Durable
 * Object evicted meanwhile loses only the quiet probes since that write: its stored state
 * then has an older probe clock, so its next alarm or tick probes (one probe early at most),
 * and its snapshot shows the last probe written. Everything else passes through.
 */
export class WriteBehind implements MonitorStorage {
  private pendingState: ServiceState | undefined;
  private pendingProbe: ProbeResult | undefined;
  /** The `now` of the last state written since this object started. */
  private writtenAt: number | undefined;
  readonly saveDiagnostics?: (entry: StoredDiagnostics) => void;
  readonly diagnostics?: (incidentId: string) => StoredDiagnostics | undefined;
  readonly saveRemediation?: (record: RemediationRecord) => void;
  readonly remediation?: () => RemediationRecord | undefined;

  constructor(private readonly inner: MonitorStorage) {
    // Optional parts stay absent when the store lacks them: the engine reads their absence.
    if (inner.saveDiagnostics) this.saveDiagnostics = inner.saveDiagnostics.bind(inner);
    if (inner.diagnostics) this.diagnostics = inner.diagnostics.bind(inner);
    if (inner.saveRemediation) this.saveRemediation = inner.saveRemediation.bind(inner);
    if (inner.remediation) this.remediation = inner.remediation.bind(inner);
  }

  /** The engine's commit of `state` after `before`, with the probe that led to it, if any; archives a resolved incident. */
  commit(before: ServiceState | undefined, state: ServiceState, probe: ProbeResult | undefined): void {
    const at = state.now ?? probe?.at ?? 0;
    if (probe && quietProbe(before, state, probe, this.lastProbe()) && !stateFlushDue(this.writtenAt, at)) {
      this.pendingState = state;
      this.pendingProbe = probe;
      return;
    }
    this.saveState(state);
    if (probe) recordProbe(this, probe);
    else if (this.pendingProbe) this.setLastProbe(this.pendingProbe);
    this.writtenAt = at;
    // A resolved incident is archived when it resolves and whenever it changes after (notices,
    // notes), so a new incident can replace it; a quiet tick must not rewrite it every minute.
    const view = viewOf(state);
    const was = before && viewOf(before);
    if (view?.status === "resolved" && JSON.stringify(view) !== JSON.stringify(was)) this.archive(view);
  }

  state(): ServiceState | undefined {
    return this.pendingState ?? this.inner.state();
  }

  saveState(state: ServiceState): void {
    this.pendingState = undefined;
    this.inner.saveState(state);
  }

  lastProbe(): ProbeResult | undefined {
    return this.pendingProbe ?? this.inner.lastProbe();
  }

  setLastProbe(result: ProbeResult): void {
    this.pendingProbe = undefined;
    this.inner.setLastProbe(result);
  }

  serviceId(): string | undefined {
    return this.inner.serviceId();
  }
  setServiceId(id: string): void {
    this.inner.setServiceId(id);
  }
  versionChanges(): VersionChange[] {
    return this.inner.versionChanges();
  }
  addVersionChange(change: VersionChange): void {
    this.inner.addVersionChange(change);
  }
  maintenance(): MaintenanceWindow[] {
    return this.inner.maintenance();
  }
  setMaintenance(windows: MaintenanceWindow[]): void {
    this.inner.setMaintenance(windows);
  }
  claimKey(action: Action, now: number): boolean {
    return this.inner.claimKey(action, now);
  }
  finishKey(key: string, outcome: SendOutcome, now: number, record?: SendRecord): void {
    this.inner.finishKey(key, outcome, now, record);
  }
  earlierAttempts(key: string): EarlierAttempts | undefined {
    return this.inner.earlierAttempts(key);
  }
  claimDueRetries(now: number, busy: ReadonlySet<string>): Action[] {
    return this.inner.claimDueRetries(now, busy);
  }
  nextRetryAt(busy: ReadonlySet<string>): number | undefined {
    return this.inner.nextRetryAt(busy);
  }
  sentRefs(incidentId: string): SentRef[] {
    return this.inner.sentRefs(incidentId);
  }
  addSentRef(incidentId: string, ref: SentRef): void {
    this.inner.addSentRef(incidentId, ref);
  }
  archive(view: IncidentView): void {
    this.inner.archive(view);
  }
  archived(id: string): IncidentView | undefined {
    return this.inner.archived(id);
  }
  history(limit: number): IncidentView[] {
    return this.inner.history(limit);
  }
  historyRows(): HistoryRows {
    return this.inner.historyRows();
  }
}
