import type { ProbeResult } from "../checks/types";
import type { SecondOpinion } from "../checks/vantage";
import type { Config, LocationHint, Service } from "../config/schema";
import type { ServiceState } from "../escalation/core";
import type { TargetOutcome } from "../escalation/notify";
import type { Action, DeliveryEvent, IncidentView, MaintenanceWindow } from "../escalation/types";
import type { CounterName, VersionChange } from "./api";

/** A message a channel can later edit in place (Telegram's page, on acknowledge and resolve). */
export interface SentRef {
  channel: string;
  chatId: string;
  messageId: string;
}

/** How a step's send ended: delivered, failed for good, or failed for a reason that may pass. */
export type SendOutcome = "delivered" | "failed" | "retryable";

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
  /** Records how a send ended; a retryable one comes due again with backoff. */
  finishKey(key: string, outcome: SendOutcome, now: number, targets?: Map<string, TargetOutcome>): void;
  /** How earlier attempts of a step went for each of its targets. */
  keyTargets(key: string): Map<string, TargetOutcome>;
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
  sentRefs: SentRef[];
  targets: Map<string, TargetOutcome>;
}

/** What one action's delivery produced: timeline events and messages to edit later. */
export interface ActionDelivery {
  ok: boolean;
  /** Some target failed for a reason that may pass (rate limit, outage, network): retry the step for it. */
  retryable: boolean;
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
}
