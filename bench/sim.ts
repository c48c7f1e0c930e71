/**
 * A simulated clock around the real decision core, driven the way the Durable Object drives
 * it. At the default `probeEvery` (60 s) the cron tick probes and the object's one alarm, at
 * `nextWakeAt`, runs quick re-checks (a timer otherwise). Below 60 s the object probes itself:
 * its alarm probes when `probeDue` (a timer otherwise), and the cron tick only supervises
 * (`ServiceMonitor.supervise`): it probes when `probeOverdue` says the alarm was lost, and
 * otherwise re-arms the alarm if none is set. Probes take no time here, so the supervisor's
 * "busy" answer (a probe in progress) never comes up. Probe results go through the real
 * `classify`, so findings and severities are the product's own.
 */
import { SUPERVISE_GRACE_MS, selfProbeEvery } from "../src/checks/cadence";
import { classify } from "../src/checks/findings";
import type { HealthOutcome, ProbeResult } from "../src/checks/types";
import { type Config, configSchema, type Service } from "../src/config/schema";
import {
  type DecideContext,
  decide,
  initialState,
  nextWakeAt,
  probeDue,
  probeOverdue,
  recheckDue,
  type ServiceState,
} from "../src/escalation/core";
import type { Action, Event } from "../src/escalation/types";

/** The cron period of the deployed Worker (`* * * * *`). */
export const TICK_MS = 60_000;
/** An arbitrary fixed origin so timestamps in ids and timelines are stable. */
export const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);

/**
 * The default config (every threshold and policy from `src/config/schema.ts`) with one service;
 * `service` adds or overrides service fields, e.g. `{ probeEvery: "15s" }`.
 */
export function simConfig(service: Record<string, unknown> = {}): Config {
  return configSchema.parse({
    publicUrl: "https://watchdog.example",
    services: [{ id: "sim", name: "Simulated service", healthUrl: "https://svc.example/health", ...service }],
    escalation: { levels: { L1: [{ channel: "telegram", chatId: 1 }] } },
  });
}

function healthAt(up: boolean, now: number): HealthOutcome {
  return up
    ? { ok: true, status: 200, latencyMs: 40, version: "1.4.2", appTimestamp: new Date(now).toISOString() }
    : { ok: false, status: 503, latencyMs: 12, reason: 'HTTP 503: {"status":"unhealthy"}' };
}

/** One emitted action with the simulated time it was emitted at. */
export type Emitted = Action & { at: number };

/**
 * Why a probe ran: `tick` the cron tick's own probe (a 60 s service); `regular` the object's
 * alarm on its own schedule; `supervisor` the tick standing in for a lost alarm (or making the
 * first probe); `recheck` a quick re-check after a failure.
 */
export type ProbeKind = "tick" | "regular" | "supervisor" | "recheck";

/** One probe the simulation made. */
export interface ProbeRecord {
  at: number;
  kind: ProbeKind;
}

/** Kinds of the probes that keep the regular schedule (everything but quick re-checks). */
export const REGULAR_KINDS: ReadonlySet<ProbeKind> = new Set(["tick", "regular", "supervisor"]);

/** How the platform misbehaves; by default every tick and alarm arrives on time, once. */
export interface SimOptions {
  /** Time of the first cron tick (default `T0`). */
  start?: number;
  /**
   * When the cron tick scheduled at `scheduled` arrives: `[scheduled]` by default, `[]` when it
   * never comes, two instants when it is delivered twice. Never earlier than `scheduled`.
   */
  tickArrivals?: (scheduled: number) => readonly number[];
  /** How late the alarm armed for `at` fires, ms (default 0). */
  alarmDelay?: (at: number) => number;
  /** True to lose the alarm due to fire at `at`: it never fires. */
  loseAlarm?: (at: number) => boolean;
  /**
   * What storage says after an alarm is lost: `cleared` (default) no alarm, so the next tick's
   * re-arm fires it at once; `stuck` the lost time, so re-arming changes nothing and only a
   * decide (the supervisor's probe once `probeOverdue`) arms a new one.
   */
  lostAlarm?: "cleared" | "stuck";
}

/** How far ahead `step` looks for a tick before it gives up (every tick lost, no alarm armed). */
const HORIZON_MS = 7 * 24 * 3_600_000;

/** Drives one service through the real core on a simulated clock. */
export class Sim {
  state: ServiceState;
  readonly service: Service;
  /** How often the object probes itself, or undefined when the cron tick probes. */
  readonly cadence: number | undefined;
  /** Scheduled time of the next cron tick not yet queued. */
  nextCron: number;
  now: number;
  /** Cron ticks that arrived (a duplicate counts twice). */
  ticks = 0;
  /** Alarms lost through `loseAlarm`. */
  lostAlarms = 0;
  probeLog: ProbeRecord[] = [];
  emitted: Emitted[] = [];
  /** The alarm storage holds (`nextWakeAt` after the last decide), as `getAlarm` would report it. */
  private armed: number | undefined;
  /** When that alarm actually fires (later by `alarmDelay`; never, once lost). */
  private alarmAt: number | undefined;
  /** Tick arrivals queued, in time order. */
  private readonly arrivals: number[] = [];
  private readonly tickArrivals: (scheduled: number) => readonly number[];
  private readonly alarmDelay: (at: number) => number;
  private readonly loseAlarm: (at: number) => boolean;
  private readonly stuck: boolean;

