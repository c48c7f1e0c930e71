/**
 * A simulated clock around the real decision core, driven the way the Durable Object drives
 * it: a cron probe every 60 s, one alarm at `nextWakeAt` (a probe when a re-check is due, a
 * timer otherwise). Probe results go through the real `classify`, so findings and severities
 * are the product's own.
 */
import { classify } from "../src/checks/findings";
import type { HealthOutcome, ProbeResult } from "../src/checks/types";
import { type Config, configSchema, type Service } from "../src/config/schema";
import {
  type DecideContext,
  decide,
  initialState,
  nextWakeAt,
  recheckDue,
  type ServiceState,
} from "../src/escalation/core";
import type { Action } from "../src/escalation/types";

/** The cron period of the deployed Worker (`* * * * *`). */
export const TICK_MS = 60_000;
/** An arbitrary fixed origin so timestamps in ids and timelines are stable. */
export const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);

/** The default config (every threshold and policy from `src/config/schema.ts`) with one service. */
export function simConfig(): Config {
  return configSchema.parse({
    publicUrl: "https://watchdog.example",
    services: [{ id: "sim", name: "Simulated service", healthUrl: "https://svc.example/health" }],
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

/** Drives one service through the real core on a simulated clock. */
export class Sim {
  state: ServiceState;
  readonly service: Service;
  nextCron: number;
  now: number;
  probes = 0;
  emitted: Emitted[] = [];

  /** `up(t)` says whether the watched service answers healthy at simulated time `t`. */
  constructor(
    private readonly up: (t: number) => boolean,
    readonly config: Config = simConfig(),
    start = T0,
  ) {
    const service = config.services[0];
    if (!service) throw new Error("config has no service");
    this.service = service;
    this.state = initialState(service.id);
    this.nextCron = start;
    this.now = start;
  }

  private ctx(now: number): DecideContext {
    return {
      now,
      serviceName: this.service.name,
      thresholds: this.service.thresholds,
      escalation: this.config.escalation,
    };
  }

  private probe(at: number): void {
    this.probes += 1;
    const health = healthAt(this.up(at), at);
    const result: ProbeResult = {
      serviceId: this.service.id,
      at,
      health,
      findings: classify(this.service, health, undefined, at),
    };
    this.apply(at, { type: "probe", result });
  }

  private apply(at: number, event: Parameters<typeof decide>[1]): void {
    this.now = at;
    const out = decide(this.state, event, this.ctx(at));
    this.state = out.state;
    for (const a of out.actions) this.emitted.push({ ...a, at });
  }

  /** Runs the next due cron tick or alarm; returns its time. */
  step(): number {
    const wake = nextWakeAt(this.state);
    if (wake !== undefined && wake < this.nextCron) {
      if (recheckDue(this.state, wake)) this.probe(wake);
      else this.apply(wake, { type: "timer" });
      return wake;
    }
    const at = this.nextCron;
    this.nextCron += TICK_MS;
    this.probe(at);
    return at;
  }

  /** Runs cron ticks and alarms until simulated time passes `t`. */
  runUntil(t: number): void {
    while (Math.min(this.nextCron, nextWakeAt(this.state) ?? Number.POSITIVE_INFINITY) <= t) this.step();
  }
}

/** Notify kinds that put a person's phone on the table. */
export const PAGE_KINDS: ReadonlySet<string> = new Set(["page", "reopened", "escalation", "reminder"]);
