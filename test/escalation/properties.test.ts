import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FindingCode } from "../../src/checks/types";
import {
  type DecideContext,
  decide,
  initialState,
  nextWakeAt,
  type ServiceState,
} from "../../src/escalation/core";
import type { Action, Event } from "../../src/escalation/types";
import { alice, defaultConfig, MIN, probe, T0 } from "./sim";

const CODES: FindingCode[] = ["health_down", "redis_down", "disk_high", "backup_stale", "clock_skew"];
const PAGING_KINDS = new Set(["page", "escalation", "reminder", "severity_raised", "reopened"]);
const config = defaultConfig();

type Op =
  /** `codes` undefined: the service shows the same as on the previous probe (outages last). */
  | { type: "probe"; codes?: FindingCode[] }
  | { type: "timer" }
  | { type: "acknowledge" }
  | { type: "resolve" }
  | { type: "note" }
  | { type: "delivery"; pick: number; ok: boolean };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      type: fc.constant("probe" as const),
      codes: fc.option(fc.subarray(CODES), { nil: undefined, freq: 3 }),
    }),
  },
  { weight: 3, arbitrary: fc.constant({ type: "timer" as const }) },
  { weight: 1, arbitrary: fc.constant({ type: "acknowledge" as const }) },
  { weight: 1, arbitrary: fc.constant({ type: "resolve" as const }) },
  { weight: 1, arbitrary: fc.constant({ type: "note" as const }) },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant("delivery" as const), pick: fc.nat(), ok: fc.boolean() }),
  },
);

const stepArb = fc.record({
  // Mostly re-check sized gaps, sometimes long ones that cross steps, reminders and SLA deadlines.
  dt: fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 30 * MIN })),
  op: opArb,
  // Start a maintenance window of this many minutes (0: none).
  maintenance: fc.oneof(
    { weight: 9, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 45 }) },
  ),
});

const scenarioArb = fc.record({
  failureThreshold: fc.integer({ min: 1, max: 5 }),
  recoveryThreshold: fc.integer({ min: 1, max: 3 }),
  steps: fc.array(stepArb, { minLength: 20, maxLength: 80, size: "max" }),
});

function toEvent(op: Op, at: number, sent: Action[], codes: FindingCode[]): Event {
  switch (op.type) {
    case "probe":
      return { type: "probe", result: probe(at, codes) };
    case "timer":
      return { type: "timer" };
    case "acknowledge":
      return { type: "acknowledge", actor: alice };
    case "resolve":
      return { type: "resolve", actor: alice };
    case "note":
      return { type: "note", actor: alice, text: "checking" };
    case "delivery": {
      const action = sent[op.pick % Math.max(sent.length, 1)];
      const key = action?.key ?? "demo:none/1/page/L1/P1.0";
      return {
        type: "delivery",
        key,
        level: action?.level ?? "L1",
        channel: "telegram",
        ok: op.ok,
        detail: "x",
      };
    }
  }
}

describe("escalation core properties", () => {
  it("holds its invariants over random event sequences", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, (scenario) => {
        const service = config.services[0];
        if (!service) throw new Error("no service");
        const thresholds = { ...service.thresholds, ...scenario };
        let state: ServiceState = initialState("demo");
        let now = T0;
        let window: { until: number } | undefined;
        const sent: Action[] = [];
        const keys = new Set<string>();
        let sawPageable = false;
        let codes: FindingCode[] = [];

        for (const step of scenario.steps) {
          now += step.dt;
          if (step.maintenance > 0) window = { until: now + step.maintenance * MIN };
          const silenced =
            window && window.until > now ? { reason: "planned", until: window.until } : undefined;
          const ctx: DecideContext = {
            now,
            serviceName: "Demo",
            thresholds,
            escalation: config.escalation,
            ...(silenced ? { silenced } : {}),
          };
          if (step.op.type === "probe") {
            codes = step.op.codes ?? codes;
            if (codes.some((c) => c !== "clock_skew")) sawPageable = true;
          }
          const event = toEvent(step.op, now, sent, codes);

          const before = JSON.stringify(state);
          const out = decide(state, event, ctx);
          // Pure: the input is untouched, and the JSON-stored state decides the same way.
          expect(JSON.stringify(state)).toBe(before);
          expect(decide(JSON.parse(before), event, ctx).actions).toEqual(out.actions);

          const prev = state.incident;
          const next = out.state.incident;
          // Never lost: an incident is only replaced once resolved, and epochs only grow.
          if (prev && next?.id !== prev.id) expect(prev.status).toBe("resolved");
          if (prev && next?.id === prev.id) expect(next.epoch).toBeGreaterThanOrEqual(prev.epoch);
          if (prev) expect(next).toBeDefined();
          if (next) expect(sawPageable).toBe(true);

          // Maintenance holds every page; only notices to people already paged still go out.
          if (silenced) {
            for (const a of out.actions) {
              expect(["acknowledged", "resolved"]).toContain(a.kind);
              expect(prev?.paged ?? []).toContain(a.level);
            }
          }
          for (const action of out.actions) {
            expect(keys.has(action.key)).toBe(false);
            keys.add(action.key);
            expect(action.incidentId).toBe(next?.id);
            expect(action.epoch).toBe(next?.epoch);
            if (PAGING_KINDS.has(action.kind)) expect(next?.status).not.toBe("resolved");
          }
          sent.push(...out.actions);

          const wake = nextWakeAt(out.state);
          if (wake !== undefined) expect(wake).toBeGreaterThanOrEqual(now);
          state = out.state;
        }
      }),
      { numRuns: 200 },
    );
  });

  it("a resolved incident stays silent however much time passes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<FindingCode>("health_down", "redis_down", "disk_high"),
        fc.integer({ min: 0, max: 120 }),
        fc.array(fc.integer({ min: 1, max: 6 * 60 }), { maxLength: 20 }),
        (code, resolveAfterMin, timerMinutes) => {
          const service = config.services[0];
          if (!service) throw new Error("no service");
          const ctx = (now: number): DecideContext => ({
            now,
            serviceName: "Demo",
            thresholds: service.thresholds,
            escalation: config.escalation,
          });
          let state = initialState("demo");
          let now = T0;
          for (let i = 0; i < 5; i++, now += 5_000) {
            state = decide(state, { type: "probe", result: probe(now, [code]) }, ctx(now)).state;
          }
          now += resolveAfterMin * MIN;
          state = decide(state, { type: "timer" }, ctx(now)).state;
          state = decide(state, { type: "resolve", actor: alice }, ctx(now)).state;
          for (const m of [...timerMinutes].sort((a, b) => a - b)) {
            const out = decide(state, { type: "timer" }, ctx(now + m * MIN));
            expect(out.actions).toEqual([]);
            state = out.state;
          }
          expect(nextWakeAt(state)).toBeUndefined();
        },
      ),
      { numRuns: 200 },
    );
  });
});
