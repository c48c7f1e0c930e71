import type { VantageSetting } from "./vantage";

/** The cron period: a service probed this often or less is probed by the tick itself. */
export const TICK_PERIOD_MS = 60_000;

/**
 * How often a service's Durable Object probes the service itself, or undefined when the cron
 * tick probes it. An object probes itself below one probe a minute, and whenever a second
 * vantage is configured (the home probe must run from the home region, not wherever the cron
 * invocation happens to run).
 */
export function selfProbeEvery(service: {
  probeEvery: number;
  vantage?: VantageSetting | undefined;
}): number | undefined {
  return service.probeEvery < TICK_PERIOD_MS || service.vantage !== undefined
    ? service.probeEvery
    : undefined;
}
