import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ProbeRecord,
  REGULAR_KINDS,
  Sim,
  type SimOptions,
  simConfig,
  T0,
  TICK_MS,
} from "../../bench/sim";
import { SUPERVISE_GRACE_MS } from "../../src/escalation/core";

const EVERY = 15_000;
const S = 1_000;
const config = simConfig({ probeEvery: "15s" });

const regular = (sim: Sim) => sim.probeLog.filter((p) => REGULAR_KINDS.has(p.kind));
const gaps = (log: readonly ProbeRecord[]) => log.slice(1).map((p, i) => p.at - (log[i]?.at ?? p.at));
const firstPage = (sim: Sim) => sim.emitted.find((a) => a.kind === "page" && a.level === "L1");
const keys = (sim: Sim) => sim.emitted.map((a) => a.key);

/** Down from `from` for `forMs` (for ever by default), healthy otherwise. */
const outage =
  (from: number, forMs = Number.POSITIVE_INFINITY) =>
  (t: number) =>
    t < from || t >= from + forMs;

describe("a service probed every 15 s by its own Durable Object", () => {
  it("is probed by its object every 15 s; the cron tick only made the first probe", async () => {
    const sim = new Sim(() => true, config);
    await sim.runUntil(T0 + 10 * TICK_MS);
    expect(sim.cadence).toBe(EVERY);
    expect(sim.probeLog.map((p) => p.kind).slice(0, 3)).toEqual(["supervisor", "regular", "regular"]);
    expect(sim.probes).toBe(41);
    expect(new Set(gaps(sim.probeLog))).toEqual(new Set([EVERY]));
  });

  it("pages L1 9.5–24.5 s after an outage starts (confirmFor + up to one interval), wherever the onset falls", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: TICK_MS - 1 }), async (offset) => {
        const onset = T0 + 2 * TICK_MS + offset;
        const sim = new Sim(outage(onset), config);
        await sim.runUntil(onset + TICK_MS);
        const page = firstPage(sim);
        expect(page).toBeDefined();
        const delay = (page?.at ?? Number.NaN) - onset;
        expect(delay).toBeGreaterThanOrEqual(9.5 * S);
        expect(delay).toBeLessThanOrEqual(24.5 * S);
      }),
      { numRuns: 60 },
    );
  });

  const misbehaving: [string, SimOptions["tickArrivals"]][] = [
    ["arrive 20 s late", (t) => [t + 20 * S]],
    ["arrive twice at the same instant", (t) => [t, t]],
    ["stop for 3 minutes", (t) => (t >= T0 + 2 * TICK_MS && t < T0 + 5 * TICK_MS ? [] : [t])],
  ];

  it.each(misbehaving)("keeps one regular probe per interval when cron ticks %s", async (_, tickArrivals) => {
    // Down for 2.5 minutes: re-checks, a page, recovery and the resolve notice all happen.
    const sim = new Sim(outage(T0 + 100 * S, 150 * S), config, tickArrivals ? { tickArrivals } : {});
    await sim.runUntil(T0 + 10 * TICK_MS);

    expect(sim.ticks).toBeGreaterThanOrEqual(7);
    expect(Math.min(...gaps(regular(sim)))).toBeGreaterThanOrEqual(EVERY);
    expect(Math.max(...gaps(sim.probeLog))).toBeLessThanOrEqual(EVERY + SUPERVISE_GRACE_MS);
    // With alarms working the tick never probes again after the first probe.
    expect(sim.probeLog.filter((p) => p.kind === "supervisor")).toHaveLength(1);
    expect(sim.emitted.map((a) => a.kind)).toEqual(expect.arrayContaining(["page", "resolved"]));
    expect(new Set(keys(sim)).size).toBe(keys(sim).length);
  });

  it("keeps one regular probe per interval whatever the ticks do, with alarms a little late", async () => {
    const arrivals = fc.array(fc.integer({ min: 0, max: 50 * S }), { maxLength: 3 });
    const scenario = fc.record({
      ticks: fc.array(arrivals, { minLength: 12, maxLength: 12 }),
      // Lateness of successive alarms, cycled; always inside the supervisor's grace.
      alarms: fc.array(fc.integer({ min: 0, max: SUPERVISE_GRACE_MS - 1 }), { minLength: 1, maxLength: 8 }),
      offset: fc.nat(TICK_MS),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ ticks, alarms, offset }) => {
        const onset = T0 + 2 * TICK_MS + offset;
        // The first tick arrives, or the service would never be probed at all.
        const tickArrivals = (t: number) => {
          const k = (t - T0) / TICK_MS;
          return k === 0 ? [t] : (ticks[k - 1] ?? [0]).map((d) => t + d);
        };
        let armed = 0;
        const alarmDelay = () => alarms[armed++ % alarms.length] ?? 0;
        const sim = new Sim(outage(onset, 120 * S), config, { tickArrivals, alarmDelay });
        await sim.runUntil(T0 + 12 * TICK_MS);
        expect(sim.probeLog.filter((p) => p.kind === "supervisor")).toHaveLength(1);
        expect(Math.min(...gaps(regular(sim)))).toBeGreaterThanOrEqual(EVERY);
        expect(Math.max(...gaps(sim.probeLog))).toBeLessThanOrEqual(EVERY + SUPERVISE_GRACE_MS);
        expect(new Set(sim.probeLog.map((p) => p.at)).size).toBe(sim.probes);
        expect(new Set(keys(sim)).size).toBe(keys(sim).length);
        expect(firstPage(sim)).toBeDefined();
      }),
      { numRuns: 40 },
    );
  });

  // cleared: storage has no alarm left, so the next tick re-arms it and it fires at once;
  // stuck: storage still shows the lost alarm, so only the supervisor's overdue probe helps.
  it.each(["cleared", "stuck"] as const)(
    "falls back on the cron tick when the object's alarm is lost (%s)",
    async (lostAlarm) => {
      await fc.assert(
        fc.asyncProperty(fc.nat(TICK_MS - 1), fc.integer({ min: 2, max: 12 }), async (late, nth) => {
          // The first tick is `late`, so the probe schedule falls anywhere against the ticks.
          let alarms = 0;
          let lostAt: number | undefined;
          const sim = new Sim(() => true, config, {
            tickArrivals: (t) => [t === T0 ? t + late : t],
            loseAlarm: (at) => {
              alarms += 1;
              if (alarms !== nth) return false;
              lostAt = at;
              return true;
            },
            lostAlarm,
          });
          await sim.runUntil(T0 + 8 * TICK_MS);
          expect(sim.lostAlarms).toBe(1);
          const lost = lostAt ?? Number.NaN;
          const fallback = sim.probeLog.find((p) => p.at > lost);
          // The first tick after the loss (stuck: after the grace too) brings the missed probe.
          const from = lostAlarm === "stuck" ? lost + SUPERVISE_GRACE_MS : lost + 1;
          expect(fallback?.at).toBe(T0 + Math.ceil((from - T0) / TICK_MS) * TICK_MS);
          expect((fallback?.at ?? Number.NaN) - lost).toBeLessThanOrEqual(TICK_MS + SUPERVISE_GRACE_MS);
          if (lostAlarm === "stuck") expect(fallback?.kind).toBe("supervisor");
          // Then the object's own schedule resumes, one probe per interval.
          expect(Math.min(...gaps(regular(sim)))).toBeGreaterThanOrEqual(EVERY);
          expect(sim.probeLog.at(-1)?.kind).toBe("regular");
        }),
        { numRuns: 60 },
      );
    },
  );

  it("still pages when the alarm of a re-check is lost, a tick later at most", async () => {
    const onset = T0 + 2 * TICK_MS + 3 * S;
    let lost = false;
    const sim = new Sim(outage(onset), config, {
      loseAlarm: (at) => {
        if (lost || at <= onset + EVERY) return false;
        lost = true;
        return true;
      },
    });
    await sim.runUntil(onset + 3 * TICK_MS);
    expect(sim.lostAlarms).toBe(1);
    const delay = (firstPage(sim)?.at ?? Number.NaN) - onset;
    expect(delay).toBeGreaterThan(40 * S);
    expect(delay).toBeLessThanOrEqual(40 * S + TICK_MS + SUPERVISE_GRACE_MS);
  });
});
