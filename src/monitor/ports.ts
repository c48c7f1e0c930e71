import type { AgentActionResult } from "../checks/agent-action";
import type { AgentActionName } from "../checks/agent-actions";
import type { DiagnosticsRequest, DiagnosticsResult } from "../checks/diagnostics-fetch";
import type { ProbeResult } from "../checks/types";
import type { SecondOpinion } from "../checks/vantage";
import type { Config, LocationHint, Service } from "../config/schema";
import type { ServiceState } from "../escalation/core";
import type { TargetOutcome } from "../escalation/notify";
import type { Action, DeliveryEvent, IncidentView, MaintenanceWindow } from "../escalation/types";
import type { HistoryRows } from "../history";
import type { CounterName, VersionChange } from "./api";
import type { StoredDiagnostics } from "./diagnostics-entry";
import type { HeartbeatStorage } from "./heartbeats";
import type { RemediationNotice, RemediationRecord } from "./remediation-entry";

/** A message a channel can later edit in place (Telegram's page, on acknowledge and resolve). */
export interface SentRef {
  channel: string;
  chatId: string;
  messageId: string;
}

/** How a step's send ended: delivered, failed for good, or failed for a reason that may pass. */
export type SendOutcome = "delivered" | "failed" | "retryable";

/** What a send leaves in the ledger besides its outcome. */
export interface SendRecord {
  /** How each target fared; only the settled ones are kept (a retry sends to the rest). */
  targets?: Map<string, TargetOutcome>;
  /** The longest wait a provider asked for: a retry comes due then (capped), not after the backoff. */
  retryAfterMs?: number;
  /** The incident as this attempt rendered it, kept while the step may be retried. */
  view?: IncidentView;
}

/**
 * What the ledger remembers of a step's earlier attempts. A retry renders the same view at the
 * same time, so it sends the same bytes: an email provider that saw the step's Idempotency-Key
 * with another payload would refuse it for good (Resend's 409 `invalid_idempotent_request`).
 */
export interface EarlierAttempts {
  /** When the step was first claimed; every attempt renders and signs its links at this time. */
  firstAt: number;
  /** How each target fared so far. */
  targets: Map<string, TargetOutcome>;
  /** The incident as an earlier attempt rendered it (absent when none finished). */
  view?: IncidentView;
}

/**
 * Everything one service object keeps. The Durable Object keeps it in SQLite
 * (`src/durable/monitor-store.ts`); the simulators keep it in memory (`./memory.ts`).
 */
export interface MonitorStorage {
  serviceId(): string | undefined;
  setServiceId(id: string): void;
  state(): ServiceState | undefined;
  saveState(state: ServiceState): void;
  lastProbe(): ProbeResult | undefined;
  setLastProbe(result: ProbeResult): void;
  versionChanges(): VersionChange[];
  /** Records a version change; keeps the last few. */
  addVersionChange(change: VersionChange): void;
  maintenance(): MaintenanceWindow[];
  /** Stores the tick's windows for this service; unchanged ones are not written again. */
  setMaintenance(windows: MaintenanceWindow[]): void;
  /** Claims an action's idempotency key before anything is sent; false when it was claimed before. */
  claimKey(action: Action, now: number): boolean;
  /** Records how a send ended; a retryable one comes due again after the wait asked for, or with backoff. */
  finishKey(key: string, outcome: SendOutcome, now: number, record?: SendRecord): void;
  /** What earlier attempts of a claimed step left; undefined for a key never claimed. */
  earlierAttempts(key: string): EarlierAttempts | undefined;
  /** Claims again the retries due now and the claims a crash left behind; `busy` keys are in flight. */
  claimDueRetries(now: number, busy: ReadonlySet<string>): Action[];
  /** When the earliest retry or stale claim comes due. */
  nextRetryAt(busy: ReadonlySet<string>): number | undefined;
  sentRefs(incidentId: string): SentRef[];
  addSentRef(incidentId: string, ref: SentRef): void;
  /** Stores a finished (or superseded) incident; history is bounded. */
  archive(view: IncidentView): void;
  archived(id: string): IncidentView | undefined;
  /** Archived incidents, newest first. */
  history(limit: number): IncidentView[];
  /** The uptime and latency buckets (src/history). */
  historyRows(): HistoryRows;
  /** Stores an incident's diagnostics snapshot (or its absence); only the last few incidents keep theirs. */
  saveDiagnostics?(entry: StoredDiagnostics): void;
  /** The latest snapshot taken for an incident. */
  diagnostics?(incidentId: string): StoredDiagnostics | undefined;
  /** Keeps the object's latest remediation (issue 14 item 3): the one-at-a-time guard and the re-probes. */
  saveRemediation?(record: RemediationRecord): void;
  remediation?(): RemediationRecord | undefined;
}

