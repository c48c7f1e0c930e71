import type { CheckOutcome, ProbeResult } from "../checks/types";
import type { RemediationAction } from "../escalation/remediation-actions";
import type {
  ActionRefusal,
  ActionTarget,
  Actor,
  IncidentView,
  MaintenanceWindow,
} from "../escalation/types";
import type { HistoryPoint, HistorySummary, Step } from "../history";
import type { StoredDiagnostics } from "./diagnostics-entry";
import type { PingKind } from "./heartbeats";

/** Counter names kept for /metrics. */
export type CounterName = "notifications_sent" | "notifications_failed" | "sla_breaches" | "tick_gaps";

// The decision core refuses actions too, so these belong to the escalation vocabulary.
export type { ActionRefusal, ActionTarget } from "../escalation/types";

/** Outcome of an operator action: done, or refused with the incident as it stands. */
export type ActionOutcome =
  | { ok: true; incident: IncidentView }
  | { ok: false; refusal: ActionRefusal; incident?: IncidentView };

/** Why a remediation POST did nothing: the incident's refusals, or one is running / was just done, or no agent. */
export type RemediationRefusal = ActionRefusal | "already_running" | "already_done" | "no_agent";

/**
 * Outcome of an operator-confirmed action (issue 14 item 3): what the agent said (the re-probes
 * follow), or why nothing was done, with who asked for the action that is running or done.
 */
export type RemediationOutcome =
  | { ok: true; incident: IncidentView; agent: { ok: boolean; detail: string } }
  | { ok: false; refusal: RemediationRefusal; incident?: IncidentView; by?: string; at?: number };

/**
 * What a supervising tick did for a service: probed (its probe was due at the tick or overdue),
 * probing (that probe goes on in the object after the wait), armed (its alarm will probe), busy
 * (a probe was running), or unwatched (the object has no service under the config in force).
 */
export type Supervision = "probed" | "probing" | "armed" | "busy" | "unwatched";

/** An app version change seen by the health check. */
export interface VersionChange {
  at: number;
  from: string;
  to: string;
}

/** What the status API shows of one service. */
export interface ServiceSnapshot {
  serviceId: string;
  lastProbe?: ProbeResult;
  /** The open or acknowledged incident, if any. */
  incident?: IncidentView;
  /** When the next alarm fires (re-check, step, reminder or SLA deadline). */
  nextWakeAt?: number;
  /** App version changes seen in the last 24 h (P4: daily report only). */
  versionChanges?: VersionChange[];
  /** Active maintenance window, if any. */
  maintenance?: { start: number; end: number; reason: string };
}

/** One check of the latest probe, as /metrics and the status list show it. */
export interface CheckSummary {
  ok: boolean;
  latencyMs: number;
  reason?: string;
}

/**
 * What /metrics and the status page's service list need of one service, small enough that the
 * tick carries every service's back to WatchdogState in one row (issue 17 item 5).
 */
export interface ServiceSummary {
  serviceId: string;
  lastProbe?: { at: number; health?: CheckSummary; agent?: CheckSummary; checks?: CheckOutcome[] };
  /** The open or acknowledged incident, if any. */
  incident?: Pick<IncidentView, "id" | "serviceId" | "serviceName" | "severity" | "status" | "openedAt">;
  maintenance?: { start: number; end: number; reason: string };
}

/** What a supervise call answers when the caller also wants the service's summary. */
export interface Supervised {
  supervision: Supervision;
  summary: ServiceSummary;
}

/**
 * The RPC surface of the per-service Durable Object (`ServiceMonitor`). The HTTP door
 * and the tick talk to it only through these methods.
 */
export interface MonitorApi {
  /** Feeds one probe result from the cron tick, with the service's maintenance windows. */
  ingest(result: ProbeResult, maintenance?: MaintenanceWindow[]): Promise<void>;
  /** The cron tick's call for a service that probes itself (sub-minute or second vantage). */
  supervise(serviceId: string, maintenance?: MaintenanceWindow[]): Promise<Supervision>;
  /** `supervise`, answering with the service's summary too: the tick's call (issue 17 item 5). */
  supervised(serviceId: string, maintenance?: MaintenanceWindow[]): Promise<Supervised>;
  acknowledge(target: ActionTarget, actor: Actor, note?: string): Promise<ActionOutcome>;
  resolve(target: ActionTarget, actor: Actor, note?: string): Promise<ActionOutcome>;
  addNote(target: ActionTarget, actor: Actor, text: string): Promise<ActionOutcome>;
  /** A push heartbeat's ping (`/ping/<token>`); false when the service has no such heartbeat. */
  ping(serviceId: string, heartbeatId: string, kind: PingKind, body: string): Promise<boolean>;
  /** Runs a remediation action through the agent once (it acknowledges), then re-probes (issue 14). */
  remediate(
    target: ActionTarget,
    actor: Actor,
    action: RemediationAction,
    note?: string,
  ): Promise<RemediationOutcome>;
  snapshot(): Promise<ServiceSnapshot>;
  /** One incident (current or past) with its timeline. */
  incident(incidentId: string): Promise<IncidentView | undefined>;
  /** Past and current incidents, newest first. */
  history(limit?: number): Promise<IncidentView[]>;
  /** Uptime and latency buckets starting in [from, to) at `step` (issue 15). */
  historyPoints(from: number, to: number, step: Step): Promise<HistoryPoint[]>;
  /** Uptime windows, the 90-day bar and the 48-hour latency line now (issue 15). */
  historySummary(): Promise<HistorySummary>;
  /** The latest diagnostics snapshot kept for an incident (issue 14). */
  diagnostics(incidentId: string): Promise<StoredDiagnostics | undefined>;
  /** Asks the agent for a fresh snapshot of a live incident; undefined when none can be asked for. */
  refreshDiagnostics(incidentId: string): Promise<StoredDiagnostics | undefined>;
}

/** Incident ids carry their service so any door can route to the right Durable Object. */
export function serviceIdOfIncident(incidentId: string): string | undefined {
  const i = incidentId.lastIndexOf(":");
  return i > 0 ? incidentId.slice(0, i) : undefined;
}
