/**
 * Figures from the real decision core on a simulated clock: false pages of a flaky service,
 * missed outages, and detection latency including the wait for the next cron tick.
 */
import type { Config } from "../src/config/schema";
import type { Rng } from "./prng";
import { PAGE_KINDS, type ProbeRecord, REGULAR_KINDS, Sim, simConfig, T0, TICK_MS } from "./sim";
import { percentile } from "./stats";

/** Result of the flaky-service run. */
export interface FlakyRun {
  failureRate: number;
  probes: number;
  /** Cron ticks that arrived (for a 60 s service each one probed). */
  cronTicks: number;
  /** Probes on the regular schedule: the tick's, or the object's own plus any the tick stood in for. */
  regularProbes: number;
  /** Regular probes the tick made (a self-probing service: the first, and any lost alarm's). */
  tickProbes: number;
  /** Quick re-checks after a failed probe. */
  rechecks: number;
  failedProbes: number;
  incidents: number;
  pages: number;
  /** Every probe made, in order. */
  log: ProbeRecord[];
}

/**
 * A service failing each probe independently with `failureRate`, run until `probes` probes
 * (regular probes plus quick re-checks) have been made. `config` sets the service's
 * `probeEvery` (default 60 s: the cron tick probes).
 */
export async function flakyService(
  rng: Rng,
  failureRate: number,
  probes: number,
  config: Config = simConfig(),
): Promise<FlakyRun> {
  let failed = 0;
  const sim = new Sim(() => {
    const up = rng() >= failureRate;
    if (!up) failed += 1;
    return up;
  }, config);
  while (sim.probes < probes) await sim.step();
  const count = (kinds: ReadonlySet<string>) => sim.probeLog.filter((p) => kinds.has(p.kind)).length;
  return {
    failureRate,
    probes: sim.probes,
    cronTicks: sim.ticks,
    regularProbes: count(REGULAR_KINDS),
    tickProbes: count(new Set(["tick", "supervisor"])),
    rechecks: count(new Set(["recheck"])),
    failedProbes: failed,
    incidents: sim.state.incidentCount,
    pages: sim.emitted.filter((a) => PAGE_KINDS.has(a.kind)).length,
    log: sim.probeLog,
  };
}

/** Result of the outage run. */
export interface OutageRun {
  outages: number;
  missed: number;
  /** Outage start → first page, seconds, for each paged outage. */
  detectS: number[];
  minDurationS: number;
  maxDurationS: number;
}

/**
 * Outages of `durationS(rng)` seconds starting at a uniformly random offset between two
 * cron ticks, each on a fresh service after a few healthy ticks. An outage is missed when
 * no page reaches anyone before the service has been healthy for five minutes. `config` sets
 * the service's `probeEvery` (default 60 s: the cron tick probes).
 */
export async function outages(
  rng: Rng,
  count: number,
  durationS: (rng: Rng) => number,
  config: Config = simConfig(),
): Promise<OutageRun> {
  const detectS: number[] = [];
  let missed = 0;
  let minD = Number.POSITIVE_INFINITY;
  let maxD = 0;
  for (let i = 0; i < count; i++) {
    const start = T0 + 3 * TICK_MS + rng() * TICK_MS;
    const d = durationS(rng);
    minD = Math.min(minD, d);
    maxD = Math.max(maxD, d);
    const end = start + d * 1000;
    const sim = new Sim((t) => t < start || t >= end, config);
    await sim.runUntil(end + 5 * TICK_MS);
    const page = sim.emitted.find((a) => a.kind === "page" && a.level === "L1");
    if (page) detectS.push((page.at - start) / 1000);
    else missed += 1;
  }
  return { outages: count, missed, detectS, minDurationS: minD, maxDurationS: maxD };
}

/** Percentiles of a sample, for the table. */
export function summary(values: number[]): { p50: number; p95: number; max: number } {
  return values.length === 0
    ? { p50: Number.NaN, p95: Number.NaN, max: Number.NaN }
    : { p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values) };
}
