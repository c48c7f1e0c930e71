import type { IncidentView } from "../types";
import type { IncidentState, ServiceState } from "./state";

function toView(incident: IncidentState): IncidentView {
  const view: IncidentView = {
    id: incident.id,
    epoch: incident.epoch,
    serviceId: incident.serviceId,
    serviceName: incident.serviceName,
    status: incident.status,
    severity: incident.severity,
    openedAt: incident.openedAt,
    findings: structuredClone(incident.findings),
    paged: [...incident.paged],
    slaBreaches: structuredClone(incident.slaBreaches),
    sla: { ...incident.sla },
    timeline: structuredClone(incident.timeline),
  };
  if (incident.acknowledgedAt !== undefined) view.acknowledgedAt = incident.acknowledgedAt;
  if (incident.acknowledgedBy !== undefined) view.acknowledgedBy = incident.acknowledgedBy;
  if (incident.resolvedAt !== undefined) view.resolvedAt = incident.resolvedAt;
  if (incident.resolvedBy !== undefined) view.resolvedBy = incident.resolvedBy;
  if (incident.postmortem !== undefined) view.postmortem = incident.postmortem;
  return view;
}

/** The last incident (open, acknowledged, or resolved and kept for the reopen window), if any. */
export function viewOf(state: ServiceState): IncidentView | undefined {
  return state.incident ? toView(state.incident) : undefined;
}

/** The open or acknowledged incident, if any. */
export function currentIncident(state: ServiceState): IncidentView | undefined {
  return state.incident && state.incident.status !== "resolved" ? toView(state.incident) : undefined;
}
