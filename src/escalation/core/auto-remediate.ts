import type { AutoRemediate } from "../../config/auto-remediate";
import type { IncidentView, MaintenanceWindow } from "../types";
import { activeWindow } from "./silence";

/** What a service's automatic actions came to: today's (UTC) count and outcome, and the incident last acted on. */
export interface AutoLog {
  /** The UTC day of `count` and `failed`, `YYYY-MM-DD`. */
  day: string;
  /** Automatic actions started that day. */
  count: number;
  /** The last automatic action that day failed: the agent refused or erred, or `/health` stayed down. */
  failed: boolean;
  /** The incident last acted on, and how many automatic actions it had. */
  incidentId?: string;
  incidentCount: number;
}

/** The UTC day of `at`, `YYYY-MM-DD`. */
export function utcDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/**
 * When the automatic first step is due for the current incident (issue 14 item 4), or undefined
 * when it must not run: only for an open (unacknowledged) P1 with a failing health check; never
 * during maintenance; at most `maxPerIncident` times per incident and `maxPerDay` times per UTC
 * day; never again on a day whose last automatic action failed. A time at or before `now` means
 * "run now". Pure.
 */
export function autoRemediationAt(
  policy: AutoRemediate | undefined,
  view: IncidentView | undefined,
  now: number,
  windows: readonly Pick<MaintenanceWindow, "start" | "end">[],
  log: AutoLog | undefined,
): number | undefined {
  if (!policy || !view || view.status !== "open" || view.severity !== "P1") return undefined;
  if (!view.findings.some((f) => f.check === "health" && f.severity === "P1")) return undefined;
  if (activeWindow(windows, now)) return undefined;
  const today = log?.day === utcDay(now) ? log : undefined;
  if (today?.failed || (today?.count ?? 0) >= policy.maxPerDay) return undefined;
  const done = log?.incidentId === view.id ? log.incidentCount : 0;
  if (done >= policy.maxPerIncident) return undefined;
  return view.openedAt + policy.after;
}

/** The log after an automatic action starts on `incidentId` at `now`. */
export function autoStarted(log: AutoLog | undefined, incidentId: string, now: number): AutoLog {
  const day = utcDay(now);
  const today = log?.day === day ? log : undefined;
  const sameIncident = log?.incidentId === incidentId;
  return {
    day,
    count: (today?.count ?? 0) + 1,
    failed: false,
    incidentId,
    incidentCount: (sameIncident ? log.incidentCount : 0) + 1,
  };
}
