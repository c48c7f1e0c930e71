import type { ProbeResult } from "../checks/types";
import { selfProbeEvery } from "../config/cadence";
import type { Config, Service } from "../config/schema";
import {
  breachesAdded,
  decide,
  decideContext,
  initialState,
  nextWakeAt,
  onAlarm,
  onSupervise,
  recordDeliveries,
  refusalOf,
  type ServiceState,
  viewOf,
} from "../escalation/core";
import type { Actor, Event, IncidentView, MaintenanceWindow } from "../escalation/types";
import type { ActionOutcome, ActionTarget, ServiceSnapshot, Supervision } from "./api";
import { Heartbeats, type PingKind } from "./heartbeats";
import { HistoryFeed } from "./history-feed";
import { Outbound } from "./outbound";
import type { MonitorDeps } from "./ports";
import { Prober } from "./probing";
import { historyOf, recordProbe, snapshotOf } from "./snapshot";
import { carryOut } from "./supervision";

/** The config in force and the service this object watches under it. */
interface Watched {
  config: Config;
  service: Service;
}

/** An operator's event: acknowledge, resolve or note. */
type OperatorEvent = Extract<Event, { type: "acknowledge" | "resolve" | "note" }>;

/**
 * One watched service's orchestration: runs each event through the pure core, commits the
 * state, claims the new actions, sends them once, records the outcome and arms the one alarm.
 * Everything it touches comes in `deps`, so the Durable Object, the tests' simulator and the
 * bench run the same code.
 */
export class MonitorEngine {
  private state: ServiceState | undefined;
  private readonly outbound: Outbound;
  private readonly prober: Prober;
  /** Uptime and latency history, fed by each commit (issue 15). */
  readonly uptime: HistoryFeed;
  private readonly heartbeats: Heartbeats;

  constructor(private readonly deps: MonitorDeps) {
    this.outbound = new Outbound(deps);
    this.uptime = new HistoryFeed(deps.store);
    this.heartbeats = new Heartbeats(deps);
    this.prober = new Prober(deps, {
      state: (serviceId) => this.load(serviceId),
      trial: (result) => this.decideOn({ type: "probe", result }, result.at)?.state,
      apply: async (result) => {
        await this.apply({ type: "probe", result }, result.at);
      },
    });
  }

  /** Applies a probe result brought by the cron tick, with the service's maintenance windows. */
  async ingest(result: ProbeResult, maintenance?: MaintenanceWindow[]): Promise<void> {
    this.remember(result.serviceId, maintenance);
    await this.apply({ type: "probe", result }, result.at);
  }

  /** The object's alarm: a due probe (re-check or regular), otherwise a timer. */
  async alarm(): Promise<void> {
    const watched = this.watched();
    if (!watched) return;
    const now = this.deps.now();
    if (this.heartbeats.due(watched.service) || onAlarm(this.load(watched.service.id), now) === "probe")
      await this.prober.run(watched.service);
    else await this.apply({ type: "timer" }, now);
  }

  /** A heartbeat's ping (`./heartbeats.ts`); false for an unknown heartbeat. */
  async ping(serviceId: string, heartbeatId: string, kind: PingKind, body: string): Promise<boolean> {
    this.remember(serviceId, undefined);
    return this.heartbeats.ping(this.watched()?.service, heartbeatId, kind, body, (s) => this.prober.run(s));
  }

  /**
   * The cron tick's call: every object probes itself. A service at the tick's own cadence is
   * probed now; one with its own alarm only when that probe is overdue, else the alarm is armed.
   * A probe is waited for at most `SUPERVISE_WAIT_MS` (issue 17 item 2).
   */
  async supervise(serviceId: string, maintenance?: MaintenanceWindow[]): Promise<Supervision> {
    this.remember(serviceId, maintenance);
    const watched = this.watched();
    if (!watched) return "unwatched";
    const now = this.deps.now();
    const decision = onSupervise(
      this.load(watched.service.id),
      now,
      selfProbeEvery(watched.service),
      this.prober.busy(),
    );
    return carryOut(decision, {
      probe: () => this.prober.run(watched.service),
      schedule: () => this.apply({ type: "timer" }, now),
      arm: () => this.arm(),
    });
  }

  /** An operator's acknowledge, resolve or note on `target`; refused when it would change nothing. */
  async operate(target: ActionTarget, event: OperatorEvent): Promise<ActionOutcome> {
    const serviceId = this.deps.store.serviceId();
    const action = event.type;
    const refusal = serviceId ? refusalOf(this.load(serviceId), target, action) : "no_such_incident";
    if (refusal) {
      const incident = this.incident(target.incidentId);
      return incident ? { ok: false, refusal, incident } : { ok: false, refusal };
    }
    if (!(await this.apply(event, this.deps.now()))) return { ok: false, refusal: "unavailable" };
    const incident = this.incident(target.incidentId);
    return incident ? { ok: true, incident } : { ok: false, refusal: "no_such_incident" };
  }

