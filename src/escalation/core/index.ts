/**
 * The pure escalation core: confirmation, incident lifecycle, the escalation policy, SLA and
 * postmortem flags, and the timeline. The per-service Durable Object stores `ServiceState`
 * and calls `decide` for every probe, operator action, delivery report and alarm.
 */
export { confirmedFindings } from "./confirm";
export { decide } from "./decide";
export { notifyKey } from "./emit";
export { incidentId } from "./incident";
export { refusalOf } from "./operator";
export type { DecideContext, FindingTrack, IncidentState, SentStep, ServiceState } from "./state";
export { initialState } from "./state";
export { TIMELINE_LIMIT } from "./timeline";
export { archivable, currentIncident, viewOf } from "./view";
export { nextWakeAt, recheckDue } from "./wake";
