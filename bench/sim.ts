/**
 * A simulated clock around the shipped engine (`src/monitor/engine.ts`), driven the way the
 * platform drives the Durable Object: cron ticks (which probe a 60 s service, or supervise one
 * that probes itself) and the object's one alarm, with in-memory storage. Probes take no
 * time here, so the supervisor's "busy" answer (a probe in progress) never comes up. Probe
 * results go through the real `classify`, so findings and severities are the product's own.
 */

import { classify } from "../src/checks/findings";
import type { HealthOutcome, ProbeResult } from "../src/checks/types";
import { selfProbeEvery } from "../src/config/cadence";
import { type Config, configSchema, type Service } from "../src/config/schema";
import { initialState, recheckDue, type ServiceState } from "../src/escalation/core";
import type { Action } from "../src/escalation/types";
import { MonitorEngine } from "../src/monitor/engine";
import { MemoryAlarm, MemoryStore } from "../src/monitor/memory";
import type { ActionDelivery } from "../src/monitor/ports";

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
    services: [
      // 60 s (the tick probes) unless `service` says otherwise: the bench's default-cadence figures.
      {
        id: "sim",
        name: "Simulated service",
        healthUrl: "https://svc.example/health",
        probeEvery: "60s",
        ...service,
      },
    ],
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

/** A send that always gets through: the simulated channel. */
function delivered(action: Action, now: number): ActionDelivery {
  return {
    ok: true,
    retryable: false,
    events: [
      {
        type: "delivery",
        key: action.key,
        level: action.level,
        channel: "sim",
        ok: true,
        detail: `at ${now}`,
      },
    ],
    refs: [],
    targets: new Map(),
  };
}

/**
 * Drives one service through the shipped `MonitorEngine` on a simulated clock, with in-memory
 * storage and alarm: the cron tick ingests (60 s) or supervises (below 60 s), and the one
 * alarm fires when the engine armed it, subject to `SimOptions`' faults.
 */
export class Sim {
  readonly service: Service;
  /** How often the object probes itself, or undefined when the cron tick probes. */
  readonly cadence: number | undefined;
  readonly store = new MemoryStore();
  readonly engine: MonitorEngine;
  /** Scheduled time of the next cron tick not yet queued. */
  nextCron: number;
  now: number;
  /** Cron ticks that arrived (a duplicate counts twice). */
  ticks = 0;
  /** Alarms lost through `loseAlarm`. */
  lostAlarms = 0;
  probeLog: ProbeRecord[] = [];
  emitted: Emitted[] = [];
  /** What storage's `getAlarm` says. */
  private readonly alarmPort: MemoryAlarm;
  /** When that alarm actually fires (later by `alarmDelay`; never, once lost). */
  private alarmAt: number | undefined;
  /** Why the engine's next probe runs. */
  private probeKind: ProbeKind = "tick";
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
    this.nextCron = options.start ?? T0;
    this.now = this.nextCron;
    this.tickArrivals = options.tickArrivals ?? ((t) => [t]);
    this.alarmDelay = options.alarmDelay ?? (() => 0);
    this.loseAlarm = options.loseAlarm ?? (() => false);
    this.stuck = options.lostAlarm === "stuck";
    this.store.setServiceId(service.id);
    // A time already past fires at once (at `now`), as on the platform.
    this.alarmPort = new MemoryAlarm((at) => {
      if (at !== null && this.alarmDelay(at) < 0) throw new Error("an alarm cannot fire early");
      this.alarmAt = at === null ? undefined : Math.max(at, this.now) + this.alarmDelay(at);
    });
    this.engine = new MonitorEngine({
      store: this.store,
      config: () => config,
      probe: async () => this.probe(this.now, this.probeKind),
      askVantage: async (_service, region) => ({
        answered: false,
        location: region,
        reason: "the simulation has one vantage",
      }),
      send: async (_config, action, _view, ctx) => {
        this.emitted.push({ ...action, at: ctx.now });
        return delivered(action, ctx.now);
      },
      alarm: this.alarmPort,
      now: () => this.now,
      count: async () => {},
    });
  }

  /** The state the engine last committed. */
  get state(): ServiceState {
    return this.store.state() ?? initialState(this.service.id);
  }

  /** Probes made so far, re-checks included. */
  get probes(): number {
    return this.probeLog.length;
  }

  private probe(at: number, kind: ProbeKind): ProbeResult {
    this.probeLog.push({ at, kind });
    const health = healthAt(this.up(at), at);
    return {
      serviceId: this.service.id,
      at,
      health,
      findings: classify(this.service, health, undefined, at),
    };
  }

  private async tick(at: number): Promise<void> {
    this.ticks += 1;
    this.now = at;
    if (this.cadence === undefined) {
      await this.engine.ingest(this.probe(at, "tick"));
      return;
    }
    this.probeKind = "supervisor";
    await this.engine.supervise(this.service.id);
  }

  private async alarm(at: number): Promise<void> {
    this.alarmAt = undefined;
    this.now = at;
    if (this.loseAlarm(at)) {
      this.lostAlarms += 1;
      // `stuck`: storage still reports the lost time, so re-arming it changes nothing.
      if (!this.stuck) this.alarmPort.at = null;
      return;
    }
    this.alarmPort.at = null;
    this.probeKind = recheckDue(this.state, at) ? "recheck" : "regular";
    await this.engine.alarm();
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
  async step(limit = Number.POSITIVE_INFINITY): Promise<number | undefined> {
    const at = this.nextEvent(limit);
    if (at === undefined) return undefined;
    // A tick and an alarm at the same instant: the tick first.
    if (this.arrivals[0] === at) {
      this.arrivals.shift();
      await this.tick(at);
    } else await this.alarm(at);
    return at;
  }

  /** Runs cron ticks and alarms until simulated time passes `t`. */
  async runUntil(t: number): Promise<void> {
    while ((await this.step(t)) !== undefined);
  }
}

/** Notify kinds that put a person's phone on the table. */
export const PAGE_KINDS: ReadonlySet<string> = new Set(["page", "reopened", "escalation", "reminder"]);