  /** `up(t)` says whether the watched service answers healthy at simulated time `t`. */
  constructor(
    private readonly up: (t: number) => boolean,
    readonly config: Config = simConfig(),
    options: SimOptions = {},
  ) {
    const service = config.services[0];
    if (!service) throw new Error("config has no service");
    this.service = service;
    this.cadence = selfProbeEvery(service);
    this.state = initialState(service.id);
    this.nextCron = options.start ?? T0;
    this.now = this.nextCron;
    this.tickArrivals = options.tickArrivals ?? ((t) => [t]);
    this.alarmDelay = options.alarmDelay ?? (() => 0);
    this.loseAlarm = options.loseAlarm ?? (() => false);
    this.stuck = options.lostAlarm === "stuck";
  }

  /** Probes made so far, re-checks included. */
  get probes(): number {
    return this.probeLog.length;
  }

  private ctx(now: number): DecideContext {
    return {
      now,
      serviceName: this.service.name,
      thresholds: this.service.thresholds,
      escalation: this.config.escalation,
      ...(this.cadence !== undefined ? { cadence: this.cadence } : {}),
    };
  }

  private probe(at: number, kind: ProbeKind): void {
    this.probeLog.push({ at, kind });
    const health = healthAt(this.up(at), at);
    const result: ProbeResult = {
      serviceId: this.service.id,
      at,
      health,
      findings: classify(this.service, health, undefined, at),
    };
    this.apply(at, { type: "probe", result });
  }

  private apply(at: number, event: Event): void {
    this.now = at;
    const out = decide(this.state, event, this.ctx(at));
    this.state = out.state;
    this.arm(nextWakeAt(this.state), at);
    for (const a of out.actions) this.emitted.push({ ...a, at });
  }

  /** Sets the one alarm at `wake`; a time already past fires at once (at `now`), as on the platform. */
  private arm(wake: number | undefined, now: number): void {
    this.armed = wake;
    if (wake === undefined) {
      this.alarmAt = undefined;
      return;
    }
    const delay = this.alarmDelay(wake);
    if (delay < 0) throw new Error(`an alarm cannot fire early: ${delay} ms`);
    this.alarmAt = Math.max(wake, now) + delay;
  }

  private tick(at: number): void {
    this.ticks += 1;
    this.now = at;
    if (this.cadence === undefined) this.probe(at, "tick");
    else if (probeOverdue(this.state, at, this.cadence, SUPERVISE_GRACE_MS)) this.probe(at, "supervisor");
    else if (this.state.nextProbeAt === undefined) this.apply(at, { type: "timer" });
    else if (this.armed === undefined) this.arm(nextWakeAt(this.state), at);
  }

  private alarm(at: number): void {
    this.alarmAt = undefined;
    if (this.loseAlarm(at)) {
      this.lostAlarms += 1;
      if (!this.stuck) this.armed = undefined;
      return;
    }
    this.armed = undefined;
    // Without a cadence `probeDue` is `recheckDue`: the schedule has no regular probe.
    if (probeDue(this.state, at)) this.probe(at, recheckDue(this.state, at) ? "recheck" : "regular");
    else this.apply(at, { type: "timer" });
  }

  /** Queues the arrivals of the next scheduled tick. */
  private queueTick(): void {
    const scheduled = this.nextCron;
    this.nextCron += TICK_MS;
    for (const at of this.tickArrivals(scheduled)) {
      if (at < scheduled)
        throw new Error(`a tick cannot arrive before it is scheduled: ${at} < ${scheduled}`);
      const i = this.arrivals.findIndex((t) => t > at);
      this.arrivals.splice(i < 0 ? this.arrivals.length : i, 0, at);
    }
  }

  /** The next tick arrival or alarm at or before `limit`, queueing scheduled ticks up to it. */
  private nextEvent(limit: number): number | undefined {
    for (;;) {
      const next = Math.min(
        this.arrivals[0] ?? Number.POSITIVE_INFINITY,
        this.alarmAt ?? Number.POSITIVE_INFINITY,
      );
      // Arrivals are never early, so a tick scheduled after `next` cannot come before it.
      if (this.nextCron > Math.min(next, limit)) return next <= limit ? next : undefined;
      if (this.nextCron > this.now + HORIZON_MS) throw new Error("no tick or alarm ahead");
      this.queueTick();
    }
  }

  /** Runs the next cron tick or alarm at or before `limit`; returns its time, or undefined if none. */
  step(limit = Number.POSITIVE_INFINITY): number | undefined {
    const at = this.nextEvent(limit);
    if (at === undefined) return undefined;
    // A tick and an alarm at the same instant: the tick first.
    if (this.arrivals[0] === at) {
      this.arrivals.shift();
      this.tick(at);
    } else this.alarm(at);
    return at;
  }

  /** Runs cron ticks and alarms until simulated time passes `t`. */
  runUntil(t: number): void {
    while (this.step(t) !== undefined);
  }
}

/** Notify kinds that put a person's phone on the table. */
export const PAGE_KINDS: ReadonlySet<string> = new Set(["page", "reopened", "escalation", "reminder"]);
