import type { LocationHint } from "../config/schema";
import type { MonitorApi } from "../monitor/api";
import type { WatchdogStateApi } from "./state-api";

/**
 * The service's Durable Object as its RPC contract. Workers' generated stub types turn
 * fields typed `unknown` (the agent report inside a probe result) into `never`, so the
 * stub is viewed through the hand-written interface it implements.
 */
export function monitorStub(env: Env, serviceId: string, locationHint?: LocationHint): MonitorApi {
  const options = locationHint ? { locationHint } : undefined;
  return env.SERVICE_MONITOR.getByName(serviceId, options) as unknown as MonitorApi;
}

/** The singleton state object as its RPC contract. */
export function stateStub(env: Env): WatchdogStateApi {
  return env.WATCHDOG_STATE.getByName("global") as unknown as WatchdogStateApi;
}