  /** One incident, current or archived. */
  incident(incidentId: string): IncidentView | undefined {
    const live = viewOf(this.stateForReads());
    return live?.id === incidentId ? live : this.deps.store.archived(incidentId);
  }

  /** Past and current incidents, newest first. */
  history(limit: number): IncidentView[] {
    return historyOf(this.deps.store, viewOf(this.stateForReads()), limit);
  }

  /** What the status API shows of this service now. */
  snapshot(): ServiceSnapshot {
    const service = this.watched()?.service;
    return snapshotOf(this.deps.store, this.stateForReads(), service, this.deps.now());
  }

  /** The state as the core last left it (a blank one before the first probe). */
  private stateForReads(): ServiceState {
    return this.load(this.deps.store.serviceId() ?? "");
  }

  /**
   * Runs one event through the core, commits, sends the new actions (and due retries) once,
   * records what the notifiers said, and re-arms the alarm. False when nothing could be
   * decided (no valid config for this service).
   */
  async apply(input: Event, at: number): Promise<boolean> {
    const decided = this.decideOn(input, at);
    if (!decided) return false;
    const { config, before, event, state, actions, now } = decided;
    this.commit(state, event);
    // No await between saving the state and claiming its actions: both land together.
    const claimed = this.outbound.claim(actions, now);
    await this.countBreaches(before, state);
    const events = await this.outbound.send(config, claimed, now, () => viewOf(this.state ?? state));
    if (events.length > 0) this.commit(recordDeliveries(this.state ?? state, events, now), undefined);
    await this.arm();
    return true;
  }

  /** What the core decides on `input` (with the heartbeats' findings) from the state it last left; commits nothing. */
  private decideOn(input: Event, at: number) {
    const watched = this.watched();
    if (!watched) return undefined;
    const { config, service } = watched;
    const before = this.load(service.id);
    const event = this.heartbeats.onEvent(input, service);
    // Time never runs backwards for the core: a tick's probe that started before an alarm
    // ran is applied at the alarm's time, not before it.
    const now = Math.max(at, before.now ?? at);
    const ctx = decideContext(config, service, this.deps.store.maintenance(), now);
    return { config, before, event, now, ...decide(before, event, ctx) };
  }

  private remember(serviceId: string, maintenance: MaintenanceWindow[] | undefined): void {
    this.deps.store.setServiceId(serviceId);
    if (maintenance) this.deps.store.setMaintenance(maintenance);
  }

  private watched(): Watched | undefined {
    const config = this.deps.config();
    const serviceId = this.deps.store.serviceId();
    const service = serviceId ? config?.services.find((s) => s.id === serviceId) : undefined;
    return config && service ? { config, service } : undefined;
  }

  private load(serviceId: string): ServiceState {
    if (this.state) return this.state;
    const stored = this.deps.store.state();
    // A blank state is never cached: a read before the first probe (the status page) must not
    // fix the service id to "" for the incidents this object will open.
    if (!stored) return initialState(serviceId);
    this.state = stored;
    return stored;
  }

  private commit(state: ServiceState, event: Event | undefined): void {
    const { store } = this.deps;
    const was = this.state ? viewOf(this.state) : undefined;
    this.state = state;
    store.saveState(state);
    if (event?.type === "probe") recordProbe(store, event.result);
    this.uptime.committed(state, event);
    // A resolved incident is archived when it resolves and whenever it changes after (notices,
    // notes), so a new incident can replace it; a quiet tick must not rewrite it every minute.
    const view = viewOf(state);
    if (view?.status === "resolved" && JSON.stringify(view) !== JSON.stringify(was)) store.archive(view);
  }

  private async countBreaches(before: ServiceState, after: ServiceState): Promise<void> {
    const breaches = breachesAdded(before, after);
    if (!breaches) return;
    try {
      await this.deps.count("sla_breaches", { severity: breaches.severity }, breaches.added);
    } catch (error) {
      // Metrics only: the state is committed and its actions must still be delivered.
      console.error(`metrics: counting SLA breaches failed: ${errorText(error)}`);
    }
  }

  /** Arms the one alarm at the earliest of the core's next wake and the next retry, or clears it. */
  private async arm(): Promise<void> {
    const state = this.state;
    const beat = this.heartbeats.nextWake(this.watched()?.service);
    const wakes = [state && nextWakeAt(state), this.outbound.nextRetryAt(), beat].filter(
      (t): t is number => t !== undefined,
    );
    const wake = wakes.length > 0 ? Math.min(...wakes) : undefined;
    const { alarm } = this.deps;
    const current = await alarm.get();
    if (wake === undefined) {
      if (current !== null) await alarm.delete();
      return;
    }
    if (current !== wake) await alarm.set(wake);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An operator's actor and optional note as the core's event. */
export function operatorEvent(
  type: "acknowledge" | "resolve",
  actor: Actor,
  note: string | undefined,
): OperatorEvent {
  return { type, actor, ...(note ? { note } : {}) };
}
