import { type Service, TICK_PERIOD_MS } from "../config/schema";

/**
 * How late an object's own regular probe may be before the cron tick, its supervisor, runs
 * it instead. Covers a slightly late alarm and a probe in progress, so a tick that arrives
 * just as the alarm fires never doubles the probe.
 */
export const SUPERVISE_GRACE_MS = 5_000;

/**
 * How often a service's Durable Object probes the service itself, or undefined when the cron
 * tick probes it. An object probes itself below one probe a minute, and whenever a second
 * vantage is configured (the home probe must run from the home region, not wherever the cron
 * invocation happens to run).
 */
export function selfProbeEvery(service: Pick<Service, "probeEvery" | "vantage">): number | undefined {
  return service.probeEvery < TICK_PERIOD_MS || service.vantage !== undefined
    ? service.probeEvery
    : undefined;
}
