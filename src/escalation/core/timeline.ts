import type { Actor, TimelineEntry, TimelineKind } from "../types";
import type { IncidentState } from "./state";

/** Entries kept per incident; the `opened` entry survives trimming. */
export const TIMELINE_LIMIT = 200;
/** Longest note text kept on the timeline. */
export const NOTE_LIMIT = 2000;
/** `by` of entries the watchdog causes itself. */
export const WATCHDOG = "watchdog";

/**
 * Adds an entry in time order, dropping the oldest entries past the limit but keeping `opened`.
 * Entries almost always arrive in order and are appended; a notifier's report that lands after
 * a later operator action (the page was sent, then acknowledged, before the send returned) goes
 * where its time puts it, so the timeline reads as things happened.
 */
export function record(
  incident: IncidentState,
  at: number,
  kind: TimelineKind,
  text: string,
  by: string = WATCHDOG,
  meta?: TimelineEntry["meta"],
): void {
  const entry: TimelineEntry = meta ? { at, kind, by, text, meta } : { at, kind, by, text };
  const timeline = incident.timeline;
  let i = timeline.length;
  while (i > 0 && (timeline[i - 1]?.at ?? at) > at) i -= 1;
  timeline.splice(i, 0, entry);
  while (incident.timeline.length > TIMELINE_LIMIT) {
    const keepFirst = incident.timeline[0]?.kind === "opened";
    incident.timeline.splice(keepFirst ? 1 : 0, 1);
  }
}

/** Appends an entry caused by an operator: `by` is "name (L2)", meta carries ip and user agent. */
export function recordByActor(
  incident: IncidentState,
  at: number,
  kind: TimelineKind,
  text: string,
  actor: Actor,
): void {
  const meta: NonNullable<TimelineEntry["meta"]> = {};
  if (actor.ip !== undefined) meta.ip = actor.ip;
  if (actor.userAgent !== undefined) meta.userAgent = actor.userAgent;
  if (actor.level !== undefined) meta.level = actor.level;
  record(incident, at, kind, text, actorName(actor), Object.keys(meta).length > 0 ? meta : undefined);
}

/** How an actor is shown: "alice (L1)" or "telegram:12345". */
export function actorName(actor: Actor): string {
  return actor.level ? `${actor.by} (${actor.level})` : actor.by;
}

/** Operator text as kept on the timeline: trimmed and bounded. */
export function clip(text: string): string {
  const t = text.trim();
  return t.length > NOTE_LIMIT ? `${t.slice(0, NOTE_LIMIT - 1)}…` : t;
}

/** A duration for timeline text, e.g. "15 min" or "4 h". */
export function span(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}
