import { DurableObject } from "cloudflare:workers";
import { probeService } from "../checks/probe";
import type { ProbeResult } from "../checks/types";
import { configFromEnv } from "../config/load";
import type { RemediationAction } from "../escalation/links";
import type { Actor, IncidentView, MaintenanceWindow } from "../escalation/types";
import type { HistoryPoint, HistorySummary, Step } from "../history";
import type {
  ActionOutcome,
  ActionTarget,
  MonitorApi,
  RemediationOutcome,
  ServiceSnapshot,
  Supervised,
  Supervision,
} from "../monitor/api";
import type { StoredDiagnostics } from "../monitor/diagnostics-entry";
import { MonitorEngine } from "../monitor/engine";
import type { PingKind } from "../monitor/heartbeats";
import { operatorEvent } from "../monitor/operator-event";
import { superviseSummarized } from "../monitor/summary";
import { diagnosticsPort } from "./diagnostics";
import { HeartbeatStore } from "./heartbeat-store";
import { MonitorStore } from "./monitor-store";
import { remediationPort } from "./remediation";
import { askVantage, probeUserAgentOf } from "./vantage";
import { channelsFor, counterOf } from "./wiring";

/**
 * One per watched service: the single writer of its incident state. A thin adapter from RPC
 * and alarms to the `MonitorEngine`, which it builds from this object's SQLite store, alarm,
 * clock and the Worker's bindings.
 */
export class ServiceMonitor extends DurableObject<Env> implements MonitorApi {
  private readonly store: MonitorStore;
  private readonly engine: MonitorEngine;

  /** The clock for alarms and operator actions; tests replace it through `runInDurableObject`. */
  clock: () => number = () => Date.now();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new MonitorStore(ctx.storage.sql);
    const storage = ctx.storage;
    // Bindings are read through `this.env` at each call, never captured: tests swap them.
    this.engine = new MonitorEngine({
      store: this.store,
      config: () => {
        const parsed = configFromEnv(this.env);
        return parsed.ok ? parsed.config : undefined;
      },
      probe: (service) =>
        probeService(service, {
          fetch: (input, init) => fetch(input, init),
          now: () => this.clock(),
          agentSecret: this.env.AGENT_HMAC_SECRET ?? "",
          userAgent: probeUserAgentOf(this.env),
          ...(service.vantage ? { vantage: service.vantage.home } : {}),
        }),
      askVantage: (service, region) => askVantage(this.env, service, region),
      send: (config, action, view, sendCtx) => channelsFor(this.env, config).sender(action, view, sendCtx),
      alarm: {
        get: () => storage.getAlarm(),
        set: (at) => storage.setAlarm(at),
        delete: () => storage.deleteAlarm(),
      },
      now: () => this.clock(),
      count: (name, labels, by) => counterOf(this.env)(name, labels, by),
      heartbeats: new HeartbeatStore(ctx.storage.sql),
      diagnostics: diagnosticsPort(
        () => this.env,
        () => this.clock(),
      ),
      remediation: remediationPort(
        () => this.env,
        () => this.clock(),
      ),
    });
  }

  async ingest(result: ProbeResult, maintenance?: MaintenanceWindow[]): Promise<void> {
    await this.engine.ingest(result, maintenance);
  }

  override async alarm(): Promise<void> {
    await this.engine.alarm();
  }

  async supervise(serviceId: string, maintenance?: MaintenanceWindow[]): Promise<Supervision> {
    return this.engine.supervise(serviceId, maintenance);
  }

  async supervised(serviceId: string, maintenance?: MaintenanceWindow[]): Promise<Supervised> {
    return superviseSummarized(this.engine, serviceId, maintenance);
  }

  async acknowledge(target: ActionTarget, actor: Actor, note?: string): Promise<ActionOutcome> {
    return this.engine.operate(target, operatorEvent("acknowledge", actor, note));
  }

  async resolve(target: ActionTarget, actor: Actor, note?: string): Promise<ActionOutcome> {
    return this.engine.operate(target, operatorEvent("resolve", actor, note));
  }

  async addNote(target: ActionTarget, actor: Actor, text: string): Promise<ActionOutcome> {
    return this.engine.operate(target, { type: "note", actor, text });
  }

  async ping(serviceId: string, heartbeatId: string, kind: PingKind, body: string): Promise<boolean> {
    return this.engine.ping(serviceId, heartbeatId, kind, body);
  }

  async remediate(
    target: ActionTarget,
    actor: Actor,
    action: RemediationAction,
    note?: string,
  ): Promise<RemediationOutcome> {
    return this.engine.remediate(target, actor, action, note);
  }

  async snapshot(): Promise<ServiceSnapshot> {
    return this.engine.snapshot();
  }

  async incident(incidentId: string): Promise<IncidentView | undefined> {
    return this.engine.incident(incidentId);
  }

  async history(limit = 50): Promise<IncidentView[]> {
    return this.engine.history(limit);
  }

  async historyPoints(from: number, to: number, step: Step): Promise<HistoryPoint[]> {
    return this.engine.uptime.points(from, to, step);
  }

  async historySummary(): Promise<HistorySummary> {
    return this.engine.uptime.summary(this.clock());
  }

  async diagnostics(incidentId: string): Promise<StoredDiagnostics | undefined> {
    return this.store.diagnostics(incidentId);
  }

  async refreshDiagnostics(incidentId: string): Promise<StoredDiagnostics | undefined> {
    return this.engine.refreshDiagnostics(incidentId);
  }
}
