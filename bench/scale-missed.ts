/**
 * Missed probes from the fakes' arrival times (issue 17 item 6): pure, so the scale bench's
 * verdict is tested without a Worker.
 */

/** One service's probe arrivals, oldest first, and the interval it is configured for. */
export interface ProbeArrivals {
  serviceId: string;
  everyMs: number;
  at: readonly number[];
}

/** What came late across all services. */
export interface MissedProbes {
  /** Probes that did not arrive within their interval plus the grace. */
  missed: number;
  /** Services with at least one such probe. */
  services: string[];
  /** The longest wait past a probe's due time (interval after the previous), ms; 0 when none. */
  worstLateMs: number;
  /** Arrivals closer together than half the interval (a probe made twice). */
  doubled: number;
}

/**
 * Counts probes later than their interval plus `graceMs`. The first arrival of each service is
 * the warm-up (the first tick reaches a thousand cold objects); after it, each gap of `g` ms
 * beyond `every + grace` misses ⌊(g − grace) / every⌋ probes, and so does the silence from the
 * last arrival to `until`. A service that never answered counts one missed probe.
 */
export function missedProbes(
  services: readonly ProbeArrivals[],
  until: number,
  graceMs = 5_000,
): MissedProbes {
  let missed = 0;
  let worstLateMs = 0;
  let doubled = 0;
  const late = new Set<string>();
  for (const { serviceId, everyMs, at } of services) {
    const first = at[0];
    if (first === undefined) {
      missed += 1;
      late.add(serviceId);
      continue;
    }
    const gaps = [...at.slice(1).map((t, i) => t - (at[i] ?? t)), until - (at[at.length - 1] ?? first)];
    for (const [i, gap] of gaps.entries()) {
      const isSilence = i === gaps.length - 1;
      if (!isSilence && gap < everyMs / 2) doubled += 1;
      if (gap <= everyMs + graceMs) continue;
      missed += Math.floor((gap - graceMs) / everyMs);
      worstLateMs = Math.max(worstLateMs, gap - everyMs);
      late.add(serviceId);
    }
  }
  return { missed, services: [...late], worstLateMs, doubled };
}
