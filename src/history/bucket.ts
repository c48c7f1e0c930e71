import type { Severity } from "../checks/types";
import { addSample, mergeSketch, type Sketch } from "./sketch";

/** What one minute, hour or day of a service's history holds; a few numbers, whatever its length. */
export interface Bucket {
  /** Start of the bucket, epoch ms on a UTC minute, hour or midnight. */
  start: number;
  probes: number;
  /** Probes whose public health check failed. */
  failures: number;
  /** Time the watchdog was watching: spans between observations up to `MAX_GAP_MS`. */
  observedMs: number;
  /** Of that, time a confirmed P1 or P2 incident was open. */
  downMs: number;
  /** The most severe incident open at any time in the bucket. */
  worst?: Severity;
  /** Latency of the probes' health checks. */
  latency: Sketch;
  maxMs: number;
}

/** An empty bucket starting at `start`. */
export function emptyBucket(start: number): Bucket {
  return { start, probes: 0, failures: 0, observedMs: 0, downMs: 0, latency: {}, maxMs: 0 };
}

const RANK: Record<Severity, number> = { P1: 0, P2: 1, P3: 2, P4: 3 };

/** The more severe of two (either may be absent). */
export function worse(a: Severity | undefined, b: Severity | undefined): Severity | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return RANK[a] <= RANK[b] ? a : b;
}

/** The bucket with one more probe. */
export function withProbe(bucket: Bucket, failed: boolean, latencyMs: number): Bucket {
  return {
    ...bucket,
    probes: bucket.probes + 1,
    failures: bucket.failures + (failed ? 1 : 0),
    latency: addSample(bucket.latency, latencyMs),
    maxMs: Math.max(bucket.maxMs, latencyMs),
  };
}

/** Buckets merged into one starting at `start` (an hour from its minutes, a day from its hours). */
export function mergeBuckets(start: number, parts: readonly Bucket[]): Bucket {
  let out = emptyBucket(start);
  for (const b of parts) {
    const worst = worse(out.worst, b.worst);
    out = {
      start,
      probes: out.probes + b.probes,
      failures: out.failures + b.failures,
      observedMs: out.observedMs + b.observedMs,
      downMs: out.downMs + b.downMs,
      ...(worst ? { worst } : {}),
      latency: mergeSketch(out.latency, b.latency),
      maxMs: Math.max(out.maxMs, b.maxMs),
    };
  }
  return out;
}
