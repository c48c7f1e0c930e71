import type { ProbeResult } from "../checks/types";
import type { Service } from "../config/schema";
import {
  activeWindow,
  configWindows,
  currentIncident,
  nextWakeAt,
  type ServiceState,
} from "../escalation/core";
import type { IncidentView } from "../escalation/types";
import type { ServiceSnapshot } from "./api";
import type { MonitorStorage } from "./ports";

const DAY_MS = 86_400_000;

/** What the status API shows of one service at `now`: last probe, open incident, next wake, recent versions, maintenance. */
export function snapshotOf(
  store: Pick<MonitorStorage, "serviceId" | "lastProbe" | "versionChanges" | "maintenance">,
  state: ServiceState,
  service: Service | undefined,
  now: number,
): ServiceSnapshot {
  const snapshot: ServiceSnapshot = { serviceId: store.serviceId() ?? "" };
  const lastProbe = store.lastProbe();
  if (lastProbe) snapshot.lastProbe = lastProbe;
  const incident = currentIncident(state);
  if (incident) snapshot.incident = incident;
  const wake = nextWakeAt(state);
  if (wake !== undefined) snapshot.nextWakeAt = wake;
  const versionChanges = store.versionChanges().filter((v) => v.at >= now - DAY_MS);
  if (versionChanges.length > 0) snapshot.versionChanges = versionChanges;
  const windows = [...(service ? configWindows(service) : []), ...store.maintenance()];
  const window = activeWindow(windows, now);
  if (window) snapshot.maintenance = { start: window.start, end: window.end, reason: window.reason };
  return snapshot;
}

/** Keeps the last probe, and the app version change it shows, for the snapshot and the daily report. */
export function recordProbe(
  store: Pick<MonitorStorage, "lastProbe" | "setLastProbe" | "addVersionChange">,
  result: ProbeResult,
): void {
  const from = store.lastProbe()?.health?.version;
  const to = result.health?.version;
  if (from !== undefined && to !== undefined && from !== to)
    store.addVersionChange({ at: result.at, from, to });
  store.setLastProbe(result);
}

/** The live incident (if any) before the archived ones, newest first, at most `limit`. */
export function historyOf(
  store: Pick<MonitorStorage, "history">,
  live: IncidentView | undefined,
  limit: number,
): IncidentView[] {
  const past = store.history(limit).filter((v) => v.id !== live?.id);
  return (live ? [live, ...past] : past).slice(0, limit);
}
