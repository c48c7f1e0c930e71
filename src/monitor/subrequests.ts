import type { MonitorApi } from "./api";

/**
 * Subrequests one invocation made: Durable Object calls and fetches. The tick and each shard
 * log theirs, because the per-invocation limit (1,000 to Durable Objects) is what a large
 * estate must stay under, and the scale bench reads them from the log.
 */
export interface Subrequests {
  durableObjects: number;
  internet: number;
}

/** A zeroed count for one invocation. */
export function noSubrequests(): Subrequests {
  return { durableObjects: 0, internet: 0 };
}

/** Runs one Durable Object call, counting it in `used`. */
export function countedCall<T>(used: Subrequests, call: () => Promise<T>): Promise<T> {
  used.durableObjects += 1;
  return call();
}

/** `monitor` whose every supervising call counts as one Durable Object subrequest in `used`. */
export function countingMonitors(
  monitor: (serviceId: string) => Pick<MonitorApi, "supervised">,
  used: Subrequests,
): (serviceId: string) => Pick<MonitorApi, "supervised"> {
  return (serviceId) => ({
    supervised: (id, windows) => countedCall(used, () => monitor(serviceId).supervised(id, windows)),
  });
}

/** The log line of one invocation's subrequests: `<who> subrequests {json}`. */
export function subrequestsLine(
  who: "tick" | "shard",
  fields: Subrequests & { durationMs: number; services: number },
): string {
  return `${who} subrequests ${JSON.stringify(fields)}`;
}
