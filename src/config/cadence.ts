import type { VantageSetting } from "./vantage";

/** The cron period: for a service probed this often or less, each supervising tick is its due probe. */
export const TICK_PERIOD_MS = 60_000;

/**
 * How often a service's Durable Object probes the service on its own alarm, or undefined when
 * the cron tick's supervise call is its clock (the object still makes the probe: issue 17 item 2).
 * An object keeps its own cadence below one probe a minute, and whenever a second
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

/**
 * Services one supervisor invocation fans out to. A Worker invocation may make 1,000
 * subrequests to Durable Objects: up to this many services the tick calls their objects
 * itself; beyond, it calls one shard object per this many, and each shard calls its services
 * (issue 17 item 3), so no invocation makes more than about a tenth of the limit.
 */
export const SHARD_SIZE = 100;

/** Durable Object calls one tick makes to reach `services` objects: directly, or through shards. */
export function fanOutCalls(services: number): number {
  return services <= SHARD_SIZE ? services : Math.ceil(services / SHARD_SIZE);
}
