/**
 * The `probeEvery` 10 s onset → page figure on the real Worker (issue 18's cross-check; issue 8
 * measured it at 15 s): services that probe themselves
 * on their Durable Object's alarm, a cron tick once a minute that only supervises, and each
 * service's fake switched to failing at a seeded random moment within one probe interval after
 * a healthy probe. Measured from that switch to the L1 page reaching the Telegram fake.
 */
import { startTicker, waitFor } from "../e2e/harness.ts";
import { DEFAULT_CONFIRM_FOR_MS } from "../src/config/confirmation.ts";
import { type Live, telegramAbout } from "./live.ts";
import type { Rng } from "./prng.ts";
import { sleep } from "./stats.ts";
import type { Hit } from "./watched.ts";

/** The cadence of the live services, as written in the config and in ms. */
export const LIVE_PROBE_EVERY = "10s";
const CADENCE_MS = 10_000;
/** The production cron period: the bench fires the supervising tick this often. */
const CRON_MS = 60_000;
/**
 * When the page is due after a healthy probe whose next one fails: the next regular probe one
 * interval later, then `confirmFor` (the default) of re-checks.
 */
const PAGE_DUE_AFTER_HEALTHY_MS = CADENCE_MS + DEFAULT_CONFIRM_FOR_MS;
/** Onset → page takes up to 20 s by design; beyond this the trial has failed. */
const PAGE_TIMEOUT_MS = 60_000;

/** One live trial. */
export interface CadenceTrial {
  serviceId: string;
  round: number;
  /** Arrival of the healthy probe the onset follows. */
  healthyAt: number;
  /** The onset: the moment the service's fake switched to failing. */
  onsetAt: number;
  pagedAt: number;
  seconds: number;
  /** Page arrival minus its due time (healthy probe + 20 s): what probing and delivery add, ms. */
  lagMs: number;
  /** Failed /health probes from the onset to the page (the confirmation count). */
  failedProbes: number;
  /** Smallest gap between consecutive healthy probes before the onset, ms (none: +∞). */
  minHealthyGapMs: number;
  /** Smallest gap between consecutive failed probes up to the page, ms. */
  minFailedGapMs: number;
}

/** Result of the live 15 s run. */
export interface CadenceRun {
  trials: CadenceTrial[];
  rounds: number;
  /** Cron ticks the bench fired during the run. */
  ticks: number;
  /** Most "New incident" pages any one service got (1 unless something paged twice). */
  maxPagesPerService: number;
}

const minGap = (times: readonly number[]) =>
  Math.min(...times.slice(1).map((t, i) => t - (times[i] ?? t)), Number.POSITIVE_INFINITY);

/**
 * One trial: waits for the service's `round`-th healthy probe since `since`, switches the service
 * to failing `offsetMs` after that probe arrived, and waits for the L1 page.
 */
async function trial(
  live: Live,
  service: { id: string; name: string },
  round: number,
  since: number,
  offsetMs: number,
): Promise<CadenceTrial> {
  const health = () =>
    live.fleet.hits().filter((h: Hit) => h.serviceId === service.id && h.path === "health" && h.at >= since);
  const healthy = await waitFor(
    `healthy probe ${round} of ${service.id}`,
    () => health().filter((h) => h.status === 200)[round - 1],
    { timeoutMs: round * CADENCE_MS + 10_000, intervalMs: 10 },
  );
  await sleep(Math.max(0, healthy.at + offsetMs - Date.now()));
  const onsetAt = Date.now();
  live.fleet.setDown(service.id, true);
  const page = await waitFor(
    `the L1 page about ${service.name}`,
    () =>
      telegramAbout(live.telegram, service.name).find(
        (c) => c.at >= onsetAt && c.headline.includes("New incident"),
      ),
    { timeoutMs: PAGE_TIMEOUT_MS, intervalMs: 20 },
  );
  const before = health().filter((h) => h.at < onsetAt);
  const failed = health().filter((h) => h.status === 503 && h.at >= onsetAt && h.at <= page.at);
  return {
    serviceId: service.id,
    round,
    healthyAt: healthy.at,
    onsetAt,
    pagedAt: page.at,
    seconds: (page.at - onsetAt) / 1000,
    lagMs: page.at - healthy.at - PAGE_DUE_AFTER_HEALTHY_MS,
    failedProbes: failed.length,
    minHealthyGapMs: minGap(before.map((h) => h.at)),
    minFailedGapMs: minGap(failed.map((h) => h.at)),
  };
}

/**
 * `services` (every one at `probeEvery` 10 s, all healthy) in `rounds` equal rounds. The first
 * tick probes every service once (none was ever probed); after that the objects probe
 * themselves, so all run in step. Round k's onsets follow each service's k-th healthy probe
 * (the tick's is the first) by a random offset within one interval: one probe interval after
 * round k − 1's. The offsets are stratified (one random point in each 1/n of the interval, the
 * strata shuffled across services), so a few dozen trials cover every phase evenly: onset →
 * page is the offset's complement plus `confirmFor`, and plain U(0, 10) draws would move the
 * median by ±0.8 s with 36 trials.
 */
export async function measureCadence(
  live: Live,
  services: { id: string; name: string }[],
  rounds: number,
  rng: Rng,
): Promise<CadenceRun> {
  const perRound = Math.ceil(services.length / rounds);
  const offsets = stratified(services.length, rng).map((u) => u * CADENCE_MS);
  const since = Date.now();
  const ticker = startTicker(live.worker, CRON_MS);
  let trials: CadenceTrial[];
  try {
    trials = await Promise.all(
      services.map((s, i) => trial(live, s, Math.floor(i / perRound) + 1, since, offsets[i] ?? 0)),
    );
  } finally {
    await ticker.stop();
  }
  const errors = ticker.errors();
  if (errors.length > 0) throw new Error(`cron ticks failed: ${errors.join("; ")}`);
  const maxPagesPerService = Math.max(
    ...services.map(
      (s) => telegramAbout(live.telegram, s.name).filter((c) => c.headline.includes("New incident")).length,
    ),
  );
  return { trials, rounds, ticks: ticker.count(), maxPagesPerService };
}

/** `n` points in [0, 1), one uniformly within each [i/n, (i+1)/n), in a shuffled order. */
export function stratified(n: number, rng: Rng): number[] {
  const points = Array.from({ length: n }, (_, i) => (i + rng()) / n);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [points[i], points[j]] = [points[j] ?? 0, points[i] ?? 0];
  }
  return points;
}
