import type { FindingCode, ProbeResult } from "../../checks/types";
import { formatUtcSeconds } from "../../time-format";
import type { Action, DeliveryEvent, Event } from "../types";
import { applyFindings, confirmedFindings, confirmedSeverity, resetConfirmation } from "./confirm";
import type { Run } from "./emit";
import {
  acknowledge,
  announce,
  announceRaise,
  changeSeverity,
  describe,
  openIncident,
  reopenIncident,
  resolve,
} from "./incident";
import { runReminders, runSteps } from "./policy";
import { runPostmortem, runSla } from "./sla";
import type { DecideContext, IncidentState, ServiceState } from "./state";
import { clip, record, recordByActor } from "./timeline";

/** The open or acknowledged incident held in the state. */
function current(state: ServiceState): IncidentState | undefined {
  const incident = state.incident;
  return incident && incident.status !== "resolved" ? incident : undefined;
}

function noteVersion(state: ServiceState, result: ProbeResult, now: number): void {
  const version = result.health?.version;
  if (version === undefined) return;
  const incident = current(state);
  if (incident && state.lastVersion !== undefined && state.lastVersion !== version) {
    record(incident, now, "version_changed", `App version ${state.lastVersion} → ${version}`);
  }
  state.lastVersion = version;
}

function applyProbe(run: Run, state: ServiceState, result: ProbeResult): void {
  const { ctx, now } = run;
  const outcome = applyFindings(state, result.findings, ctx.thresholds, now);
  // A span that completes before the next re-check gets a probe of its own, right at its end:
  // an outage is confirmed `confirmFor` after its first failed probe, not up to an interval later.
  state.recheckAt = outcome.unsettled
    ? Math.min(now + ctx.thresholds.recheckInterval, outcome.spanEndsAt ?? Number.POSITIVE_INFINITY)
    : undefined;
  state.lastProbeAt = now;
  state.nextProbeAt = ctx.cadence !== undefined ? now + ctx.cadence : undefined;
  noteVersion(state, result, now);

  const findings = confirmedFindings(state);
  const severity = confirmedSeverity(state);
  const incident = state.incident;
  if (severity === undefined) {
    if (incident && incident.status !== "resolved") {
      recordCleared(incident, outcome.cleared, now);
      resolve(run, incident, "auto");
    }
    return;
  }
  if (incident === undefined || now - (incident.resolvedAt ?? now) > incident.reopenWindow) {
    openIncident(run, state, severity, findings);
    return;
  }
  if (incident.status === "resolved") {
    reopenIncident(run, incident, severity, findings);
    return;
  }
  recordCleared(incident, outcome.cleared, now);
  for (const f of findings)
    if (outcome.confirmed.includes(f.code)) record(incident, now, "finding", describe(f));
  incident.findings = findings;
  changeSeverity(run, incident, severity);
}

function recordDelivery(state: ServiceState, event: DeliveryEvent, now: number): void {
  const target = state.incident;
  if (!target || !event.key.startsWith(`${target.id}/`)) return;
  const kind = event.ok ? "notified" : "notify_failed";
  const text = `${event.level} via ${event.channel}: ${event.detail}`;
  record(target, now, kind, clip(text), "watchdog", { channel: event.channel, level: event.level });
}

function recordCleared(incident: IncidentState, codes: FindingCode[], now: number): void {
  for (const code of codes) record(incident, now, "finding_cleared", `${code} cleared`);
}

function applyEvent(run: Run, state: ServiceState, event: Event): void {
  const incident = current(state);
  switch (event.type) {
    case "probe":
      applyProbe(run, state, event.result);
      return;
    case "timer":
      // A timer is not a probe: an overdue re-check that was not probed is retried later.
      if (state.recheckAt !== undefined && state.recheckAt <= run.now) {
        state.recheckAt = run.now + run.ctx.thresholds.recheckInterval;
      }
      return;
    case "acknowledge":
      if (incident) acknowledge(run, incident, event.actor, event.note);
      return;
    case "resolve":
      if (incident && resolve(run, incident, event.actor, event.note)) {
        // The operator says it is over: a still-failing check must be confirmed afresh to reopen.
        resetConfirmation(state);
        state.recheckAt = undefined;
      }
      return;
    case "note":
      if (state.incident && event.text.trim()) {
        recordByActor(state.incident, run.now, "note", clip(event.text), event.actor);
      }
      return;
    case "delivery":
      recordDelivery(state, event, run.now);
      return;
  }
}

/** Time-driven work after every event: maintenance edges, first page, steps, reminders, SLA, postmortem. */
function advance(run: Run, state: ServiceState): void {
  const incident = current(state);
  if (!incident) return;
  const silence = run.ctx.silenced;
  if (run.silenced && silence && !incident.silenced) {
    incident.silenced = true;
    record(
      incident,
      run.now,
      "maintenance",
      `Paging silenced until ${formatUtcSeconds(silence.until)}: ${clip(silence.reason)}`,
    );
  } else if (!run.silenced && incident.silenced) {
    incident.silenced = false;
    record(incident, run.now, "maintenance", "Maintenance window over: paging resumed");
  }
  announce(run, incident);
  announceRaise(run, incident);
  runSteps(run, incident);
  runReminders(run, incident);
  runSla(run, incident);
  runPostmortem(run, incident);
}

/**
 * Keeps the regular probe schedule in step with the config: none while the tick probes, and
 * one interval after the last probe (or at once, for a service never probed) while the object
 * probes itself.
 */
function schedule(state: ServiceState, ctx: DecideContext): void {
  if (ctx.cadence === undefined) delete state.nextProbeAt;
  else state.nextProbeAt ??= state.lastProbeAt !== undefined ? state.lastProbeAt + ctx.cadence : ctx.now;
}

/**
 * The decision core: applies one event at `ctx.now` and returns the next state and the
 * notifications to send. Pure: never mutates `state`, reads no clock, does no I/O.
 */
export function decide(
  state: ServiceState,
  event: Event,
  ctx: DecideContext,
): { state: ServiceState; actions: Action[] } {
  const next = structuredClone(state);
  const silence = ctx.silenced && ctx.silenced.until > ctx.now ? ctx.silenced : undefined;
  const run: Run = { ctx, now: ctx.now, silenced: silence !== undefined, actions: [] };
  applyEvent(run, next, event);
  schedule(next, ctx);
  advance(run, next);
  if (silence) next.silence = { reason: silence.reason, until: silence.until };
  else delete next.silence;
  next.now = ctx.now;
  return { state: next, actions: run.actions };
}

/**
 * Writes what the notifiers reported into the incident's timeline. Only the record changes:
 * nothing comes due by it, so it needs no context and emits no action.
 */
export function recordDeliveries(
  state: ServiceState,
  events: readonly DeliveryEvent[],
  now: number,
): ServiceState {
  const next = structuredClone(state);
  for (const event of events) recordDelivery(next, event, now);
  return next;
}
