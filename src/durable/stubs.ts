import type { Config, LocationHint } from "../config/schema";
import type { MonitorApi } from "../monitor/api";
import type { ShardApi } from "../monitor/fan-out";
import type { WatchdogStateApi } from "./state-api";

/** The binding that names service objects; tests may pass a recording wrapper around it. */
type MonitorNamespace = Pick<Env["SERVICE_MONITOR"], "getByName">;

/**
 * The service's Durable Object as its RPC contract. Workers' generated stub types turn
 * fields typed `unknown` (the agent report inside a probe result) into `never`, so the
 * stub is viewed through the hand-written interface it implements.
 */
export function monitorStub(
  env: { SERVICE_MONITOR: MonitorNamespace },
  serviceId: string,
  locationHint?: LocationHint,
): MonitorApi {
  const options = locationHint ? { locationHint } : undefined;
  return env.SERVICE_MONITOR.getByName(serviceId, options) as unknown as MonitorApi;
}

/**
 * The one factory of service objects every path uses (tick, HTTP door, delivery, reports): it
 * always passes the service's `vantage.home` hint, because whichever caller touches a new object
 * first decides for good where it lives (issue 17 item 4).
 */
export function monitorsOf(
  env: { SERVICE_MONITOR: MonitorNamespace },
  config: Config | undefined,
): (serviceId: string) => MonitorApi {
  const hints = new Map<string, LocationHint>();
  for (const s of config?.services ?? []) if (s.vantage) hints.set(s.id, s.vantage.home);
  return (serviceId) => monitorStub(env, serviceId, hints.get(serviceId));
}

/** The singleton state object as its RPC contract. */
export function stateStub(env: Env): WatchdogStateApi {
  return env.WATCHDOG_STATE.getByName("global") as unknown as WatchdogStateApi;
}

/** A shard supervisor object as its RPC contract (no location hint: it only fans out). */
export function shardStub(env: Env, shardId: string): ShardApi {
  return env.TICK_SHARD.getByName(shardId) as unknown as ShardApi;
}