/** What the follow-up to a page says: the summary, or why there is no snapshot. */
export interface DiagnosticsNotice {
  serviceName: string;
  incidentId: string;
  lines?: string[];
  unavailable?: string;
}

/** The agent's diagnostics and the follow-up message that carries them (issue 14). */
export interface DiagnosticsPort {
  /** Asks the service's agent for a snapshot; never throws, bounded by the probe timeout. */
  ask(service: Service, request: DiagnosticsRequest): Promise<DiagnosticsResult>;
  /** Renders and sends the follow-up to everyone on L1, linking the incident page; true when someone got it. */
  notify(config: Config, key: string, notice: DiagnosticsNotice): Promise<boolean>;
}

/** The agent's remediation actions and the notice of what they came to (issue 14 item 3). */
export interface RemediationPort {
  /** Signed POST to the agent; never throws, bounded by the agent's own healthcheck wait. */
  run(
    service: Service,
    request: { action: AgentActionName; incident: string; by: string },
  ): Promise<AgentActionResult>;
  /** Renders and sends the notice to each level already paged; true when someone got it. */
  notify(config: Config, key: string, notice: RemediationNotice): Promise<boolean>;
}

/** The object's one alarm. */
export interface AlarmPort {
  get(): Promise<number | null>;
  set(at: number): Promise<void>;
  delete(): Promise<void>;
}

/** What the sender is told besides the action: the time, the messages to edit, and how earlier attempts went. */
export interface SendContext {
  now: number;
  /** The step's first attempt: messages are rendered and links signed at this time, so a retry sends the same bytes. */
  renderAt: number;
  sentRefs: SentRef[];
  targets: Map<string, TargetOutcome>;
}

/** What one action's delivery produced: timeline events and messages to edit later. */
export interface ActionDelivery {
  ok: boolean;
  /** Some target failed for a reason that may pass (rate limit, outage, network): retry the step for it. */
  retryable: boolean;
  /** The longest wait a provider asked for before the step is tried again. */
  retryAfterMs?: number;
  events: DeliveryEvent[];
  refs: SentRef[];
  /** How the step stands for each target, across attempts (a retry skips the settled ones). */
  targets: Map<string, TargetOutcome>;
}

/** Adds to a /metrics counter; best effort. */
export type Count = (name: CounterName, labels: Record<string, string>, by?: number) => Promise<void>;

/** What the engine is built from: its store, clock, probes, sender, alarm and counters. */
export interface MonitorDeps {
  store: MonitorStorage;
  /** The config in force, or undefined when it is invalid (then nothing is decided). */
  config(): Config | undefined;
  /** Probes the service once, from where the engine runs. */
  probe(service: Service): Promise<ProbeResult>;
  /** Repeats the health check from another region; never throws. */
  askVantage(service: Service, region: LocationHint): Promise<SecondOpinion>;
  /** Delivers one claimed action under `config`. */
  send(config: Config, action: Action, view: IncidentView, ctx: SendContext): Promise<ActionDelivery>;
  alarm: AlarmPort;
  now(): number;
  count: Count;
  /** Push heartbeats' pings (`./heartbeats.ts`); in memory when not given. */
  heartbeats?: HeartbeatStorage;
  /** Diagnostics from the agent after a P1/P2 page; absent where there is no agent (simulators). */
  diagnostics?: DiagnosticsPort;
  /** Remediation through the agent; absent where there is no agent (simulators). */
  remediation?: RemediationPort;
}
