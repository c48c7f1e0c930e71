import type { Policy, Step } from "../../config/schema";
import { notify, type Run } from "./emit";
import type { IncidentState } from "./state";
import { record, span } from "./timeline";

/** The frozen policy of the incident's current severity. */
export function currentPolicy(incident: IncidentState): Policy {
  return incident.policies[incident.severity];
}

/** Steps with their index, earliest first (so a level's earlier step is sent before its later one). */
function ordered(policy: Policy): { step: Step; index: number }[] {
  return policy.steps
    .map((step, index) => ({ step, index }))
    .sort((a, b) => a.step.after - b.step.after || a.index - b.index);
}

/** True when this level already got a step at the same or a later `after` in this epoch. */
function alreadySent(incident: IncidentState, step: Step): boolean {
  return incident.sent.some((s) => s.level === step.level && s.after >= step.after);
}

/** True when the step's condition can hold and its level is not already covered. */
function canFire(incident: IncidentState, step: Step): boolean {
  if (alreadySent(incident, step)) return false;
  return step.when !== "unacknowledged" || incident.status === "open";
}

/** Starts paging afresh (open, reopen, first page after maintenance): every step counts from `now`. */
export function startSeverity(incident: IncidentState, now: number): void {
  incident.since = {};
  incident.done = [];
  enterSeverity(incident, now);
}

/**
 * Moves to the current severity's steps: they count from when it was first reached, so rising,
 * falling and rising again neither re-sends nor postpones a step. Reminders restart from `now`.
 */
export function enterSeverity(incident: IncidentState, now: number): void {
  const every = currentPolicy(incident).reminderEvery;
  const since = incident.since ?? {};
  const at = since[incident.severity] ?? now;
  since[incident.severity] = at;
  incident.since = since;
  incident.severitySince = at;
  incident.nextReminderAt = every !== undefined ? now + every : undefined;
}

/** Marks the current severity's immediate steps as handled so falling severity pages nobody. */
export function skipImmediateSteps(incident: IncidentState): void {
  for (const { step, index } of ordered(currentPolicy(incident))) {
    const id = `${incident.severity}.${index}`;
    if (step.after === 0 && !incident.done.includes(id)) incident.done.push(id);
  }
}

/** Fires every due step of the current severity whose condition holds. */
export function runSteps(run: Run, incident: IncidentState): void {
  if (!incident.announced || run.silenced || incident.status === "resolved") return;
  for (const { step, index } of ordered(currentPolicy(incident))) {
    const id = `${incident.severity}.${index}`;
    if (incident.severitySince + step.after > run.now || incident.done.includes(id)) continue;
    incident.done.push(id);
    if (!canFire(incident, step)) continue;
    const kind = step.after === 0 ? "page" : "escalation";
    notify(run, incident, kind, step.level, id, step.when);
    incident.sent.push({ level: step.level, after: step.after });
    if (kind === "escalation") {
      const why = step.when === "always" ? "" : ` (${step.when} after ${span(step.after)})`;
      record(incident, run.now, "escalated", `Escalated to ${step.level}${why}, ${incident.severity}`);
    }
  }
}

/** Reminds L1 when a reminder is due and the incident is still unacknowledged; at most one per call. */
export function runReminders(run: Run, incident: IncidentState): void {
  const every = currentPolicy(incident).reminderEvery;
  const due = incident.nextReminderAt;
  if (!incident.announced || run.silenced || incident.status !== "open") return;
  if (every === undefined || due === undefined || due > run.now) return;
  // A late wake-up sends one reminder, not a burst of the missed ones.
  const next = due + every;
  incident.nextReminderAt = next > run.now ? next : run.now + every;
  if (!incident.paged.includes("L1")) return;
  incident.reminders += 1;
  notify(run, incident, "reminder", "L1", String(incident.reminders));
  record(incident, run.now, "reminder", `L1 reminded: not acknowledged (${incident.severity})`);
}

/** Times at which a step or reminder of the current severity comes due (empty once resolved). */
export function pendingPolicyTimes(incident: IncidentState): number[] {
  if (incident.status === "resolved") return [];
  const times: number[] = [];
  for (const { step, index } of ordered(currentPolicy(incident))) {
    if (!incident.done.includes(`${incident.severity}.${index}`) && canFire(incident, step)) {
      times.push(incident.severitySince + step.after);
    }
  }
  if (incident.status === "open" && incident.nextReminderAt !== undefined)
    times.push(incident.nextReminderAt);
  return times;
}
