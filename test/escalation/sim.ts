import { DEFAULT_SEVERITY, type Finding, type FindingCode, type ProbeResult } from "../../src/checks/types";
import { type Config, configSchema } from "../../src/config/schema";
import {
  type DecideContext,
  decide,
  initialState,
  nextWakeAt,
  recheckDue,
  type ServiceState,
  viewOf,
} from "../../src/escalation/core";
import type { Action, Actor, Event } from "../../src/escalation/types";

export const MIN = 60_000;
export const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);

/** A minimal config parsed by the real schema, so every default comes from `src/config/schema.ts`. */
export function defaultConfig(overrides: Record<string, unknown> = {}): Config {
  return configSchema.parse({
    publicUrl: "https://watchdog.example",
    services: [{ id: "demo", name: "Demo", healthUrl: "https://demo.example/health" }],
    escalation: { levels: { L1: [{ channel: "telegram", chatId: 1 }] }, ...overrides },
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
 * Drives the core like the Durable Object does: a cron probe every minute, an alarm at
 * `nextWakeAt` (probing when a re-check is due, a timer otherwise), operator events in between.
 * `world` is what the watched service currently shows.
 */
export class Sim {
  state: ServiceState = initialState("demo");
  now = T0;
  world: FindingCode[] = [];
  sent: Sent[] = [];
  maintenance: { start: number; end: number; reason: string }[] = [];
  /** When the next cron probe runs. */
  nextCron = T0;

  constructor(readonly config: Config = defaultConfig()) {}

  ctx(now: number): DecideContext {
    const service = this.config.services[0];
    if (!service) throw new Error("config has no service");
    const w = this.maintenance.find((m) => m.start <= now && now < m.end);
    return {
      now,
      serviceName: service.name,
      thresholds: service.thresholds,
      escalation: this.config.escalation,
      ...(w ? { silenced: { reason: w.reason, until: w.end } } : {}),
    };
  }

  apply(event: Event, at = this.now): Action[] {
    if (at < this.now) throw new Error(`time went backwards: ${at} < ${this.now}`);
    this.now = at;
    const out = decide(this.state, event, this.ctx(at));
    this.state = out.state;
    this.sent.push(...out.actions.map((a) => ({ ...a, at })));
    return out.actions;
  }

  /** Runs everything due before `at`, then applies an operator event at `at`. */
  act(at: number, event: Event): Action[] {
    this.runUntil(at - 1);
    return this.apply(event, at);
  }

  /** Runs cron ticks and alarms up to and including `t`. */
  runUntil(t: number): void {
    for (;;) {
      const wake = nextWakeAt(this.state);
      const next = Math.min(this.nextCron, wake ?? Number.POSITIVE_INFINITY);
      if (next > t) break;
      if (next === this.nextCron) {
        this.nextCron += MIN;
        this.apply({ type: "probe", result: probe(next, this.world) }, next);
      } else if (recheckDue(this.state, next)) {
        this.apply({ type: "probe", result: probe(next, this.world) }, next);
      } else {
        this.apply({ type: "timer" }, next);
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
export function outage(codes: FindingCode[], config?: Config): Sim {
  const sim = new Sim(config);
  sim.world = codes;
  sim.runUntil(T0 + MIN / 2);
  return sim;
}
