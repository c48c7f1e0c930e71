import type { Level } from "../../config/schema";
import type { Action, NotifyKind } from "../types";
import type { DecideContext, IncidentState } from "./state";

/** The working context of one `decide` call. */
export interface Run {
  ctx: DecideContext;
  now: number;
  /** True while a maintenance window is active: notify actions are suppressed. */
  silenced: boolean;
  actions: Action[];
}

/**
 * Notices to people already paged are not pages: maintenance does not hold them back, or
 * someone paged before the window would never hear that the incident was handled.
 */
const NOTICES: ReadonlySet<NotifyKind> = new Set(["acknowledged", "resolved"]);

/** Kinds that put a level on the incident's `paged` list. */
const PAGING: ReadonlySet<NotifyKind> = new Set(["page", "escalation", "reopened"]);

/** The idempotency key of one notification: unique per incident, epoch, kind, level and index. */
export function notifyKey(incident: IncidentState, kind: NotifyKind, level: Level, index: string): string {
  return `${incident.id}/${incident.epoch}/${kind}/${level}/${index}`;
}

/**
 * Emits one notify action unless paging is silenced (notices to people already paged still go)
 * or the key was already emitted this epoch.
 * Returns whether it was emitted.
 */
export function notify(
  run: Run,
  incident: IncidentState,
  kind: NotifyKind,
  level: Level,
  index: string,
  when?: Action["when"],
): boolean {
  if (run.silenced && !NOTICES.has(kind)) return false;
  const key = notifyKey(incident, kind, level, index);
  // Reminder keys carry a counter that only grows, so they need no memory (an unacknowledged
  // incident can remind for days); every other key is remembered for the epoch.
  if (kind !== "reminder") {
    if (incident.emitted.includes(key)) return false;
    incident.emitted.push(key);
  }
  run.actions.push({
    type: "notify",
    key,
    kind,
    level,
    incidentId: incident.id,
    epoch: incident.epoch,
    ...(when ? { when } : {}),
  });
  if (PAGING.has(kind) && !incident.paged.includes(level)) incident.paged.push(level);
  return true;
}

/** Notifies every level paged so far in this epoch (acknowledged, resolved, severity_raised). */
export function notifyPaged(run: Run, incident: IncidentState, kind: NotifyKind, index: string): void {
  for (const level of [...incident.paged]) notify(run, incident, kind, level, index);
}
