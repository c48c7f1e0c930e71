import { DEFAULT_SEVERITY, type Finding, type FindingCode, type ProbeResult } from "../../src/checks/types";
import type { Config } from "../../src/config/schema";
import {
  type DecideContext,
  decideContext,
  initialState,
  type ServiceState,
  viewOf,
} from "../../src/escalation/core";
import type { Action, Actor, Event, MaintenanceWindow } from "../../src/escalation/types";
import { MonitorEngine } from "../../src/monitor/engine";
import { MemoryAlarm, MemoryStore } from "../../src/monitor/memory";
import { COUNT_RULE, testConfig } from "../support/test-config";
import { T0 } from "../support/time";

export { T0 };
export const MIN = 60_000;

/**
 * The test config with the one service the simulator probes ("demo"); `escalation` overrides
 * go into the escalation section (policies, reopen window). These suites are about the
 * escalation policy, written against the SPEC's count rule (5 failures 5 s apart, 2 passes),
 * so the service pins that older form and the cron tick's 60 s probing; the time form has its own tests (confirm-time.test.ts).
 */
export function defaultConfig(escalation: Record<string, unknown> = {}): Config {
  return testConfig({
    services: [
      {
        id: "demo",
        name: "Demo",
        healthUrl: "https://demo.example/health",
        thresholds: COUNT_RULE,
        probeEvery: "60s",
      },
    ],
    escalation: { levels: { L1: [{ channel: "telegram", chatId: 1 }] }, ...escalation },
  });
}

export function finding(code: FindingCode): Finding {
  return { code, severity: DEFAULT_SEVERITY[code], check: "health", reason: `${code} seen` };
}

export function probe(at: number, codes: FindingCode[], version = "1.0.0"): ProbeResult {
  return {
    serviceId: "demo",
    at,
    health: { ok: !codes.includes("health_down"), latencyMs: 40, version },
    findings: codes.map(finding),
  };
}

export const alice: Actor = { by: "alice", level: "L1", ip: "203.0.113.7", userAgent: "Mozilla/5.0" };

/** One emitted action with the simulated time it was emitted at. */
export type Sent = Action & { at: number };

/**
 * Drives the shipped engine (`src/monitor/engine.ts`) with in-memory storage the way the
 * platform drives the Durable Object: a cron probe every minute and the one alarm the engine
 * arms (it probes when a re-check is due, feeds a timer otherwise), with operator events in
 * between. `world` is what the watched service currently shows; every send gets through.
 */
export class Sim {
  readonly store = new MemoryStore();
  now = T0;
  world: FindingCode[] = [];
  sent: Sent[] = [];
  maintenance: { start: number; end: number; reason: string }[] = [];
  /** When the next cron probe runs. */
  nextCron = T0;
  private readonly alarm = new MemoryAlarm();
  private engine: MonitorEngine;

  constructor(readonly config: Config = defaultConfig()) {
    this.store.setServiceId("demo");
    this.engine = this.newEngine();
  }

  private newEngine(): MonitorEngine {
    return new MonitorEngine({
      store: this.store,
      config: () => this.config,
      probe: async () => probe(this.now, this.world),
      askVantage: async (_service, region) => ({ answered: false, location: region, reason: "one vantage" }),
      send: async (_config, action, _view, ctx) => {
        this.sent.push({ ...action, at: ctx.now });
        return { ok: true, retryable: false, events: [], refs: [], targets: new Map() };
      },
      alarm: this.alarm,
      now: () => this.now,
      count: async () => {},
    });
  }

  /** The state the engine last committed. */
  get state(): ServiceState {
    return this.store.state() ?? initialState("demo");
  }

  /** Starts from `state`, as an object restarted with it in storage would. */
  set state(state: ServiceState) {
    this.store.saveState(state);
    this.engine = this.newEngine();
  }

  /** The decide context the engine builds at `now`. */
  ctx(now: number): DecideContext {
    const service = this.config.services[0];
    if (!service) throw new Error("config has no service");
    return decideContext(this.config, service, this.windows(), now);
  }

  private windows(): MaintenanceWindow[] {
    return this.maintenance.map((w, i) => ({ id: `sim-${i}`, serviceId: "demo", createdBy: "sim", ...w }));
  }

  /** Applies one event at `at` through the engine; returns what it sent. */
  async apply(event: Event, at = this.now): Promise<Action[]> {
    if (at < this.now) throw new Error(`time went backwards: ${at} < ${this.now}`);
    this.now = at;
    this.store.setMaintenance(this.windows());
    const before = this.sent.length;
    await this.engine.apply(event, at);
    return this.sent.slice(before).map(({ at: _at, ...action }) => action);
  }

  /** Runs everything due before `at`, then applies an operator event at `at`. */
  async act(at: number, event: Event): Promise<Action[]> {
    await this.runUntil(at - 1);
    return this.apply(event, at);
  }

  /** Runs cron ticks and alarms up to and including `t`. */
  async runUntil(t: number): Promise<void> {
    for (;;) {
      const wake = this.alarm.at;
      const next = Math.min(this.nextCron, wake ?? Number.POSITIVE_INFINITY);
      if (next > t) break;
      this.now = next;
      this.store.setMaintenance(this.windows());
      if (next === this.nextCron) {
        this.nextCron += MIN;
        await this.engine.ingest(probe(next, this.world));
      } else {
        // The platform clears an alarm as it runs it.
        this.alarm.at = null;
        await this.engine.alarm();
      }
    }
    this.now = Math.max(this.now, t);
  }

  /** Minutes after the incident opened. */
  minutes(at: number): number {
    const opened = viewOf(this.state)?.openedAt ?? T0;
    return (at - opened) / MIN;
  }

  /** Sent notifications as "minute kind level" strings, rounded to the minute. */
  log(kinds?: string[]): string[] {
    return this.sent
      .filter((a) => !kinds || kinds.includes(a.kind))
      .map((a) => `${Math.round(this.minutes(a.at))} ${a.kind} ${a.level}`);
  }
}

/** Starts an outage at T0 and runs until the incident opens; returns the sim. */
export async function outage(codes: FindingCode[], config?: Config): Promise<Sim> {
  const sim = new Sim(config);
  sim.world = codes;
  await sim.runUntil(T0 + MIN / 2);
  return sim;
}
