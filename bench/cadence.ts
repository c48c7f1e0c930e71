/**
 * Figures for a service that probes itself (`probeEvery` below 60 s, issue 8), from the real
 * decision core on a simulated clock: outage onset → L1 page, and the spacing of the probes.
 */
import type { Config } from "../src/config/schema";
import type { Rng } from "./prng";
import { type ProbeRecord, REGULAR_KINDS, Sim, simConfig, T0, TICK_MS } from "./sim";

/** The sub-minute cadence the figures are measured at. */
export const FAST_PROBE_EVERY = "15s";

/** The default config with `probeEvery` at `FAST_PROBE_EVERY`. */
export function fastConfig(): Config {
  return simConfig({ probeEvery: FAST_PROBE_EVERY });
}

/** The cadence of issue 18's targets: onset → page p50 ≤ 15 s, p95 ≤ 20 s. */
export const TEN_PROBE_EVERY = "10s";

/** The default config with `probeEvery` at `TEN_PROBE_EVERY`. */
export function tenConfig(): Config {
  return simConfig({ probeEvery: TEN_PROBE_EVERY });
}

/** How the probes of one or more runs were spaced. */
export interface Spacing {
  regularProbes: number;
  /** Smallest gap between two consecutive regular probes of one run, ms. */
  minRegularGapMs: number;
  /** Consecutive regular probes closer than `cadence`: an interval that held two (should be 0). */
  crowded: number;
  /** Largest gap between two consecutive probes of any kind (how long the service went unwatched), ms. */
  maxProbeGapMs: number;
}

/** Spacing of the probes in `logs` (one log per run) against `cadence` ms. */
export function spacing(logs: readonly (readonly ProbeRecord[])[], cadence: number): Spacing {
  let regularProbes = 0;
  let minRegularGapMs = Number.POSITIVE_INFINITY;
  let crowded = 0;
  let maxProbeGapMs = 0;
  for (const log of logs) {
    let lastRegular: number | undefined;
    let last: number | undefined;
    for (const p of log) {
      if (last !== undefined) maxProbeGapMs = Math.max(maxProbeGapMs, p.at - last);
      last = p.at;
      if (!REGULAR_KINDS.has(p.kind)) continue;
      regularProbes += 1;
      if (lastRegular !== undefined) {
        minRegularGapMs = Math.min(minRegularGapMs, p.at - lastRegular);
        if (p.at - lastRegular < cadence) crowded += 1;
      }
      lastRegular = p.at;
    }
  }
  return { regularProbes, minRegularGapMs, crowded, maxProbeGapMs };
}

/** Result of the onset → page run. */
export interface OnsetRun {
  trials: number;
  /** Outage onset → first L1 page, seconds, for each paged trial. */
  onsetToPageS: number[];
  /** Trials with no L1 page within two minutes of the onset. */
  unpaged: number;
  /** Failed probes before each page (1 regular + re-checks). */
  failedBeforePage: number[];
  /** Every trial's probes, in order. */
  logs: ProbeRecord[][];
}

/**
 * `trials` outages on a fresh self-probing service each, starting after three healthy minutes
 * at a uniformly random offset within the fourth (so uniformly random against the 15 s probe
 * schedule) and lasting until the end of the run. `config` sets the cadence (default 15 s).
 */
export async function onsetToPage(
  rng: Rng,
  trials: number,
  config: Config = fastConfig(),
): Promise<OnsetRun> {
  const onsetToPageS: number[] = [];
  const failedBeforePage: number[] = [];
  const logs: ProbeRecord[][] = [];
  let unpaged = 0;
  for (let i = 0; i < trials; i++) {
    const onset = T0 + 3 * TICK_MS + rng() * TICK_MS;
    const sim = new Sim((t) => t < onset, config);
    await sim.runUntil(onset + 2 * TICK_MS);
    logs.push(sim.probeLog);
    const page = sim.emitted.find((a) => a.kind === "page" && a.level === "L1");
    if (!page) {
      unpaged += 1;
      continue;
    }
    onsetToPageS.push((page.at - onset) / 1000);
    failedBeforePage.push(sim.probeLog.filter((p) => p.at >= onset && p.at <= page.at).length);
  }
  return { trials, onsetToPageS, unpaged, failedBeforePage, logs };
}
