import type { ProbeResult } from "../../checks/types";
import { wantsSecondOpinion } from "../../checks/vantage";
import { selfProbeEvery } from "../../config/cadence";
import type { Config, Service } from "../../config/schema";
import type { Action, IncidentView, MaintenanceWindow } from "../types";
import { activeWindow, configWindows } from "./silence";
import type { DecideContext, ServiceState } from "./state";
import { currentIncident, viewOf } from "./view";
import { probeDue, probeOverdue } from "./wake";

/**
 * The rules that drive the core, as pure functions: what context a decide gets, what an alarm
 * and a supervising tick do, and whether a claimed action is still worth sending. The engine
 * (`src/monitor/engine.ts`) only carries them out.
 */

/**
 * How late an object's own regular probe may be before the cron tick, its supervisor, runs
 * it instead. Covers a slightly late alarm and a probe in progress, so a tick that arrives
 * just as the alarm fires never doubles the probe.
 */
export const SUPERVISE_GRACE_MS = 5_000;

/** The decide context for `service` at `now`: its thresholds, the policy, its cadence and any active silence. */
export function decideContext(
  config: Pick<Config, "escalation">,
  service: Service,
  stored: readonly MaintenanceWindow[],
  now: number,
): DecideContext {
  const ctx: DecideContext = {
    now,
    serviceName: service.name,
    thresholds: service.thresholds,
    escalation: config.escalation,
  };
  const cadence = selfProbeEvery(service);
  if (cadence !== undefined) ctx.cadence = cadence;
  const window = activeWindow([...configWindows(service), ...stored], now);
  if (window) ctx.silenced = { reason: window.reason, until: window.end };
  return ctx;
}

/** What the object's alarm does: probe (a re-check or its own regular probe is due), or feed a timer. */
export function onAlarm(state: ServiceState, now: number): "probe" | "timer" {
  return probeDue(state, now) ? "probe" : "timer";
}

/**
 * What a supervising tick does for one object: wait when a probe is running; probe when the
 * service's cadence is the tick's own (`cadence` undefined: every tick is its due probe); probe when the object's own probe is overdue (its alarm was
 * lost, or it never probed); schedule the first regular probe; otherwise make sure the alarm is armed.
 */
export function onSupervise(
  state: ServiceState,
  now: number,
  cadence: number | undefined,
  probing: boolean,
): "busy" | "probe" | "schedule" | "arm" {
  if (probing) return "busy";
  if (cadence === undefined) return "probe";
  if (probeOverdue(state, now, cadence, SUPERVISE_GRACE_MS)) return "probe";
  return state.nextProbeAt === undefined ? "schedule" : "arm";
}

const PAGING_KINDS = new Set(["page", "escalation", "reminder", "severity_raised", "reopened", "sla_breach"]);

/**
 * Whether a claimed action (new, or a retry) is still worth sending against the incident as it
 * stands: not for another incident or epoch, no page for an incident resolved by now, and no
 * reminder or "if unacknowledged" step for one acknowledged by now.
 */
export function worthSending(action: Action, view: IncidentView | undefined): boolean {
  if (!view || view.id !== action.incidentId || view.epoch !== action.epoch) return false;
  if (action.kind === "reminder" || action.when === "unacknowledged") return view.status === "open";
  return !(view.status === "resolved" && PAGING_KINDS.has(action.kind));
}

/** SLA breaches the step from `before` to `after` added to the current incident, for the counter. */
export function breachesAdded(
  before: ServiceState,
  after: ServiceState,
): { severity: IncidentView["severity"]; added: number } | undefined {
  const was = viewOf(before);
  const now = viewOf(after);
  if (!now) return undefined;
  const added = now.slaBreaches.length - (was?.id === now.id ? was.slaBreaches.length : 0);
  return added > 0 ? { severity: now.severity, added } : undefined;
}

/**
 * Whether a probe's result should be checked from the second vantage before it counts: a P1
 * health failure of a service that has one, unless a P1 is open already (the outage is
 * established, and nobody needs asking).
 */
export function asksSecondOpinion(
  service: Pick<Service, "vantage">,
  result: ProbeResult,
  state: ServiceState,
): boolean {
  return wantsSecondOpinion(service, result) && currentIncident(state)?.severity !== "P1";
}
