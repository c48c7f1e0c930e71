import type { FetchFn } from "./checks/bounded-fetch";
import type { Config } from "./config/schema";
import type { MaintenanceWindow, TickRecord, WatchdogStateApi } from "./durable/state-api";
import type { MonitorApi } from "./monitor/api";
import {
  SHARD_SIZE,
  type ShardApi,
  type ShardReport,
  type SuperviseError,
  shardPlan,
  superviseEach,
} from "./monitor/fan-out";
import {
  countedCall,
  countingMonitors,
  noSubrequests,
  type Subrequests,
  subrequestsLine,
} from "./monitor/subrequests";

/** What one tick talks to; the Worker passes Durable Object stubs, tests may pass fakes. */
export interface TickDeps {
  config: Config;
  fetch: FetchFn;
  now: () => number;
  monitor(serviceId: string): Pick<MonitorApi, "supervised">;
  /** A shard supervisor, used when there are more than `SHARD_SIZE` services. */
  shard(shardId: string): Pick<ShardApi, "supervise">;
  state: Pick<WatchdogStateApi, "recordTick" | "listMaintenance">;
  /** Reports a gap between ticks (the watchdog's own outage) to L1. */
  reportGap(gapMs: number): Promise<void>;
}

/** What a tick did, for logs and tests. */
export interface TickSummary extends TickRecord {
  gapMs?: number;
  errors: SuperviseError[];
  /** This invocation's subrequests (the gap report's own, a rare extra, are not in it). */
  subrequests: Subrequests;
}

/**
 * One cron tick: supervises every service's Durable Object at once, and each object probes its
 * service itself (issue 17 item 2). The tick fetches nothing but the heartbeat, so neither the
 * 6 simultaneous connections of an invocation nor a mass outage of hanging services can stall
 * it: a supervise call answers within `SUPERVISE_WAIT_MS`. One misbehaving service never fails
 * the tick.
 */
export async function runTick(deps: TickDeps): Promise<TickSummary> {
  const at = deps.now();
  const { config } = deps;
  const used = noSubrequests();
  let windows: MaintenanceWindow[] = [];
  try {
    windows = await countedCall(used, () => deps.state.listMaintenance());
  } catch (error) {
    // Without the list, paging goes on as normal: silence must never come from an outage.
    console.error("tick: maintenance windows unavailable:", errorText(error));
  }
  const ids = config.services.map((s) => s.id);
  const { errors, summaries } =
    ids.length <= SHARD_SIZE
      ? await superviseEach(ids, windows, countingMonitors(deps.monitor, used))
      : await superviseSharded(deps, ids, windows, used);
  for (const e of errors) console.error(`tick: service ${e.serviceId} failed: ${e.error}`);
  const record: TickRecord = {
    at,
    durationMs: deps.now() - at,
    services: config.services.length,
    failures: errors.length,
  };
  // The summaries ride on the tick's record: /metrics and /status read them in one call (item 5).
  const { gapMs } = await countedCall(used, () =>
    deps.state.recordTick(record, config.tickGapAlert, summaries),
  );
  if (gapMs !== undefined) {
    try {
      await deps.reportGap(gapMs);
    } catch (error) {
      // The heartbeat below must still go out: a report that failed is no reason to look dead.
      console.error("tick: reporting the gap failed:", errorText(error));
    }
  }
  if (config.heartbeatUrl) {
    used.internet += 1;
    await ping(deps.fetch, config.heartbeatUrl);
  }
  console.log(subrequestsLine("tick", { ...used, durationMs: record.durationMs, services: record.services }));
  return { ...record, errors, subrequests: used, ...(gapMs !== undefined ? { gapMs } : {}) };
}

/**
 * Supervision through shard objects, all at once: a shard that fails or times out costs its own
 * services (each reported), never the others'.
 */
async function superviseSharded(
  deps: TickDeps,
  ids: string[],
  windows: MaintenanceWindow[],
  used: Subrequests,
): Promise<ShardReport> {
  const plan = shardPlan(ids);
  const reports = await Promise.allSettled(
    plan.map(({ shardId, serviceIds }) =>
      countedCall(used, () =>
        deps.shard(shardId).supervise(
          serviceIds,
          windows.filter((w) => serviceIds.includes(w.serviceId)),
        ),
      ),
    ),
  );
  const merged: ShardReport = { errors: [], summaries: [] };
  reports.forEach((r, i) => {
    if (r.status === "fulfilled") {
      merged.errors.push(...r.value.errors);
      merged.summaries.push(...r.value.summaries);
      return;
    }
    const shard = plan[i];
    const error = `shard ${shard?.shardId ?? "?"} failed: ${errorText(r.reason)}`;
    for (const serviceId of shard?.serviceIds ?? []) merged.errors.push({ serviceId, error });
  });
  return merged;
}

async function ping(fetchFn: FetchFn, url: string): Promise<void> {
  try {
    const res = await fetchFn(url, { method: "GET", signal: AbortSignal.timeout(5_000), redirect: "manual" });
    await res.body?.cancel();
    if (!res.ok) console.error(`tick: heartbeat answered ${res.status}`);
  } catch (error) {
    console.error("tick: heartbeat failed:", errorText(error));
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
