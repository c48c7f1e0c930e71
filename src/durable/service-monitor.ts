import { DurableObject } from "cloudflare:workers";
import { SUPERVISE_GRACE_MS, selfProbeEvery } from "../checks/cadence";
import { probeService } from "../checks/probe";
import type { ProbeResult } from "../checks/types";
import { applySecondOpinion, wantsSecondOpinion } from "../checks/vantage";
import { configFromEnv } from "../config/load";
import type { Config, Service } from "../config/schema";
import {
  currentIncident,
  type DecideContext,
  decide,
  initialState,
  nextWakeAt,
  probeDue,
  probeOverdue,
  refusalOf,
  type ServiceState,
  viewOf,
} from "../escalation/core";
import type { Action, Actor, Event, IncidentView } from "../escalation/types";
import type { ActionOutcome, ActionTarget, MonitorApi, ServiceSnapshot, Supervision } from "./api";
import { deliverAction } from "./delivery";
import { activeWindow } from "./maintenance";
import { MonitorStore } from "./monitor-store";
import type { MaintenanceWindow } from "./state-api";
import { stateStub } from "./stubs";
import { askVantage } from "./vantage";

/**
 * One per watched service: the single writer of its incident state. It persists the
 * decision core's state, arms one alarm at the earliest pending time, and hands each
 * notify action to the notifiers exactly once (recorded by idempotency key).
 */
