import type { MaintenanceWindow } from "../escalation/types";
import type { MonitorApi } from "./api";

/**
 * Services one supervisor invocation fans out to. A Worker invocation may make 1,000
 * subrequests to Durable Objects: up to this many services the tick calls their objects
 * itself; beyond, it calls one shard object per this many, and each shard calls its services
 * (issue 17 item 3), so no invocation makes more than about a tenth of the limit.
 */
export const SHARD_SIZE = 100;

/** One service's supervision that failed, for the tick's summary. */
export interface SuperviseError {
  serviceId: string;
  error: string;
}

/** What a shard reports back to the tick. */
export interface ShardReport {
  errors: SuperviseError[];
}

/** The RPC surface of a shard supervisor object (`TickShard`). */
export interface ShardApi {
  /** Supervises each of `serviceIds` through its own object, all at once. */
  supervise(serviceIds: string[], maintenance: MaintenanceWindow[]): Promise<ShardReport>;
}

/** The shards of a config's services, in config order: `shard-0` holds the first `size` ids. */
export function shardPlan(
  serviceIds: readonly string[],
  size = SHARD_SIZE,
): { shardId: string; serviceIds: string[] }[] {
  const plan: { shardId: string; serviceIds: string[] }[] = [];
  for (let i = 0; i < serviceIds.length; i += size)
    plan.push({ shardId: `shard-${i / size}`, serviceIds: serviceIds.slice(i, i + size) });
  return plan;
}

/**
 * Supervises each service through its object, all at once (object RPC is not bound by the 6
 * outgoing connections), each with its own maintenance windows. One failing object never stops
 * the others; the failures come back.
 */
export async function superviseEach(
  serviceIds: readonly string[],
  windows: readonly MaintenanceWindow[],
  monitor: (serviceId: string) => Pick<MonitorApi, "supervise">,
): Promise<SuperviseError[]> {
  const results = await Promise.allSettled(
    serviceIds.map((id) =>
      monitor(id).supervise(
        id,
        windows.filter((w) => w.serviceId === id),
      ),
    ),
  );
  return results.flatMap((r, i) =>
    r.status === "rejected" ? [{ serviceId: serviceIds[i] ?? "?", error: errorText(r.reason) }] : [],
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
