import type { ProbeResult } from "../checks/types";
import { selfProbeEvery } from "../config/cadence";
import type { Config, Service } from "../config/schema";
import {
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
import type { RemediationAction } from "../escalation/remediation-actions";
import type { Actor, Event, IncidentView, MaintenanceWindow } from "../escalation/types";
import { armEarliest } from "./alarm";
import type { ActionOutcome, ActionTarget, RemediationOutcome, ServiceSnapshot, Supervision } from "./api";
import { countBreaches } from "./breaches";
import { DIAGNOSTICS_ACTOR, IncidentDiagnostics, type StoredDiagnostics } from "./diagnostics";
import { Heartbeats, type PingKind } from "./heartbeats";
import { HistoryFeed } from "./history-feed";
import type { OperatorEvent } from "./operator-event";
import { Outbound } from "./outbound";
import type { MonitorDeps } from "./ports";
import { Prober } from "./probing";
import { Remediation } from "./remediation";
import { historyOf, snapshotOf } from "./snapshot";
import { carryOut } from "./supervision";
import { WriteBehind } from "./write-behind";

/** The config in force and the service this object watches under it. */
interface Watched {
  config: Config;
  service: Service;
}

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
  private readonly diagnostics: IncidentDiagnostics;
  private readonly remediation: Remediation;
  private readonly deps: MonitorDeps;
  /** The state and last probe: written on change, a quiet probe kept in memory (issue 17 item 7). */
  private readonly writes: WriteBehind;

  constructor(plain: MonitorDeps) {
    this.writes = new WriteBehind(plain.store);
    const deps = { ...plain, store: this.writes };
    this.deps = deps;
    this.outbound = new Outbound(deps);
    this.uptime = new HistoryFeed(deps.store);
    this.heartbeats = new Heartbeats(deps);
    this.diagnostics = new IncidentDiagnostics(deps, {
      note: (text, at) => this.apply({ type: "note", actor: { by: DIAGNOSTICS_ACTOR }, text }, at),
    });
    this.remediation = new Remediation(deps, {
      watched: () => this.watched(),
      state: () => this.stateForReads(),
      apply: (event, at) => this.apply(event, at),
      probe: (service) => this.prober.run(service),
    });
    this.prober = new Prober(deps, {
      state: (serviceId) => this.load(serviceId),
      trial: (result) => this.decideOn({ type: "probe", result }, result.at)?.state,
      apply: (result) => this.apply({ type: "probe", result }, result.at).then(() => undefined),
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
    if (this.remediation.probeDue(now)) return this.remediation.alarm(watched, now);
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

  /** An operator-confirmed action through the agent (issue 14 item 3); see `Remediation`. */
  remediate(
    target: ActionTarget,
    actor: Actor,
    action: RemediationAction,
    note?: string,
  ): Promise<RemediationOutcome> {
    return this.remediation.run(this.watched(), target, actor, action, note);
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

  /** Asks the agent for a fresh snapshot of a live incident (the incident page's button). */
  async refreshDiagnostics(incidentId: string): Promise<StoredDiagnostics | undefined> {
    const [watched, view] = [this.watched(), this.incident(incidentId)];
    return watched && view && this.diagnostics.refresh(view, watched.config, watched.service);
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
    const { config, service, before, event, state, actions, now } = decided;
    this.commit(state, event);
    // No await between saving the state and claiming its actions: both land together.
    const claimed = this.outbound.claim(actions, now);
    await countBreaches(this.deps.count, before, state);
    const events = await this.outbound.send(config, claimed, now, () => viewOf(this.state ?? state));
    if (events.length > 0) this.commit(recordDeliveries(this.state ?? state, events, now), undefined);
    await this.arm();
    await this.diagnostics.afterApply(viewOf(this.state ?? state), config, service);
    await this.remediation.afterApply(viewOf(this.state ?? state), config, service);
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
    return { config, service, before, event, now, ...decide(before, event, ctx) };
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
    const before = this.state;
    this.state = state;
    this.writes.commit(before, state, event?.type === "probe" ? event.result : undefined);
    this.uptime.committed(state, event);
  }

  /** Arms the one alarm at the earliest of the core's next wake, the next retry, re-probe and heartbeat deadline. */
  private arm(): Promise<void> {
    const { state, outbound, remediation, heartbeats } = this;
    const service = this.watched()?.service;
    const wakes = [state && nextWakeAt(state), outbound.nextRetryAt(), remediation.wakeAt()];
    return armEarliest(this.deps.alarm, [...wakes, heartbeats.nextWake(service)]);
  }
}
