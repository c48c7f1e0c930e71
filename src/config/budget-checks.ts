/**
 * What issue 16's additions cost on top of `estimateUsage` (src/config/budget.ts): each heartbeat
 * ping is a Worker request, a Durable Object call and the probe it triggers. General checks are
 * one more subrequest each on every probe, made by the service's own object (the tick probes
 * nothing since issue 17), so they add nothing here. Pure; assumes one ping a period per heartbeat.
 */
import type { Service } from "./service";

const DAY_MS = 86_400_000;

/**
 * Rows a ping writes at most: its heartbeat record, then the probe it runs (state and last probe,
 * budget.ts's MONITOR_ROWS_PER_PROBE, when written: issue 17 item 7) and the re-armed alarm (ROWS_PER_SET_ALARM). Kept here, not imported, as
 * budget.ts imports this module; test/config/budget-checks.test.ts ties the two.
 */
export const ROWS_PER_PING = 4;

/** The figures this adds to (budget.ts's `UsageEstimate` fits). */
interface Usage {
  workerRequests: number;
  doRequests: number;
  rowsWritten: number;
}

/** The parts of a service the addition reads; absent lists count as empty. */
type Extra = Pick<Service, "probeEvery" | "vantage"> & {
  checks?: readonly unknown[];
  heartbeats?: readonly { period: number }[];
};

/** Pings a day of a service's heartbeats, one a period each. */
export function pingsPerDay(service: Pick<Extra, "heartbeats">): number {
  return (service.heartbeats ?? []).reduce((total, h) => total + Math.ceil(DAY_MS / h.period), 0);
}

/** `usage` plus the heartbeats' pings a day. */
export function withChecksAndHeartbeats<U extends Usage>(services: readonly Extra[], usage: U): U {
  const pings = services.reduce((total, s) => total + pingsPerDay(s), 0);
  return {
    ...usage,
    workerRequests: usage.workerRequests + pings,
    doRequests: usage.doRequests + pings,
    rowsWritten: usage.rowsWritten + pings * ROWS_PER_PING,
  };
}
