import { raisePending } from "./incident";
import { pendingPolicyTimes } from "./policy";
import { pendingSlaTimes } from "./sla";
import type { ServiceState } from "./state";

/**
 * The earliest time the Durable Object should wake (quick re-check, regular probe, step, reminder, SLA
 * deadline, postmortem threshold, end of a maintenance window that holds pages), or
 * undefined when nothing is pending. Never earlier than the last decide's `now`.
 */
export function nextWakeAt(state: ServiceState): number | undefined {
  const times: number[] = [];
  if (state.recheckAt !== undefined) times.push(state.recheckAt);
  if (state.nextProbeAt !== undefined) times.push(state.nextProbeAt);
  const incident = state.incident;
  if (incident && incident.status !== "resolved") {
    const until = state.silence?.until;
    // Pages held by maintenance (a first page, a rise's notice) come due when the window ends.
    const paging =
      incident.announced && !raisePending(incident)
        ? pendingPolicyTimes(incident)
        : [until ?? incident.severitySince];
    for (const t of paging) times.push(until !== undefined ? Math.max(t, until) : t);
    times.push(...pendingSlaTimes(incident));
  }
  if (times.length === 0) return undefined;
  const earliest = Math.min(...times);
  // Something overdue (a re-check an operator action overtook) is due right away, not in the past.
  return state.now !== undefined ? Math.max(earliest, state.now) : earliest;
}

/** True when a quick re-check is due: on the alarm, probe and feed a `probe` event instead of a `timer`. */
export function recheckDue(state: ServiceState, now: number): boolean {
  return state.recheckAt !== undefined && state.recheckAt <= now;
}

/**
 * True when the object should probe now rather than feed a `timer`: a quick re-check or its
 * own regular probe is due.
 */
export function probeDue(state: ServiceState, now: number): boolean {
  return recheckDue(state, now) || (state.nextProbeAt !== undefined && state.nextProbeAt <= now);
}

/**
 * The supervisor's test (the cron tick, for an object that probes itself): true when the
 * regular probe is more than `grace` late, i.e. its alarm was lost, or the service was never
 * probed. A probe that is merely due is the alarm's to run, so a tick never doubles it.
 */
export function probeOverdue(state: ServiceState, now: number, cadence: number, grace: number): boolean {
  if (state.lastProbeAt === undefined) return true;
  const due = state.nextProbeAt ?? state.lastProbeAt + cadence;
  return now >= due + grace;
}
