import type { Severity } from "../checks/types";
import type { Bucket } from "./bucket";
import { type Latency, latencyOf, type Uptime, uptimeOf } from "./figures";
import type { Resolution } from "./time";

/** The steps the history API answers in, and the resolution each reads. */
export const STEPS = { "1m": "minute", "1h": "hour", "1d": "day" } as const satisfies Record<
  string,
  Resolution
>;
export type Step = keyof typeof STEPS;

/** One point of the history API: a bucket's counts and the figures read from it. */
export interface HistoryPoint {
  start: number;
  probes: number;
  failures: number;
  observedMs: number;
  downMs: number;
  uptime: Uptime;
  latency?: Latency;
  worst?: Severity;
}

/** The API's view of a bucket. */
export function pointOf(b: Bucket): HistoryPoint {
  const latency = latencyOf(b);
  return {
    start: b.start,
    probes: b.probes,
    failures: b.failures,
    observedMs: b.observedMs,
    downMs: b.downMs,
    uptime: uptimeOf([b]),
    ...(latency ? { latency } : {}),
    ...(b.worst ? { worst: b.worst } : {}),
  };
}
