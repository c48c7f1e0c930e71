/**
 * The pure escalation core: confirmation, incident lifecycle, the escalation policy, SLA and
 * postmortem flags, and the timeline. No I/O, no clock: time comes only from `ctx.now`.
 *
 * How the per-service Durable Object uses it:
 * - Store one `ServiceState` JSON value (start from `initialState(serviceId)`).
 * - For every input build a `DecideContext` (now, service name, thresholds, escalation, and
 *   `silenced` while a maintenance window is active) and call `decide(state, event, ctx)`:
 *   cron tick → `probe`; operator → `acknowledge` / `note` / `resolve` (check `refusalOf` first);
 *   notifier result → `delivery`; alarm → `probe` when `probeDue(state, now)` (probe first),
 *   otherwise `timer`. An object that probes itself passes `ctx.cadence`; its supervisor (the
 *   tick) probes only when `probeOverdue` says the alarm was lost.
 * - Persist the new state, deliver each notify action whose `key` was not delivered before
 *   (record delivered keys), then arm one alarm at `nextWakeAt(state)` (or delete it if undefined).
 * - History: after each decide, upsert `viewOf(state)` by incident id; a resolved incident stays
 *   in the state (and can reopen) until `archivable(state, now)`, then a new one may replace it.
 */
export { decide } from "./decide";
export { refusalOf } from "./operator";
export type { DecideContext, FindingTrack, IncidentState, SentStep, ServiceState } from "./state";
export { initialState } from "./state";
export { TIMELINE_LIMIT } from "./timeline";
export { currentIncident, viewOf } from "./view";
export { nextWakeAt, probeDue, probeOverdue, recheckDue } from "./wake";
