import type { FetchFn } from "./checks/bounded-fetch";
import { probeService } from "./checks/probe";
import { probeUserAgent } from "./checks/user-agent";
import { mapBounded } from "./concurrency";
import { selfProbeEvery } from "./config/cadence";
import type { Config } from "./config/schema";
import type { MaintenanceWindow, TickRecord, WatchdogStateApi } from "./durable/state-api";
import type { MonitorApi } from "./monitor/api";

/** What one tick talks to; the Worker passes Durable Object stubs, tests may pass fakes. */
export interface TickDeps {
  config: Config;
  fetch: FetchFn;
  now: () => number;
  agentSecret: string;
  monitor(serviceId: string): Pick<MonitorApi, "ingest" | "supervise">;
  state: Pick<WatchdogStateApi, "recordTick" | "listMaintenance">;
  /** Reports a gap between ticks (the watchdog's own outage) to L1. */
  reportGap(gapMs: number): Promise<void>;
}

/** What a tick did, for logs and tests. */
export interface TickSummary extends TickRecord {
  gapMs?: number;
  errors: { serviceId: string; error: string }[];
}

/**
 * One cron tick: probes every service concurrently (bounded) and hands each result to that
 * service's Durable Object; a service that probes itself (sub-minute `probeEvery`, or a second
 * vantage) is only supervised: its object probes if its own probe is overdue. One misbehaving
 * service never fails the tick.
 */
export async function runTick(deps: TickDeps): Promise<TickSummary> {
  const at = deps.now();
  const { config } = deps;
  let windows: MaintenanceWindow[] = [];
  try {
    windows = await deps.state.listMaintenance();
  } catch (error) {
    // Without the list, paging goes on as normal: silence must never come from an outage.
    console.error("tick: maintenance windows unavailable:", errorText(error));
  }
  const results = await mapBounded(config.services, config.tickConcurrency, async (service) => {
    const own = windows.filter((w) => w.serviceId === service.id);
    if (selfProbeEvery(service) !== undefined) {
      await deps.monitor(service.id).supervise(service.id, own);
      return;
    }
    const result = await probeService(service, {
      fetch: deps.fetch,
      now: deps.now,
      agentSecret: deps.agentSecret,
      userAgent: probeUserAgent(config.publicUrl),
    });
    await deps.monitor(service.id).ingest(result, own);
  });
  const errors = results.flatMap((r, i) =>
    r.status === "rejected" ? [{ serviceId: config.services[i]?.id ?? "?", error: errorText(r.reason) }] : [],
  );
  for (const e of errors) console.error(`tick: service ${e.serviceId} failed: ${e.error}`);
  const record: TickRecord = {
    at,
    durationMs: deps.now() - at,
    services: config.services.length,
    failures: errors.length,
  };
  const { gapMs } = await deps.state.recordTick(record, config.tickGapAlert);
  if (gapMs !== undefined) {
    try {
      await deps.reportGap(gapMs);
    } catch (error) {
      // The heartbeat below must still go out: a report that failed is no reason to look dead.
      console.error("tick: reporting the gap failed:", errorText(error));
    }
  }
  if (config.heartbeatUrl) await ping(deps.fetch, config.heartbeatUrl);
  return { ...record, errors, ...(gapMs !== undefined ? { gapMs } : {}) };
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
