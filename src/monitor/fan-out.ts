import { SHARD_SIZE } from "../config/cadence";
import type { MaintenanceWindow } from "../escalation/types";
import type { MonitorApi, ServiceSnapshot, ServiceSummary } from "./api";

export { SHARD_SIZE };

/** One service's supervision that failed, for the tick's summary. */
export interface SuperviseError {
  serviceId: string;
  error: string;
}

/** What a shard reports back to the tick: the failures, and a summary of each service that answered. */
export interface ShardReport {
  errors: SuperviseError[];
  summaries: ServiceSummary[];
}

/** The RPC surface of a shard supervisor object (`TickShard`). */
export interface ShardApi {
  /** Supervises each of `serviceIds` through its own object, all at once. */
  supervise(serviceIds: string[], maintenance: MaintenanceWindow[]): Promise<ShardReport>;
  /** The snapshot of each of `serviceIds`, in order (the daily report's reads). */
  snapshots(serviceIds: string[]): Promise<ServiceSnapshot[]>;
}

/** Each service's snapshot, in order; one whose object cannot answer is blank, not left out. */
export function snapshotsEach(
  serviceIds: readonly string[],
  monitor: (serviceId: string) => Pick<MonitorApi, "snapshot">,
): Promise<ServiceSnapshot[]> {
  return Promise.all(
    serviceIds.map((id) =>
      monitor(id)
        .snapshot()
        .catch((): ServiceSnapshot => ({ serviceId: id })),
    ),
  );
}

/**
 * Each service's snapshot read as the tick supervises: up to `SHARD_SIZE` from this invocation,
 * beyond through the shards, so the daily report's tick stays far from the subrequest limit.
 */
export async function snapshotsSharded(
  serviceIds: readonly string[],
  monitor: (serviceId: string) => Pick<MonitorApi, "snapshot">,
  shard: (shardId: string) => Pick<ShardApi, "snapshots">,
): Promise<ServiceSnapshot[]> {
  if (serviceIds.length <= SHARD_SIZE) return snapshotsEach(serviceIds, monitor);
  const parts = await Promise.all(
    shardPlan(serviceIds).map(({ shardId, serviceIds: ids }) =>
      shard(shardId)
        .snapshots(ids)
        .catch(() => ids.map((id): ServiceSnapshot => ({ serviceId: id }))),
    ),
  );
  return parts.flat();
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
 * the others; the failures come back, and each answering service's summary for /metrics and
 * the status list (issue 17 item 5), at no extra call.
 */
export async function superviseEach(
  serviceIds: readonly string[],
  windows: readonly MaintenanceWindow[],
  monitor: (serviceId: string) => Pick<MonitorApi, "supervised">,
): Promise<ShardReport> {
  const results = await Promise.allSettled(
    serviceIds.map((id) =>
      monitor(id).supervised(
        id,
        windows.filter((w) => w.serviceId === id),
      ),
    ),
  );
  const report: ShardReport = { errors: [], summaries: [] };
  results.forEach((r, i) => {
    if (r.status === "fulfilled") report.summaries.push(r.value.summary);
    else report.errors.push({ serviceId: serviceIds[i] ?? "?", error: errorText(r.reason) });
  });
  return report;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
