import type { ActionRefusal, ActionTarget } from "../types";
import type { ServiceState } from "./state";

/**
 * Why an operator action on `target` would change nothing, or undefined when it applies.
 * Notes are accepted on resolved incidents too (postmortem remarks).
 */
export function refusalOf(
  state: ServiceState,
  target: ActionTarget,
  action: "acknowledge" | "resolve" | "note",
): ActionRefusal | undefined {
  const incident = state.incident;
  if (!incident || incident.id !== target.incidentId) return "no_such_incident";
  if (incident.epoch !== target.epoch) return "stale_epoch";
  if (action === "note") return undefined;
  if (incident.status === "resolved") return "already_resolved";
  if (action === "acknowledge" && incident.status === "acknowledged") return "already_acknowledged";
  return undefined;
}
