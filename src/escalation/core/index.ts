/**
 * The pure escalation core: confirmation, incident lifecycle, the escalation policy, SLA and
 * postmortem flags, the timeline, and the rules that drive them (`drive.ts`). No I/O, no
 * clock: time comes only from `ctx.now`. `src/monitor/engine.ts` carries it out:
 * - For every input it builds `decideContext(config, service, windows, now)` and calls
 *   `decide(state, event, ctx)`: a probe result → `probe`; an operator → `acknowledge` / `note`
 *   / `resolve` (after `refusalOf`); the alarm → what `onAlarm` says (probe, or `timer`); a
 *   supervising cron tick → what `onSupervise` says.
 * - It saves the new state, claims each new action's key, sends it if `worthSending` still
 *   holds, folds the notifiers' reports in with `recordDeliveries`, and arms one alarm at
 *   `nextWakeAt(state)` (or the next retry, if sooner).
 *
 * Who keeps a notification from going out twice, and what each layer guarantees:
 *
 * | layer                         | where                          | guarantees |
 * |-------------------------------|--------------------------------|------------|
 * | `done` (step ids, `P1.2`)     | IncidentState, core/policy.ts  | a policy step fires at most once per paging run (reset when paging starts afresh) |
 * | `sent` (level, after)         | IncidentState, core/policy.ts  | a level already paged at this point or later is not paged again for the same rung |
 * | `emitted` (notify keys)       | IncidentState, core/emit.ts    | decide emits a key at most once per epoch; reminders use their growing counter instead |
 * | the `sent` SQL ledger         | src/durable/sent-ledger.ts     | a key is claimed before it is sent, in the same step as the state: sent at most once, a crash delays but never loses it, passing failures retry after the provider's wait or with backoff |
 * | per-target outcomes           | ledger `targets`, notify/dispatch.ts | a retry goes only to the targets still marked `retry`; delivered and failed ones are never sent again |
 * | the step's Idempotency-Key    | notify/email-http.ts, monitor/outbound.ts | the mail API drops a repeated key; every attempt renders the first attempt's view at its time, so the repeat carries the same bytes |
 * | `worthSending`                | core/drive.ts                  | a retry or late send of a page for a resolved incident, or of a reminder for an acknowledged one, is dropped |
 */
export { type AutoLog, autoRemediationAt, autoStarted, utcDay } from "./auto-remediate";
export { decide, recordDeliveries } from "./decide";
export {
  asksSecondOpinion,
  breachesAdded,
  decideContext,
  onAlarm,
  onSupervise,
  SUPERVISE_GRACE_MS,
  worthSending,
} from "./drive";
export { refusalOf } from "./operator";
export { activeWindow, configWindows } from "./silence";
export type { DecideContext, FindingTrack, IncidentState, SentStep, ServiceState } from "./state";
export { initialState } from "./state";
export { TIMELINE_LIMIT } from "./timeline";
export { currentIncident, viewOf } from "./view";
export { nextWakeAt, probeDue, probeOverdue, recheckDue } from "./wake";