export class ServiceMonitor extends DurableObject<Env> implements MonitorApi {
  private readonly store: MonitorStore;
  private state: ServiceState | undefined;
  /**
   * Keys this instance is sending right now. Their claims are live however old they look:
   * only a claim left by a crashed instance is "stale" and sent again.
   */
  private readonly inFlight = new Set<string>();
  /** The probe this instance is running, if any: a second caller waits for it instead of probing again. */
  private probing: Promise<void> | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new MonitorStore(ctx.storage.sql);
  }

  /** The clock for alarms and operator actions; tests replace it through `runInDurableObject`. */
  clock: () => number = () => Date.now();

  private now(): number {
    return this.clock();
  }

  async ingest(result: ProbeResult, maintenance?: MaintenanceWindow[]): Promise<void> {
    this.store.setServiceId(result.serviceId);
    if (maintenance) this.store.setMaintenance(maintenance);
    await this.apply({ type: "probe", result }, result.at);
  }

  override async alarm(): Promise<void> {
    const service = this.service();
    if (!service) return;
    const now = this.now();
    if (probeDue(this.load(service.id), now)) await this.probe(service);
    else await this.apply({ type: "timer" }, now);
  }

  /**
   * The cron tick's call for a service that probes itself: probes only when the object's own
   * regular probe is overdue (its alarm was lost, or it never probed), otherwise just makes sure
   * the alarm is armed. A tick never doubles a probe the alarm ran or is running.
   */
  async supervise(serviceId: string, maintenance?: MaintenanceWindow[]): Promise<Supervision> {
    this.store.setServiceId(serviceId);
    if (maintenance) this.store.setMaintenance(maintenance);
    const service = this.service();
    const cadence = service && selfProbeEvery(service);
    if (!service || cadence === undefined) return "not_self_probing";
    if (this.probing) return "busy";
    const state = this.load(service.id);
    if (probeOverdue(state, this.now(), cadence, SUPERVISE_GRACE_MS)) {
      await this.probe(service);
      return "probed";
    }
    // A service that just started probing itself has no regular probe scheduled yet.
    if (state.nextProbeAt === undefined) await this.apply({ type: "timer" }, this.now());
    else await this.arm(state);
    return "armed";
  }

  /** Probes the service from here (alarm or supervisor), once at a time, and applies the result. */
  private probe(service: Service): Promise<void> {
    this.probing ??= this.probeOnce(service).finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  private async probeOnce(service: Service): Promise<void> {
    const result = await probeService(service, {
      fetch: (input, init) => fetch(input, init),
      now: () => this.now(),
      agentSecret: this.env.AGENT_HMAC_SECRET ?? "",
      ...(service.vantage ? { vantage: service.vantage.home } : {}),
    });
    await this.apply({ type: "probe", result: await this.withSecondOpinion(service, result) }, result.at);
  }

  /**
   * Before a P1 health failure counts, repeats the health check from the second vantage (when
   * the service has one). Once a P1 is open the outage is established and nobody is asked.
   */
  private async withSecondOpinion(service: Service, result: ProbeResult): Promise<ProbeResult> {
    if (!service.vantage || !wantsSecondOpinion(service, result)) return result;
    if (currentIncident(this.load(service.id))?.severity === "P1") return result;
    const opinion = await askVantage(this.env, service, service.vantage.second);
    return applySecondOpinion(service, service.vantage, result, opinion);
  }

  async acknowledge(target: ActionTarget, actor: Actor, note?: string): Promise<ActionOutcome> {
    return this.operatorAction(target, "acknowledge", {
      type: "acknowledge",
      actor,
      ...(note ? { note } : {}),
    });
  }

  async resolve(target: ActionTarget, actor: Actor, note?: string): Promise<ActionOutcome> {
    return this.operatorAction(target, "resolve", { type: "resolve", actor, ...(note ? { note } : {}) });
  }

  async addNote(target: ActionTarget, actor: Actor, text: string): Promise<ActionOutcome> {
    return this.operatorAction(target, "note", { type: "note", actor, text });
  }

  async snapshot(): Promise<ServiceSnapshot> {
    const serviceId = this.store.serviceId() ?? "";
    const state = this.load(serviceId);
    const snapshot: ServiceSnapshot = { serviceId };
    const lastProbe = this.store.lastProbe();
    if (lastProbe) snapshot.lastProbe = lastProbe;
    const incident = currentIncident(state);
    if (incident) snapshot.incident = incident;
    const wake = nextWakeAt(state);
    if (wake !== undefined) snapshot.nextWakeAt = wake;
    const dayAgo = this.now() - 86_400_000;
    const versionChanges = this.store.versionChanges().filter((v) => v.at >= dayAgo);
    if (versionChanges.length > 0) snapshot.versionChanges = versionChanges;
    const service = this.service();
    const windows = [...(service ? this.configWindows(service) : []), ...this.store.maintenance()];
    const window = activeWindow(windows, this.now());
    if (window) snapshot.maintenance = { start: window.start, end: window.end, reason: window.reason };
    return snapshot;
  }

  async incident(incidentId: string): Promise<IncidentView | undefined> {
    const live = viewOf(this.load(this.store.serviceId() ?? ""));
    if (live?.id === incidentId) return live;
    return this.store.archived(incidentId);
  }

  async history(limit = 50): Promise<IncidentView[]> {
    const live = viewOf(this.load(this.store.serviceId() ?? ""));
    const past = this.store.history(limit).filter((v) => v.id !== live?.id);
    return (live ? [live, ...past] : past).slice(0, limit);
  }

  private async operatorAction(
    target: ActionTarget,
    action: "acknowledge" | "resolve" | "note",
    event: Event,
  ): Promise<ActionOutcome> {
    const serviceId = this.store.serviceId();
    const refusal = serviceId ? refusalOf(this.load(serviceId), target, action) : "no_such_incident";
    if (refusal) {
      const incident = await this.incident(target.incidentId);
      return incident ? { ok: false, refusal, incident } : { ok: false, refusal };
    }
    if (!(await this.apply(event, this.now()))) return { ok: false, refusal: "unavailable" };
    const incident = await this.incident(target.incidentId);
    return incident ? { ok: true, incident } : { ok: false, refusal: "no_such_incident" };
  }

  private service(): Service | undefined {
    const serviceId = this.store.serviceId();
    const parsed = configFromEnv(this.env);
    if (!parsed.ok || !serviceId) return undefined;
    return parsed.config.services.find((s) => s.id === serviceId);
  }

  private load(serviceId: string): ServiceState {
    if (this.state) return this.state;
    const stored = this.store.state();
    // A blank state is never cached: a read before the first probe (the status page) must not
    // fix the service id to "" for the incidents this object will open.
    if (!stored) return initialState(serviceId);
    this.state = stored;
    return stored;
  }

  private context(config: Config, service: Service, now: number): DecideContext {
    const ctx: DecideContext = {
      now,
      serviceName: service.name,
      thresholds: service.thresholds,
      escalation: config.escalation,
    };
    const cadence = selfProbeEvery(service);
    if (cadence !== undefined) ctx.cadence = cadence;
    const window = activeWindow([...this.configWindows(service), ...this.store.maintenance()], now);
    if (window) ctx.silenced = { reason: window.reason, until: window.end };
    return ctx;
  }

  private configWindows(service: Service): MaintenanceWindow[] {
    return service.maintenance.map((w, i) => ({
      id: `config-${i}`,
      serviceId: service.id,
      start: Date.parse(w.start),
      end: Date.parse(w.end),
      reason: w.reason,
      createdBy: "config",
    }));
  }

  /**
   * Runs one event through the core, persists, delivers new actions once, re-arms the alarm.
   * False when nothing could be decided (no valid config for this service).
   */
  private async apply(event: Event, at: number): Promise<boolean> {
    const parsed = configFromEnv(this.env);
    const service = this.service();
    if (!parsed.ok || !service) return false;
    const before = this.load(service.id);
    // Time never runs backwards for the core: a tick's probe that started before an alarm
    // ran is applied at the alarm's time, not before it.
    const now = Math.max(at, before.now ?? at);
    const ctx = this.context(parsed.config, service, now);
    const { state, actions } = decide(before, event, ctx);
    this.commit(state, event);
    // No await between saving the state and claiming its actions: both land together.
    const claimed = actions.filter((action) => this.store.claimKey(action, now));
    const retries = this.store.claimDueRetries(now, this.inFlight);
    await this.countBreaches(before, state);
    const deliveries = await this.deliver(parsed.config, [...claimed, ...retries], now);
    let current = this.state ?? state;
    for (const delivery of deliveries) current = decide(current, delivery, ctx).state;
    if (deliveries.length > 0) this.commit(current, undefined);
    await this.arm(current);
    return true;
  }

  private commit(state: ServiceState, event: Event | undefined): void {
    const was = this.state ? viewOf(this.state) : undefined;
    this.state = state;
    this.store.saveState(state);
    if (event?.type === "probe") this.recordProbe(event.result);
    // A resolved incident is archived when it resolves and whenever it changes after (notices,
    // notes), so a new incident can replace it; a quiet tick must not rewrite it every minute.
    const view = viewOf(state);
    if (view?.status === "resolved" && JSON.stringify(view) !== JSON.stringify(was)) this.store.archive(view);
  }

  /** Sends claimed actions one by one; returns delivery events for the timeline. */
  private async deliver(config: Config, actions: Action[], now: number): Promise<Event[]> {
    const events: Event[] = [];
    for (const action of actions) events.push(...(await this.deliverClaimed(config, action, now)));
    return events;
  }

  private async deliverClaimed(config: Config, action: Action, now: number): Promise<Event[]> {
    this.inFlight.add(action.key);
    try {
      return await this.sendClaimed(config, action, now);
    } finally {
      this.inFlight.delete(action.key);
    }
  }

  private async sendClaimed(config: Config, action: Action, now: number): Promise<Event[]> {
    const view = viewOf(this.state ?? initialState(""));
    if (!view || view.id !== action.incidentId || view.epoch !== action.epoch || obsolete(action, view)) {
      this.store.finishKey(action.key, "failed", now);
      return [];
    }
    try {
      const delivery = await deliverAction(this.env, config, action, view, {
        now,
        sentRefs: this.store.sentRefs(action.incidentId),
        state: stateStub(this.env),
        targets: this.store.keyTargets(action.key),
      });
      for (const ref of delivery.refs) this.store.addSentRef(action.incidentId, ref);
      this.store.finishKey(
        action.key,
        delivery.retryable ? "retryable" : delivery.ok ? "delivered" : "failed",
        now,
        delivery.targets,
      );
      return delivery.events;
    } catch (error) {
      // An unexpected error must not lose the page: keep it for a retry.
      const detail = error instanceof Error ? error.message : String(error);
      console.error(`deliver ${action.key}: ${detail}`);
      this.store.finishKey(action.key, "retryable", now);
      return [
        { type: "delivery", key: action.key, level: action.level, channel: "internal", ok: false, detail },
      ];
    }
  }

  private recordProbe(result: ProbeResult): void {
    const from = this.store.lastProbe()?.health.version;
    const to = result.health.version;
    if (from !== undefined && to !== undefined && from !== to)
      this.store.addVersionChange({ at: result.at, from, to });
    this.store.setLastProbe(result);
  }

  private async countBreaches(before: ServiceState, after: ServiceState): Promise<void> {
    const was = viewOf(before);
    const now = viewOf(after);
    if (!now) return;
    const added = now.slaBreaches.length - (was?.id === now.id ? was.slaBreaches.length : 0);
    if (added <= 0) return;
    try {
      await stateStub(this.env).count("sla_breaches", { severity: now.severity }, added);
    } catch (error) {
      // Metrics only: the state is committed and its actions must still be delivered.
      console.error(
        `metrics: counting SLA breaches failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async arm(state: ServiceState): Promise<void> {
    const wakes = [nextWakeAt(state), this.store.nextRetryAt(this.inFlight)].filter(
      (t): t is number => t !== undefined,
    );
    const wake = wakes.length > 0 ? Math.min(...wakes) : undefined;
    const current = await this.ctx.storage.getAlarm();
    if (wake === undefined) {
      if (current !== null) await this.ctx.storage.deleteAlarm();
      return;
    }
    if (current !== wake) await this.ctx.storage.setAlarm(wake);
  }
}

const PAGING_KINDS = new Set(["page", "escalation", "reminder", "severity_raised", "reopened", "sla_breach"]);

/**
 * A page for an incident that is resolved by now is not worth retrying, nor a reminder or an
 * "if unacknowledged" step for one that is acknowledged by now.
 */
function obsolete(action: Action, view: IncidentView): boolean {
  if (action.kind === "reminder" || action.when === "unacknowledged") return view.status !== "open";
  return view.status === "resolved" && PAGING_KINDS.has(action.kind);
}
