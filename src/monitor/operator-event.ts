import type { Actor, Event } from "../escalation/types";

/** An operator's event: acknowledge, resolve or note. */
export type OperatorEvent = Extract<Event, { type: "acknowledge" | "resolve" | "note" }>;

/** An operator's actor and optional note as the core's event. */
export function operatorEvent(
  type: "acknowledge" | "resolve",
  actor: Actor,
  note: string | undefined,
): OperatorEvent {
  return { type, actor, ...(note ? { note } : {}) };
}
